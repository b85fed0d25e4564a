//! The invite mailbox over HTTP: one claim per nameplate, the same "unavailable" answer for
//! every invite a caller cannot use, owner-only reading and answering, expiry and the sweep.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_protocol::*;
use hearth_relay::state::now;
use hearth_relay::store::ClaimLookup;
use hearth_relay::{RelayConfig, SqliteStore, Store};
use serde_json::{json, Value};

struct Invite {
    nameplate: String,
    owner: Vec<u8>,
}

impl Invite {
    fn path(&self, rest: &str) -> String {
        format!("/v1/invites/{}{rest}", self.nameplate)
    }

    /// A call on this invite carrying its owner's token.
    async fn as_owner(
        &self,
        c: &Client,
        method: reqwest::Method,
        rest: &str,
        body: Option<Value>,
    ) -> (u16, Value, Vec<u8>) {
        with_token(c, method, &self.path(rest), &self.owner, body).await
    }
}

fn nameplate() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    random(6)
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect()
}

/// A request to the relay, with a JSON body when given.
fn request(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::RequestBuilder {
    let req = c.http.request(method, format!("{}{path}", c.base));
    match body {
        Some(b) => req.json(&b),
        None => req,
    }
}

async fn with_token(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    token: &[u8],
    body: Option<Value>,
) -> (u16, Value, Vec<u8>) {
    let resp = request(c, method, path, body)
        .header(INVITE_TOKEN_HEADER, Bytes(token.to_vec()).to_text())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let raw = resp.bytes().await.unwrap().to_vec();
    let value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    (status, value, raw)
}

async fn open_invite(c: &Client, expires_at: u64) -> Invite {
    let invite = Invite {
        nameplate: nameplate(),
        owner: random(32),
    };
    let (s, v) = c
        .call(
            reqwest::Method::PUT,
            &invite.path(""),
            None,
            Some(
                json!({ "message": Bytes(vec![1; 33]), "expires_at": expires_at,
                "owner_hash": Bytes(sha256(&invite.owner)) }),
            ),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    invite
}

fn claim_body(claim_token: &[u8], fill: u8) -> Value {
    json!({ "claim_hash": Bytes(sha256(claim_token)), "message": Bytes(vec![2; 33]),
        "sealed": Bytes(vec![fill; CLAIM_SIZE]) })
}

/// The raw bytes of an answer, to compare "unavailable" answers byte for byte.
async fn raw(c: &Client, method: reqwest::Method, path: &str, body: Option<Value>) -> Vec<u8> {
    let resp = request(c, method, path, body).send().await.unwrap();
    resp.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn an_invite_is_claimed_once_answered_by_its_owner_and_read_by_its_claimer() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let invite = open_invite(&c, now() + 3600).await;

    let (s, offer) = c.get(&invite.path(""), None).await;
    assert_eq!(s, 200, "{offer}");
    assert_eq!(offer["message"], json!(Bytes(vec![1; 33])));

    // The owner sees no claim yet; nobody else sees anything.
    let (s, v, _) = invite
        .as_owner(&c, reqwest::Method::GET, "/claim", None)
        .await;
    assert_eq!((s, v.get("claim")), (200, None));
    let (s, v, _) = with_token(
        &c,
        reqwest::Method::GET,
        &invite.path("/claim"),
        &random(32),
        None,
    )
    .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("unavailable")));

    let claimer = random(32);
    let (s, v) = c
        .post(&invite.path("/claim"), None, claim_body(&claimer, 7))
        .await;
    assert_eq!(s, 204, "{v}");
    // The same claim again (its answer was lost) holds; another claim does not.
    let (s, _) = c
        .post(&invite.path("/claim"), None, claim_body(&claimer, 7))
        .await;
    assert_eq!(s, 204);
    let (s, v) = c
        .post(&invite.path("/claim"), None, claim_body(&random(32), 8))
        .await;
    assert_eq!((s, v["code"].as_str()), (404, Some("unavailable")));
    // A claimed invite offers nothing more.
    let (s, v) = c.get(&invite.path(""), None).await;
    assert_eq!((s, v["code"].as_str()), (404, Some("unavailable")));

    let (s, v, _) = invite
        .as_owner(&c, reqwest::Method::GET, "/claim", None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["claim"]["sealed"],
        json!(Bytes(vec![7; CLAIM_SIZE])),
        "the first claim stays"
    );
    assert_eq!(v["claim"]["message"], json!(Bytes(vec![2; 33])));
    assert!(v["claim"]["claimed_at"].as_u64().unwrap() >= now() - 5);

    // Unanswered, the claimer waits; the answer comes only from the owner.
    let (s, v, _) = with_token(
        &c,
        reqwest::Method::GET,
        &invite.path("/answer"),
        &claimer,
        None,
    )
    .await;
    assert_eq!((s, v.get("sealed")), (200, None));
    let answer = json!({ "sealed": Bytes(vec![9; ANSWER_SIZES[1]]) });
    let (s, _, _) = with_token(
        &c,
        reqwest::Method::POST,
        &invite.path("/answer"),
        &claimer,
        Some(answer.clone()),
    )
    .await;
    assert_eq!(s, 404, "the claimer cannot answer");
    let (s, _, _) = invite
        .as_owner(&c, reqwest::Method::POST, "/answer", Some(answer.clone()))
        .await;
    assert_eq!(s, 204);
    // The same answer again (its acknowledgement was lost) is taken; another is not: the
    // owner token alone cannot swap a Welcome for something else.
    let (s, _, _) = invite
        .as_owner(&c, reqwest::Method::POST, "/answer", Some(answer))
        .await;
    assert_eq!(s, 204);
    let other = json!({ "sealed": Bytes(vec![8; ANSWER_SIZES[1]]) });
    let (s, _, _) = invite
        .as_owner(&c, reqwest::Method::POST, "/answer", Some(other))
        .await;
    assert_eq!(s, 404);
    let (s, v, _) = invite
        .as_owner(&c, reqwest::Method::GET, "/answer", None)
        .await;
    assert_eq!(s, 404, "the owner cannot read the answer as the claimer");
    let (s, v2, _) = with_token(
        &c,
        reqwest::Method::GET,
        &invite.path("/answer"),
        &claimer,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v2["sealed"], json!(Bytes(vec![9; ANSWER_SIZES[1]])));

    // The claimer deletes it when done; then it is gone for everyone.
    let (s, _, _) = with_token(
        &c,
        reqwest::Method::DELETE,
        &invite.path(""),
        &claimer,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _, _) = invite
        .as_owner(&c, reqwest::Method::GET, "/claim", None)
        .await;
    assert_eq!(s, 404);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn missing_expired_revoked_and_claimed_invites_give_one_identical_answer() {
    let store = SqliteStore::in_memory().unwrap();
    let relay = relay_with(store.clone(), RelayConfig::default()).await;
    let c = Client::new(&relay);

    let claimed = open_invite(&c, now() + 3600).await;
    let (s, _) = c
        .post(&claimed.path("/claim"), None, claim_body(&random(32), 1))
        .await;
    assert_eq!(s, 204);
    let revoked = open_invite(&c, now() + 3600).await;
    let (s, _, _) = revoked
        .as_owner(&c, reqwest::Method::DELETE, "", None)
        .await;
    assert_eq!(s, 204);
    // Expired: opened directly in the store (the API refuses a past expiry).
    let expired = nameplate();
    assert!(store
        .create_invite(hearth_relay::NewInvite {
            nameplate: expired.clone(),
            message: vec![1; 33],
            owner_hash: sha256(b"owner"),
            expires_at: now() - 1,
        })
        .await
        .unwrap());
    let missing = nameplate();

    let mut offers = Vec::new();
    let mut claims = Vec::new();
    for np in [&claimed.nameplate, &revoked.nameplate, &expired, &missing] {
        offers.push(raw(&c, reqwest::Method::GET, &format!("/v1/invites/{np}"), None).await);
        claims.push(
            raw(
                &c,
                reqwest::Method::POST,
                &format!("/v1/invites/{np}/claim"),
                Some(claim_body(&random(32), 3)),
            )
            .await,
        );
    }
    let expected =
        serde_json::to_vec(&ApiError::new(ErrorCode::Unavailable, UNAVAILABLE_REASON)).unwrap();
    for answer in offers.iter().chain(&claims) {
        assert_eq!(answer, &expected, "{}", String::from_utf8_lossy(answer));
    }
    // An open one still takes a claim.
    let open = open_invite(&c, now() + 3600).await;
    let (s, _) = c
        .post(&open.path("/claim"), None, claim_body(&random(32), 1))
        .await;
    assert_eq!(s, 204);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn two_claims_at_once_leave_exactly_one_claimer() {
    let relay = relay_with(
        SqliteStore::in_memory().unwrap(),
        RelayConfig {
            rate_per_second: 10_000,
            rate_burst: 10_000,
            ..RelayConfig::default()
        },
    )
    .await;
    let c = Client::new(&relay);
    for _ in 0..10 {
        let invite = open_invite(&c, now() + 3600).await;
        let tokens: Vec<Vec<u8>> = (0..8).map(|_| random(32)).collect();
        let answers = futures_util::future::join_all(tokens.iter().enumerate().map(|(i, t)| {
            let c = &c;
            let path = invite.path("/claim");
            async move { c.post(&path, None, claim_body(t, i as u8)).await.0 }
        }))
        .await;
        assert_eq!(
            answers.iter().filter(|s| **s == 204).count(),
            1,
            "{answers:?}"
        );
        assert_eq!(
            answers.iter().filter(|s| **s == 404).count(),
            7,
            "{answers:?}"
        );
    }
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_code_from_a_phone_whose_clock_is_ten_minutes_off_opens_and_lasts() {
    let relay = relay().await;
    let c = Client::new(&relay);
    // A five-minute code from a phone ten minutes slow: by our clock it ended five minutes
    // ago, by the phone's it has five to go. It opens, and is offered.
    let slow = open_invite(&c, now() + 300 - CLOCK_SKEW_SECS).await;
    let (s, offer) = c.get(&slow.path(""), None).await;
    assert_eq!(s, 200, "{offer}");
    // A seven-day code from a phone ten minutes fast opens too.
    open_invite(&c, now() + MAX_INVITE_LIFETIME_SECS + CLOCK_SKEW_SECS).await;
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn malformed_invite_requests_get_typed_4xx_answers() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let put = |path: String, body: Value| {
        let c = &c;
        async move { c.call(reqwest::Method::PUT, &path, None, Some(body)).await }
    };
    let good = |expires_at: u64| json!({ "message": Bytes(vec![1; 33]), "expires_at": expires_at, "owner_hash": Bytes(vec![0; 32]) });
    for (path, body) in [
        ("/v1/invites/abcdef".to_string(), good(now() + 60)),
        ("/v1/invites/7KQ2M".to_string(), good(now() + 60)),
        (
            format!("/v1/invites/{}", nameplate()),
            good(now() - CLOCK_SKEW_SECS),
        ),
        (
            format!("/v1/invites/{}", nameplate()),
            good(now() + 8 * 24 * 3600),
        ),
        (
            format!("/v1/invites/{}", nameplate()),
            json!({ "message": Bytes(vec![1; 3]), "expires_at": now() + 60, "owner_hash": Bytes(vec![0; 32]) }),
        ),
        (
            format!("/v1/invites/{}", nameplate()),
            json!({ "message": Bytes(vec![1; 33]), "expires_at": now() + 60, "owner_hash": Bytes(vec![0; 31]) }),
        ),
        (
            format!("/v1/invites/{}", nameplate()),
            json!({ "message": 5 }),
        ),
    ] {
        let (s, v) = put(path, body).await;
        assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")), "{v}");
    }
    let invite = open_invite(&c, now() + 60).await;
    let (s, v) = put(invite.path(""), good(now() + 60)).await;
    assert_eq!((s, v["code"].as_str()), (409, Some("conflict")));
    let short_claim = json!({ "claim_hash": Bytes(vec![0; 32]), "message": Bytes(vec![2; 33]), "sealed": Bytes(vec![0; 100]) });
    let (s, v) = c.post(&invite.path("/claim"), None, short_claim).await;
    assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")));
    // A missing or malformed token is simply not the owner's.
    let (s, v) = c.get(&invite.path("/claim"), None).await;
    assert_eq!((s, v["code"].as_str()), (404, Some("unavailable")));
    let (s, v, _) = invite
        .as_owner(
            &c,
            reqwest::Method::POST,
            "/answer",
            Some(json!({ "sealed": Bytes(vec![0; 5000]) })),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")));
    let (s, v, _) = invite
        .as_owner(
            &c,
            reqwest::Method::POST,
            "/answer",
            Some(json!({ "sealed": Bytes(vec![0; 4096]) })),
        )
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (404, Some("unavailable")),
        "no answer before a claim"
    );
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_sweep_deletes_invites_only_after_expiry_and_grace() {
    let store = SqliteStore::in_memory().unwrap();
    let t = now();
    for (np, expires_at) in [("AAAAAA", t - 100), ("BBBBBB", t + 100)] {
        store
            .create_invite(hearth_relay::NewInvite {
                nameplate: np.into(),
                message: vec![1; 33],
                owner_hash: sha256(np.as_bytes()),
                expires_at,
            })
            .await
            .unwrap();
    }
    assert_eq!(
        store.sweep_invites(t - 200).await.unwrap(),
        0,
        "within grace"
    );
    assert_eq!(store.sweep_invites(t).await.unwrap(), 1);
    assert_eq!(
        store
            .invite_claim("AAAAAA".into(), sha256(b"AAAAAA"))
            .await
            .unwrap(),
        ClaimLookup::NoInvite
    );
    assert_eq!(
        store
            .invite_claim("BBBBBB".into(), sha256(b"BBBBBB"))
            .await
            .unwrap(),
        ClaimLookup::Unclaimed
    );
}
