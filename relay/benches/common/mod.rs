//! What the relay's bench binaries share: their options, random ids, the MLS framing the
//! relay reads, starting the real `hearth-relay` binary, and reading its memory.
// Each bench uses part of this.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use ring::rand::{SecureRandom, SystemRandom};

/// The number after `name` on the command line, or `default`.
pub fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .map_or(default, |w| w[1].parse().expect("a number"))
}

/// Whether `name` is on the command line.
pub fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

pub fn random(n: usize) -> Vec<u8> {
    let mut v = vec![0; n];
    SystemRandom::new().fill(&mut v).unwrap();
    v
}

pub fn sha256(b: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, b)
        .as_ref()
        .to_vec()
}

/// An MLS variable-length size (RFC 9420 §2.1.2).
fn varint(out: &mut Vec<u8>, n: usize) {
    match n {
        0..=63 => out.push(n as u8),
        64..=16383 => out.extend_from_slice(&(0x4000 | n as u16).to_be_bytes()),
        _ => out.extend_from_slice(&(0x8000_0000 | n as u32).to_be_bytes()),
    }
}

/// A PrivateMessage application message at epoch 0 with `body` as its ciphertext: the
/// relay reads only the framing.
pub fn private_message(group: &[u8], body: &[u8]) -> Vec<u8> {
    let mut m = vec![0, 1, 0, 2]; // mls10, private_message
    varint(&mut m, group.len());
    m.extend_from_slice(group);
    m.extend_from_slice(&0u64.to_be_bytes()); // epoch
    m.push(1); // application
    varint(&mut m, 0); // authenticated data
    varint(&mut m, 24); // encrypted sender data
    m.extend_from_slice(&[0x5a; 24]);
    varint(&mut m, body.len());
    m.extend_from_slice(body);
    m
}

/// The value at fraction `p` of sorted figures (NaN when there are none).
pub fn percentile<T: Copy + Into<f64>>(sorted: &[T], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].into()
}

/// A process's resident and peak memory in KiB (Linux).
pub fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// A `hearth-relay` process.
pub struct Relay {
    pub child: Child,
    /// host:port
    pub addr: String,
}

/// Starts the `hearth-relay` built with this bench on `db` (a SQLite file or a PostgreSQL
/// URL), listening on `listen` (port 0 for any), with its per-address rate limit raised
/// (every client here shares 127.0.0.1), and waits until it listens.
pub fn start_relay(db: &std::ffi::OsStr, listen: &str) -> Relay {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth-relay"))
        .args([
            "--listen", listen, "--rate", "1000000", "--burst", "1000000",
        ])
        .arg("--db")
        .arg(db)
        .env("HEARTH_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the relay (built with this bench)");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    // Keep reading, so the relay never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("the relay's address")
        .to_string();
    Relay { child, addr }
}

/// Opens a mailbox at epoch 0 with a random id and capability on the relay at `base`
/// (`http://host:port`), and returns them.
pub async fn open_mailbox(http: &reqwest::Client, base: &str) -> (Vec<u8>, Vec<u8>) {
    let (id, capability) = (random(32), random(32));
    let create = hearth_protocol::CreateMailbox {
        mailbox_id: hearth_protocol::Bytes(id.clone()),
        epoch: 0,
        capability_hash: hearth_protocol::Bytes(sha256(&capability)),
        committers: vec![hearth_protocol::Bytes(random(32))],
    };
    let r = http
        .post(format!("{base}/v1/mailboxes"))
        .json(&create)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    (id, capability)
}
