//! What the relay keeps and says: after a whole circle's life, with people joining by invite
//! code (one of them with a wrong secret), its database files and its logs (captured at TRACE)
//! contain none of the plaintext, display names, circle names, codes or their secret parts:
//! on SQLite (its file and write-ahead log) and on PostgreSQL (its whole data directory,
//! write-ahead log included).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const CANARIES: [&str; 10] = [
    "Canaryfacilitator Quillon",
    "Canarymember Wrenfield",
    "Canarymember Thistlewood",
    "Canary Circle Of Larches",
    "canary description of marram grass",
    "canary guidelines about kestrels",
    "canary plaintext heron",
    "Canary Renamed Fjord",
    "Canaryinvitee Sorrel",
    "Canaryguesser Yarrow",
];

/// Every log line of this test process, at TRACE (both tests write into it).
fn logs() -> &'static Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .init();
        logs
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relays_files_and_logs_hold_no_plaintext_names_or_circle_names() {
    logs();
    let (net, relay_dir) = net_on_files().await;
    let secrets = canary_run(&net).await;
    let Net { relay, dir, .. } = net;
    relay.shutdown().await.unwrap();
    let mut scanned = relay_files(&relay_dir);
    assert!(!scanned.is_empty(), "the database was scanned");
    scanned.push(("logs".to_string(), logs().0.lock().unwrap().clone()));
    assert_holds_none(&scanned, &secrets);
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresqls_data_directory_and_the_logs_hold_no_plaintext_names_or_circle_names() {
    logs();
    let cluster = hearth_test_postgres::Cluster::start().unwrap();
    let url = cluster.create_database().unwrap();
    let store =
        hearth_relay::PostgresStore::connect(hearth_relay::PostgresOptions::new(url.clone()))
            .await
            .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let net = Net {
        relay: hearth_relay::start(listener, store, config()).unwrap(),
        dir: tempfile::tempdir().unwrap(),
        ca: None,
    };
    let secrets = canary_run(&net).await;
    net.relay.shutdown().await.unwrap();
    // A control: text written the way a careless relay would, which the scan must find.
    let db = hearth_test_postgres::database_name(&url);
    cluster
        .psql(
            db,
            "CREATE TABLE control (t text); INSERT INTO control VALUES ('Control Ptarmigan')",
        )
        .unwrap();
    // Everything written reaches the files (tables, indexes and the write-ahead log).
    cluster.psql("postgres", "CHECKPOINT").unwrap();
    cluster.stop().unwrap();
    let mut scanned = files_under(&cluster.data_dir());
    assert!(scanned.len() > 100, "the whole data directory was scanned");
    let control = memchr::memmem::Finder::new(b"Control Ptarmigan");
    assert!(
        scanned
            .iter()
            .any(|(_, bytes)| control.find(bytes).is_some()),
        "the scan sees what the database holds"
    );
    scanned.push(("logs".to_string(), logs().0.lock().unwrap().clone()));
    assert_holds_none(&scanned, &secrets);
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files
}

/// A whole circle's life on `net`'s relay, with the canaries as names and text; returns
/// the codes used and their secret parts in every form a relay could have kept.
async fn canary_run(net: &Net) -> Vec<String> {
    let f = net.member(CANARIES[0]).await;
    let a = net.member(CANARIES[1]).await;
    let b = net.member(CANARIES[2]).await;
    let group = f
        .client
        .create_circle(CANARIES[3], CANARIES[4], CANARIES[5])
        .unwrap()
        .group_id;
    f.client.add_member(&group, &a.device_id).unwrap();
    f.client.add_member(&group, &b.device_id).unwrap();
    settle(&[&f, &a, &b]).await;
    accept_guidelines(&group, &[&a, &b]);
    for i in 0..20 {
        let id = a
            .client
            .send_text(&group, &format!("{} {i}", CANARIES[6]), None)
            .unwrap();
        if i % 5 == 0 {
            b.client.react(&group, &id, "💛", false).ok();
        }
    }
    settle(&[&f, &a, &b]).await;
    f.client
        .update_circle(&group, Some(CANARIES[7]), None, None)
        .unwrap();
    let b_key = my_key(&b, &group);
    f.client.remove_member(&group, &b_key).unwrap();
    settle(&[&f, &a, &b]).await;
    assert_eq!(a.client.circle(&group).unwrap().name, CANARIES[7]);
    assert_eq!(bodies(&f, &group).len(), 20);

    // People join by code: one with approval, one with a wrong secret.
    let invitee = net.member("Invitee device").await;
    let guesser = net.member("Guesser device").await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let invite = f
            .client
            .create_invite(&group, &hearth_core::invites::InviteOptions::default())
            .unwrap();
        codes.push(invite.code.unwrap());
    }
    settle(&[&f]).await;
    invitee
        .client
        .join_with_code(&codes[0], CANARIES[8])
        .unwrap();
    let wrong = wrong_secret(&codes[1]);
    guesser.client.join_with_code(&wrong, CANARIES[9]).unwrap();
    for m in [&invitee, &guesser, &f] {
        m.sync.sync_once().await.unwrap();
    }
    let nameplate = &codes[0][..6];
    f.client.approve_invite(nameplate).unwrap();
    settle(&[&f, &a, &invitee, &guesser]).await;
    assert_eq!(invitee.client.circle(&group).unwrap().name, CANARIES[7]);
    let mut secrets: Vec<String> = codes.clone();
    secrets.push(wrong.clone());
    for code in codes.iter().chain([&wrong]) {
        secrets.push(code.replace('-', ""));
        secrets.push(code[7..].replace('-', "")); // the secret part and check character
        secrets.push(code.replace('-', "")[6..13].to_string()); // the secret part alone
    }
    secrets
}

/// Fails naming the file when any holds a code, a secret part or a canary, in its case or
/// lower case.
fn assert_holds_none(scanned: &[(String, Vec<u8>)], secrets: &[String]) {
    let logs = scanned.iter().find(|(what, _)| what == "logs");
    assert!(
        logs.is_some_and(|(_, l)| !l.is_empty()),
        "the relay logged while it worked"
    );
    let mut needles: Vec<(String, String)> = Vec::new();
    for secret in secrets {
        for form in [secret.clone(), secret.to_lowercase()] {
            needles.push((form, "a code or its secret part".into()));
        }
    }
    for canary in CANARIES {
        for form in [canary.to_string(), canary.to_lowercase()] {
            needles.push((form, format!("{canary:?}")));
        }
    }
    let finders: Vec<_> = needles
        .iter()
        .map(|(form, what)| (memchr::memmem::Finder::new(form.as_bytes()), what))
        .collect();
    for (file, bytes) in scanned {
        for (finder, what) in &finders {
            assert!(finder.find(bytes).is_none(), "{file} holds {what}");
        }
    }
}
