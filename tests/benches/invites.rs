//! Invite codes: how long making a code takes on the facilitator's phone, and a whole
//! redemption end to end through a relay on loopback.
//!
//! The relay runs in this process on 127.0.0.1 (SQLite file store). A redemption is: the
//! facilitator's code is registered (one sync), the invitee enters it (one sync: offer, key
//! exchange, claim), the facilitator's phone syncs (finish the exchange once, admit, commit
//! the Add, post the sealed Welcome), the invitee syncs (open the answer and join). Each
//! round uses a fresh invitee; the facilitator's circle grows by one member per round.
//!
//! Run: `cargo bench -p hearth-tests --bench invites` (prints the figures; `-- N` sets the
//! number of redemptions, 30 by default).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use hearth_core::invites::{InviteOptions, JoinState};
use hearth_relay::SqliteStore;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let relay = common::relay_on(store, "127.0.0.1:0").await;
    let net = common::Net {
        relay,
        dir,
        ca: None,
    };
    let f = net.member("Facilitator").await;
    let group = f
        .client
        .create_circle("Bench circle", "", "Be kind.")
        .unwrap()
        .group_id;
    common::settle(&[&f]).await;
    let options = InviteOptions {
        auto_admit: true,
        ..InviteOptions::default()
    };

    // Making a code (one transaction on the phone: a random code, a seed, the record).
    let mut creates = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let invite = f.client.create_invite(&group, &options).unwrap();
        creates.push(t.elapsed());
        f.client.revoke_invite(&invite.nameplate).unwrap();
    }
    f.sync.sync_once().await.unwrap();
    creates.sort();

    let mut redemptions = Vec::new();
    for n in 0..rounds {
        let invitee = net.member(&format!("Invitee {n}")).await;
        let t = Instant::now();
        let invite = f.client.create_invite(&group, &options).unwrap();
        f.sync.sync_once().await.unwrap();
        invitee
            .client
            .join_with_code(invite.code.as_deref().unwrap(), "Newcomer")
            .unwrap();
        invitee.sync.sync_once().await.unwrap();
        f.sync.sync_once().await.unwrap();
        invitee.sync.sync_once().await.unwrap();
        let elapsed = t.elapsed();
        let state = invitee.client.invite_joins().unwrap()[0].state;
        assert_eq!(state, JoinState::Joined, "round {n}");
        redemptions.push(elapsed);
    }
    redemptions.sort();

    println!(
        "invite codes, {} creates and {rounds} redemptions",
        creates.len()
    );
    println!(
        "create a code (phone only): p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&creates, 0.5)),
        ms(percentile(&creates, 0.99))
    );
    println!(
        "full redemption on loopback (4 sync passes, circle of 1 to {} members): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        rounds + 1,
        ms(percentile(&redemptions, 0.5)),
        ms(percentile(&redemptions, 0.99)),
        ms(*redemptions.last().unwrap())
    );
}
