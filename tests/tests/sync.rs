//! Sync under stress: racing committers, forged commits, lost answers, a long absence, a
//! relay restart, and a transport that loses, repeats and reorders.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::faults::{Faults, FaultyTransport};
use common::*;
use hearth_core::circles::{Next, Post};
use hearth_core::sync::SyncSteps;
use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine};
use hearth_core::GroupId;
use hearth_core::{Processed, Role};

fn assert_converged(members: &[&Member], group: &GroupId) {
    let epoch = members[0].client.circle(group).unwrap().epoch;
    let auth = members[0].client.epoch_authenticator(group).unwrap();
    for m in members {
        assert_eq!(m.client.circle(group).unwrap().epoch, epoch, "{}", m.name);
        assert_eq!(
            m.client.epoch_authenticator(group).unwrap(),
            auth,
            "{}",
            m.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_committers_one_wins_the_other_retries_nobody_forks() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let co = net.member("Cofacilitator Cole").await;
    let group = circle_with(&f, &[&co]).await;
    f.client
        .set_role(&group, &my_key(&co, &group), Role::CoFacilitator)
        .unwrap();
    settle(&[&f, &co]).await;

    let x = net.member("Member Xenia").await;
    let y = net.member("Member Yusuf").await;
    f.client.add_member(&group, &x.device_id).unwrap();
    co.client.add_member(&group, &y.device_id).unwrap();
    let epoch = f.client.circle(&group).unwrap().epoch;
    // Both commit for the same epoch at once: the relay takes one.
    let (a, b) = tokio::join!(f.sync.sync_once(), co.sync.sync_once());
    a.unwrap();
    b.unwrap();
    settle(&[&f, &co, &x, &y]).await;
    accept_guidelines(&group, &[&x, &y]);
    assert_eq!(f.client.circle(&group).unwrap().epoch, epoch + 2);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 4);
    assert_converged(&[&f, &co, &x, &y], &group);
    x.client
        .send_text(&group, "hello from Xenia", None)
        .unwrap();
    settle(&[&f, &co, &x, &y]).await;
    assert_eq!(bodies(&y, &group), ["hello from Xenia"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_commit_is_refused_by_the_relay_and_by_every_client() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let epoch = f.client.circle(&group).unwrap().epoch;

    // A misbehaving member's phone makes a commit anyway.
    a.client.forge_commit_for_test(&group).unwrap();
    let forged = match SyncSteps::of(&a.client).next_post(&group).unwrap() {
        Next::Post(item) => match item.post {
            Post::Message(m) => m.message.0,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    // The relay refuses it (its key is no committer's); the member's phone drops it.
    a.sync.sync_once().await.unwrap();
    assert_eq!(a.client.circle(&group).unwrap().waiting, 0);
    assert_eq!(a.client.circle(&group).unwrap().epoch, epoch);

    // Had a dishonest relay delivered it anyway, every other client refuses it too.
    let mut events = b.client.subscribe();
    let next_seq = SyncSteps::of(&b.client).circle_cursor(&group).unwrap() + 1;
    let refused = SyncSteps::of(&b.client)
        .receive(&group, next_seq, &forged)
        .unwrap();
    assert!(
        matches!(
            refused,
            Processed::Rejected {
                violation: true,
                ..
            }
        ),
        "{refused:?}"
    );
    let mut told = false;
    while let Some(n) = events.try_recv() {
        if let hearth_core::events::Notification::Changed(
            hearth_core::events::Event::CircleProblem {
                role_violation: true,
                ..
            },
        ) = n
        {
            told = true;
        }
    }
    assert!(told, "the app hears of the violation");
    assert_eq!(b.client.circle(&group).unwrap().epoch, epoch);

    // The circle carries on.
    f.client.send_text(&group, "still here", None).unwrap();
    settle(&[&f, &a]).await;
    assert_eq!(bodies(&a, &group), ["still here"]);
    assert_converged(&[&f, &a], &group);
}

/// Syncs through the faults until everyone has nothing waiting (errors are retried).
async fn settle_faulty(syncs: &[(&Member, &SyncEngine<FaultyTransport>)]) {
    for _ in 0..200 {
        for (m, s) in syncs {
            let _ = s.sync_once().await;
            accept_invitations(m);
        }
        let waiting: u32 = syncs
            .iter()
            .flat_map(|(m, _)| m.client.circles().unwrap())
            .filter(|c| c.state == hearth_core::CircleState::Active)
            .map(|c| c.waiting)
            .sum();
        if waiting == 0 {
            for (_, s) in syncs {
                while s.sync_once().await.is_err() {}
            }
            return;
        }
    }
    panic!("did not settle through the faults");
}

fn faulty(m: &Member, url: &str, faults: Faults, seed: u64) -> SyncEngine<FaultyTransport> {
    SyncEngine::new(
        Arc::clone(&m.client),
        FaultyTransport::new(url, faults, seed),
        SyncConfig::default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passes_at_once_upload_one_batch_of_key_packages_and_join_once() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let client = net.profile("Member Ash");
    let sync_for_ash = || {
        SyncEngine::new(
            Arc::clone(&client),
            FaultyTransport::new(&net.relay.url(), Faults::default(), 1),
            sync_config(),
        )
    };
    let sync = sync_for_ash();
    // A second sync over the same client, as a shell that reconnects makes while the old
    // one's pass may still run.
    let other = sync_for_ash();
    let uploads = || {
        let mut all = sync.transport().uploads.lock().unwrap().clone();
        all.extend(other.transport().uploads.lock().unwrap().iter());
        all
    };

    // The app's "check now", the background pass, the other sync's pass and a
    // registration, all at once.
    let (a, b, c, registered) = tokio::join!(
        sync.sync_once(),
        sync.sync_once(),
        other.sync_once(),
        sync.register()
    );
    for pass in [a, b, c] {
        pass.unwrap();
    }
    assert_eq!(
        uploads().len(),
        1,
        "one batch, not one per pass: {:?}",
        uploads()
    );
    assert!(uploads()[0].1, "with the last resort");

    let group = f
        .client
        .create_circle("Tuesday evening circle", "", "Be kind.")
        .unwrap()
        .group_id;
    f.client.add_member(&group, &registered.unwrap()).unwrap();
    f.sync.sync_once().await.unwrap();
    let (a, b, c) = tokio::join!(sync.sync_once(), sync.sync_once(), other.sync_once());
    for pass in [a, b, c] {
        pass.unwrap();
    }
    assert_eq!(client.circles().unwrap().len(), 1);
    assert_eq!(client.circle(&group).unwrap().member_count, 2);
    // The joined KeyPackage is used up; the passes since found enough left to upload none.
    assert_eq!(uploads().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_repeats_and_reordering_lose_and_double_nothing() {
    let net = net().await;
    let url = net.relay.url();
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let faults = Faults {
        lose_post_answer: 30,
        lose_fetch: 15,
        shuffle_and_repeat: 50,
        ..Faults::default()
    };
    let (sf, sa, sb) = (
        faulty(&f, &url, faults, 1),
        faulty(&a, &url, faults, 2),
        faulty(&b, &url, faults, 3),
    );
    let all = [(&f, &sf), (&a, &sa), (&b, &sb)];
    let group = f.client.create_circle("Circle", "", "").unwrap().group_id;
    f.client.add_member(&group, &a.device_id).unwrap();
    f.client.add_member(&group, &b.device_id).unwrap();
    settle_faulty(&all).await;
    accept_guidelines(&group, &[&a, &b]);
    let mut sent = Vec::new();
    for i in 0..10 {
        for (m, _) in &all {
            let text = format!("{} says {i}", m.name);
            m.client.send_text(&group, &text, None).unwrap();
            sent.push(text);
        }
        settle_faulty(&all).await;
    }
    // A commit whose answer is lost too: removing Birch.
    f.client.remove_member(&group, &my_key(&b, &group)).unwrap();
    settle_faulty(&all).await;
    let lost = sf.transport().lost_answers() + sa.transport().lost_answers();
    assert!(lost > 0, "the faults happened");
    sent.sort();
    for m in [&f, &a] {
        let mut got = bodies(m, &group);
        got.sort();
        assert_eq!(got, sent, "{}", m.name);
    }
    assert_eq!(bodies(&f, &group), bodies(&a, &group));
    assert_converged(&[&f, &a], &group);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_offline_through_500_messages_and_3_changes_catches_up() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let epoch_when_away = b.client.circle(&group).unwrap().epoch;
    // Birch is away; Ash and Fern talk; Cedar and Dahlia are added, Cedar is removed, and
    // the circle is renamed.
    let c = net.member("Member Cedar").await;
    let d = net.member("Member Dahlia").await;
    for i in 0..500 {
        let who = if i % 2 == 0 { &f } else { &a };
        who.client
            .send_text(&group, &format!("message {i}"), None)
            .unwrap();
        match i {
            100 => f.client.add_member(&group, &c.device_id).unwrap(),
            200 => f.client.add_member(&group, &d.device_id).unwrap(),
            300 => f
                .client
                .update_circle(&group, Some("Renamed while away"), None, None)
                .unwrap(),
            400 => f.client.remove_member(&group, &my_key(&c, &group)).unwrap(),
            _ => {}
        }
        if i % 50 == 49 {
            settle(&[&f, &a, &c, &d]).await;
        }
    }
    settle(&[&f, &a, &c, &d]).await;
    b.sync.sync_once().await.unwrap();
    let got = bodies(&b, &group);
    assert_eq!(got.len(), 500);
    assert_eq!(got, bodies(&f, &group));
    let summary = b.client.circle(&group).unwrap();
    assert_eq!(summary.name, "Renamed while away");
    assert_eq!(summary.member_count, 4);
    // Three membership changes and a rename, at least, were processed on the way.
    assert!(summary.epoch >= epoch_when_away + 4, "{summary:?}");
    let events = system_events(&b, &group);
    assert!(
        events
            .iter()
            .any(|e| e == "Member Cedar was removed from the circle."),
        "{events:?}"
    );
    assert_converged(&[&f, &a, &b, &d], &group);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_restarts_mid_conversation_and_nothing_is_lost_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let relay = relay_on(hearth_relay::SqliteStore::open(&db).unwrap(), "127.0.0.1:0").await;
    let addr = relay.addr;
    let net = Net {
        relay,
        dir,
        ca: None,
    };
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    for i in 0..5 {
        f.client
            .send_text(&group, &format!("before {i}"), None)
            .unwrap();
    }
    settle(&[&f, &a]).await;
    // Queued while the relay is down.
    let Net { relay, dir, .. } = net;
    relay.shutdown().await.unwrap();
    a.client
        .send_text(&group, "while the relay was down", None)
        .unwrap();
    assert!(a.sync.sync_once().await.is_err());
    let relay = relay_on(
        hearth_relay::SqliteStore::open(&db).unwrap(),
        &addr.to_string(),
    )
    .await;
    for i in 0..5 {
        f.client
            .send_text(&group, &format!("after {i}"), None)
            .unwrap();
    }
    settle(&[&f, &a]).await;
    let expected: Vec<String> = (0..5)
        .map(|i| format!("before {i}"))
        .chain(std::iter::once("while the relay was down".to_string()))
        .chain((0..5).map(|i| format!("after {i}")))
        .collect();
    let mut got = bodies(&f, &group);
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(bodies(&a, &group), bodies(&f, &group));
    relay.shutdown().await.unwrap();
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_sync_with_fetch_as_fallback_delivers_through_dropped_and_repeated_frames() {
    let net = net().await;
    let url = net.relay.url();
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    let faults = Faults {
        drop_frame: 20,
        repeat_frame: 20,
        ..Faults::default()
    };
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut tasks = Vec::new();
    for (m, seed) in [(&f, 11), (&a, 12)] {
        let s = SyncEngine::new(
            Arc::clone(&m.client),
            FaultyTransport::new(&url, faults, seed),
            SyncConfig {
                // Push does the work; a dropped last frame is found by the next poll.
                poll_every: Duration::from_secs(1),
                ..SyncConfig::default()
            },
        );
        let token = shutdown.clone();
        tasks.push(tokio::spawn(async move { s.run(token).await }));
    }
    for i in 0..30 {
        f.client
            .send_text(&group, &format!("live {i}"), None)
            .unwrap();
        a.client
            .send_text(&group, &format!("reply {i}"), None)
            .unwrap();
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        // The last frame dropped is found by the next one's gap; send a last message to end.
        let (fb, ab) = (bodies(&f, &group), bodies(&a, &group));
        if fb.len() >= 60 && ab.len() >= 60 && fb == ab {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "live sync stalled: {} {}",
            fb.len(),
            ab.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        if fb.len() == ab.len() && fb.len() >= 60 {
            continue;
        }
    }
    shutdown.cancel();
    for t in tasks {
        t.await.unwrap();
    }
    let got = bodies(&f, &group);
    let mut unique = got.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 60, "each once");
}

/// A relay reached over plain HTTP across a network would see session tokens and capabilities
/// in the clear: the core refuses such an address before anything is sent, and keeps the
/// relay it had. `http://` stays allowed to this computer (the demo, these tests).
#[tokio::test]
async fn a_plain_http_relay_elsewhere_is_refused_before_anything_is_sent() {
    let net = net().await;
    let client = net.profile("Robin");
    client.set_relay(&net.relay.url()).unwrap();
    for address in [
        "http://relay.example.org",
        "http://192.168.1.20:8787",
        "http://localhost.example.org",
    ] {
        let refused = client.set_relay(address).unwrap_err();
        assert!(
            matches!(
                &refused,
                hearth_core::Error::InvalidInput { field: "relay", .. }
            ),
            "{address}: {refused:?}"
        );
        assert!(HttpTransport::for_relay(address).is_err(), "{address}");
    }
    assert_eq!(
        client.relay_account().unwrap().unwrap().url,
        net.relay.url(),
        "the relay it had was replaced"
    );
    // The loopback relay still works end to end.
    let sync = sync_for(&client, &net.relay.url());
    sync.register().await.unwrap();
}

/// Phones set their own clocks. A phone ten minutes slow takes the relay's session expiry
/// as ten minutes later than it is; it must renew before then, not use a session the relay
/// has ended (and fail a pass with 401).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_a_phone_ten_minutes_slow_renews_its_session_before_the_relay_ends_it() {
    let net = net_with(hearth_relay::RelayConfig {
        session_ttl: Duration::from_secs(2),
        ..config()
    })
    .await;
    let a = net.member("Member Ash").await;
    a.client.set_clock_skew_for_test(-10 * 60);
    a.sync.sync_once().await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    a.sync
        .sync_once()
        .await
        .expect("a pass after the relay ended the last session");
}
