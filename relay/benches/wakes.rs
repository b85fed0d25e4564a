//! Wake-ups measured on loopback: how many wakes per second the gateway sends to a
//! UnifiedPush endpoint (each one encrypted and VAPID-signed), and, with coalescing off,
//! how long from a post's answer to its wake arriving (goal: p99 under 500 ms).
//!
//! Run: `cargo bench -p hearth-relay --bench wakes` (prints the figures). Options:
//! `--devices N --seconds N --posts N`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{arg, percentile, private_message as message, random};

use hearth_protocol::{Bytes, CreateMailbox, PostMessage, WakeBatch};
use hearth_push::testing::{register_device, PushServer};
use hearth_push::GatewayConfig;
use hearth_relay::wake::PushGateway;
use hearth_relay::{RelayConfig, SqliteStore};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let devices = arg("--devices", 1000) as usize;
    let seconds = arg("--seconds", 5);
    let posts = arg("--posts", 200) as usize;
    let dir = tempfile::tempdir().unwrap();
    let push = PushServer::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway = hearth_push::start(
        listener,
        dir.path(),
        GatewayConfig {
            relay_tokens: vec!["bench".into()],
            coalesce: Duration::ZERO,
            allow: vec!["127.0.0.0/8".parse().unwrap()],
            // Every benchmark device registers from this computer.
            registrations_per_minute: u32::MAX,
            ..GatewayConfig::default()
        },
    )
    .unwrap();
    let http = reqwest::Client::new();
    let gw = gateway.url();

    // 1. Throughput: batches of every device's ticket, for a few seconds.
    let mut tickets = Vec::new();
    for i in 0..devices {
        let (_, id) = register_device(&gw, &push, &format!("d{i}")).await;
        tickets.push(Bytes(
            hearth_wake_ticket::seal(&gateway.ticket_key(), &id).unwrap(),
        ));
    }
    let received = |push: &PushServer| {
        (0..devices)
            .map(|i| push.wakes(&format!("d{i}")).len())
            .sum::<usize>()
    };
    let started = Instant::now();
    let mut asked = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        for batch in tickets.chunks(500) {
            http.post(format!("{gw}/v1/wake"))
                .bearer_auth("bench")
                .json(&WakeBatch {
                    tickets: batch.to_vec(),
                })
                .send()
                .await
                .unwrap();
            asked += batch.len();
        }
        // Keep at most a few seconds' worth in flight.
        while asked > received(&push) + 5 * devices {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    while received(&push) < asked && started.elapsed() < Duration::from_secs(seconds + 30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let got = received(&push);
    println!("gateway: {devices} devices, coalescing off, {seconds} s");
    println!(
        "  {got} of {asked} wakes received = {:.0} wakes/s (each RFC 8291-encrypted, VAPID-signed, one POST)",
        got as f64 / elapsed
    );

    // 2. Latency: a relay handing tickets over at once; one device, posts one at a time.
    let relay = hearth_relay::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        SqliteStore::in_memory().unwrap(),
        RelayConfig {
            push_gateway: Some(PushGateway {
                url: gw.clone(),
                token: "bench".into(),
            }),
            wake_delay: Duration::ZERO,
            rate_per_second: 100_000,
            rate_burst: 100_000,
            ..RelayConfig::default()
        },
    )
    .unwrap();
    let base = relay.url();
    let (group, capability) = (random(32), random(32));
    let cap_hash = ring::digest::digest(&ring::digest::SHA256, &capability)
        .as_ref()
        .to_vec();
    http.post(format!("{base}/v1/mailboxes"))
        .json(&CreateMailbox {
            mailbox_id: Bytes(group.clone()),
            epoch: 0,
            capability_hash: Bytes(cap_hash),
            committers: vec![Bytes(random(32))],
        })
        .send()
        .await
        .unwrap();
    let (_, phone) = register_device(&gw, &push, "latency").await;
    let ticket = hearth_wake_ticket::seal(&gateway.ticket_key(), &phone).unwrap();
    let path = format!("{base}/v1/mailboxes/{}", Bytes(group.clone()).to_text());
    http.put(format!("{path}/tickets/{}", Bytes(random(16)).to_text()))
        .json(&serde_json::json!({ "epoch": 0, "capability": Bytes(capability.clone()), "ticket": Bytes(ticket) }))
        .send()
        .await
        .unwrap();
    let mut latencies = Vec::new();
    for i in 0..posts {
        let before = push.wakes("latency").len();
        let answer = http
            .post(format!("{path}/messages"))
            .json(&PostMessage {
                client_id: Bytes(random(16)),
                capability: Bytes(capability.clone()),
                message: Bytes(message(&group, format!("post {i}").as_bytes())),
                commit: None,
                skip_wake: None,
            })
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success());
        let accepted = Instant::now();
        let wakes = push.wait_for("latency", before + 1).await;
        let wake = wakes.get(before).expect("a wake for every post");
        latencies.push(wake.at.saturating_duration_since(accepted).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    latencies.sort_by(f64::total_cmp);
    println!("post accepted -> wake received, {posts} posts, relay gathering 0 s, gateway coalescing off:");
    println!(
        "  p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms   (goal: p99 < 500 ms)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies[latencies.len() - 1]
    );
}
