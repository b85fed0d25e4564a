//! Registration requests are limited per address: a phone registers rarely, and a flood
//! from one address would fill the gateway's store. Past the quota the gateway answers 429
//! `rate_limited` with `Retry-After`, and relays' wakes are not counted against it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_protocol::{ApiError, Bytes, ErrorCode, RegisterPush, WakeBatch};
use hearth_push::testing::{PushKeys, PushServer};
use hearth_push::GatewayConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_is_refused_past_its_registrations_per_minute() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway = hearth_push::start(
        listener,
        dir.path(),
        GatewayConfig {
            relay_tokens: vec!["relay".into()],
            allow: vec!["127.0.0.0/8".parse().unwrap()],
            registrations_per_minute: 3,
            ..GatewayConfig::default()
        },
    )
    .unwrap();
    let push = PushServer::start().await;
    let http = reqwest::Client::new();
    let register = |name: &str| {
        let endpoint = PushKeys::generate().endpoint(&push, name);
        http.post(format!("{}/v1/registrations", gateway.url()))
            .json(&RegisterPush { endpoint })
            .send()
    };
    for i in 0..3 {
        assert_eq!(register(&format!("d{i}")).await.unwrap().status(), 201);
    }
    let refused = register("one too many").await.unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&wait), "Retry-After {wait}");
    let error: ApiError = refused.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::RateLimited);

    // Changing or deleting a registration counts too; relays' wakes do not.
    let change = http
        .put(format!("{}/v1/registrations/AAAA", gateway.url()))
        .json(&RegisterPush {
            endpoint: PushKeys::generate().endpoint(&push, "x"),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 429);
    let wake = http
        .post(format!("{}/v1/wake", gateway.url()))
        .bearer_auth("relay")
        .json(&WakeBatch {
            tickets: vec![Bytes(vec![0; 80])],
        })
        .send()
        .await
        .unwrap();
    assert!(wake.status().is_success(), "{}", wake.status());
    gateway.shutdown().await.unwrap();
}
