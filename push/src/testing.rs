//! For tests (feature `testing`): a stand-in UnifiedPush server on loopback that records
//! what each device's endpoint receives and answers with statuses a test sets, and a
//! device's UnifiedPush keys that decrypt what it received.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use hearth_protocol::{Bytes, PushEndpoint};
use ring::rand::{SecureRandom, SystemRandom};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use web_push_native::p256;

/// A wake as the push endpoint received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// When it arrived.
    pub at: std::time::Instant,
}

/// What an endpoint answers next: a status and, for 429, a `Retry-After`.
pub type Answer = (u16, Option<&'static str>);

/// The stand-in server.
#[derive(Clone, Default)]
pub struct PushServer {
    got: Arc<Mutex<HashMap<String, Vec<Received>>>>,
    answers: Arc<Mutex<HashMap<String, Vec<Answer>>>>,
    /// Its base URL (`http://127.0.0.1:port`).
    pub base: String,
}

async fn endpoint(
    State(server): State<PushServer>,
    Path(device): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, HeaderMap) {
    server
        .got
        .lock()
        .unwrap()
        .entry(device.clone())
        .or_default()
        .push(Received {
            headers,
            body: body.to_vec(),
            at: std::time::Instant::now(),
        });
    let next = server
        .answers
        .lock()
        .unwrap()
        .get_mut(&device)
        .and_then(|a| (!a.is_empty()).then(|| a.remove(0)));
    let (status, retry) = next.unwrap_or((201, None));
    let mut out = HeaderMap::new();
    if let Some(r) = retry {
        out.insert("retry-after", r.parse().unwrap());
    }
    (StatusCode::from_u16(status).unwrap(), out)
}

impl PushServer {
    /// Starts one on a free loopback port.
    pub async fn start() -> PushServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = PushServer {
            base: format!("http://{}", listener.local_addr().unwrap()),
            ..PushServer::default()
        };
        let app = axum::Router::new()
            .route("/up/{device}", axum::routing::post(endpoint))
            .with_state(server.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        server
    }

    /// What `device`'s endpoint received so far.
    pub fn wakes(&self, device: &str) -> Vec<Received> {
        self.got
            .lock()
            .unwrap()
            .get(device)
            .cloned()
            .unwrap_or_default()
    }

    /// Makes `device`'s endpoint answer these next, in order (then 201).
    pub fn answer(&self, device: &str, answers: Vec<Answer>) {
        self.answers.lock().unwrap().insert(device.into(), answers);
    }

    /// Waits until `device` received `n` wakes (10 s at most) and returns what it has.
    pub async fn wait_for(&self, device: &str, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.wakes(device).len() < n && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.wakes(device)
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    SystemRandom::new().fill(&mut bytes).unwrap();
    bytes
}

/// A device's UnifiedPush keys (RFC 8291): what the distributor would make on the phone.
pub struct PushKeys {
    pub secret: p256::SecretKey,
    pub auth: [u8; 16],
}

impl PushKeys {
    /// New keys.
    pub fn generate() -> PushKeys {
        let secret = loop {
            if let Ok(key) = p256::SecretKey::from_slice(&random::<32>()) {
                break key;
            }
        };
        PushKeys {
            secret,
            auth: random(),
        }
    }

    /// The public key, uncompressed.
    pub fn p256dh(&self) -> Vec<u8> {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        self.secret
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec()
    }

    /// The endpoint `server` gives a device called `name`.
    pub fn endpoint(&self, server: &PushServer, name: &str) -> PushEndpoint {
        PushEndpoint::UnifiedPush {
            endpoint: format!("{}/up/{name}", server.base),
            p256dh: Bytes(self.p256dh()),
            auth: Bytes(self.auth.to_vec()),
        }
    }

    /// Opens what the endpoint received (panics when it does not open: for tests).
    pub fn decrypt(&self, wake: &Received) -> Vec<u8> {
        self.try_decrypt(wake).unwrap()
    }

    /// Opens what the endpoint received, if it was sealed to these keys.
    pub fn try_decrypt(&self, wake: &Received) -> Option<Vec<u8>> {
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        web_push_native::decrypt(wake.body.clone(), &self.secret, &auth).ok()
    }
}

/// Registers a device called `name` at the gateway `gateway` (its base URL) with an
/// endpoint on `server`: the device's keys and its registration id.
pub async fn register_device(
    gateway: &str,
    server: &PushServer,
    name: &str,
) -> (PushKeys, hearth_wake_ticket::RegistrationId) {
    let keys = PushKeys::generate();
    let response = reqwest::Client::new()
        .post(format!("{gateway}/v1/registrations"))
        .json(&hearth_protocol::RegisterPush {
            endpoint: keys.endpoint(server, name),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status().as_u16(),
        201,
        "the gateway took the registration"
    );
    let registered: hearth_protocol::PushRegistered = response.json().await.unwrap();
    let id = registered.registration_id.as_slice().try_into().unwrap();
    (keys, hearth_wake_ticket::RegistrationId(id))
}
