//! Wake-ups end to end on this computer: devices registered with a push gateway at loopback
//! UnifiedPush endpoints, tickets left at the relay, messages posted. Each wake arrives
//! once, decrypts (the test holds the devices' keys) to the content-free body, and nothing
//! else; bursts are coalesced; a withdrawn ticket and a past epoch wake nobody; 404/410
//! forget a registration, 429 backs off; bad tickets and unlisted addresses are refused; a
//! gateway that is away costs wakes, never messages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_protocol::{Bytes, PushEndpoint, RegisterPush, WAKE_BODY};
use hearth_push::testing::{register_device, PushKeys, PushServer};
use hearth_push::GatewayConfig;
use hearth_relay::wake::PushGateway;
use hearth_relay::RelayConfig;
use hearth_wake_ticket::RegistrationId;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// A phone: its UnifiedPush keys and its registration at the gateway.
struct Phone {
    name: String,
    keys: PushKeys,
    registration: RegistrationId,
}

async fn phone(gateway: &str, push: &PushServer, name: &str) -> Phone {
    let (keys, registration) = register_device(gateway, push, name).await;
    Phone {
        name: name.into(),
        keys,
        registration,
    }
}

impl Phone {
    /// Leaves a fresh ticket for the circle's current epoch.
    async fn ticket(&self, c: &Client, circle: &Circle, gateway_key: &[u8]) -> Vec<u8> {
        let ticket_id = random(16);
        let ticket = hearth_wake_ticket::seal(gateway_key, &self.registration).unwrap();
        let path = format!(
            "/v1/mailboxes/{}/tickets/{}",
            Bytes(circle.id.clone()).to_text(),
            Bytes(ticket_id.clone()).to_text()
        );
        let body = serde_json::json!({ "epoch": circle.epoch,
            "capability": circle.capability(circle.epoch), "ticket": Bytes(ticket) });
        let (s, v) = c.call(reqwest::Method::PUT, &path, None, Some(body)).await;
        assert_eq!(s, 204, "{v}");
        ticket_id
    }
}

struct Setup {
    relay: hearth_relay::RelayHandle,
    gateway: hearth_push::GatewayHandle,
    push: PushServer,
    _dir: tempfile::TempDir,
}

async fn setup(coalesce: Duration) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let push = PushServer::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway = hearth_push::start(
        listener,
        dir.path(),
        GatewayConfig {
            relay_tokens: vec!["relay-token".into()],
            coalesce,
            allow: vec!["127.0.0.0/8".parse().unwrap()],
            ..GatewayConfig::default()
        },
    )
    .unwrap();
    let relay = relay_unthrottled(RelayConfig {
        push_gateway: Some(PushGateway {
            url: gateway.url(),
            token: "relay-token".into(),
        }),
        wake_delay: Duration::from_millis(200),
        ..RelayConfig::default()
    })
    .await;
    Setup {
        relay,
        gateway,
        push,
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_message_wakes_every_other_device_once_with_nothing_in_the_wake() {
    let s = setup(Duration::from_secs(2)).await;
    let c = Client::new(&s.relay);
    let circle = Circle::open(&c).await;
    let key = s.gateway.ticket_key();
    let gw = s.gateway.url();
    let (a, b) = (
        phone(&gw, &s.push, "alder").await,
        phone(&gw, &s.push, "birch").await,
    );
    for p in [&a, &b] {
        p.ticket(&c, &circle, &key).await;
    }
    let sent = tokio::time::Instant::now();
    let (st, _) = c
        .post(
            &circle.path(),
            None,
            circle.app(b"one-message-01", b"hello"),
        )
        .await;
    assert_eq!(st, 200);
    for p in [&a, &b] {
        let wakes = s.push.wait_for(&p.name, 1).await;
        assert!(sent.elapsed() < Duration::from_secs(2), "woken within 2 s");
        assert_eq!(wakes.len(), 1, "{} woken once", p.name);
        let w = &wakes[0];
        assert_eq!(
            p.keys.decrypt(w),
            WAKE_BODY,
            "the wake says nothing but 'wake'"
        );
        assert_eq!(w.headers["content-encoding"], "aes128gcm");
        assert!(w.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("vapid t="));
        assert_eq!(w.headers["topic"], "wake");
        assert!(w.body.len() < 4096);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(s.push.wakes("alder").len(), 1, "and only once");
    assert_eq!(s.gateway.counts().opened.load(Ordering::Relaxed), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_wakes_each_device_at_most_twice() {
    let s = setup(Duration::from_secs(2)).await;
    let c = Client::new(&s.relay);
    let circle = Circle::open(&c).await;
    let key = s.gateway.ticket_key();
    let a = phone(&s.gateway.url(), &s.push, "cedar").await;
    a.ticket(&c, &circle, &key).await;
    for i in 0..50 {
        let (st, _) = c
            .post(
                &circle.path(),
                None,
                circle.app(format!("burst-{i:04}").as_bytes(), b"x"),
            )
            .await;
        assert_eq!(st, 200);
    }
    // The first at once, one more at the end of the 2 s window; then quiet.
    s.push.wait_for("cedar", 2).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let wakes = s.push.wakes("cedar").len();
    assert!((1..=2).contains(&wakes), "{wakes} wakes for a burst of 50");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_ticket_and_a_past_epoch_wake_nobody() {
    let s = setup(Duration::from_millis(100)).await;
    let c = Client::new(&s.relay);
    let mut circle = Circle::open(&c).await;
    let key = s.gateway.ticket_key();
    let gw = s.gateway.url();
    let (stays, quiet, removed) = (
        phone(&gw, &s.push, "elm").await,
        phone(&gw, &s.push, "fir").await,
        phone(&gw, &s.push, "gum").await,
    );
    stays.ticket(&c, &circle, &key).await;
    let quiet_ticket = quiet.ticket(&c, &circle, &key).await;
    removed.ticket(&c, &circle, &key).await;
    // "Don't wake me" for this circle: the ticket is withdrawn.
    let path = format!(
        "/v1/mailboxes/{}/tickets/{}",
        Bytes(circle.id.clone()).to_text(),
        Bytes(quiet_ticket).to_text()
    );
    let withdrawn = c
        .http
        .delete(format!("{}{path}", c.base))
        .header(
            hearth_protocol::CAPABILITY_HEADER,
            circle.capability(0).to_text(),
        )
        .header(hearth_protocol::EPOCH_HEADER, "0")
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status().as_u16(), 204);
    c.post(&circle.path(), None, circle.app(b"epoch-zero-msg", b"x"))
        .await;
    assert_eq!(s.push.wait_for("elm", 1).await.len(), 1);
    assert_eq!(s.push.wait_for("gum", 1).await.len(), 1);
    assert!(
        s.push.wakes("fir").is_empty(),
        "a withdrawn ticket wakes nobody"
    );

    // A commit removes "gum": everyone in epoch 0 is woken for it (they must read it);
    // "elm" renews its ticket for epoch 1, "gum" cannot.
    let (commit, next) = circle.commit(None, None);
    assert_eq!(c.post(&circle.path(), None, commit).await.0, 200);
    s.push.wait_for("gum", 2).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    circle.capabilities.push(next);
    circle.epoch = 1;
    stays.ticket(&c, &circle, &key).await;
    let (elm_before, gum_before) = (s.push.wakes("elm").len(), s.push.wakes("gum").len());
    c.post(&circle.path(), None, circle.app(b"epoch-one-msg1", b"x"))
        .await;
    assert_eq!(
        s.push.wait_for("elm", elm_before + 1).await.len(),
        elm_before + 1
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        s.push.wakes("gum").len(),
        gum_before,
        "the removed member is not woken"
    );
    assert!(s.push.wakes("fir").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gone_registrations_are_forgotten_and_429_backs_off() {
    let s = setup(Duration::from_millis(100)).await;
    let c = Client::new(&s.relay);
    let circle = Circle::open(&c).await;
    let key = s.gateway.ticket_key();
    let gw = s.gateway.url();
    let (gone, slow) = (
        phone(&gw, &s.push, "hazel").await,
        phone(&gw, &s.push, "ivy").await,
    );
    s.push.answer("hazel", vec![(410, None)]);
    s.push.answer("ivy", vec![(429, Some("1"))]);
    gone.ticket(&c, &circle, &key).await;
    slow.ticket(&c, &circle, &key).await;
    c.post(&circle.path(), None, circle.app(b"gone-and-slow1", b"x"))
        .await;
    assert_eq!(s.push.wait_for("hazel", 1).await.len(), 1);
    // Told to wait a second, the gateway tries again after it.
    let first = tokio::time::Instant::now();
    let wakes = s.push.wait_for("ivy", 2).await;
    assert_eq!(wakes.len(), 2, "tried again after Retry-After");
    assert!(first.elapsed() >= Duration::from_millis(700));
    assert_eq!(s.gateway.counts().gone.load(Ordering::Relaxed), 1);
    assert_eq!(s.gateway.counts().rate_limited.load(Ordering::Relaxed), 1);
    // Forgotten: the next message does not reach the gone endpoint.
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.post(&circle.path(), None, circle.app(b"gone-and-slow2", b"x"))
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(s.push.wakes("hazel").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tickets_unknown_relays_and_unlisted_addresses_are_refused() {
    let s = setup(Duration::from_millis(100)).await;
    let http = reqwest::Client::new();
    let gw = s.gateway.url();
    let ticket =
        hearth_wake_ticket::seal(&s.gateway.ticket_key(), &RegistrationId([3; 16])).unwrap();
    let mut bad = ticket.clone();
    bad[40] ^= 1;
    let batch = serde_json::json!({ "tickets": [Bytes(bad), Bytes(vec![0; 80])] });
    let r = http
        .post(format!("{gw}/v1/wake"))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401, "no relay token");
    let r = http
        .post(format!("{gw}/v1/wake"))
        .bearer_auth("relay-token")
        .json(&batch)
        .send()
        .await
        .unwrap();
    let taken: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (taken["opened"].as_u64(), taken["dropped"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(s.gateway.counts().bad_tickets.load(Ordering::Relaxed), 2);

    let key = Bytes(PushKeys::generate().p256dh());
    for endpoint in [
        "https://10.1.2.3/up/x",     // a private address
        "https://169.254.169.254/x", // cloud metadata
        "http://192.168.0.1/up/x",   // private, and plain http
        "ftp://example.com/x",
        "not a url",
    ] {
        let endpoint = PushEndpoint::UnifiedPush {
            endpoint: endpoint.into(),
            p256dh: key.clone(),
            auth: Bytes(vec![1; 16]),
        };
        let r = http
            .post(format!("{gw}/v1/registrations"))
            .json(&RegisterPush { endpoint })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
    // Loopback is refused by a gateway that does not allow-list it.
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let strict = hearth_push::start(listener, dir.path(), GatewayConfig::default()).unwrap();
    let endpoint = PushEndpoint::UnifiedPush {
        endpoint: format!("{}/up/x", s.push.base),
        p256dh: key,
        auth: Bytes(vec![1; 16]),
    };
    let r = http
        .post(format!("{}/v1/registrations", strict.url()))
        .json(&RegisterPush { endpoint })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400, "loopback not allow-listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_is_away_costs_wakes_never_messages() {
    let s = setup(Duration::from_millis(100)).await;
    let c = Client::new(&s.relay);
    let circle = Circle::open(&c).await;
    let a = phone(&s.gateway.url(), &s.push, "juniper").await;
    a.ticket(&c, &circle, &s.gateway.ticket_key()).await;
    s.gateway.shutdown().await.unwrap();
    for i in 0..5 {
        let (st, _) = c
            .post(
                &circle.path(),
                None,
                circle.app(format!("while-away-{i}").as_bytes(), b"x"),
            )
            .await;
        assert_eq!(st, 200, "posts go on");
    }
    let (st, v) = fetch(&c, &circle, 0, 0).await;
    assert_eq!(st, 200);
    assert_eq!(v["messages"].as_array().unwrap().len(), 5);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(s.push.wakes("juniper").is_empty());
}
