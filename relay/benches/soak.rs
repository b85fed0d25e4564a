//! The relay held under steady load for minutes, optionally SIGKILLed again and again: does
//! every message reach every subscriber exactly once, in order, does memory stay flat, and
//! how long does delivery take?
//!
//! By default 10,000 WebSocket clients subscribe to 1,000 circles (10 each) on one real
//! `hearth-relay` (SQLite); in each circle one client also posts, 1 message a second, for
//! 600 s. Every client checks its stream as it reads: each circle's messages are numbered
//! 0, 1, 2... by their poster, so a number skipped is a loss and a number again (or a
//! sequence number that does not rise) is a duplicate. After the last post the run waits for
//! every client to hold everything its circle's poster had accepted, then reads every
//! mailbox back over HTTP and checks the relay stored each post once, in order.
//!
//! With `--kill-every S` the harness SIGKILLs the relay every S seconds and starts it again
//! on the same file and port at once. Clients reconnect (after a random pause of up to 2 s)
//! and resubscribe after the last sequence number they hold; a poster whose post failed
//! sends the same post again (same client id, which the relay answers with the first
//! answer) until it is accepted, and sends nothing new meanwhile. Latency then includes the
//! time the relay was down.
//!
//! Run: `cargo bench -p hearth-relay --bench soak` (prints the figures; ~12 minutes).
//! Options: `--clients N --circles N --active N --seconds N --warmup N --kill-every N`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{arg, memory_kib, open_mailbox, percentile, private_message, random, start_relay};
use futures_util::{SinkExt, StreamExt};
use hearth_protocol::{Bytes, Fetched, LiveFrame, LiveRequest, PostMessage};
use tokio_tungstenite::tungstenite::Message;

/// Bytes of each post's ciphertext: its circle, its number, when it was first sent, padding.
const BODY: usize = 300;

struct Circle {
    id: Vec<u8>,
    capability: Vec<u8>,
    /// How many of its posts the relay has accepted (numbers 0 to this, less one).
    accepted: AtomicU64,
}

/// What one client has read, checked as it went.
#[derive(Default)]
struct ClientState {
    /// The next post number it expects from its circle.
    next: AtomicU64,
    lost: AtomicU64,
    duplicated: AtomicU64,
    reconnects: AtomicU64,
    refusals: AtomicU64,
}

/// Everything the run measures, shared by its tasks.
struct Run {
    t0: Instant,
    circles: Vec<Circle>,
    clients: Vec<ClientState>,
    /// (minute of the run, microseconds from first send to read) per delivery.
    latencies: Mutex<Vec<(u16, u32)>>,
    /// Microseconds from a post's last send to its 200.
    answers: Mutex<Vec<u32>>,
    retried_busy: AtomicU64,
    retried_failed: AtomicU64,
    stop: AtomicBool,
    stopped: tokio::sync::Notify,
}

impl Run {
    fn micros(&self) -> u64 {
        self.t0.elapsed().as_micros() as u64
    }
}

fn body(circle: u32, number: u64, sent_us: u64) -> Vec<u8> {
    let mut b = Vec::with_capacity(BODY);
    b.extend_from_slice(&circle.to_be_bytes());
    b.extend_from_slice(&number.to_be_bytes());
    b.extend_from_slice(&sent_us.to_be_bytes());
    b.resize(BODY, 0xa5);
    b
}

/// The circle, number and first-send time a message carries at its end.
fn read_body(message: &[u8]) -> (u32, u64, u64) {
    let b = &message[message.len() - BODY..];
    (
        u32::from_be_bytes(b[0..4].try_into().unwrap()),
        u64::from_be_bytes(b[4..12].try_into().unwrap()),
        u64::from_be_bytes(b[12..20].try_into().unwrap()),
    )
}

/// One live client: subscribes to its circle and checks every frame, reconnecting (and
/// resubscribing after the last sequence number it holds) whenever the socket ends.
async fn client(run: Arc<Run>, index: usize, circle: usize, addr: Arc<Mutex<String>>) {
    let me = &run.clients[index];
    let c = &run.circles[circle];
    let mut last_seq = 0;
    let mut mine = Vec::new();
    let mut first = true;
    while !run.stop.load(Ordering::Acquire) {
        if !first {
            me.reconnects.fetch_add(1, Ordering::Relaxed);
            let pause = u64::from_be_bytes(random(8).try_into().unwrap()) % 2000;
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        first = false;
        let url = format!("ws://{}/v1/live", addr.lock().unwrap());
        let Ok((ws, _)) = tokio_tungstenite::connect_async(url).await else {
            continue;
        };
        let (mut sink, mut stream) = ws.split();
        let subscribe = LiveRequest::Subscribe {
            mailbox_id: Bytes(c.id.clone()),
            epoch: 0,
            capability: Bytes(c.capability.clone()),
            after: last_seq,
        };
        let text = serde_json::to_string(&subscribe).unwrap();
        if sink.send(Message::Text(text.into())).await.is_err() {
            continue;
        }
        loop {
            let frame = tokio::select! {
                frame = stream.next() => frame,
                _ = run.stopped.notified() => break,
            };
            let Some(Ok(frame)) = frame else { break };
            let Message::Text(text) = frame else { continue };
            match serde_json::from_str::<LiveFrame>(&text) {
                Ok(LiveFrame::Message(d)) => {
                    if d.seq <= last_seq {
                        me.duplicated.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    last_seq = d.seq;
                    let (from, number, sent_us) = read_body(d.message.as_slice());
                    assert_eq!(from as usize, circle, "a message of another circle");
                    let next = me.next.load(Ordering::Relaxed);
                    if number < next {
                        me.duplicated.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    me.lost.fetch_add(number - next, Ordering::Relaxed);
                    me.next.store(number + 1, Ordering::Release);
                    let now = run.micros();
                    let minute = (now / 60_000_000) as u16;
                    mine.push((minute, now.saturating_sub(sent_us) as u32));
                    if mine.len() >= 1024 {
                        run.latencies.lock().unwrap().append(&mut mine);
                    }
                }
                Ok(LiveFrame::Refused { error, .. }) => {
                    if me.refusals.fetch_add(1, Ordering::Relaxed) == 0 && index == 0 {
                        eprintln!("client 0: subscription refused: {error:?}");
                    }
                    break;
                }
                Ok(other) => panic!("unexpected frame {other:?}"),
                Err(e) => panic!("unreadable frame: {e}"),
            }
        }
    }
    run.latencies.lock().unwrap().append(&mut mine);
}

/// One circle's poster: a message a second, each sent again until the relay accepts it.
async fn poster(run: Arc<Run>, circle: usize, addr: Arc<Mutex<String>>, until: Instant) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let c = &run.circles[circle];
    let mailbox = Bytes(c.id.clone()).to_text();
    // Spread the circles' posts over the second.
    let phase =
        Duration::from_micros(u64::from_be_bytes(random(8).try_into().unwrap()) % 1_000_000);
    let mut ticks =
        tokio::time::interval_at(tokio::time::Instant::now() + phase, Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut number = 0u64;
    loop {
        ticks.tick().await;
        if Instant::now() >= until {
            return;
        }
        let mut client_id = number.to_be_bytes().to_vec();
        client_id.extend_from_slice(b"soakpost");
        let post = PostMessage {
            client_id: Bytes(client_id),
            capability: Bytes(c.capability.clone()),
            message: Bytes(private_message(
                &c.id,
                &body(circle as u32, number, run.micros()),
            )),
            commit: None,
            skip_wake: None,
        };
        loop {
            let url = format!(
                "http://{}/v1/mailboxes/{mailbox}/messages",
                addr.lock().unwrap()
            );
            let sent = run.micros();
            match http
                .post(url)
                .json(&post)
                .send()
                .await
                .map(|r| r.status().as_u16())
            {
                Ok(200) => {
                    run.answers
                        .lock()
                        .unwrap()
                        .push((run.micros() - sent) as u32);
                    break;
                }
                Ok(503) => run.retried_busy.fetch_add(1, Ordering::Relaxed),
                Ok(other) => panic!("post refused: {other}"),
                Err(_) => run.retried_failed.fetch_add(1, Ordering::Relaxed),
            };
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        number += 1;
        c.accepted.store(number, Ordering::Release);
    }
}

/// Reads a mailbox back from the relay: its post numbers in sequence order, or why not.
async fn stored_numbers(
    http: &reqwest::Client,
    base: &str,
    c: &Circle,
) -> Result<Vec<u64>, String> {
    let mut numbers = Vec::new();
    let mut after = 0;
    loop {
        let url = format!(
            "{base}/v1/mailboxes/{}/messages?epoch=0&after={after}",
            Bytes(c.id.clone()).to_text()
        );
        let r = http
            .get(url)
            .header("x-hearth-capability", Bytes(c.capability.clone()).to_text())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let page: Fetched = r.json().await.map_err(|e| e.to_string())?;
        for d in &page.messages {
            if d.seq <= after {
                return Err(format!("sequence {} after {after}", d.seq));
            }
            after = d.seq;
            numbers.push(read_body(d.message.as_slice()).1);
        }
        if !page.more {
            return Ok(numbers);
        }
    }
}

/// The relay's memory, sampled every 10 s: (seconds into the run, KiB resident).
type Samples = Arc<Mutex<Vec<(f64, u64)>>>;

/// Least-squares slope of memory over time, in MiB per minute.
fn slope_mib_per_minute(samples: &[(f64, u64)]) -> f64 {
    let n = samples.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let mean_t = samples.iter().map(|s| s.0).sum::<f64>() / n;
    let mean_m = samples.iter().map(|s| s.1 as f64).sum::<f64>() / n;
    let cov: f64 = samples
        .iter()
        .map(|s| (s.0 - mean_t) * (s.1 as f64 - mean_m))
        .sum();
    let var: f64 = samples.iter().map(|s| (s.0 - mean_t).powi(2)).sum();
    cov / var * 60.0 / 1024.0
}

#[tokio::main]
async fn main() {
    let clients = arg("--clients", 10_000) as usize;
    let circle_count = arg("--circles", 1_000) as usize;
    let active = (arg("--active", 1_000) as usize).min(circle_count);
    let seconds = arg("--seconds", 600);
    let warmup = arg("--warmup", 60);
    let kill_every = arg("--kill-every", 0);

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("relay.db");
    let relay = Arc::new(Mutex::new(start_relay(db.as_os_str(), "127.0.0.1:0")));
    let addr = Arc::new(Mutex::new(relay.lock().unwrap().addr.clone()));
    let base = format!("http://{}", addr.lock().unwrap());
    let http = reqwest::Client::new();

    let mut circles = Vec::new();
    for _ in 0..circle_count {
        let (id, capability) = open_mailbox(&http, &base).await;
        circles.push(Circle {
            id,
            capability,
            accepted: AtomicU64::new(0),
        });
    }
    let run = Arc::new(Run {
        t0: Instant::now(),
        circles,
        clients: (0..clients).map(|_| ClientState::default()).collect(),
        latencies: Mutex::new(Vec::new()),
        answers: Mutex::new(Vec::new()),
        retried_busy: AtomicU64::new(0),
        retried_failed: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        stopped: tokio::sync::Notify::new(),
    });

    // Clients connect over about ten seconds (the listen queue is finite), then the load.
    let mut readers = tokio::task::JoinSet::new();
    for i in 0..clients {
        readers.spawn(client(
            Arc::clone(&run),
            i,
            i % circle_count,
            Arc::clone(&addr),
        ));
        if i % 1000 == 999 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let load_start = Instant::now();
    let until = load_start + Duration::from_secs(seconds);
    let mut posters = tokio::task::JoinSet::new();
    for circle in 0..active {
        posters.spawn(poster(Arc::clone(&run), circle, Arc::clone(&addr), until));
    }
    println!(
        "soak: {clients} clients in {circle_count} circles, {active} posting 1 msg/s, {seconds} s{}",
        if kill_every > 0 { format!(", relay SIGKILLed every {kill_every} s") } else { String::new() }
    );

    // Memory every 10 s; kills on schedule.
    let samples: Samples = Arc::default();
    let mut restarts_ms = Vec::new();
    let mut next_sample = load_start;
    let mut next_kill = load_start + Duration::from_secs(kill_every.max(1));
    while Instant::now() < until {
        let now = Instant::now();
        if now >= next_sample {
            let pid = relay.lock().unwrap().child.id();
            let (rss, _) = memory_kib(pid);
            let t = now.duration_since(load_start).as_secs_f64();
            samples.lock().unwrap().push((t, rss));
            if samples.lock().unwrap().len() % 6 == 1 {
                let delivered: u64 = run
                    .clients
                    .iter()
                    .map(|c| c.next.load(Ordering::Relaxed))
                    .sum();
                println!(
                    "  {t:4.0} s: relay {:.1} MiB resident, {delivered} deliveries",
                    rss as f64 / 1024.0
                );
            }
            next_sample += Duration::from_secs(10);
        }
        if kill_every > 0 && now >= next_kill {
            let mut r = relay.lock().unwrap();
            r.child.kill().unwrap(); // SIGKILL
            r.child.wait().unwrap();
            let killed = Instant::now();
            let listen = r.addr.clone();
            // The port may take a moment to be free again.
            *r = start_relay(db.as_os_str(), &listen);
            while r.addr != listen {
                std::thread::sleep(Duration::from_millis(100));
                *r = start_relay(db.as_os_str(), &listen);
            }
            restarts_ms.push(killed.elapsed().as_secs_f64() * 1000.0);
            next_kill += Duration::from_secs(kill_every);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    while posters.join_next().await.is_some() {}
    let posting_ended = Instant::now();

    // Converge: every client holds everything its circle's poster had accepted.
    let behind = || {
        run.clients
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.next.load(Ordering::Acquire)
                    < run.circles[i % circle_count]
                        .accepted
                        .load(Ordering::Acquire)
            })
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while behind() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let converged_after = posting_ended.elapsed();
    let still_behind = behind();
    let (_, peak_kib) = memory_kib(relay.lock().unwrap().child.id());

    // The relay's own record: each post stored once, in the order it was accepted.
    let mut agreeing = 0;
    for c in &run.circles {
        match stored_numbers(&http, &base, c).await {
            Ok(numbers)
                if numbers
                    .iter()
                    .copied()
                    .eq(0..c.accepted.load(Ordering::Acquire)) =>
            {
                agreeing += 1
            }
            Ok(numbers) => eprintln!(
                "a mailbox holds {} posts, not the {} accepted, in order",
                numbers.len(),
                c.accepted.load(Ordering::Acquire)
            ),
            Err(e) => eprintln!("a mailbox could not be read back: {e}"),
        }
    }

    // Clients stop: told so, and their sockets close with the relay.
    run.stop.store(true, Ordering::Release);
    run.stopped.notify_waiters();
    {
        let mut r = relay.lock().unwrap();
        r.child.kill().ok();
        r.child.wait().ok();
    }
    while readers.join_next().await.is_some() {}

    let sum = |f: fn(&ClientState) -> u64| run.clients.iter().map(f).sum::<u64>();
    let posted: u64 = run
        .circles
        .iter()
        .map(|c| c.accepted.load(Ordering::Relaxed))
        .sum();
    let expected: u64 = run
        .circles
        .iter()
        .map(|c| c.accepted.load(Ordering::Relaxed) * (clients / circle_count) as u64)
        .sum();
    let delivered = sum(|c| c.next.load(Ordering::Relaxed));
    let mut lat = std::mem::take(&mut *run.latencies.lock().unwrap());
    let minutes = lat.iter().map(|l| l.0).max().unwrap_or(0);
    let mut all: Vec<u32> = lat.iter().map(|l| l.1).collect();
    all.sort_unstable();
    let ms = |v: &[u32], p: f64| percentile(v, p) / 1000.0;
    println!("  posted and accepted: {posted} (posts sent again: {} after 503 busy, {} after a failed connection)",
        run.retried_busy.load(Ordering::Relaxed), run.retried_failed.load(Ordering::Relaxed));
    println!("  delivered: {delivered} of {expected} (lost {}, duplicated {}); clients still behind {:.1} s after the last post: {still_behind} of {clients}",
        sum(|c| c.lost.load(Ordering::Relaxed)), sum(|c| c.duplicated.load(Ordering::Relaxed)), converged_after.as_secs_f64());
    println!("  the relay's store agrees (each post once, in order): {agreeing} of {circle_count} circles");
    println!(
        "  client reconnects {}, refused subscriptions {}",
        sum(|c| c.reconnects.load(Ordering::Relaxed)),
        sum(|c| c.refusals.load(Ordering::Relaxed))
    );
    println!("  delivery latency, first send to read: p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  p99.9 {:.1} ms  max {:.1} ms",
        ms(&all, 0.5), ms(&all, 0.9), ms(&all, 0.99), ms(&all, 0.999), ms(&all, 1.0));
    let mut per_minute = Vec::new();
    for m in 0..=minutes {
        let mut v: Vec<u32> = lat.iter().filter(|l| l.0 == m).map(|l| l.1).collect();
        v.sort_unstable();
        per_minute.push(format!("{:.1}", ms(&v, 0.99)));
    }
    lat.clear();
    println!("  p99 by minute of the run (ms): {}", per_minute.join(" "));
    let mut answers = std::mem::take(&mut *run.answers.lock().unwrap());
    answers.sort_unstable();
    println!(
        "  posts answered: p50 {:.1} ms  p99 {:.1} ms",
        ms(&answers, 0.5),
        ms(&answers, 0.99)
    );
    let samples = samples.lock().unwrap();
    if kill_every == 0 {
        let after: Vec<_> = samples
            .iter()
            .copied()
            .filter(|s| s.0 >= warmup as f64)
            .collect();
        let mib = |kib: u64| kib as f64 / 1024.0;
        if let (Some(first), Some(last)) = (after.first(), after.last()) {
            println!("  relay memory after {warmup} s warm-up: {:.1} MiB, at the end {:.1} MiB, trend {:+.2} MiB/min; peak {:.1} MiB",
                mib(first.1), mib(last.1), slope_mib_per_minute(&after), mib(peak_kib));
        }
    } else {
        restarts_ms.sort_by(f64::total_cmp);
        println!(
            "  kills: {}; restarted and listening in p50 {:.0} ms, max {:.0} ms",
            restarts_ms.len(),
            percentile(&restarts_ms, 0.5),
            percentile(&restarts_ms, 1.0)
        );
    }
    let ok = delivered == expected
        && still_behind == 0
        && agreeing == circle_count
        && sum(|c| c.lost.load(Ordering::Relaxed)) == 0
        && sum(|c| c.duplicated.load(Ordering::Relaxed)) == 0;
    println!(
        "  {}",
        if ok {
            "nothing lost, nothing duplicated, every client converged"
        } else {
            "FAILED: see above"
        }
    );
    if !ok {
        std::process::exit(1);
    }
}
