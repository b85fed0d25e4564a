//! FCM and APNs as the gateway speaks to them, checked against stand-ins for Google and
//! Apple on loopback: the token exchange and the message for FCM (HTTP v1, a data-only
//! high-priority message with a collapse key, a signed RS256 assertion), the HTTP/2 request
//! for APNs (a background push, priority 5, collapsed, an ES256 provider token); and the
//! answers that forget a registration (FCM 404, APNs 410).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Version};
use base64::Engine as _;
use hearth_protocol::{Bytes, PushEndpoint, PushRegistered, RegisterPush, WakeBatch};
use hearth_push::providers::apns::ApnsConfig;
use hearth_push::providers::fcm::FcmConfig;
use hearth_push::GatewayConfig;
use hearth_wake_ticket::RegistrationId;
use ring::signature::{KeyPair, UnparsedPublicKey};
use serde_json::Value;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request a stand-in received.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    version: Version,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone, Default)]
struct StandIn {
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl StandIn {
    fn requests(&self, path_start: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path.starts_with(path_start))
            .cloned()
            .collect()
    }

    async fn wait(&self, path_start: &str, n: usize) -> Vec<Seen> {
        for _ in 0..500 {
            if self.requests(path_start).len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.requests(path_start)
    }
}

async fn record(
    State(stand_in): State<StandIn>,
    request: axum::extract::Request,
) -> (StatusCode, axum::Json<Value>) {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
    let path = parts.uri.path().to_string();
    stand_in.seen.lock().unwrap().push(Seen {
        path: path.clone(),
        version: parts.version,
        headers: parts.headers,
        body,
    });
    // Google's token endpoint, FCM, APNs; a token or device named "gone" is unregistered.
    if path == "/token" {
        (
            StatusCode::OK,
            axum::Json(serde_json::json!({
            "access_token": "stand-in-access-token", "expires_in": 3600, "token_type": "Bearer" })),
        )
    } else if path.contains("messages:send")
        && String::from_utf8_lossy(&stand_in.seen.lock().unwrap().last().unwrap().body)
            .contains("gone-token")
    {
        (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({ "error": { "status": "NOT_FOUND" } })),
        )
    } else if path.starts_with("/3/device/") && path.ends_with(&"0".repeat(64)) {
        (
            StatusCode::GONE,
            axum::Json(serde_json::json!({ "reason": "Unregistered" })),
        )
    } else {
        (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "name": "projects/p/messages/1" })),
        )
    }
}

async fn stand_in() -> (StandIn, String) {
    let stand_in = StandIn::default();
    let app = axum::Router::new()
        .fallback(axum::routing::post(record))
        .with_state(stand_in.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (stand_in, base)
}

fn pem(der: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// A JWT's header and claims, and whether its signature verifies with `public` under `alg`.
fn open_jwt(
    jwt: &str,
    alg: &'static dyn ring::signature::VerificationAlgorithm,
    public: &[u8],
) -> (Value, Value) {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    let decode = |p: &str| Bytes::from_text(p).unwrap().0;
    let input = format!("{}.{}", parts[0], parts[1]);
    UnparsedPublicKey::new(alg, public)
        .verify(input.as_bytes(), &decode(parts[2]))
        .expect("the signature verifies with the service's public key");
    (
        serde_json::from_slice(&decode(parts[0])).unwrap(),
        serde_json::from_slice(&decode(parts[1])).unwrap(),
    )
}

struct Gateway {
    handle: hearth_push::GatewayHandle,
    _dir: tempfile::TempDir,
}

async fn gateway(config: GatewayConfig) -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = hearth_push::start(
        listener,
        dir.path(),
        GatewayConfig {
            relay_tokens: vec!["relay".into()],
            coalesce: Duration::from_millis(50),
            ..config
        },
    )
    .unwrap();
    Gateway { handle, _dir: dir }
}

impl Gateway {
    async fn register(&self, endpoint: PushEndpoint) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/v1/registrations", self.handle.url()))
            .json(&RegisterPush { endpoint })
            .send()
            .await
            .unwrap()
    }

    async fn wake(&self, endpoint: PushEndpoint) {
        let r = self.register(endpoint).await;
        assert_eq!(r.status().as_u16(), 201);
        let registered: PushRegistered = r.json().await.unwrap();
        let id = RegistrationId(registered.registration_id.as_slice().try_into().unwrap());
        let ticket = hearth_wake_ticket::seal(&self.handle.ticket_key(), &id).unwrap();
        let r = reqwest::Client::new()
            .post(format!("{}/v1/wake", self.handle.url()))
            .bearer_auth("relay")
            .json(&WakeBatch {
                tickets: vec![Bytes(ticket)],
            })
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fcm_gets_a_signed_assertion_then_a_data_only_collapsed_message() {
    let (google, base) = stand_in().await;
    let key_pem = include_str!("fixtures/fcm-test-service-account-key.pem");
    let der = rustls::pki_types::pem::PemObject::from_pem_slice(key_pem.as_bytes())
        .map(|k: rustls::pki_types::PrivatePkcs8KeyDer<'_>| k.secret_pkcs8_der().to_vec())
        .unwrap();
    let public = ring::signature::RsaKeyPair::from_pkcs8(&der)
        .unwrap()
        .public()
        .as_ref()
        .to_vec();
    let g = gateway(GatewayConfig {
        fcm: Some(FcmConfig {
            project_id: "hearth-test".into(),
            client_email: "gateway@hearth-test.iam.example".into(),
            private_key_pem: key_pem.into(),
            token_uri: format!("{base}/token"),
            api_base: base.clone(),
        }),
        ..GatewayConfig::default()
    })
    .await;
    g.wake(PushEndpoint::Fcm {
        token: "a-device-token".into(),
    })
    .await;
    let sent = google.wait("/v1/projects/", 1).await;
    let token_requests = google.requests("/token");
    assert_eq!(token_requests.len(), 1);
    let form = String::from_utf8(token_requests[0].body.clone()).unwrap();
    assert!(form.starts_with(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="
    ));
    let assertion = form.split("assertion=").nth(1).unwrap();
    let (header, claims) = open_jwt(
        assertion,
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        &public,
    );
    assert_eq!(header["alg"], "RS256");
    assert_eq!(claims["iss"], "gateway@hearth-test.iam.example");
    assert_eq!(
        claims["scope"],
        "https://www.googleapis.com/auth/firebase.messaging"
    );
    assert_eq!(claims["aud"], format!("{base}/token"));
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );

    let message = &sent[0];
    assert_eq!(message.path, "/v1/projects/hearth-test/messages:send");
    assert_eq!(
        message.headers["authorization"],
        "Bearer stand-in-access-token"
    );
    let body: Value = serde_json::from_slice(&message.body).unwrap();
    assert_eq!(body["message"]["token"], "a-device-token");
    assert_eq!(
        body["message"]["data"],
        serde_json::json!({ "hearth": "wake" })
    );
    assert_eq!(body["message"]["android"]["priority"], "HIGH");
    assert_eq!(body["message"]["android"]["collapse_key"], "wake");
    assert!(
        body["message"].get("notification").is_none(),
        "data only: the app words it"
    );

    // The access token is kept: a second wake asks Google for none.
    g.wake(PushEndpoint::Fcm {
        token: "another-device-token".into(),
    })
    .await;
    google.wait("/v1/projects/", 2).await;
    assert_eq!(google.requests("/token").len(), 1);

    // FCM's 404 (unregistered) forgets the registration.
    g.wake(PushEndpoint::Fcm {
        token: "gone-token".into(),
    })
    .await;
    google.wait("/v1/projects/", 3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(g.handle.counts().gone.load(Ordering::Relaxed), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apns_gets_a_background_push_over_http2_with_a_provider_token() {
    let (apple, base) = stand_in().await;
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = ring::signature::EcdsaKeyPair::generate_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &rng,
    )
    .unwrap();
    let key = ring::signature::EcdsaKeyPair::from_pkcs8(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8.as_ref(),
        &rng,
    )
    .unwrap();
    let g = gateway(GatewayConfig {
        apns: Some(ApnsConfig {
            team_id: "TEAM123456".into(),
            key_id: "KEY7654321".into(),
            private_key_pem: pem(pkcs8.as_ref()),
            topic: "org.hearth.app".into(),
            api_base: base,
        }),
        ..GatewayConfig::default()
    })
    .await;
    let token = "ab".repeat(32);
    g.wake(PushEndpoint::Apns {
        token: token.clone(),
    })
    .await;
    let sent = apple.wait("/3/device/", 1).await;
    let push = &sent[0];
    assert_eq!(push.path, format!("/3/device/{token}"));
    assert_eq!(push.version, Version::HTTP_2, "APNs speaks HTTP/2");
    assert_eq!(push.headers["apns-topic"], "org.hearth.app");
    assert_eq!(push.headers["apns-push-type"], "background");
    assert_eq!(push.headers["apns-priority"], "5");
    assert_eq!(push.headers["apns-collapse-id"], "wake");
    let body: Value = serde_json::from_slice(&push.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "aps": { "content-available": 1 } })
    );
    let bearer = push.headers["authorization"].to_str().unwrap();
    let jwt = bearer.strip_prefix("bearer ").unwrap();
    let (header, claims) = open_jwt(
        jwt,
        &ring::signature::ECDSA_P256_SHA256_FIXED,
        key.public_key().as_ref(),
    );
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], "KEY7654321");
    assert_eq!(claims["iss"], "TEAM123456");

    // 410 (unregistered) forgets the registration.
    g.wake(PushEndpoint::Apns {
        token: "0".repeat(64),
    })
    .await;
    apple.wait("/3/device/", 2).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(g.handle.counts().gone.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn a_gateway_without_fcm_or_apns_refuses_their_registrations() {
    let g = gateway(GatewayConfig::default()).await;
    for endpoint in [
        PushEndpoint::Fcm { token: "t".into() },
        PushEndpoint::Apns {
            token: "ab".repeat(32),
        },
    ] {
        assert_eq!(g.register(endpoint).await.status().as_u16(), 400);
    }
}
