//! Several relay nodes on one PostgreSQL database: any node serves any request, a post on
//! one reaches live sockets on the others exactly once and in order, a lost notification
//! or a cut connection loses no delivery, commits race safely, a node killed mid-run loses
//! nothing, and a database restart gives 503s, then recovery.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_protocol::{LiveFrame, MessageKind};
use hearth_relay::{PostgresOptions, PostgresStore, RelayConfig, RelayHandle};
use std::collections::BTreeSet;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn config() -> RelayConfig {
    RelayConfig {
        rate_per_second: 100_000,
        rate_burst: 100_000,
        ..RelayConfig::default()
    }
}

/// A node on `url`, re-reading heads every `poll` (long, unless a test is about the poll).
async fn node(url: &str, poll: Duration) -> RelayHandle {
    let options = PostgresOptions {
        poll_every: poll,
        ..PostgresOptions::new(url)
    };
    let store = PostgresStore::connect(options).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    hearth_relay::start(listener, store, config()).unwrap()
}

const NO_POLL: Duration = Duration::from_secs(3600);

/// Reads `count` messages from a socket: their sequence numbers, in arrival order.
async fn read_seqs(ws: &mut Socket, count: usize) -> Vec<u64> {
    let mut seqs = Vec::new();
    while seqs.len() < count {
        match next_frame(ws).await {
            LiveFrame::Message(d) => seqs.push(d.seq),
            other => panic!("unexpected frame {other:?}"),
        }
    }
    seqs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn posts_on_either_node_reach_sockets_on_both_once_each_in_order() {
    let url = hearth_test_postgres::fresh_database();
    let (a, b) = (node(&url, NO_POLL).await, node(&url, NO_POLL).await);
    let (ca, cb) = (Client::new(&a), Client::new(&b));
    let circle = Circle::open(&ca).await;
    let (mut on_a, mut on_b) = (live_socket(&a).await, live_socket(&b).await);
    subscribe(&mut on_a, &circle, 0, 0).await;
    subscribe(&mut on_b, &circle, 0, 0).await;
    // Subscribed once the first post arrives on both (nothing was missed before it).
    let (s, _) = cb
        .post(&circle.path(), None, circle.app(b"first-post-id", b"0"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(read_seqs(&mut on_a, 1).await, [1]);
    assert_eq!(read_seqs(&mut on_b, 1).await, [1]);

    // Four writers, each on both nodes in turn, at once.
    const EACH: usize = 30;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let clients = [Client::new(&a), Client::new(&b)];
            let path = circle.path();
            let bodies: Vec<_> = (0..EACH)
                .map(|i| circle.app(format!("writer-{w}-{i:04}").as_bytes(), b"hello"))
                .collect();
            tokio::spawn(async move {
                for (i, body) in bodies.into_iter().enumerate() {
                    let (s, v) = clients[(w + i) % 2].post(&path, None, body.clone()).await;
                    assert_eq!(s, 200, "{v}");
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let expected: Vec<u64> = (2..=(4 * EACH as u64 + 1)).collect();
    assert_eq!(read_seqs(&mut on_a, 4 * EACH).await, expected, "node A");
    assert_eq!(read_seqs(&mut on_b, 4 * EACH).await, expected, "node B");
    // And nothing more (no duplicates trailing).
    assert!(
        tokio::time::timeout(Duration::from_millis(300), next_frame(&mut on_b))
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_append_no_node_announced_is_found_by_the_poll() {
    let url = hearth_test_postgres::fresh_database();
    let b = node(&url, Duration::from_millis(300)).await;
    let circle = Circle::open(&Client::new(&b)).await;
    let mut ws = live_socket(&b).await;
    subscribe(&mut ws, &circle, 0, 0).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Written behind every node's back: as if its node died between commit and notify.
    let id = hex(&circle.id);
    let message = hex(&private_message(&circle.id, 0, 1, b"quiet"));
    hearth_test_postgres::shared()
        .psql(
            hearth_test_postgres::database_name(&url),
            &format!(
                "INSERT INTO messages VALUES ('\\x{id}', 1, 0, 1, '\\x01', '\\x{message}', 1);
                 UPDATE mailboxes SET next_seq = 2 WHERE mailbox_id = '\\x{id}'"
            ),
        )
        .unwrap();
    match next_frame(&mut ws).await {
        LiveFrame::Message(d) => assert_eq!((d.seq, d.kind), (1, MessageKind::Application)),
        other => panic!("{other:?}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deliveries_go_on_after_the_notification_connection_is_cut() {
    let url = hearth_test_postgres::fresh_database();
    let (a, b) = (node(&url, NO_POLL).await, node(&url, NO_POLL).await);
    let ca = Client::new(&a);
    let circle = Circle::open(&ca).await;
    let mut on_b = live_socket(&b).await;
    subscribe(&mut on_b, &circle, 0, 0).await;
    ca.post(&circle.path(), None, circle.app(b"before-the-cut", b"1"))
        .await;
    assert_eq!(read_seqs(&mut on_b, 1).await, [1]);
    let cut = hearth_test_postgres::shared()
        .psql(
            hearth_test_postgres::database_name(&url),
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE query = 'LISTEN hearth_appends' AND datname = current_database()",
        )
        .unwrap();
    assert_eq!(cut, "2", "both nodes' listeners were cut");
    for i in 0..5 {
        let (s, _) = ca
            .post(
                &circle.path(),
                None,
                circle.app(format!("after-the-cut-{i}").as_bytes(), b"2"),
            )
            .await;
        assert_eq!(s, 200);
    }
    assert_eq!(read_seqs(&mut on_b, 5).await, [2, 3, 4, 5, 6]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_committers_on_two_nodes_at_once_one_wins_and_nobody_forks() {
    let url = hearth_test_postgres::fresh_database();
    let (a, b) = (node(&url, NO_POLL).await, node(&url, NO_POLL).await);
    let (ca, cb) = (Client::new(&a), Client::new(&b));
    let mut circle = Circle::open(&ca).await;
    let second = keypair();
    let both = vec![public(&circle.committer), public(&second)];
    let (body, next) = circle.commit(None, Some(both));
    assert_eq!(ca.post(&circle.path(), None, body).await.0, 200);
    circle.capabilities.push(next);
    circle.epoch = 1;
    for round in 0..10 {
        let (first, first_next) = circle.commit(None, None);
        let (other, other_next) = circle.commit(Some(&second), None);
        let path = circle.path();
        let (r1, r2) = tokio::join!(ca.post(&path, None, first), cb.post(&path, None, other));
        let winners = [r1.0, r2.0].iter().filter(|s| **s == 200).count();
        assert_eq!(winners, 1, "round {round}: {r1:?} {r2:?}");
        let loser = if r1.0 == 200 { &r2 } else { &r1 };
        assert_eq!(
            loser.0, 409,
            "the other is told the epoch moved on: {loser:?}"
        );
        circle
            .capabilities
            .push(if r1.0 == 200 { first_next } else { other_next });
        circle.epoch += 1;
    }
    // One history on both nodes: commits 1..=11 in one order, and each epoch has exactly one.
    let (sa, va) = fetch(&ca, &circle, circle.epoch, 0).await;
    let (sb, vb) = fetch(&cb, &circle, circle.epoch, 0).await;
    assert_eq!((sa, sb), (200, 200));
    assert_eq!(va["current_epoch"], 11);
    assert_eq!(va, vb);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn while_postgres_is_down_relays_answer_503_and_then_recover_by_themselves() {
    let cluster = hearth_test_postgres::Cluster::start().unwrap();
    let url = cluster.create_database().unwrap();
    let (a, b) = (
        node(&url, Duration::from_secs(1)).await,
        node(&url, Duration::from_secs(1)).await,
    );
    let (ca, cb) = (Client::new(&a), Client::new(&b));
    let circle = Circle::open(&ca).await;
    let mut on_b = live_socket(&b).await;
    subscribe(&mut on_b, &circle, 0, 0).await;
    assert_eq!(ca.get("/v1/ready", None).await.0, 200);
    // The subscription is in place (its capability was checked) once a post arrives.
    let (s, _) = ca
        .post(&circle.path(), None, circle.app(b"before-the-stop", b"x"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(read_seqs(&mut on_b, 1).await, [1]);

    cluster.stop().unwrap();
    let (s, v) = ca
        .post(&circle.path(), None, circle.app(b"while-down", b"x"))
        .await;
    assert_eq!((s, v["code"].as_str()), (503, Some("busy")), "{v}");
    assert_eq!(cb.get("/v1/ready", None).await.0, 503);

    cluster.restart().unwrap();
    let started = Instant::now();
    loop {
        let (s, _) = ca
            .post(&circle.path(), None, circle.app(b"while-down", b"x"))
            .await;
        if s == 200 {
            break;
        }
        assert_eq!(s, 503, "only 'busy' while it comes back");
        assert!(started.elapsed() < Duration::from_secs(30), "no recovery");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(cb.get("/v1/ready", None).await.0, 200);
    // Node B's socket stayed open and gets the post made on A once the database is back.
    assert_eq!(read_seqs(&mut on_b, 1).await, [2]);
}

/// A relay process of its own (the `hearth-relay` binary) on `url`, and its address.
fn relay_process(url: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth-relay"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--db",
            url,
            "--rate",
            "100000",
            "--burst",
            "100000",
        ])
        .env("HEARTH_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    (child, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_node_killed_in_the_middle_of_1000_sends_loses_and_repeats_nothing() {
    let url = hearth_test_postgres::fresh_database();
    let (mut first, first_url) = relay_process(&url);
    let (mut second, second_url) = relay_process(&url);
    let clients = [
        Client {
            http: reqwest::Client::new(),
            base: first_url,
        },
        Client {
            http: reqwest::Client::new(),
            base: second_url,
        },
    ];
    let circle = Circle::open(&clients[0]).await;
    let clients = std::sync::Arc::new(clients);
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let killed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Four senders at once, alternating nodes: the kill cuts requests in flight.
    let senders: Vec<_> = (0..4u32)
        .map(|w| {
            let (clients, sent, killed) = (clients.clone(), sent.clone(), killed.clone());
            let bodies: Vec<_> = (0..250u32)
                .map(|i| circle.app(format!("send-{w}-{i:05}").as_bytes(), b"x"))
                .collect();
            let path = circle.path();
            tokio::spawn(async move {
                for (i, body) in bodies.iter().enumerate() {
                    // A failed or cut request is sent again, same client id, to the node
                    // still standing (as a phone's transport retries).
                    let mut target = (w as usize + i) % 2;
                    loop {
                        if killed.load(std::sync::atomic::Ordering::SeqCst) {
                            target = 0;
                        }
                        let answer = clients[target]
                            .http
                            .post(format!("{}{}", clients[target].base, path))
                            .json(body)
                            .send()
                            .await;
                        match answer {
                            Ok(r) if r.status().as_u16() == 200 => break,
                            Ok(r) => panic!("send {w}/{i}: {}", r.status()),
                            Err(_) => target = 0,
                        }
                    }
                    sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            })
        })
        .collect();
    while sent.load(std::sync::atomic::Ordering::SeqCst) < 400 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    killed.store(true, std::sync::atomic::Ordering::SeqCst);
    second.kill().unwrap(); // SIGKILL: no goodbye, requests in flight cut
    second.wait().unwrap();
    for s in senders {
        s.await.unwrap();
    }
    let mut seqs = Vec::new();
    let mut after = 0;
    loop {
        let (s, v) = fetch(&clients[0], &circle, 0, after).await;
        assert_eq!(s, 200);
        let page = v["messages"].as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        for m in &page {
            seqs.push(m["seq"].as_u64().unwrap());
        }
        after = *seqs.last().unwrap();
    }
    assert_eq!(
        seqs,
        (1..=1000).collect::<Vec<u64>>(),
        "each send once, in one order"
    );
    let distinct: BTreeSet<_> = seqs.iter().collect();
    assert_eq!(distinct.len(), 1000);
    first.kill().unwrap();
    first.wait().unwrap();
}
