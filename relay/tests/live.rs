//! Live push over WebSocket, retention, and a restart on the same database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use futures_util::SinkExt;
use hearth_protocol::{Bytes, LiveFrame, LiveRequest, MessageKind};
use hearth_relay::{RelayConfig, SqliteStore, Store};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn live_sockets_get_the_backlog_then_new_messages_then_the_epoch_end() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;
    c.post(&circle.path(), None, circle.app(&random(16), b"before"))
        .await;

    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/v1/live", relay.addr))
        .await
        .unwrap();
    subscribe(&mut ws, &circle, 0, 0).await;
    match next_frame(&mut ws).await {
        LiveFrame::Message(d) => assert_eq!((d.seq, d.kind), (1, MessageKind::Application)),
        other => panic!("{other:?}"),
    }
    c.post(&circle.path(), None, circle.app(&random(16), b"live"))
        .await;
    match next_frame(&mut ws).await {
        LiveFrame::Message(d) => assert_eq!(d.seq, 2),
        other => panic!("{other:?}"),
    }
    let (commit, next) = circle.commit(None, None);
    c.post(&circle.path(), None, commit).await;
    assert!(
        matches!(next_frame(&mut ws).await, LiveFrame::Message(d) if d.kind == MessageKind::Commit && d.seq == 3)
    );
    assert!(matches!(
        next_frame(&mut ws).await,
        LiveFrame::EpochEnded { epoch: 0, .. }
    ));

    // The next epoch needs its own capability; the old one is refused.
    circle.capabilities.push(next);
    circle.epoch = 1;
    let stale = LiveRequest::Subscribe {
        mailbox_id: Bytes(circle.id.clone()),
        epoch: 1,
        capability: circle.capability(0),
        after: 3,
    };
    ws.send(Message::Text(serde_json::to_string(&stale).unwrap().into()))
        .await
        .unwrap();
    assert!(
        matches!(next_frame(&mut ws).await, LiveFrame::Refused { error, .. } if error.code == hearth_protocol::ErrorCode::BadCapability)
    );
    subscribe(&mut ws, &circle, 1, 3).await;
    c.post(&circle.path(), None, circle.app(&random(16), b"epoch one"))
        .await;
    match next_frame(&mut ws).await {
        LiveFrame::Message(d) => assert_eq!((d.seq, d.epoch), (4, 1)),
        other => panic!("{other:?}"),
    }
    // Shutdown ends live sockets instead of waiting for them.
    tokio::time::timeout(Duration::from_secs(5), relay.shutdown())
        .await
        .expect("graceful shutdown")
        .unwrap();
}

#[tokio::test]
async fn a_restart_keeps_every_message_and_the_order_continues() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let relay = relay_with(SqliteStore::open(&db).unwrap(), RelayConfig::default()).await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    for i in 0..5u8 {
        c.post(&circle.path(), None, circle.app(&[i; 16], &[i]))
            .await;
    }
    relay.shutdown().await.unwrap();

    let relay = relay_with(SqliteStore::open(&db).unwrap(), RelayConfig::default()).await;
    let c = Client::new(&relay);
    // A retry of an old post is recognised; a new one continues the order.
    let (_, v) = c
        .post(&circle.path(), None, circle.app(&[4; 16], &[4]))
        .await;
    assert_eq!(
        (v["seq"].as_u64(), v["duplicate"].as_bool()),
        (Some(5), Some(true))
    );
    let (_, v) = c
        .post(&circle.path(), None, circle.app(&[9; 16], b"after restart"))
        .await;
    assert_eq!(v["seq"].as_u64(), Some(6));
    let (_, v) = fetch(&c, &circle, 0, 0).await;
    assert_eq!(v["messages"].as_array().unwrap().len(), 6);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn retention_deletes_old_messages_reports_and_the_capabilities_of_emptied_epochs() {
    let store = SqliteStore::in_memory().unwrap();
    let relay = relay_with(store.clone(), RelayConfig::default()).await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;
    c.post(&circle.path(), None, circle.app(&random(16), b"old"))
        .await;
    let (commit, next) = circle.commit(None, None);
    c.post(&circle.path(), None, commit).await;
    circle.capabilities.push(next);
    circle.epoch = 1;
    c.post(&circle.path(), None, circle.app(&random(16), b"newer"))
        .await;
    let (s, _) = c
        .post(
            &circle.reports_path(),
            None,
            circle.report(&random(16), hearth_protocol::REPORT_SIZE),
        )
        .await;
    assert_eq!(s, 200);
    let (key, device, token) = c.device().await;
    c.post(
        "/v1/keypackages",
        Some(&token),
        signed_upload(&key, &device, &[vec![1; 100]], None),
    )
    .await;

    // Nothing is old yet.
    let now = hearth_relay::state::now();
    assert_eq!(store.sweep(now, now - 10).await.unwrap().messages, 0);
    // Everything received before "now + 1" is past retention: messages go, epoch 0's
    // capability goes with its last message, the current epoch's stays; KeyPackages stay
    // until they expire.
    let swept = store.sweep(now, now + 1).await.unwrap();
    assert_eq!(
        (
            swept.messages,
            swept.capabilities,
            swept.key_packages,
            swept.reports
        ),
        (3, 1, 0, 1)
    );
    assert_eq!(fetch(&c, &circle, 0, 0).await.0, 403, "epoch 0 is gone");
    let (s, v) = fetch(&c, &circle, 1, 0).await;
    assert_eq!((s, v["messages"].as_array().unwrap().len()), (200, 0));
    let far = now + 60 * 24 * 3600;
    assert_eq!(store.sweep(far, now).await.unwrap().key_packages, 1);
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_socket_holds_a_few_subscriptions_and_its_requests_count_against_the_address() {
    let config = RelayConfig {
        rate_per_second: 1,
        rate_burst: 40,
        ..RelayConfig::default()
    };
    let relay = relay_with(SqliteStore::in_memory().unwrap(), config).await;
    let c = Client::new(&relay);
    let mut circles = Vec::new();
    for _ in 0..=hearth_relay::api::live::SUBSCRIPTIONS_PER_SOCKET {
        circles.push(Circle::open(&c).await);
    }
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/v1/live", relay.addr))
        .await
        .unwrap();
    for circle in &circles {
        subscribe(&mut ws, circle, 0, 0).await;
    }
    // The one past the limit is refused; the others stay.
    match next_frame(&mut ws).await {
        LiveFrame::Refused { error, mailbox_id } => {
            assert_eq!(error.code, hearth_protocol::ErrorCode::QuotaExceeded);
            assert_eq!(mailbox_id.0, circles.last().unwrap().id);
        }
        other => panic!("{other:?}"),
    }
    // A flood of requests on the socket meets the address's rate limit.
    let mut limited = false;
    for _ in 0..60 {
        subscribe(&mut ws, &circles[0], 0, 0).await;
    }
    for _ in 0..60 {
        if let LiveFrame::Refused { error, .. } = next_frame(&mut ws).await {
            if error.code == hearth_protocol::ErrorCode::RateLimited {
                limited = true;
                break;
            }
        }
    }
    assert!(limited, "a subscribe flood was not limited");
    relay.shutdown().await.unwrap();
}
