//! What the relay keeps and says: after a whole circle's life, with people joining by invite
//! code (one of them with a wrong secret), its database files and its logs (captured at TRACE)
//! contain none of the plaintext, display names, circle names, codes or their secret parts.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relays_files_and_logs_hold_no_plaintext_names_or_circle_names() {
    let logs = Captured::default();
    let sink = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .init();

    let (net, relay_dir) = net_on_files().await;
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

    let Net { relay, dir, .. } = net;
    relay.shutdown().await.unwrap();
    let logs = logs.0.lock().unwrap().clone();
    assert!(!logs.is_empty(), "the relay logged while it worked");
    let mut scanned = vec![("logs".to_string(), logs)];
    scanned.extend(relay_files(&relay_dir));
    assert!(scanned.len() >= 2, "the database was scanned");
    for (what, bytes) in &scanned {
        for secret in &secrets {
            for form in [secret.clone(), secret.to_lowercase()] {
                assert!(
                    !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                    "{what} holds a code or its secret part"
                );
            }
        }
        for canary in CANARIES {
            for form in [canary.to_string(), canary.to_lowercase()] {
                assert!(
                    !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                    "{what} holds {canary:?}"
                );
            }
        }
    }
    drop(dir);
}
