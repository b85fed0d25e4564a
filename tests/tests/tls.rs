//! A relay serving HTTPS and WSS: members reach it through a CA made for the test, sync
//! over HTTPS and get each other's messages pushed over the WebSocket.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use hearth_core::sync::{SyncConfig, SyncEngine};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_talk_through_a_tls_relay_with_live_delivery_over_wss() {
    let net = net_tls().await;
    assert!(net.relay.url().starts_with("https://127.0.0.1:"));
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;

    // Polling is an hour away: what arrives comes through the live socket (WSS).
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut tasks = Vec::new();
    for m in [&f, &a] {
        let sync = SyncEngine::new(
            Arc::clone(&m.client),
            net.transport(),
            SyncConfig {
                poll_every: Duration::from_secs(3600),
                ..SyncConfig::default()
            },
        );
        let token = shutdown.clone();
        tasks.push(tokio::spawn(async move { sync.run(token).await }));
    }
    // Let both subscribe before sending.
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Each message reaches someone whose sync has not woken since it started: only the
    // live socket can have brought it.
    f.client.send_text(&group, "over TLS", None).unwrap();
    arrives(&a, &group, "over TLS").await;
    a.client.send_text(&group, "and back", None).unwrap();
    arrives(&f, &group, "and back").await;
    assert_eq!(bodies(&f, &group), bodies(&a, &group));
    shutdown.cancel();
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_relays_certificate_gets_nothing_through() {
    let net = net_tls().await;
    // The public roots do not include the test CA: the handshake fails, nothing is sent.
    let client = net.profile("Robin");
    let sync = sync_for(&client, &net.relay.url());
    assert!(matches!(
        sync.register().await,
        Err(hearth_core::Error::Network)
    ));
    assert!(client.relay_account().unwrap().unwrap().device_id.is_none());
}

/// Waits (up to 20 s) for `body` to be in `m`'s history of `group`.
async fn arrives(m: &Member, group: &hearth_core::GroupId, body: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !bodies(m, group).iter().any(|b| b == body) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{body:?} did not reach {}",
            m.name
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
