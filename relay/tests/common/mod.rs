//! Helpers for the relay's API tests: a relay on port 0, signed devices and committers, and
//! hand-built MLS framing (the relay reads only the framing).

#![allow(dead_code, missing_docs, clippy::unwrap_used, clippy::expect_used)]

use futures_util::{SinkExt, StreamExt};
use hearth_protocol::*;
use hearth_relay::{RelayConfig, RelayHandle, SqliteStore};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::Value;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

pub async fn relay() -> RelayHandle {
    relay_with(SqliteStore::in_memory().unwrap(), RelayConfig::default()).await
}

/// A relay on an in-memory store with `config`, the per-address rate out of the way (every
/// test client is 127.0.0.1).
pub async fn relay_unthrottled(config: RelayConfig) -> RelayHandle {
    relay_unthrottled_on(SqliteStore::in_memory().unwrap(), config).await
}

/// [`relay_unthrottled`] on `store`.
pub async fn relay_unthrottled_on(store: SqliteStore, config: RelayConfig) -> RelayHandle {
    let config = RelayConfig {
        rate_per_second: 10_000,
        rate_burst: 10_000,
        ..config
    };
    relay_with(store, config).await
}

pub async fn relay_with(store: SqliteStore, config: RelayConfig) -> RelayHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    hearth_relay::start(listener, store, config).unwrap()
}

pub fn keypair() -> Ed25519KeyPair {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
    Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap()
}

pub fn public(k: &Ed25519KeyPair) -> Bytes {
    Bytes(k.public_key().as_ref().to_vec())
}

pub fn sha256(b: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, b)
        .as_ref()
        .to_vec()
}

pub fn random(n: usize) -> Vec<u8> {
    use ring::rand::SecureRandom;
    let mut v = vec![0; n];
    SystemRandom::new().fill(&mut v).unwrap();
    v
}

/// A PrivateMessage framing for `group` at `epoch`; content type 1 app, 2 proposal, 3 commit.
pub fn private_message(group: &[u8], epoch: u64, content_type: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![0, 1, 0, 2];
    assert!(group.len() < 64);
    m.push(group.len() as u8);
    m.extend_from_slice(group);
    m.extend_from_slice(&epoch.to_be_bytes());
    m.push(content_type);
    m.push(0); // authenticated data
    m.push(0); // encrypted sender data
    m.push(body.len() as u8);
    m.extend_from_slice(body);
    m
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(relay: &RelayHandle) -> Self {
        Client {
            http: reqwest::Client::new(),
            base: relay.url(),
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, token, None).await
    }

    /// Registers a device and opens a session: (key, device id, token).
    pub async fn device(&self) -> (Ed25519KeyPair, String, String) {
        let key = keypair();
        let (s, v) = self
            .post(
                "/v1/devices",
                None,
                serde_json::json!({ "public_key": public(&key) }),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        let id = v["device_id"].as_str().unwrap().to_string();
        let token = self.session(&key, &id).await;
        (key, id, token)
    }

    pub async fn session(&self, key: &Ed25519KeyPair, id: &str) -> String {
        let (s, c) = self
            .post(
                "/v1/devices/challenge",
                None,
                serde_json::json!({ "device_id": id }),
            )
            .await;
        assert_eq!(s, 200, "{c}");
        let nonce = Bytes::from_text(c["nonce"].as_str().unwrap()).unwrap();
        let relay = relay_authority(&self.base);
        let sig = key.sign(&session_signing_input(&relay, id, nonce.as_slice()));
        let (s, v) = self
            .post(
                "/v1/devices/session",
                None,
                serde_json::json!({ "device_id": id, "nonce": nonce, "signature": Bytes(sig.as_ref().to_vec()) }),
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v["token"].as_str().unwrap().to_string()
    }
}

/// A mailbox as its committer sees it.
pub struct Circle {
    // (fields are public so tests can step epochs by hand)
    pub id: Vec<u8>,
    pub epoch: u64,
    pub capabilities: Vec<Vec<u8>>, // by epoch
    pub committer: Ed25519KeyPair,
}

impl Circle {
    pub async fn open(client: &Client) -> Circle {
        let committer = keypair();
        let id = random(32);
        let cap = random(32);
        let (s, v) = client
            .post(
                "/v1/mailboxes",
                None,
                serde_json::json!({ "mailbox_id": Bytes(id.clone()), "epoch": 0,
                    "capability_hash": Bytes(sha256(&cap)), "committers": [public(&committer)] }),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        Circle {
            id,
            epoch: 0,
            capabilities: vec![cap],
            committer,
        }
    }

    pub fn path(&self) -> String {
        format!(
            "/v1/mailboxes/{}/messages",
            Bytes(self.id.clone()).to_text()
        )
    }

    pub fn capability(&self, epoch: u64) -> Bytes {
        Bytes(self.capabilities[epoch as usize].clone())
    }

    pub fn app(&self, client_id: &[u8], text: &[u8]) -> Value {
        serde_json::json!({ "client_id": Bytes(client_id.to_vec()), "capability": self.capability(self.epoch),
            "message": Bytes(private_message(&self.id, self.epoch, 1, text)) })
    }

    /// A signed commit for the current epoch (by `signer`, else the circle's committer), with
    /// the next capability.
    pub fn commit(
        &self,
        signer: Option<&Ed25519KeyPair>,
        committers: Option<Vec<Bytes>>,
    ) -> (Value, Vec<u8>) {
        let signer = signer.unwrap_or(&self.committer);
        let next = random(32);
        let message = private_message(&self.id, self.epoch, 3, b"commit");
        let next_hash = sha256(&next);
        let input = commit_signing_input(
            &self.id,
            self.epoch,
            &sha256(&message),
            &next_hash,
            committers.as_deref(),
        );
        let body = serde_json::json!({ "client_id": Bytes(random(16)), "capability": self.capability(self.epoch),
            "message": Bytes(message),
            "commit": { "committer": public(signer), "signature": Bytes(signer.sign(&input).as_ref().to_vec()),
                "next_capability_hash": Bytes(next_hash), "committers": committers } });
        (body, next)
    }

    /// Where a committer closes the mailbox.
    pub fn close_path(&self) -> String {
        format!("/v1/mailboxes/{}/close", Bytes(self.id.clone()).to_text())
    }

    /// A request to close the mailbox in the current epoch, signed by `signer` (else the
    /// circle's committer) and carrying `capability` (else the epoch's own).
    pub fn close(&self, signer: Option<&Ed25519KeyPair>, capability: Option<Bytes>) -> Value {
        let signer = signer.unwrap_or(&self.committer);
        let input = hearth_protocol::close_signing_input(&self.id, self.epoch);
        serde_json::json!({ "epoch": self.epoch,
            "capability": capability.unwrap_or_else(|| self.capability(self.epoch)),
            "committer": public(signer), "signature": Bytes(signer.sign(&input).as_ref().to_vec()) })
    }

    /// Where members leave reports, and (with `/fetch`) where committers read them.
    pub fn reports_path(&self) -> String {
        format!("/v1/mailboxes/{}/reports", Bytes(self.id.clone()).to_text())
    }

    /// A sealed report (opaque to the relay) of `size` bytes under the epoch's capability.
    pub fn report(&self, client_id: &[u8], size: usize) -> Value {
        serde_json::json!({ "client_id": Bytes(client_id.to_vec()), "epoch": self.epoch,
            "capability": self.capability(self.epoch), "report": Bytes(random(size)) })
    }

    /// A request to read the facilitator inbox after `after`, signed by `signer` (else the
    /// circle's committer) at `signed_at` (Unix seconds).
    pub fn read_reports(
        &self,
        signer: Option<&Ed25519KeyPair>,
        after: u64,
        signed_at: u64,
    ) -> Value {
        let signer = signer.unwrap_or(&self.committer);
        let input = hearth_protocol::report_fetch_signing_input(&self.id, after, signed_at);
        serde_json::json!({ "after": after, "committer": public(signer), "signed_at": signed_at,
            "signature": Bytes(signer.sign(&input).as_ref().to_vec()) })
    }

    pub fn fetch_path(&self, epoch: u64, after: u64) -> String {
        format!("{}?epoch={epoch}&after={after}", self.path())
    }
}

pub async fn fetch(client: &Client, circle: &Circle, epoch: u64, after: u64) -> (u16, Value) {
    let resp = client
        .http
        .get(format!(
            "{}{}",
            client.base,
            circle.fetch_path(epoch, after)
        ))
        .header(CAPABILITY_HEADER, circle.capability(epoch).to_text())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

/// An upload of KeyPackages (and a last resort), each signed by the device's key as a phone
/// signs them (`key_package_signing_input`).
pub fn signed_upload(
    key: &Ed25519KeyPair,
    device_id: &str,
    key_packages: &[Vec<u8>],
    last_resort: Option<Vec<u8>>,
) -> Value {
    let sign = |kp: &[u8]| {
        Bytes(
            key.sign(&key_package_signing_input(device_id, kp))
                .as_ref()
                .to_vec(),
        )
    };
    serde_json::json!({
        "key_packages": key_packages.iter().map(|kp| Bytes(kp.clone())).collect::<Vec<_>>(),
        "signatures": key_packages.iter().map(|kp| sign(kp)).collect::<Vec<_>>(),
        "last_resort": last_resort.as_ref().map(|kp| Bytes(kp.clone())),
        "last_resort_signature": last_resort.as_ref().map(|kp| sign(kp)),
    })
}

/// A live WebSocket to a relay.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next live frame (20 s at most: on a loaded two-core machine, with other tests
/// starting PostgreSQL clusters beside it, a node reconnecting its notification listener
/// took over 5 s; the wait ends as soon as the frame comes, so only a failure waits long).
pub async fn next_frame(ws: &mut Socket) -> LiveFrame {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), ws.next())
            .await
            .expect("a frame in time")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = msg {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

/// Subscribes to an epoch of the circle after a position.
pub async fn subscribe(ws: &mut Socket, circle: &Circle, epoch: u64, after: u64) {
    let req = LiveRequest::Subscribe {
        mailbox_id: Bytes(circle.id.clone()),
        epoch,
        capability: circle.capability(epoch),
        after,
    };
    ws.send(Message::Text(serde_json::to_string(&req).unwrap().into()))
        .await
        .unwrap();
}

/// A live socket to `relay`.
pub async fn live_socket(relay: &RelayHandle) -> Socket {
    tokio_tungstenite::connect_async(format!("ws://{}/v1/live", relay.addr))
        .await
        .unwrap()
        .0
}
