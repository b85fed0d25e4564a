//! `/metrics`: off unless asked for, served only on its own address, counting requests by
//! route and status, live sockets and deliveries, with no label naming a mailbox, device or
//! address.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_protocol::{Bytes, LiveFrame};
use hearth_relay::RelayConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_apart_and_name_no_mailbox_device_or_address() {
    let plain = relay().await;
    assert_eq!(plain.metrics_addr, None, "off by default");
    assert_eq!(Client::new(&plain).get("/metrics", None).await.0, 404);

    let relay = relay_unthrottled(RelayConfig {
        metrics_listen: Some("127.0.0.1:0".parse().unwrap()),
        ..RelayConfig::default()
    })
    .await;
    let metrics_at = relay.metrics_addr.expect("a metrics address");
    assert_ne!(metrics_at, relay.addr);
    let c = Client::new(&relay);
    assert_eq!(
        c.get("/metrics", None).await.0,
        404,
        "not on the public address"
    );
    let (_, device, _) = c.device().await;
    let circle = Circle::open(&c).await;
    let mut ws = live_socket(&relay).await;
    subscribe(&mut ws, &circle, 0, 0).await;
    let (s, _) = c
        .post(&circle.path(), None, circle.app(b"metrics-post-1", b"m"))
        .await;
    assert_eq!(s, 200);
    assert!(matches!(next_frame(&mut ws).await, LiveFrame::Message(_)));
    c.post(&circle.path(), None, circle.app(b"x", b"too short an id"))
        .await;

    let text = reqwest::get(format!("http://{metrics_at}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        r#"hearth_relay_requests_total{route="/v1/mailboxes/{mailbox_id}/messages",status="200"} 1"#,
        r#"hearth_relay_requests_total{route="/v1/mailboxes/{mailbox_id}/messages",status="400"} 1"#,
        r#"hearth_relay_requests_total{route="/v1/devices",status="200"} 1"#,
        "hearth_relay_live_sockets 1",
        "hearth_relay_deliveries_total 1",
        "hearth_relay_store_seconds_count",
        "hearth_relay_request_seconds_bucket",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    for secret in [
        Bytes(circle.id.clone()).to_text(),
        device,
        "127.0.0.1".to_string(),
    ] {
        assert!(!text.contains(&secret), "the metrics name {secret}");
    }
    drop(ws);
}
