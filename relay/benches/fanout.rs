//! The relay under load, from a load generator in its own process (this one): messages
//! posted into 100 circles at a fixed rate and fanned out over live WebSockets to 1,000
//! subscribed clients (10 per circle). Goals: at least 2,000 messages per second sustained,
//! p99 fan-out under 200 ms. Also reports the relay's memory per idle connection.
//!
//! The relay is the real `hearth-relay` binary, started with its rate limit raised (every
//! client here shares 127.0.0.1): one process on a SQLite file (`--store sqlite`, the
//! default), or `--nodes N` processes on one PostgreSQL database (`--store postgres`, a
//! throwaway cluster started here, with fsync off: compare it with SQLite's
//! `synchronous=NORMAL`, which does not sync each commit either). With several nodes, client
//! sockets and posts are spread over them round-robin, so most deliveries cross nodes.
//!
//! Past its capacity the relay sheds load (503 with Retry-After); the figures count what
//! was accepted and shed, and the latency of accepted posts (send to answer). Posts are scheduled open-loop at the target
//! rate; fan-out latency is from the moment a post is sent to the moment a client has read
//! and parsed the frame carrying it. Messages carry well-formed MLS PrivateMessage framing
//! (the relay reads only that) with a 300-byte body, about a padded chat message.
//!
//! Run: `cargo bench -p hearth-relay --bench fanout` (prints the figures). Options, in any
//! order: `--circles N --clients N --rate N --seconds N --store sqlite|postgres --nodes N`.
//! `--rate 0` measures idle sockets only (memory per connection). `--connections N` lets
//! at most N posts be in flight at once, like N phones with one request each (a post due
//! while all N are busy waits in the generator; its answer time counts from when it is
//! sent); without it every post is sent when due, on as many connections as that takes.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{memory_kib, open_mailbox, private_message, random, start_relay, Relay};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hearth_protocol::{Bytes, LiveFrame, LiveRequest, PostMessage};
use tokio_tungstenite::tungstenite::Message;

struct Options {
    circles: usize,
    clients: usize,
    rate: u64,
    seconds: u64,
    postgres: bool,
    nodes: usize,
    connections: usize,
}

fn options() -> Options {
    let mut o = Options {
        circles: 100,
        clients: 1000,
        rate: 2000,
        seconds: 15,
        postgres: false,
        nodes: 1,
        connections: usize::MAX,
    };
    let args: Vec<String> = std::env::args().collect();
    for pair in args.windows(2) {
        let value = || pair[1].parse().expect("a number");
        match pair[0].as_str() {
            "--circles" => o.circles = value() as usize,
            "--clients" => o.clients = value() as usize,
            "--rate" => o.rate = value(),
            "--seconds" => o.seconds = value(),
            "--nodes" => o.nodes = value() as usize,
            "--connections" => o.connections = value() as usize,
            "--store" => o.postgres = pair[1] == "postgres",
            _ => {}
        }
    }
    o
}

/// A message whose 300-byte ciphertext ends with its number.
fn numbered_message(group: &[u8], number: u64) -> Vec<u8> {
    let mut body = vec![0xa5; 292];
    body.extend_from_slice(&number.to_be_bytes());
    private_message(group, &body)
}

struct Circle {
    id: Vec<u8>,
    capability: Vec<u8>,
}

/// What the clients saw: fan-out latencies in microseconds, and frames received.
#[derive(Default)]
struct Seen {
    latencies_us: Mutex<Vec<u32>>,
    frames: AtomicU64,
}

/// The nodes' resident memory together, in KiB, and their peaks together.
fn nodes_memory_kib(nodes: &[Relay]) -> (u64, u64) {
    nodes
        .iter()
        .map(|n| memory_kib(n.child.id()))
        .fold((0, 0), |(r, p), (r2, p2)| (r + r2, p + p2))
}

#[tokio::main]
async fn main() {
    let o = options();
    let tmp = tempfile::tempdir().unwrap();
    let cluster;
    let mut nodes = Vec::new();
    if o.postgres {
        cluster = hearth_test_postgres::Cluster::start().expect("a PostgreSQL cluster");
        let url = cluster.create_database().unwrap();
        for _ in 0..o.nodes {
            nodes.push(start_relay(url.as_ref(), "127.0.0.1:0"));
        }
    } else {
        assert_eq!(o.nodes, 1, "one SQLite file, one node");
        nodes.push(start_relay(
            tmp.path().join("relay.db").as_os_str(),
            "127.0.0.1:0",
        ));
    }
    let bases: Vec<String> = nodes.iter().map(|n| format!("http://{}", n.addr)).collect();
    let base = bases[0].clone();
    let http = reqwest::Client::new();

    let mut circles = Vec::new();
    for _ in 0..o.circles {
        let (id, capability) = open_mailbox(&http, &base).await;
        circles.push(Circle { id, capability });
    }
    let circles = Arc::new(circles);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (before_kib, _) = nodes_memory_kib(&nodes);

    // The clients: one socket each, subscribed to one circle.
    let seen = Arc::new(Seen::default());
    let sent_at: Arc<Vec<AtomicU64>> =
        Arc::new((0..o.rate * o.seconds).map(|_| AtomicU64::new(0)).collect());
    let t0 = Instant::now();
    let mut sinks = Vec::new();
    let mut readers = Vec::new();
    for i in 0..o.clients {
        let circle = &circles[i % o.circles];
        let addr = &nodes[i % nodes.len()].addr;
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/v1/live"))
            .await
            .unwrap();
        let (mut sink, mut stream) = ws.split();
        let subscribe = LiveRequest::Subscribe {
            mailbox_id: Bytes(circle.id.clone()),
            epoch: 0,
            capability: Bytes(circle.capability.clone()),
            after: 0,
        };
        let text = serde_json::to_string(&subscribe).unwrap();
        sink.send(Message::Text(text.into())).await.unwrap();
        sinks.push(sink);
        let seen = Arc::clone(&seen);
        let sent_at = Arc::clone(&sent_at);
        readers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(Ok(frame)) = stream.next().await {
                let Message::Text(text) = frame else { continue };
                let now = t0.elapsed().as_micros() as u64;
                match serde_json::from_str::<LiveFrame>(&text) {
                    Ok(LiveFrame::Message(d)) => {
                        let bytes = d.message.as_slice();
                        let tail: [u8; 8] = bytes[bytes.len() - 8..].try_into().unwrap();
                        let number = u64::from_be_bytes(tail) as usize;
                        let sent = sent_at[number].load(Ordering::Acquire);
                        mine.push(now.saturating_sub(sent) as u32);
                        if mine.len() >= 256 {
                            seen.latencies_us.lock().unwrap().append(&mut mine);
                        }
                        seen.frames.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(other) => panic!("unexpected frame {other:?}"),
                    Err(e) => panic!("unreadable frame: {e}"),
                }
            }
            seen.latencies_us.lock().unwrap().append(&mut mine);
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle_kib, _) = nodes_memory_kib(&nodes);

    // The load: open-loop, message n due at n / rate seconds.
    let total = o.rate * o.seconds;
    let accepted = Arc::new(AtomicU64::new(0));
    let shed = Arc::new(AtomicU64::new(0));
    let answer_us = Arc::new(Mutex::new(Vec::<u32>::new()));
    let mut worst_lag = Duration::ZERO;
    let start = tokio::time::Instant::now();
    let load_t0 = Instant::now();
    let mut posts = tokio::task::JoinSet::new();
    let phones = Arc::new(tokio::sync::Semaphore::new(
        o.connections.min(tokio::sync::Semaphore::MAX_PERMITS),
    ));
    for n in 0..total {
        let due = start + Duration::from_nanos(n * 1_000_000_000 / o.rate);
        tokio::time::sleep_until(due).await;
        worst_lag = worst_lag.max(tokio::time::Instant::now() - due);
        let circle = &circles[n as usize % o.circles];
        let post = PostMessage {
            client_id: Bytes(random(16)),
            capability: Bytes(circle.capability.clone()),
            message: Bytes(numbered_message(&circle.id, n)),
            commit: None,
            skip_wake: None,
        };
        let url = format!(
            "{}/v1/mailboxes/{}/messages",
            bases[n as usize % bases.len()],
            Bytes(circle.id.clone()).to_text()
        );
        let http = http.clone();
        let sent_at = Arc::clone(&sent_at);
        let (accepted, shed, answer_us) = (
            Arc::clone(&accepted),
            Arc::clone(&shed),
            Arc::clone(&answer_us),
        );
        let phones = Arc::clone(&phones);
        posts.spawn(async move {
            let _phone = phones.acquire_owned().await.unwrap();
            let sent = t0.elapsed().as_micros() as u64;
            sent_at[n as usize].store(sent, Ordering::Release);
            let r = http.post(url).json(&post).send().await.unwrap();
            match r.status().as_u16() {
                200 => {
                    accepted.fetch_add(1, Ordering::Relaxed);
                    let took = t0.elapsed().as_micros() as u64 - sent;
                    answer_us.lock().unwrap().push(took as u32);
                }
                503 => {
                    shed.fetch_add(1, Ordering::Relaxed);
                }
                other => panic!("post refused: {other}"),
            }
        });
        while posts.try_join_next().is_some() {}
    }
    while posts.join_next().await.is_some() {}
    let posting = load_t0.elapsed();
    let expected = accepted.load(Ordering::Relaxed) * (o.clients / o.circles) as u64;
    let wait_until = Instant::now() + Duration::from_secs(30);
    while seen.frames.load(Ordering::Relaxed) < expected && Instant::now() < wait_until {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, peak_kib) = nodes_memory_kib(&nodes);
    drop(sinks);
    tokio::time::sleep(Duration::from_millis(300)).await;
    for node in &mut nodes {
        node.child.kill().ok();
        node.child.wait().ok();
    }
    // The readers see their sockets close and hand in what they measured.
    for reader in readers {
        let _ = tokio::time::timeout(Duration::from_secs(5), reader).await;
    }

    let mut lat = std::mem::take(&mut *seen.latencies_us.lock().unwrap());
    lat.sort_unstable();
    let pct = |lat: &[u32], p: f64| common::percentile(lat, p) / 1000.0;
    let mut answers = std::mem::take(&mut *answer_us.lock().unwrap());
    answers.sort_unstable();
    let frames = seen.frames.load(Ordering::Relaxed);
    let store = if o.postgres { "PostgreSQL" } else { "SQLite" };
    let connections = if o.connections == usize::MAX {
        "a connection per post in flight".to_string()
    } else {
        format!("at most {} posts in flight", o.connections)
    };
    println!(
        "relay fan-out: {} node(s) on {store}, {} circles, {} live clients, {} msg/s offered for {} s, {connections}",
        o.nodes, o.circles, o.clients, o.rate, o.seconds
    );
    println!(
        "  shed {} (503 at capacity); accepted posts answered in p50 {:.1} ms  p99 {:.1} ms",
        shed.load(Ordering::Relaxed),
        pct(&answers, 0.50),
        pct(&answers, 0.99)
    );
    println!(
        "  posted {} in {:.2} s = {:.0} msg/s accepted (generator's worst lag behind schedule {:.1} ms)",
        accepted.load(Ordering::Relaxed),
        posting.as_secs_f64(),
        accepted.load(Ordering::Relaxed) as f64 / posting.as_secs_f64(),
        worst_lag.as_secs_f64() * 1000.0
    );
    println!(
        "  delivered {frames} of {expected} frames ({:.0} per second)",
        frames as f64 / posting.as_secs_f64()
    );
    println!(
        "  fan-out latency: p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  max {:.1} ms   (goal: p99 < 200)",
        pct(&lat, 0.50),
        pct(&lat, 0.90),
        pct(&lat, 0.99),
        pct(&lat, 1.0)
    );
    println!(
        "  relay memory (all nodes): {:.1} MiB with no clients, {:.1} MiB with {} idle subscribed sockets = {:.1} KiB per idle connection; peak {:.1} MiB",
        before_kib as f64 / 1024.0,
        idle_kib as f64 / 1024.0,
        o.clients,
        idle_kib.saturating_sub(before_kib) as f64 / o.clients as f64,
        peak_kib as f64 / 1024.0
    );
}
