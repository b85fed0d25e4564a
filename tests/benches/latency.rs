//! End-to-end latency through the relay on loopback, in a 10-member circle (goal: p50 at
//! most 10 ms, p99 at most 50 ms).
//!
//! The relay runs in this process on 127.0.0.1 (SQLite file store); every member runs
//! `SyncEngine::run` (live WebSocket push per circle, fetch as fallback), exactly as the apps do.
//! Members take turns sending; each message's latency is from the sender's `send_text`
//! call to the moment a recipient's core has decrypted and stored it (its `CircleMessage`
//! event). Messages are sent one at a time, after the previous one reached everyone.
//!
//! Run: `cargo bench -p hearth-tests --bench latency` (prints the figures; `-- N` sets the
//! number of messages, 300 by default).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hearth_core::events::{Event, Notification};
use hearth_relay::SqliteStore;
use tokio_util::sync::CancellationToken;

const MEMBERS: usize = 10;

/// When each member's core stored each message, by message id.
type Arrivals = Arc<Mutex<HashMap<String, Vec<(usize, Instant)>>>>;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let relay = common::relay_on(store, "127.0.0.1:0").await;
    let net = common::Net {
        relay,
        dir,
        ca: None,
    };

    let mut members = Vec::new();
    for n in 0..MEMBERS {
        members.push(net.member(&format!("Member {n}")).await);
    }
    let refs: Vec<&common::Member> = members.iter().collect();
    let group = common::circle_with(refs[0], &refs[1..]).await;
    // Everyone's first send also proposes a key update; get those out of the way.
    for m in &members {
        m.client.send_text(&group, "hello", None).unwrap();
    }
    common::settle(&refs).await;
    let epoch = members[0].client.circle(&group).unwrap().epoch;
    assert!(members
        .iter()
        .all(|m| m.client.circle(&group).unwrap().epoch == epoch));

    let arrivals: Arrivals = Arc::default();
    let shutdown = CancellationToken::new();
    let mut tasks = Vec::new();
    for (n, m) in members.iter().enumerate() {
        let mut events = m.client.subscribe();
        let arrivals = Arc::clone(&arrivals);
        tasks.push(tokio::spawn(async move {
            while let Some(note) = events.recv().await {
                if let Notification::Changed(Event::CircleMessage { message_id, .. }) = note {
                    let at = Instant::now();
                    arrivals
                        .lock()
                        .unwrap()
                        .entry(message_id)
                        .or_default()
                        .push((n, at));
                }
            }
        }));
        let sync = m.sync.clone();
        let shutdown = shutdown.clone();
        tasks.push(tokio::spawn(async move { sync.run(shutdown).await }));
    }
    // Let every member's live sockets subscribe.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut samples = Vec::with_capacity(count * (MEMBERS - 1));
    let started = Instant::now();
    for i in 0..count {
        let sender = i % MEMBERS;
        let client = Arc::clone(&members[sender].client);
        let group = group.clone();
        let sent = Instant::now();
        let id = tokio::task::spawn_blocking(move || {
            client
                .send_text(&group, &format!("message {i} on loopback"), None)
                .unwrap()
        })
        .await
        .unwrap();
        let deadline = sent + Duration::from_secs(10);
        loop {
            let got: Vec<Duration> = arrivals
                .lock()
                .unwrap()
                .get(id.as_str())
                .map(|v| {
                    v.iter()
                        .filter(|(n, _)| *n != sender)
                        .map(|(_, at)| at.duration_since(sent))
                        .collect()
                })
                .unwrap_or_default();
            if got.len() >= MEMBERS - 1 {
                samples.extend(got);
                break;
            }
            assert!(
                Instant::now() < deadline,
                "message {i} reached {} of {}",
                got.len(),
                MEMBERS - 1
            );
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
    }
    let elapsed = started.elapsed();
    shutdown.cancel();
    for t in tasks {
        t.abort();
    }

    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "latency (10-member circle, loopback relay, {count} messages, {} deliveries, {:.1} s)",
        samples.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  p50 {:.2} ms   p90 {:.2} ms   p99 {:.2} ms   max {:.2} ms   (goals: p50 <= 10, p99 <= 50)",
        ms(pct(0.50)),
        ms(pct(0.90)),
        ms(pct(0.99)),
        ms(*samples.last().unwrap())
    );
    let epoch_after = members[0].client.circle(&group).unwrap().epoch;
    println!("  epoch {epoch} -> {epoch_after} during the run (weekly key updates are not due)");
}
