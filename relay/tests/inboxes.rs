//! Drop inboxes through real HTTP: opened by a key, a drop of the one size left by anyone
//! who knows the id, read and closed only by the key that opened it, by a fresh signature
//! for that call.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_protocol::{inbox_signing_input, Bytes, InboxCall, DROP_SIZE};
use hearth_relay::state::now;
use ring::signature::Ed25519KeyPair;
use serde_json::{json, Value};

fn signed(key: &Ed25519KeyPair, call: InboxCall, inbox: &[u8], after: u64, at: u64) -> Value {
    let input = inbox_signing_input(call, inbox, after, at);
    json!({ "after": after, "signed_at": at, "signature": Bytes(key.sign(&input).as_ref().to_vec()) })
}

fn a_drop(client: u8, size: usize) -> Value {
    json!({ "client_id": Bytes(vec![client; 16]), "drop": Bytes(vec![client; size]) })
}

#[tokio::test]
async fn an_inbox_takes_drops_from_anyone_and_opens_only_to_its_key() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let (owner, stranger) = (keypair(), keypair());
    let id = random(32);
    let path = format!("/v1/inboxes/{}", Bytes(id.clone()).to_text());

    // Leaving a drop needs an open inbox.
    let (s, v) = c
        .post(&format!("{path}/drops"), None, a_drop(1, DROP_SIZE))
        .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
    let (s, _) = c
        .call(
            reqwest::Method::PUT,
            &path,
            None,
            Some(json!({ "owner": public(&owner) })),
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = c
        .call(
            reqwest::Method::PUT,
            &path,
            None,
            Some(json!({ "owner": public(&owner) })),
        )
        .await;
    assert_eq!(s, 204, "the same key again");
    let (s, v) = c
        .call(
            reqwest::Method::PUT,
            &path,
            None,
            Some(json!({ "owner": public(&stranger) })),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (409, Some("conflict")));

    // One size only; the same client id gets the first answer.
    let (s, v) = c
        .post(&format!("{path}/drops"), None, a_drop(1, DROP_SIZE - 1))
        .await;
    assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")));
    for (client, seq, duplicate) in [(1, 1, false), (2, 2, false), (1, 1, true)] {
        let (s, v) = c
            .post(&format!("{path}/drops"), None, a_drop(client, DROP_SIZE))
            .await;
        assert_eq!(
            (s, v["seq"].as_u64(), v["duplicate"].as_bool()),
            (200, Some(seq), Some(duplicate))
        );
    }

    // Only the owner reads, with a fresh signature for reading.
    let fetch = format!("{path}/fetch");
    for refused in [
        signed(&stranger, InboxCall::Fetch, &id, 0, now()),
        signed(&owner, InboxCall::Fetch, &id, 0, now() - 3_600),
        signed(&owner, InboxCall::Close, &id, 0, now()),
    ] {
        let (s, v) = c.post(&fetch, None, refused).await;
        assert_eq!((s, v["code"].as_str()), (401, Some("unauthorized")));
    }
    let (s, v) = c
        .post(
            &fetch,
            None,
            signed(&owner, InboxCall::Fetch, &id, 1, now()),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let drops = v["drops"].as_array().unwrap();
    assert_eq!(drops.len(), 1);
    assert_eq!(drops[0]["seq"].as_u64(), Some(2));
    let bytes = Bytes::from_text(drops[0]["drop"].as_str().unwrap()).unwrap();
    assert_eq!(bytes.0, vec![2; DROP_SIZE]);

    // A read signature does not close it; the owner's close does, drops and all.
    let close = format!("{path}/close");
    let (s, _) = c
        .post(
            &close,
            None,
            signed(&owner, InboxCall::Fetch, &id, 0, now()),
        )
        .await;
    assert_eq!(s, 401);
    let (s, _) = c
        .post(
            &close,
            None,
            signed(&owner, InboxCall::Close, &id, 0, now()),
        )
        .await;
    assert_eq!(s, 204);
    let (s, v) = c
        .post(
            &fetch,
            None,
            signed(&owner, InboxCall::Fetch, &id, 0, now()),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("not_found")));
}
