//! Appends per second each store takes, through the `Store` trait (no HTTP): into one
//! mailbox (every append waits for the one before: the per-mailbox order) and spread over
//! 1,000 mailboxes, from 32 concurrent writers for a few seconds each.
//!
//! PostgreSQL runs in a throwaway cluster started here (fsync off, like SQLite's
//! `synchronous=NORMAL` it does not sync each commit), with the relay's default pool of 16.
//!
//! Run: `cargo bench -p hearth-relay --bench appends` (prints the figures). Options:
//! `--seconds N --writers N`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::arg;

use hearth_protocol::MessageKind;
use hearth_relay::store::{Append, PostgresOptions, PostgresStore, SqliteStore, Store};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CAPABILITY: &[u8] = b"capability hash";

async fn run<S: Store>(store: Arc<S>, label: &str, mailboxes: usize, writers: usize, seconds: u64) {
    for m in 0..mailboxes {
        let id = format!("mailbox-{label}-{mailboxes}-{m:05}").into_bytes();
        assert!(store
            .create_mailbox(id, 1, CAPABILITY.to_vec(), vec![], 1)
            .await
            .unwrap());
    }
    let done = Arc::new(AtomicU64::new(0));
    let retried = Arc::new(AtomicU64::new(0));
    let stop = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (store, done, retried) =
                (Arc::clone(&store), Arc::clone(&done), Arc::clone(&retried));
            let label = label.to_string();
            tokio::spawn(async move {
                let mut i = 0u64;
                while Instant::now() < stop {
                    let m = (w as u64 * 7919 + i) as usize % mailboxes;
                    let append = Append {
                        client_id: format!("{w}-{i}").into_bytes(),
                        epoch: 1,
                        kind: MessageKind::Application,
                        capability_hash: CAPABILITY.to_vec(),
                        message: vec![0xa5; 300],
                        commit: None,
                        now: 1,
                        bytes_max: u64::MAX,
                    };
                    let id = format!("mailbox-{label}-{mailboxes}-{m:05}").into_bytes();
                    match store.append(id, append).await {
                        Ok(Ok(_)) => {
                            done.fetch_add(1, Ordering::Relaxed);
                            i += 1;
                        }
                        Ok(Err(refusal)) => panic!("refused: {refusal:?}"),
                        Err(_) => {
                            retried.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "  {label:<10} {mailboxes:>5} mailbox(es): {:>7.0} appends/s ({} busy answers retried)",
        done.load(Ordering::Relaxed) as f64 / elapsed,
        retried.load(Ordering::Relaxed)
    );
}

#[tokio::main]
async fn main() {
    let seconds = arg("--seconds", 5);
    let writers = arg("--writers", 32) as usize;
    println!(
        "appends through the Store trait, {writers} writers, {seconds} s each, 300-byte messages"
    );
    let tmp = tempfile::tempdir().unwrap();
    let sqlite = Arc::new(SqliteStore::open(&tmp.path().join("relay.db")).unwrap());
    let cluster = hearth_test_postgres::Cluster::start().expect("a PostgreSQL cluster");
    let postgres = Arc::new(
        PostgresStore::connect(PostgresOptions::new(cluster.create_database().unwrap()))
            .await
            .unwrap(),
    );
    for mailboxes in [1, 1000] {
        run(Arc::clone(&sqlite), "SQLite", mailboxes, writers, seconds).await;
        run(
            Arc::clone(&postgres),
            "PostgreSQL",
            mailboxes,
            writers,
            seconds,
        )
        .await;
    }
}
