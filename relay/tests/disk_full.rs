//! The relay's disk fills up: posts are answered 503 `busy` with `Retry-After` (phones keep
//! what waits and come back), nothing half-written is left, what was taken stays readable,
//! and when space returns posts go in again with the next sequence numbers.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_relay::{RelayConfig, SqliteStore};

/// The `n`-th 16 KiB post, under client id `id`.
fn big(circle: &Circle, id: &[u8], n: u32) -> serde_json::Value {
    circle.app(id, &vec![n as u8; 16 * 1024])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_busy_loses_nothing_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let store = SqliteStore::open(&path).unwrap();
    let disk = store.clone();
    let relay = relay_unthrottled_on(store, RelayConfig::default()).await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    disk.limit_size_for_test(Some(512 * 1024)).unwrap();

    // Post 16 KiB messages until the disk is full.
    let mut taken = Vec::new();
    let mut refused = None;
    for n in 0..200u32 {
        let id = [n.to_be_bytes(), [1; 4]].concat();
        let (s, v) = c.post(&circle.path(), None, big(&circle, &id, n)).await;
        match s {
            200 => taken.push(v["seq"].as_u64().unwrap()),
            _ => {
                refused = Some((s, v, id));
                break;
            }
        }
    }
    let (status, answer, id) = refused.expect("the disk filled up");
    assert_eq!(
        (status, answer["code"].as_str()),
        (503, Some("busy")),
        "{answer}"
    );
    assert!(taken.len() > 5, "some posts went in first");
    assert_eq!(taken, (1..=taken.len() as u64).collect::<Vec<_>>());
    // Reads go on while the disk is full.
    let (s, v) = fetch(&c, &circle, 0, 0).await;
    assert_eq!(s, 200);
    assert_eq!(v["messages"].as_array().unwrap().len(), taken.len());

    // Space returns: the refused post goes in as the next one, and so do new ones.
    disk.limit_size_for_test(None).unwrap();
    let n = taken.len() as u32;
    let (s, v) = c.post(&circle.path(), None, big(&circle, &id, n)).await;
    assert_eq!(
        (s, v["seq"].as_u64()),
        (200, Some(taken.len() as u64 + 1)),
        "{v}"
    );
    let (s, v) = c
        .post(&circle.path(), None, circle.app(b"after the disk", b"x"))
        .await;
    assert_eq!(
        (s, v["seq"].as_u64()),
        (200, Some(taken.len() as u64 + 2)),
        "{v}"
    );
    relay.shutdown().await.unwrap();
    drop(disk);

    // Nothing half-written: the database checks whole, and every message reads back.
    let check = rusqlite::Connection::open(&path).unwrap();
    let verdict: String = check
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    let rows: i64 = check
        .query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows as usize, taken.len() + 2);
}
