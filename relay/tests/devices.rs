//! Devices, sessions, the KeyPackage directory and Welcome inboxes, through real HTTP.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_protocol::{session_signing_input, Bytes};
use serde_json::{json, Value};

#[tokio::test]
async fn challenge_response_opens_a_session_once_and_only_with_the_right_key() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (key, id, token) = c.device().await;
    // Registering the same key again gives the same id.
    let (s, v) = c
        .post("/v1/devices", None, json!({ "public_key": public(&key) }))
        .await;
    assert_eq!((s, v["device_id"].as_str().unwrap()), (200, id.as_str()));
    assert_eq!(c.get("/v1/keypackages/count", Some(&token)).await.0, 200);

    // Another key's signature over this device's nonce is refused, and does not burn the nonce.
    let (_, ch) = c
        .post("/v1/devices/challenge", None, json!({ "device_id": id }))
        .await;
    let nonce = Bytes::from_text(ch["nonce"].as_str().unwrap()).unwrap();
    let here = hearth_protocol::relay_authority(&c.base);
    let forged = keypair().sign(&session_signing_input(&here, &id, nonce.as_slice()));
    let body =
        |sig: &[u8]| json!({ "device_id": id, "nonce": nonce, "signature": Bytes(sig.to_vec()) });
    let (s, v) = c
        .post("/v1/devices/session", None, body(forged.as_ref()))
        .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("unauthorized")));
    // The device's own signature, but for another relay (one that passed this relay's
    // challenge on): refused too.
    let elsewhere = key.sign(&session_signing_input(
        "relay.elsewhere.example",
        &id,
        nonce.as_slice(),
    ));
    let (s, _) = c
        .post("/v1/devices/session", None, body(elsewhere.as_ref()))
        .await;
    assert_eq!(s, 401);
    let good = key.sign(&session_signing_input(&here, &id, nonce.as_slice()));
    assert_eq!(
        c.post("/v1/devices/session", None, body(good.as_ref()))
            .await
            .0,
        200
    );
    // The nonce is single use.
    assert_eq!(
        c.post("/v1/devices/session", None, body(good.as_ref()))
            .await
            .0,
        401
    );

    // No token, a wrong token: refused.
    assert_eq!(c.get("/v1/keypackages/count", None).await.0, 401);
    assert_eq!(
        c.get("/v1/keypackages/count", Some("nonsense")).await.0,
        401
    );
    // Unknown device: no challenge.
    let (s, v) = c
        .post(
            "/v1/devices/challenge",
            None,
            json!({ "device_id": "0".repeat(32) }),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn key_packages_are_served_once_then_the_last_resort_until_replaced() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (alice_key, alice, alice_token) = c.device().await;
    let (bob_key, bob, bob_token) = c.device().await;
    let kps: Vec<Vec<u8>> = (0..3).map(|i| vec![i; 100]).collect();
    // Signed by another device's key, or not at all: refused.
    for forged in [
        signed_upload(&bob_key, &bob, &kps, None),
        signed_upload(&bob_key, &alice, &kps, None),
        json!({ "key_packages": [Bytes(kps[0].clone())], "signatures": [] }),
    ] {
        let (s, v) = c.post("/v1/keypackages", Some(&alice_token), forged).await;
        assert_eq!(s, 400, "{v}");
    }
    let (s, v) = c
        .post(
            "/v1/keypackages",
            Some(&alice_token),
            signed_upload(&alice_key, &alice, &kps, Some(vec![9; 100])),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v,
        json!({ "available": 3, "has_last_resort": true, "last_resort_used": false })
    );

    let claim = format!("/v1/devices/{alice}/keypackage");
    let mut served = Vec::new();
    for _ in 0..3 {
        let (s, v) = c.post(&claim, Some(&bob_token), json!(null)).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["last_resort"], json!(false));
        // With what the adder checks: the device's key (whose hash is its id) and signature.
        assert_eq!(v["device_key"], json!(public(&alice_key)));
        assert!(v["signature"].as_str().is_some_and(|s| !s.is_empty()));
        served.push(v["key_package"].as_str().unwrap().to_string());
    }
    served.sort();
    served.dedup();
    assert_eq!(served.len(), 3, "each one-time KeyPackage is served once");
    for _ in 0..2 {
        let (_, v) = c.post(&claim, Some(&bob_token), json!(null)).await;
        assert_eq!(v["last_resort"], json!(true));
        assert_eq!(v["key_package"], json!(Bytes(vec![9; 100])));
    }
    let (_, v) = c.get("/v1/keypackages/count", Some(&alice_token)).await;
    assert_eq!(
        v,
        json!({ "available": 0, "has_last_resort": true, "last_resort_used": true })
    );

    // Claiming needs a session; a device with nothing gives a typed answer.
    assert_eq!(c.post(&claim, None, json!(null)).await.0, 401);
    let (_, carol, _) = c.device().await;
    let (s, v) = c
        .post(
            &format!("/v1/devices/{carol}/keypackage"),
            Some(&bob_token),
            json!(null),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("no_key_package")));
    // Implausible sizes are refused.
    let (s, _) = c
        .post(
            "/v1/keypackages",
            Some(&alice_token),
            signed_upload(&alice_key, &alice, &[vec![1; 10]], None),
        )
        .await;
    assert_eq!(s, 400);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn welcomes_wait_in_the_inbox_until_acknowledged_and_deleting_a_device_removes_it_all() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (key, dev, token) = c.device().await;
    let (_, _, adder) = c.device().await;
    let inbox = format!("/v1/devices/{dev}/welcomes");
    let id = Bytes(random(16));
    c.post(
        "/v1/keypackages",
        Some(&token),
        signed_upload(&key, &dev, &[vec![1; 100]], None),
    )
    .await;
    let claim = format!("/v1/devices/{dev}/keypackage");
    assert_eq!(c.post(&claim, Some(&adder), json!(null)).await.0, 200);
    for _ in 0..2 {
        // Posting twice with one id keeps one copy (a repeat after a lost answer).
        let (s, v) = c
            .post(
                &inbox,
                Some(&adder),
                json!({ "id": id, "welcome": Bytes(vec![5; 300]) }),
            )
            .await;
        assert_eq!(s, 204, "{v}");
    }
    let (_, v) = c.get("/v1/welcomes", Some(&token)).await;
    assert_eq!(v["welcomes"].as_array().unwrap().len(), 1);
    assert_eq!(v["welcomes"][0]["id"], json!(id));
    assert_eq!(
        c.post("/v1/welcomes/ack", Some(&token), json!({ "ids": [id] }))
            .await
            .0,
        204
    );
    let (_, v) = c.get("/v1/welcomes", Some(&token)).await;
    assert!(v["welcomes"].as_array().unwrap().is_empty());

    let (s, _) = c
        .post(
            &format!("/v1/devices/{}/welcomes", "a".repeat(32)),
            Some(&adder),
            json!({ "id": id, "welcome": Bytes(vec![1]) }),
        )
        .await;
    assert_eq!(s, 404);

    c.post(
        "/v1/keypackages",
        Some(&token),
        signed_upload(&key, &dev, &[vec![1; 100]], None),
    )
    .await;
    assert_eq!(
        c.call(
            reqwest::Method::DELETE,
            "/v1/devices/me",
            Some(&token),
            None
        )
        .await
        .0,
        204
    );
    // The session went with the device, and nothing can be claimed or posted for it.
    assert_eq!(c.get("/v1/welcomes", Some(&token)).await.0, 401);
    let (_, _, other) = c.device().await;
    assert_eq!(
        c.post(
            &format!("/v1/devices/{dev}/keypackage"),
            Some(&other),
            json!(null)
        )
        .await
        .0,
        404
    );
    assert_eq!(
        c.post(
            &inbox,
            Some(&adder),
            json!({ "id": id, "welcome": Bytes(vec![5; 300]) })
        )
        .await
        .0,
        404
    );
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn only_the_session_that_claimed_a_key_package_leaves_a_welcome_once_per_claim() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (ash_key, ash, ash_token) = c.device().await;
    let (_, _, adder) = c.device().await;
    let (_, _, stranger) = c.device().await;
    let inbox = format!("/v1/devices/{ash}/welcomes");
    let welcome = |n: u8| json!({ "id": Bytes(vec![n; 16]), "welcome": Bytes(vec![n; 300]) });
    // Knowing the device id is not enough: no session, or a session without a claim.
    assert_eq!(c.post(&inbox, None, welcome(1)).await.0, 401);
    let (s, v) = c.post(&inbox, Some(&stranger), welcome(1)).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_claimed")), "{v}");
    // One claim, one Welcome.
    c.post(
        "/v1/keypackages",
        Some(&ash_token),
        signed_upload(&ash_key, &ash, &[vec![1; 100], vec![2; 100]], None),
    )
    .await;
    let claim = format!("/v1/devices/{ash}/keypackage");
    assert_eq!(c.post(&claim, Some(&adder), json!(null)).await.0, 200);
    assert_eq!(c.post(&inbox, Some(&adder), welcome(2)).await.0, 204);
    let (s, v) = c.post(&inbox, Some(&adder), welcome(3)).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_claimed")), "{v}");
    // Another's claim is not the stranger's.
    assert_eq!(c.post(&claim, Some(&adder), json!(null)).await.0, 200);
    assert_eq!(c.post(&inbox, Some(&stranger), welcome(4)).await.0, 403);
    let (_, v) = c.get("/v1/welcomes", Some(&ash_token)).await;
    assert_eq!(v["welcomes"].as_array().unwrap().len(), 1);
    assert_eq!(v["more"], json!(false));
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_inbox_holds_at_most_its_cap_and_is_read_in_pages() {
    // Some two hundred calls in a moment: more than one address may make at the default
    // rate, and more claims of one device than a day's last-resort servings.
    let config = hearth_relay::RelayConfig {
        claims_per_device_per_hour: 1000,
        claims_per_claimer_per_hour: 1000,
        last_resort_per_day: 1000,
        ..Default::default()
    };
    let (inbox_max, inbox_page) = (config.inbox_max, config.inbox_page);
    let relay = relay_unthrottled(config).await;
    let c = Client::new(&relay);
    let (ash_key, ash, ash_token) = c.device().await;
    let (_, _, adder) = c.device().await;
    let inbox = format!("/v1/devices/{ash}/welcomes");
    // The last resort is served again and again, each claim one more Welcome.
    c.post(
        "/v1/keypackages",
        Some(&ash_token),
        signed_upload(&ash_key, &ash, &[], Some(vec![9; 100])),
    )
    .await;
    let claim = format!("/v1/devices/{ash}/keypackage");
    for n in 0..=inbox_max {
        assert_eq!(c.post(&claim, Some(&adder), json!(null)).await.0, 200);
        let id = Bytes((n as u64).to_be_bytes().repeat(2));
        let (s, v) = c
            .post(
                &inbox,
                Some(&adder),
                json!({ "id": id, "welcome": Bytes(vec![7; 64]) }),
            )
            .await;
        if n < inbox_max {
            assert_eq!(s, 204, "{v}");
        } else {
            assert_eq!(
                (s, v["code"].as_str()),
                (413, Some("quota_exceeded")),
                "{v}"
            );
        }
    }
    let (_, v) = c.get("/v1/welcomes", Some(&ash_token)).await;
    let page = v["welcomes"].as_array().unwrap();
    assert_eq!(page.len(), inbox_page as usize);
    assert_eq!(v["more"], json!(true));
    let ids: Vec<Value> = page.iter().map(|w| w["id"].clone()).collect();
    c.post("/v1/welcomes/ack", Some(&ash_token), json!({ "ids": ids }))
        .await;
    let (_, v) = c.get("/v1/welcomes", Some(&ash_token)).await;
    assert_eq!(
        v["welcomes"][0]["id"],
        json!(Bytes((inbox_page as u64).to_be_bytes().repeat(2)))
    );
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn claims_are_limited_per_claimer_and_per_device_and_the_last_resort_per_day() {
    // The default limits, with the per-address rate out of the way.
    let config = hearth_relay::RelayConfig::default();
    let (per_device, last_resort_per_day) = (
        config.claims_per_device_per_hour,
        config.last_resort_per_day,
    );
    let relay = relay_unthrottled(config).await;
    let c = Client::new(&relay);
    let (ash_key, ash, ash_token) = c.device().await;
    let (_, _, drainer) = c.device().await;
    let (_, _, friend) = c.device().await;
    let kps: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; 100]).collect();
    c.post(
        "/v1/keypackages",
        Some(&ash_token),
        signed_upload(&ash_key, &ash, &kps, Some(vec![99; 100])),
    )
    .await;
    // A stranger tries to drain Ash's KeyPackages: cut off after the hour's share, with
    // the time to wait; the rest stay for people who really add Ash.
    let claim = format!("/v1/devices/{ash}/keypackage");
    let mut served = 0;
    loop {
        let (s, v) = c.post(&claim, Some(&drainer), json!(null)).await;
        if s == 429 {
            assert_eq!(v["code"], json!("rate_limited"), "{v}");
            break;
        }
        assert_eq!((s, v["last_resort"].as_bool()), (200, Some(false)), "{v}");
        served += 1;
        assert!(served <= per_device, "the drain was not cut off");
    }
    assert_eq!(served, per_device);
    let (_, v) = c.get("/v1/keypackages/count", Some(&ash_token)).await;
    assert_eq!(v["available"], json!(50 - per_device));
    // The limit is the device's, whoever claims: a friend waits for the next hour too.
    assert_eq!(c.post(&claim, Some(&friend), json!(null)).await.0, 429);
    relay.shutdown().await.unwrap();

    // The last resort: served a few times a day, then none (404), so a drained device's
    // circles are not all linked through one KeyPackage.
    let relay = relay_unthrottled(hearth_relay::RelayConfig {
        claims_per_device_per_hour: 1000,
        ..Default::default()
    })
    .await;
    let c = Client::new(&relay);
    let (ash_key, ash, ash_token) = c.device().await;
    let (_, _, adder) = c.device().await;
    c.post(
        "/v1/keypackages",
        Some(&ash_token),
        signed_upload(&ash_key, &ash, &[], Some(vec![99; 100])),
    )
    .await;
    let claim = format!("/v1/devices/{ash}/keypackage");
    for _ in 0..last_resort_per_day {
        let (s, v) = c.post(&claim, Some(&adder), json!(null)).await;
        assert_eq!((s, v["last_resort"].as_bool()), (200, Some(true)), "{v}");
    }
    let (s, v) = c.post(&claim, Some(&adder), json!(null)).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (404, Some("no_key_package")),
        "{v}"
    );
    relay.shutdown().await.unwrap();

    // A claimer's own share, across devices.
    let relay = relay_unthrottled(hearth_relay::RelayConfig {
        claims_per_claimer_per_hour: 3,
        ..Default::default()
    })
    .await;
    let c = Client::new(&relay);
    let (_, _, claimer) = c.device().await;
    let mut answers = Vec::new();
    for _ in 0..2 {
        let (key, device, token) = c.device().await;
        c.post(
            "/v1/keypackages",
            Some(&token),
            signed_upload(&key, &device, &[vec![1; 100], vec![2; 100]], None),
        )
        .await;
        for _ in 0..2 {
            let claim = format!("/v1/devices/{device}/keypackage");
            answers.push(c.post(&claim, Some(&claimer), json!(null)).await.0);
        }
    }
    assert_eq!(answers, [200, 200, 200, 429]);
    relay.shutdown().await.unwrap();
}

/// A store held by another process past its busy timeout answers 503 `busy` with
/// `Retry-After` (retryable, nothing done), not 500, and `/v1/ready` says so; once free, the
/// relay is ready and the same request succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_store_answers_503_with_retry_after_and_then_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let relay = relay_with(
        hearth_relay::SqliteStore::open(&path).unwrap(),
        hearth_relay::RelayConfig::default(),
    )
    .await;
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let body = serde_json::json!({ "public_key": public(&keypair()) });
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/devices", relay.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    assert_eq!(
        resp.headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap()),
        Some("1")
    );
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["code"], "busy");
    // Not ready while the store does not answer: a load balancer sends requests elsewhere.
    let (s, v) = Client::new(&relay).get("/v1/ready", None).await;
    assert_eq!((s, v["code"].as_str()), (503, Some("busy")));
    holder.execute_batch("COMMIT").unwrap();
    let (s, v) = Client::new(&relay).get("/v1/ready", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ready")));
    let (s, v) = Client::new(&relay).post("/v1/devices", None, body).await;
    assert_eq!(s, 200, "{v}");
    relay.shutdown().await.unwrap();
}
