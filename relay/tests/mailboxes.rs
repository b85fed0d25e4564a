//! Mailboxes through real HTTP: capabilities per epoch, commit authority, one total order,
#![allow(clippy::unwrap_used)]
//! idempotent posts, and typed refusals.

mod common;

use common::*;
use hearth_protocol::Bytes;
use serde_json::json;

#[tokio::test]
async fn messages_are_ordered_per_epoch_and_need_that_epochs_capability() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;
    for i in 0..3u8 {
        let (s, v) = c
            .post(&circle.path(), None, circle.app(&[i; 16], &[i]))
            .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(
            (
                v["seq"].as_u64(),
                v["epoch"].as_u64(),
                v["duplicate"].as_bool()
            ),
            (Some(u64::from(i) + 1), Some(0), Some(false))
        );
    }
    // The same client id again: the first answer, nothing added.
    let (_, v) = c
        .post(&circle.path(), None, circle.app(&[1; 16], b"again"))
        .await;
    assert_eq!(
        (v["seq"].as_u64(), v["duplicate"].as_bool()),
        (Some(2), Some(true))
    );

    // A wrong capability can neither post nor fetch.
    let mut wrong = circle.app(&[7; 16], b"x");
    wrong["capability"] = json!(Bytes(random(32)));
    let (s, v) = c.post(&circle.path(), None, wrong).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("bad_capability")));

    let (s, v) = fetch(&c, &circle, 0, 1).await;
    assert_eq!(s, 200, "{v}");
    let seqs: Vec<u64> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, vec![2, 3]);
    assert_eq!(v["messages"][0]["kind"], json!("application"));

    // A committer's commit moves the mailbox to epoch 1 with a new capability.
    let (commit, next) = circle.commit(None, None);
    let (s, v) = c.post(&circle.path(), None, commit).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["seq"].as_u64(), v["epoch"].as_u64()), (Some(4), Some(0)));
    circle.capabilities.push(next);
    circle.epoch = 1;
    let (_, v) = fetch(&c, &circle, 0, 3).await;
    assert_eq!(v["messages"][0]["kind"], json!("commit"));
    assert_eq!(v["current_epoch"].as_u64(), Some(1));

    // Epoch 0's capability does not open epoch 1, and posting in epoch 0 is now stale.
    let resp = c
        .http
        .get(format!("{}{}", c.base, circle.fetch_path(1, 0)))
        .header(
            hearth_protocol::CAPABILITY_HEADER,
            circle.capability(0).to_text(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    circle.epoch = 0;
    let stale = circle.app(&[9; 16], b"late");
    circle.epoch = 1;
    let (s, v) = c.post(&circle.path(), None, stale).await;
    assert_eq!(
        (s, v["code"].as_str(), v["current_epoch"].as_u64()),
        (409, Some("stale_epoch"), Some(1))
    );
    let (s, _) = c
        .post(&circle.path(), None, circle.app(&[10; 16], b"now"))
        .await;
    assert_eq!(s, 200);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn only_a_committer_moves_the_epoch_and_a_race_has_one_winner() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;

    // A member's commit: unsigned, or signed by a key that is not a committer.
    let (mut unsigned, _) = circle.commit(None, None);
    unsigned.as_object_mut().unwrap().remove("commit");
    let (s, v) = c.post(&circle.path(), None, unsigned).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    let member = keypair();
    let (forged, _) = circle.commit(Some(&member), None);
    let (s, v) = c.post(&circle.path(), None, forged).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    // A committer's signature over a different message does not carry over.
    let (mut swapped, _) = circle.commit(None, None);
    swapped["message"] = json!(Bytes(private_message(&circle.id, 0, 3, b"other")));
    assert_eq!(c.post(&circle.path(), None, swapped).await.0, 403);

    // The facilitator appoints a co-facilitator (the commit changes the committer set).
    let co = keypair();
    let (appoint, next) = circle.commit(None, Some(vec![public(&circle.committer), public(&co)]));
    assert_eq!(c.post(&circle.path(), None, appoint).await.0, 200);
    circle.capabilities.push(next);
    circle.epoch = 1;

    // Both commit in epoch 1 at once: one wins, the other is told the epoch moved on.
    let (a, next_a) = circle.commit(None, None);
    let (b, next_b) = circle.commit(Some(&co), None);
    let path = circle.path();
    let (ra, rb) = tokio::join!(
        c.post(&path, None, a.clone()),
        c.post(&path, None, b.clone())
    );
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{ra:?} {rb:?}");
    let (winner, loser, next) = if ra.0 == 200 {
        (a, b, next_a)
    } else {
        (b, a, next_b)
    };
    // The loser's retry of the same id is still stale; the winner's retry (a lost answer)
    // gets its first answer back.
    assert_eq!(c.post(&circle.path(), None, loser).await.0, 409);
    let (s, v) = c.post(&circle.path(), None, winner).await;
    assert_eq!(
        (s, v["duplicate"].as_bool(), v["epoch"].as_u64()),
        (200, Some(true), Some(1))
    );
    circle.capabilities.push(next);
    circle.epoch = 2;
    let (_, v) = fetch(&c, &circle, 1, 0).await;
    assert_eq!(
        v["messages"].as_array().unwrap().len(),
        1,
        "exactly one commit in epoch 1"
    );
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn only_a_committer_closes_a_mailbox_and_then_it_answers_closed() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    let (s, _) = c
        .post(&circle.path(), None, circle.app(&[1; 16], b"hello"))
        .await;
    assert_eq!(s, 200);
    let close = |body: serde_json::Value| {
        let (c, path) = (&c, circle.close_path());
        async move { c.post(&path, None, body).await }
    };

    // A member's key, a committer's key with someone else's signature and a wrong
    // capability are all refused, and nothing is deleted.
    let member = keypair();
    let (s, v) = close(circle.close(Some(&member), None)).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    let mut claimed = circle.close(Some(&member), None);
    claimed["committer"] = json!(public(&circle.committer));
    let (s, v) = close(claimed).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    let (s, v) = close(circle.close(None, Some(Bytes(random(32))))).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("bad_capability")));
    let (s, _) = fetch(&c, &circle, 0, 0).await;
    assert_eq!(s, 200);

    // The committer closes it: messages go, and every call about it answers `closed`.
    let (s, v) = close(circle.close(None, None)).await;
    assert_eq!(s, 204, "{v}");
    let (s, v) = fetch(&c, &circle, 0, 0).await;
    assert_eq!((s, v["code"].as_str()), (410, Some("closed")));
    let (s, v) = c
        .post(&circle.path(), None, circle.app(&[2; 16], b"late"))
        .await;
    assert_eq!((s, v["code"].as_str()), (410, Some("closed")));
    let (s, v) = close(circle.close(None, None)).await;
    assert_eq!((s, v["code"].as_str()), (410, Some("closed")));
    // Its id cannot be opened again.
    let (s, _) = c
        .post(
            "/v1/mailboxes",
            None,
            json!({ "mailbox_id": Bytes(circle.id.clone()), "epoch": 0,
                "capability_hash": Bytes(sha256(&random(32))), "committers": [public(&member)] }),
        )
        .await;
    assert_eq!(s, 409);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn malformed_input_gets_a_json_4xx_never_a_5xx() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    let other_group = random(32);
    let mut cases: Vec<(&str, serde_json::Value)> = vec![
        ("not json at all", json!("nonsense")),
        ("missing fields", json!({ "client_id": Bytes(random(16)) })),
        (
            "bad base64",
            json!({ "client_id": "!!", "capability": "??", "message": "**" }),
        ),
    ];
    let mut truncated = circle.app(&random(16), b"hello");
    truncated["message"] = json!(Bytes(vec![0, 1, 0, 2, 40]));
    cases.push(("truncated framing", truncated));
    let mut welcome = circle.app(&random(16), b"hello");
    welcome["message"] = json!(Bytes(vec![0, 1, 0, 3, 0, 0]));
    cases.push(("a welcome", welcome));
    let mut foreign = circle.app(&random(16), b"hello");
    foreign["message"] = json!(Bytes(private_message(&other_group, 0, 1, b"x")));
    cases.push(("another group", foreign));
    let mut public_msg = circle.app(&random(16), b"hello");
    let mut m = private_message(&circle.id, 0, 1, b"x");
    m[3] = 1;
    public_msg["message"] = json!(Bytes(m));
    cases.push(("a public message", public_msg));
    let mut app_with_auth = circle.app(&random(16), b"hello");
    app_with_auth["commit"] = circle.commit(None, None).0["commit"].clone();
    cases.push(("commit authority on an application message", app_with_auth));
    for (what, body) in cases {
        let (s, v) = c.post(&circle.path(), None, body).await;
        assert!((400..500).contains(&s), "{what}: {s} {v}");
        assert!(
            v["code"].is_string() && v["reason"].is_string(),
            "{what}: {v}"
        );
    }
    // Unknown paths and methods, bad ids, oversize bodies.
    let (s, v) = c.get("/v1/nowhere", None).await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
    let (s, _) = c
        .call(reqwest::Method::PUT, "/v1/mailboxes", None, Some(json!({})))
        .await;
    assert!((400..500).contains(&s));
    let (s, _) = c
        .post(
            "/v1/mailboxes/short/messages",
            None,
            circle.app(&random(16), b"x"),
        )
        .await;
    assert_eq!(s, 400);
    let huge = json!({ "client_id": Bytes(random(16)), "capability": circle.capability(0),
        "message": Bytes(vec![0; 2 << 20]) });
    let (s, v) = c.post(&circle.path(), None, huge).await;
    assert_eq!((s, v["code"].as_str()), (413, Some("too_large")));
    let (s, v) = c.get(&format!("{}?epoch=zero", circle.path()), None).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")));
    // A mailbox id taken twice.
    let body = json!({ "mailbox_id": Bytes(circle.id.clone()), "epoch": 0, "capability_hash": Bytes(random(32)),
        "committers": [public(&keypair())] });
    let (s, v) = c.post("/v1/mailboxes", None, body).await;
    assert_eq!((s, v["code"].as_str()), (409, Some("conflict")));
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_openapi_document_and_health_are_served() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (s, v) = c.get("/v1/health", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ok")));
    let (s, doc) = c.get("/v1/openapi.json", None).await;
    assert_eq!(s, 200);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/devices",
        "/v1/devices/session",
        "/v1/keypackages",
        "/v1/devices/{device_id}/keypackage",
        "/v1/mailboxes",
        "/v1/mailboxes/{mailbox_id}/messages",
        "/v1/live",
        "/v1/welcomes",
        "/v1/invites/{nameplate}",
        "/v1/invites/{nameplate}/claim",
        "/v1/invites/{nameplate}/answer",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["PostMessage"].is_object());
    // Every operation names the answers any route can give; one with a body, its refusals too.
    let mut with_body = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let Some(responses) = operation["responses"].as_object() else {
                continue;
            };
            for status in ["429", "500", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} lacks {status}"
                );
            }
            if operation.get("requestBody").is_some() {
                with_body += 1;
                for status in ["400", "413"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path} lacks {status}"
                    );
                }
            }
        }
    }
    assert!(with_body >= 10, "only {with_body} operations take a body");
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_mailbox_holds_at_most_its_share_of_bytes() {
    let config = hearth_relay::RelayConfig {
        mailbox_bytes_max: 4096,
        ..hearth_relay::RelayConfig::default()
    };
    let relay = relay_with(hearth_relay::SqliteStore::in_memory().unwrap(), config).await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    let mut refused = None;
    for n in 0..20u8 {
        let (s, v) = c
            .post(&circle.path(), None, circle.app(&[n; 16], &[7; 1000]))
            .await;
        if s != 200 {
            refused = Some((n, s, v["code"].clone()));
            break;
        }
    }
    let (n, s, code) = refused.expect("the mailbox took everything");
    assert_eq!((s, code), (413, json!("quota_exceeded")));
    assert!((2..6).contains(&n), "refused after {n} messages of ~1 KB");
    relay.shutdown().await.unwrap();
}
