//! The core's circle messages through the real relay: the relay reads openmls's framing with
//! its own parser, verifies the committer's signature made by the core's openmls signer, and
//! carries the circle's messages in one order to a member who joins from the Welcome.
#![allow(clippy::unwrap_used)]

use hearth_core::{Client, DbKey, KdfParams, Outgoing, ProfileOptions, ProfileSecret};
use hearth_protocol::{Bytes, CAPABILITY_HEADER};
use serde_json::{json, Value};

fn profile(tmp: &tempfile::TempDir, name: &str, byte: u8) -> Client {
    let secret = ProfileSecret::raw_key(DbKey::from_bytes(&[byte; 32]).unwrap());
    Client::create(
        &tmp.path().join(name),
        &secret,
        name,
        ProfileOptions {
            kdf: KdfParams::MINIMUM,
        },
    )
    .unwrap()
}

fn sha256(b: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, b)
        .as_ref()
        .to_vec()
}

async fn post(
    http: &reqwest::Client,
    base: &str,
    out: &Outgoing,
    capability: &[u8],
) -> (u16, Value) {
    let mut body = json!({ "client_id": Bytes(out.client_id.clone()), "capability": Bytes(capability.to_vec()),
        "message": Bytes(out.message.clone()) });
    if let Some(c) = &out.commit {
        body["commit"] = json!({ "committer": Bytes(c.committer.clone()), "signature": Bytes(c.signature.clone()),
            "next_capability_hash": Bytes(sha256(&c.next_capability)),
            "committers": c.committers.as_ref().map(|k| k.iter().map(|k| Bytes(k.clone())).collect::<Vec<_>>()) });
    }
    let path = format!(
        "{base}/v1/mailboxes/{}/messages",
        Bytes(out.group_id.clone()).to_text()
    );
    let resp = http.post(path).json(&body).send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_messages_pass_the_relays_framing_and_commit_checks() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = hearth_relay::start(
        listener,
        hearth_relay::SqliteStore::in_memory().unwrap(),
        Default::default(),
    )
    .unwrap();
    let base = relay.url();
    let http = reqwest::Client::new();
    let tmp = tempfile::tempdir().unwrap();
    let alice = profile(&tmp, "Alice", 1);
    let bob = profile(&tmp, "Bob", 2);

    let created = alice.create_circle("Circle", "", "Be kind").unwrap();
    let group = created.group_id.clone();
    let resp = http
        .post(format!("{base}/v1/mailboxes"))
        .json(&json!({ "mailbox_id": Bytes(group.clone()), "epoch": 0, "capability_hash": Bytes(sha256(&created.capability)),
            "committers": created.committers.iter().map(|k| Bytes(k.clone())).collect::<Vec<_>>() }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201);
    let (s, v) = post(&http, &base, &created.intro, &created.capability).await;
    assert_eq!(s, 200, "{v}");
    alice
        .posted(&group, v["seq"].as_u64().unwrap(), None)
        .unwrap();

    // The Add: the relay verifies the core's commit signature and moves to epoch 1.
    let kp = bob.new_key_packages(1, false).unwrap().remove(0);
    let commit = alice.add_member(&group, &kp).unwrap();
    // A member's copy of the commit without the signature is refused.
    let mut unsigned = commit.clone();
    unsigned.commit = None;
    assert_eq!(
        post(&http, &base, &unsigned, &created.capability).await.0,
        403
    );
    let (s, v) = post(&http, &base, &commit, &created.capability).await;
    assert_eq!(s, 200, "{v}");
    alice
        .commit_accepted(&group, v["seq"].as_u64().unwrap())
        .unwrap();
    let (epoch, cap1) = alice.circle_capability(&group).unwrap();
    assert_eq!(
        (epoch, cap1.clone()),
        (1, commit.commit.as_ref().unwrap().next_capability.clone())
    );

    // Bob joins from the Welcome and introduces himself; Alice writes.
    let (_, intro) = bob
        .join_circle(commit.commit.as_ref().unwrap().welcome.as_ref().unwrap())
        .unwrap();
    let (s, v) = post(&http, &base, &intro, &cap1).await;
    assert_eq!(s, 200, "{v}");
    bob.posted(&group, v["seq"].as_u64().unwrap(), None)
        .unwrap();
    let (id, text) = alice
        .send_text(&group, "hello through the relay", None)
        .unwrap();
    let (s, v) = post(&http, &base, &text, &cap1).await;
    assert_eq!(s, 200, "{v}");
    alice
        .posted(&group, v["seq"].as_u64().unwrap(), Some(&id))
        .unwrap();

    // Bob fetches epoch 1 with its capability and processes it in order.
    let fetched: Value = http
        .get(format!(
            "{base}/v1/mailboxes/{}/messages?epoch=1&after=0",
            Bytes(group.clone()).to_text()
        ))
        .header(
            CAPABILITY_HEADER,
            Bytes(bob.circle_capability(&group).unwrap().1).to_text(),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for m in fetched["messages"].as_array().unwrap() {
        let bytes = Bytes::from_text(m["message"].as_str().unwrap()).unwrap();
        bob.receive(&group, m["seq"].as_u64().unwrap(), bytes.as_slice())
            .unwrap();
    }
    let texts: Vec<String> = bob
        .circle_messages(&group, 0, 100)
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "text")
        .map(|m| m.body)
        .collect();
    assert_eq!(texts, vec!["hello through the relay".to_string()]);
    assert_eq!(
        bob.epoch_authenticator(&group).unwrap(),
        alice.epoch_authenticator(&group).unwrap()
    );
    relay.shutdown().await.unwrap();
}
