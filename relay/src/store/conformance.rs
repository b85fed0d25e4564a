//! The store contract as tests: every store runs every one of these, through
//! [`store_conformance_tests!`](crate::store_conformance_tests) (as matrix-rust-sdk runs one
//! integration-test macro against each of its stores). A new store passes all of them or
//! is not a store.
//!
//! Each test takes a fresh, empty store. Concurrency tests share it between tasks, which
//! for PostgreSQL means several pooled connections racing as several nodes would.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use super::*;
use hearth_protocol::MessageKind;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Runs every conformance test against the store `$make` (an async expression giving a
/// fresh store) as `#[tokio::test]`s in the module `$name`.
#[macro_export]
macro_rules! store_conformance_tests {
    ($name:ident, $make:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::store::conformance as c;
            $crate::store_conformance_tests!(@tests $make;
                sequences_start_at_one_and_have_no_gaps,
                concurrent_appends_become_visible_in_order_without_gaps,
                a_repeated_client_id_gets_the_first_answer_even_after_the_epoch_moved_on,
                appends_check_the_mailbox_capability_epoch_and_quota,
                a_commit_needs_a_committer_and_moves_the_epoch,
                of_two_commits_for_one_epoch_exactly_one_is_taken,
                a_key_package_is_served_at_most_once,
                claims_are_limited_per_device_and_grant_one_welcome_each,
                welcomes_wait_in_order_and_are_acknowledged,
                reports_count_up_from_one_even_after_retention,
                reports_need_a_recent_capability_and_a_committer_to_read,
                an_invite_is_claimed_once_and_answered_once,
                retention_deletes_old_records_and_keeps_the_current_capability,
                a_closed_mailbox_is_gone_and_stays_closed,
                devices_challenges_and_sessions,
                a_job_runs_once_per_period,
                wake_tickets_live_per_epoch_under_its_capability,
                an_inbox_belongs_to_its_key_and_numbers_its_drops_from_one,
                concurrent_drops_are_numbered_without_gaps_and_counted_against_the_quota,
                an_unused_inbox_and_old_drops_go_with_retention,
            );
        }
    };
    (@tests $make:expr; $($test:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                c::$test($make.await).await;
            }
        )+
    };
}

const NOW: u64 = 1_800_000_000;
const CAP1: &[u8] = b"capability hash of epoch 1";
const CAP2: &[u8] = b"capability hash of epoch 2";
const FACILITATOR: &[u8] = b"facilitator key";

fn limits() -> ClaimLimits {
    ClaimLimits {
        per_claimer_per_hour: 1000,
        per_device_per_hour: 1000,
        last_resort_per_day: 2,
        welcome_grant_secs: 3600,
    }
}

fn message(client_id: &str, epoch: u64, capability: &[u8]) -> Append {
    Append {
        client_id: client_id.as_bytes().to_vec(),
        epoch,
        kind: MessageKind::Application,
        capability_hash: capability.to_vec(),
        message: format!("ciphertext {client_id}").into_bytes(),
        commit: None,
        now: NOW,
        bytes_max: 1 << 20,
    }
}

fn commit(client_id: &str, epoch: u64, capability: &[u8], next: &[u8], by: &[u8]) -> Append {
    Append {
        kind: MessageKind::Commit,
        commit: Some(CommitChange {
            committer: by.to_vec(),
            next_capability_hash: next.to_vec(),
            committers: None,
        }),
        ..message(client_id, epoch, capability)
    }
}

async fn mailbox<S: Store>(store: &S, id: &[u8]) {
    let made = store
        .create_mailbox(
            id.to_vec(),
            1,
            CAP1.to_vec(),
            vec![FACILITATOR.to_vec()],
            NOW,
        )
        .await
        .unwrap();
    assert!(made, "a new mailbox is made");
}

async fn append<S: Store>(store: &S, id: &[u8], a: Append) -> Result<Appended, AppendRefusal> {
    store.append(id.to_vec(), a).await.unwrap()
}

async fn seqs<S: Store>(store: &S, id: &[u8]) -> Vec<u64> {
    store
        .deliveries_after(id.to_vec(), 0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|d| d.seq)
        .collect()
}

pub async fn sequences_start_at_one_and_have_no_gaps<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    mailbox(&store, b"other").await;
    for i in 0..5 {
        let done = append(&store, b"box", message(&format!("m{i}"), 1, CAP1)).await;
        assert_eq!(done.unwrap().seq, i + 1);
    }
    assert_eq!(
        append(&store, b"other", message("o", 1, CAP1))
            .await
            .unwrap()
            .seq,
        1
    );
    let page = store
        .fetch(b"box".to_vec(), 1, 2, 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        page.messages.iter().map(|d| d.seq).collect::<Vec<_>>(),
        [3, 4]
    );
    assert!(page.more);
    assert_eq!(page.current_epoch, 1);
    assert_eq!(page.messages[0].message, b"ciphertext m2".to_vec().into());
    assert_eq!(seqs(&store, b"box").await, [1, 2, 3, 4, 5]);
    let heads = store
        .heads(vec![b"box".to_vec(), b"other".to_vec(), b"none".to_vec()])
        .await
        .unwrap();
    let heads: BTreeSet<_> = heads.into_iter().map(|h| (h.mailbox_id, h.seq)).collect();
    assert_eq!(
        heads,
        BTreeSet::from([(b"box".to_vec(), 5), (b"other".to_vec(), 1)])
    );
    assert!(store
        .fetch(b"none".to_vec(), 1, 0, 10)
        .await
        .unwrap()
        .is_none());
}

pub async fn concurrent_appends_become_visible_in_order_without_gaps<S: Store>(store: S) {
    let store = Arc::new(store);
    mailbox(&*store, b"busy").await;
    const WRITERS: usize = 8;
    const EACH: usize = 25;
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                for i in 0..EACH {
                    let a = message(&format!("w{w}-{i}"), 1, CAP1);
                    loop {
                        match store.append(b"busy".to_vec(), a.clone()).await {
                            Ok(done) => {
                                done.unwrap();
                                break;
                            }
                            // Busy is allowed (the caller retries); losing the post is not.
                            Err(StoreError::Retryable(_)) => tokio::task::yield_now().await,
                            Err(e) => panic!("append failed: {e}"),
                        }
                    }
                }
            })
        })
        .collect();
    // A reader racing the writers never sees a message before all the ones before it.
    let reader = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            loop {
                let seen = seqs(&*store, b"busy").await;
                let expected: Vec<u64> = (1..=seen.len() as u64).collect();
                assert_eq!(seen, expected, "a reader saw a gap");
                if seen.len() == WRITERS * EACH {
                    return;
                }
                tokio::task::yield_now().await;
            }
        })
    };
    for w in writers {
        w.await.unwrap();
    }
    reader.await.unwrap();
    let all = store
        .deliveries_after(b"busy".to_vec(), 0, 10_000)
        .await
        .unwrap();
    let ids: BTreeSet<Vec<u8>> = all.iter().map(|d| d.message.0.clone()).collect();
    assert_eq!(ids.len(), WRITERS * EACH, "every post is there once");
}

pub async fn a_repeated_client_id_gets_the_first_answer_even_after_the_epoch_moved_on<S: Store>(
    store: S,
) {
    mailbox(&store, b"box").await;
    let first = append(&store, b"box", message("same", 1, CAP1))
        .await
        .unwrap();
    assert!(!first.duplicate);
    let again = append(&store, b"box", message("same", 1, CAP1))
        .await
        .unwrap();
    assert_eq!(
        (again.seq, again.epoch, again.duplicate),
        (first.seq, 1, true)
    );
    append(&store, b"box", commit("c", 1, CAP1, CAP2, FACILITATOR))
        .await
        .unwrap();
    let late = append(&store, b"box", message("same", 1, CAP1))
        .await
        .unwrap();
    assert_eq!((late.seq, late.epoch, late.duplicate), (first.seq, 1, true));
    assert_eq!(
        seqs(&store, b"box").await,
        [1, 2],
        "nothing was added twice"
    );
}

pub async fn appends_check_the_mailbox_capability_epoch_and_quota<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    assert_eq!(
        append(&store, b"none", message("a", 1, CAP1)).await,
        Err(AppendRefusal::NoMailbox)
    );
    assert_eq!(
        append(&store, b"box", message("a", 1, b"wrong")).await,
        Err(AppendRefusal::BadCapability)
    );
    append(&store, b"box", commit("c", 1, CAP1, CAP2, FACILITATOR))
        .await
        .unwrap();
    assert_eq!(
        append(&store, b"box", message("old", 1, CAP1)).await,
        Err(AppendRefusal::StaleEpoch { current: 2 })
    );
    // The mailbox holds the commit (12 bytes); 14 more would pass 20.
    let big = Append {
        bytes_max: 20,
        ..message("big", 2, CAP2)
    };
    assert_eq!(
        append(&store, b"box", big).await,
        Err(AppendRefusal::QuotaExceeded)
    );
    assert_eq!(seqs(&store, b"box").await, [1], "refusals add nothing");
}

pub async fn a_commit_needs_a_committer_and_moves_the_epoch<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    assert_eq!(
        append(&store, b"box", commit("x", 1, CAP1, CAP2, b"a member")).await,
        Err(AppendRefusal::NotCommitter)
    );
    let mut change = commit("c", 1, CAP1, CAP2, FACILITATOR);
    if let Some(c) = change.commit.as_mut() {
        c.committers = Some(vec![b"new facilitator".to_vec()]);
    }
    let done = append(&store, b"box", change).await.unwrap();
    assert_eq!(
        (done.seq, done.epoch),
        (1, 1),
        "a commit belongs to its epoch"
    );
    let capable = |epoch, cap: &[u8]| store.capability_valid(b"box".to_vec(), epoch, cap.to_vec());
    assert!(capable(2, CAP2).await.unwrap());
    assert!(
        capable(1, CAP1).await.unwrap(),
        "the old epoch's is kept for catching up"
    );
    assert!(!capable(2, CAP1).await.unwrap());
    let page = store
        .fetch(b"box".to_vec(), 2, 0, 10)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.current_epoch, 2);
    // The committer set changed with the commit.
    assert_eq!(
        append(&store, b"box", commit("c2", 2, CAP2, b"cap3", FACILITATOR)).await,
        Err(AppendRefusal::NotCommitter)
    );
    let next = append(
        &store,
        b"box",
        commit("c3", 2, CAP2, b"cap3", b"new facilitator"),
    )
    .await;
    assert_eq!(next.unwrap().epoch, 2);
    assert_eq!(
        append(&store, b"box", message("m", 3, b"cap3"))
            .await
            .unwrap()
            .seq,
        3
    );
}

pub async fn of_two_commits_for_one_epoch_exactly_one_is_taken<S: Store>(store: S) {
    let store = Arc::new(store);
    mailbox(&*store, b"box").await;
    for round in 0..10 {
        let (epoch, cap) = (round + 1, format!("cap{}", round + 1).into_bytes());
        let cap = if round == 0 { CAP1.to_vec() } else { cap };
        let next = format!("cap{}", round + 2).into_bytes();
        let racers: Vec<_> = (0..2)
            .map(|who| {
                let (store, cap, next) = (Arc::clone(&store), cap.clone(), next.clone());
                tokio::spawn(async move {
                    let c = commit(&format!("r{round}-{who}"), epoch, &cap, &next, FACILITATOR);
                    loop {
                        match store.append(b"box".to_vec(), c.clone()).await {
                            Ok(result) => return result,
                            Err(StoreError::Retryable(_)) => tokio::task::yield_now().await,
                            Err(e) => panic!("commit failed: {e}"),
                        }
                    }
                })
            })
            .collect();
        let mut taken = 0;
        for racer in racers {
            match racer.await.unwrap() {
                Ok(_) => taken += 1,
                Err(AppendRefusal::StaleEpoch { current }) => assert_eq!(current, epoch + 1),
                Err(other) => panic!("unexpected refusal {other:?}"),
            }
        }
        assert_eq!(taken, 1, "round {round}: exactly one commit is taken");
    }
    assert_eq!(seqs(&*store, b"box").await, (1..=10).collect::<Vec<_>>());
}

pub async fn a_key_package_is_served_at_most_once<S: Store>(store: S) {
    let store = Arc::new(store);
    store
        .register_device("dev".into(), b"key".to_vec())
        .await
        .unwrap();
    let kps: Vec<_> = (0..10)
        .map(|i| SignedKeyPackage {
            key_package: format!("kp{i}").into_bytes(),
            signature: b"sig".to_vec(),
        })
        .collect();
    let last = SignedKeyPackage {
        key_package: b"last".to_vec(),
        signature: b"sig".to_vec(),
    };
    store
        .add_key_packages("dev".into(), kps, Some(last), NOW + 100)
        .await
        .unwrap();
    let stock = store.key_package_count("dev".into(), NOW).await.unwrap();
    assert_eq!(
        stock,
        KeyPackageStock {
            available: 10,
            has_last_resort: true,
            last_resort_used: false
        }
    );
    let claims: Vec<_> = (0..16)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                loop {
                    match store
                        .claim_key_package(format!("claimer{i}"), "dev".into(), NOW, limits())
                        .await
                    {
                        Ok(claim) => return claim,
                        Err(StoreError::Retryable(_)) => tokio::task::yield_now().await,
                        Err(e) => panic!("claim failed: {e}"),
                    }
                }
            })
        })
        .collect();
    let mut one_time = BTreeSet::new();
    let (mut last_resorts, mut none) = (0, 0);
    for claim in claims {
        match claim.await.unwrap() {
            Claim::Claimed(kp) if kp.last_resort => last_resorts += 1,
            Claim::Claimed(kp) => assert!(one_time.insert(kp.key_package), "served twice"),
            Claim::NoneLeft => none += 1,
            Claim::TooMany { .. } => panic!("no limit was reached"),
        }
    }
    assert_eq!(one_time.len(), 10);
    assert_eq!(
        (last_resorts, none),
        (2, 4),
        "the last resort twice a day, then nothing"
    );
    let stock = store.key_package_count("dev".into(), NOW).await.unwrap();
    assert_eq!(
        stock,
        KeyPackageStock {
            available: 0,
            has_last_resort: true,
            last_resort_used: true
        }
    );
    // Expired ones are not served.
    let old = vec![SignedKeyPackage {
        key_package: b"old".to_vec(),
        signature: b"s".to_vec(),
    }];
    store
        .add_key_packages("dev".into(), old, None, NOW - 1)
        .await
        .unwrap();
    let next_day = NOW + 86_400;
    match store
        .claim_key_package("late".into(), "dev".into(), next_day, limits())
        .await
        .unwrap()
    {
        Claim::Claimed(kp) => assert!(kp.last_resort, "the expired one is skipped"),
        other => panic!("expected the last resort, got {other:?}"),
    }
}

pub async fn claims_are_limited_per_device_and_grant_one_welcome_each<S: Store>(store: S) {
    store
        .register_device("dev".into(), b"key".to_vec())
        .await
        .unwrap();
    let kps: Vec<_> = (0..5)
        .map(|i| SignedKeyPackage {
            key_package: vec![i],
            signature: b"s".to_vec(),
        })
        .collect();
    store
        .add_key_packages("dev".into(), kps, None, NOW + 100)
        .await
        .unwrap();
    let tight = ClaimLimits {
        per_device_per_hour: 2,
        ..limits()
    };
    for _ in 0..2 {
        let claim = store
            .claim_key_package("adder".into(), "dev".into(), NOW, tight)
            .await;
        assert!(matches!(claim.unwrap(), Claim::Claimed(_)));
    }
    let refused = store
        .claim_key_package("other".into(), "dev".into(), NOW, tight)
        .await;
    assert!(matches!(refused.unwrap(), Claim::TooMany { retry_after } if retry_after <= 3600));
    assert_eq!(
        store
            .key_package_count("dev".into(), NOW)
            .await
            .unwrap()
            .available,
        3
    );
    // Two claims, two Welcomes; a third is not granted.
    let welcome = |id: &str| NewWelcome {
        id: id.as_bytes().to_vec(),
        welcome: b"w".to_vec(),
    };
    let post = |id| store.post_welcome("adder".into(), "dev".into(), welcome(id), NOW, 10);
    assert_eq!(post("welcome-1").await.unwrap(), WelcomePosted::Stored);
    assert_eq!(
        post("welcome-1").await.unwrap(),
        WelcomePosted::Stored,
        "a repeat"
    );
    assert_eq!(post("welcome-2").await.unwrap(), WelcomePosted::Stored);
    assert_eq!(post("welcome-3").await.unwrap(), WelcomePosted::NotClaimed);
    let stranger = store.post_welcome("other".into(), "dev".into(), welcome("x"), NOW, 10);
    assert_eq!(stranger.await.unwrap(), WelcomePosted::NotClaimed);
    let nobody = store.post_welcome("adder".into(), "gone".into(), welcome("y"), NOW, 10);
    assert_eq!(nobody.await.unwrap(), WelcomePosted::NoDevice);
}

pub async fn welcomes_wait_in_order_and_are_acknowledged<S: Store>(store: S) {
    store
        .register_device("dev".into(), b"key".to_vec())
        .await
        .unwrap();
    let kps: Vec<_> = (0..6)
        .map(|i| SignedKeyPackage {
            key_package: vec![i],
            signature: b"s".to_vec(),
        })
        .collect();
    store
        .add_key_packages("dev".into(), kps, None, NOW + 100)
        .await
        .unwrap();
    for i in 0..4u8 {
        store
            .claim_key_package("adder".into(), "dev".into(), NOW, limits())
            .await
            .unwrap();
        let welcome = NewWelcome {
            id: vec![b'w', i],
            welcome: vec![i],
        };
        let posted =
            store.post_welcome("adder".into(), "dev".into(), welcome, NOW + u64::from(i), 3);
        let expected = if i < 3 {
            WelcomePosted::Stored
        } else {
            WelcomePosted::InboxFull
        };
        assert_eq!(posted.await.unwrap(), expected);
    }
    let page = store.welcomes("dev".into(), 2).await.unwrap();
    assert!(page.more);
    assert_eq!(
        page.welcomes,
        vec![
            StoredWelcome {
                id: vec![b'w', 0],
                welcome: vec![0],
                received_at: NOW
            },
            StoredWelcome {
                id: vec![b'w', 1],
                welcome: vec![1],
                received_at: NOW + 1
            },
        ]
    );
    store
        .ack_welcomes("dev".into(), vec![vec![b'w', 0], vec![b'w', 1]])
        .await
        .unwrap();
    let rest = store.welcomes("dev".into(), 2).await.unwrap();
    assert!(!rest.more);
    assert_eq!(rest.welcomes.len(), 1);
    assert_eq!(rest.welcomes[0].id, vec![b'w', 2]);
    // The full inbox kept the claim: room again, the fourth goes in.
    let fourth = NewWelcome {
        id: vec![b'w', 3],
        welcome: vec![3],
    };
    let posted = store.post_welcome("adder".into(), "dev".into(), fourth, NOW, 3);
    assert_eq!(posted.await.unwrap(), WelcomePosted::Stored);
}

fn report(client_id: &str, epoch: u64, capability: &[u8], now: u64) -> NewReport {
    NewReport {
        client_id: client_id.as_bytes().to_vec(),
        epoch,
        capability_hash: capability.to_vec(),
        report: vec![7; 64],
        now,
        per_day_max: 3,
    }
}

pub async fn reports_count_up_from_one_even_after_retention<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    let post = |r| store.post_report(b"box".to_vec(), r);
    let first = post(report("r1", 1, CAP1, NOW)).await.unwrap().unwrap();
    assert_eq!(
        first,
        ReportPosted {
            seq: 1,
            duplicate: false
        }
    );
    assert_eq!(
        post(report("r2", 1, CAP1, NOW)).await.unwrap().unwrap().seq,
        2
    );
    let again = post(report("r1", 1, CAP1, NOW)).await.unwrap().unwrap();
    assert_eq!(
        again,
        ReportPosted {
            seq: 1,
            duplicate: true
        }
    );
    // Retention empties the inbox; numbers go on (a facilitator's cursor stays valid).
    let swept = store.sweep(NOW + 10, NOW + 5).await.unwrap();
    assert_eq!(swept.reports, 2);
    let later = NOW + 20;
    assert_eq!(
        post(report("r3", 1, CAP1, later))
            .await
            .unwrap()
            .unwrap()
            .seq,
        3
    );
    let inbox = store
        .fetch_reports(b"box".to_vec(), FACILITATOR.to_vec(), 0, 10)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(inbox.reports.iter().map(|r| r.seq).collect::<Vec<_>>(), [3]);
    // The day's quota counts what arrived in the last day.
    post(report("r4", 1, CAP1, later)).await.unwrap().unwrap();
    post(report("r5", 1, CAP1, later)).await.unwrap().unwrap();
    assert_eq!(
        post(report("r6", 1, CAP1, later)).await.unwrap(),
        Err(AppendRefusal::QuotaExceeded)
    );
}

pub async fn reports_need_a_recent_capability_and_a_committer_to_read<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    let post = |r| store.post_report(b"box".to_vec(), r);
    assert_eq!(
        post(report("bad", 1, b"wrong", NOW)).await.unwrap(),
        Err(AppendRefusal::BadCapability)
    );
    assert_eq!(
        store
            .post_report(b"none".to_vec(), report("x", 1, CAP1, NOW))
            .await
            .unwrap(),
        Err(AppendRefusal::NoMailbox)
    );
    append(&store, b"box", commit("c1", 1, CAP1, CAP2, FACILITATOR))
        .await
        .unwrap();
    // Sealed just before the commit: still taken.
    assert!(post(report("late", 1, CAP1, NOW)).await.unwrap().is_ok());
    append(&store, b"box", commit("c2", 2, CAP2, b"cap3", FACILITATOR))
        .await
        .unwrap();
    assert_eq!(
        post(report("stale", 1, CAP1, NOW)).await.unwrap(),
        Err(AppendRefusal::StaleEpoch { current: 3 })
    );
    let read = |who: &[u8]| store.fetch_reports(b"box".to_vec(), who.to_vec(), 0, 10);
    assert_eq!(
        read(b"a member").await.unwrap().unwrap_err(),
        AppendRefusal::NotCommitter
    );
    assert_eq!(read(FACILITATOR).await.unwrap().unwrap().reports.len(), 1);
}

pub async fn an_invite_is_claimed_once_and_answered_once<S: Store>(store: S) {
    let invite = |nameplate: &str| NewInvite {
        nameplate: nameplate.into(),
        message: b"pake 1".to_vec(),
        owner_hash: b"owner".to_vec(),
        expires_at: NOW + 600,
    };
    assert!(store.create_invite(invite("7-plate")).await.unwrap());
    assert!(
        !store.create_invite(invite("7-plate")).await.unwrap(),
        "nameplate taken"
    );
    assert_eq!(
        store.invite_offer("7-plate".into(), NOW).await.unwrap(),
        Some(b"pake 1".to_vec())
    );
    assert_eq!(
        store
            .invite_offer("7-plate".into(), NOW + 601)
            .await
            .unwrap(),
        None
    );
    let lookup = |owner: &[u8]| store.invite_claim("7-plate".into(), owner.to_vec());
    assert_eq!(lookup(b"owner").await.unwrap(), ClaimLookup::Unclaimed);
    assert_eq!(lookup(b"guess").await.unwrap(), ClaimLookup::NoInvite);
    let claim = |hash: &[u8]| NewClaim {
        claim_hash: hash.to_vec(),
        message: b"pake 2".to_vec(),
        sealed: b"sealed".to_vec(),
    };
    assert!(
        !store
            .claim_invite("7-plate".into(), claim(b"c1"), NOW + 601)
            .await
            .unwrap(),
        "expired"
    );
    assert!(store
        .claim_invite("7-plate".into(), claim(b"c1"), NOW)
        .await
        .unwrap());
    assert!(
        store
            .claim_invite("7-plate".into(), claim(b"c1"), NOW)
            .await
            .unwrap(),
        "a repeat"
    );
    assert!(!store
        .claim_invite("7-plate".into(), claim(b"c2"), NOW)
        .await
        .unwrap());
    assert_eq!(
        store.invite_offer("7-plate".into(), NOW).await.unwrap(),
        None,
        "claimed"
    );
    assert_eq!(
        lookup(b"owner").await.unwrap(),
        ClaimLookup::Claimed(StoredClaim {
            message: b"pake 2".to_vec(),
            sealed: b"sealed".to_vec(),
            claimed_at: NOW,
        })
    );
    let answer = |hash: &[u8]| store.invite_answer("7-plate".into(), hash.to_vec());
    assert_eq!(answer(b"c1").await.unwrap(), AnswerLookup::Unanswered);
    assert_eq!(answer(b"c2").await.unwrap(), AnswerLookup::NoInvite);
    let give =
        |sealed: &[u8]| store.answer_invite("7-plate".into(), b"owner".to_vec(), sealed.to_vec());
    assert!(give(b"yes").await.unwrap());
    assert!(give(b"yes").await.unwrap(), "the same answer again");
    assert!(!give(b"no").await.unwrap(), "written once");
    assert_eq!(
        answer(b"c1").await.unwrap(),
        AnswerLookup::Answered(b"yes".to_vec())
    );
    assert!(!store
        .delete_invite("7-plate".into(), b"guess".to_vec())
        .await
        .unwrap());
    assert!(store
        .delete_invite("7-plate".into(), b"c1".to_vec())
        .await
        .unwrap());
    assert_eq!(answer(b"c1").await.unwrap(), AnswerLookup::NoInvite);
    assert!(store.create_invite(invite("8-old")).await.unwrap());
    assert_eq!(store.sweep_invites(NOW + 601).await.unwrap(), 1);
    assert_eq!(store.sweep_invites(NOW + 601).await.unwrap(), 0);
}

pub async fn retention_deletes_old_records_and_keeps_the_current_capability<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    let old = Append {
        message: vec![1; 30],
        ..message("old", 1, CAP1)
    };
    append(&store, b"box", old).await.unwrap();
    append(&store, b"box", commit("c", 1, CAP1, CAP2, FACILITATOR))
        .await
        .unwrap();
    // Held: 30 + 12 (the commit) + 60 = 102 bytes; 30 more would pass 110.
    let new = Append {
        now: NOW + 100,
        bytes_max: 110,
        message: vec![2; 60],
        ..message("new", 2, CAP2)
    };
    append(&store, b"box", new).await.unwrap();
    let full = Append {
        now: NOW + 100,
        bytes_max: 110,
        message: vec![3; 30],
        ..message("full", 2, CAP2)
    };
    assert_eq!(
        append(&store, b"box", full.clone()).await,
        Err(AppendRefusal::QuotaExceeded)
    );
    store
        .register_device("dev".into(), b"k".to_vec())
        .await
        .unwrap();
    let kp = vec![SignedKeyPackage {
        key_package: b"kp".to_vec(),
        signature: b"s".to_vec(),
    }];
    store
        .add_key_packages("dev".into(), kp, None, NOW + 50)
        .await
        .unwrap();
    store
        .put_session(b"token".to_vec(), "dev".into(), NOW + 50)
        .await
        .unwrap();

    let swept = store.sweep(NOW + 60, NOW + 50).await.unwrap();
    assert_eq!(
        (swept.messages, swept.key_packages, swept.sessions),
        (2, 1, 1)
    );
    assert_eq!(
        swept.capabilities, 1,
        "epoch 1's, with none of its messages left"
    );
    assert_eq!(seqs(&store, b"box").await, [3]);
    assert!(store
        .capability_valid(b"box".to_vec(), 2, CAP2.to_vec())
        .await
        .unwrap());
    assert!(!store
        .capability_valid(b"box".to_vec(), 1, CAP1.to_vec())
        .await
        .unwrap());
    // What the mailbox holds was counted down: room again.
    assert_eq!(append(&store, b"box", full).await.unwrap().seq, 4);
    assert_eq!(
        store.session_device(b"token".to_vec(), NOW).await.unwrap(),
        None
    );
    // The current epoch's capability stays, however old.
    store.sweep(NOW + 10_000, NOW + 10_000).await.unwrap();
    assert!(store
        .capability_valid(b"box".to_vec(), 2, CAP2.to_vec())
        .await
        .unwrap());
    assert_eq!(seqs(&store, b"box").await, Vec::<u64>::new());
    assert_eq!(
        append(&store, b"box", message("after", 2, CAP2))
            .await
            .unwrap()
            .seq,
        5,
        "numbers go on after retention"
    );
}

pub async fn a_closed_mailbox_is_gone_and_stays_closed<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    append(&store, b"box", message("m", 1, CAP1)).await.unwrap();
    let close = |epoch, cap: &[u8], by: &[u8]| Close {
        epoch,
        capability_hash: cap.to_vec(),
        committer: by.to_vec(),
        now: NOW,
    };
    let closing = |c| store.close_mailbox(b"box".to_vec(), c);
    assert_eq!(
        closing(close(1, CAP1, b"member")).await.unwrap(),
        Err(AppendRefusal::NotCommitter)
    );
    assert_eq!(
        closing(close(1, b"wrong", FACILITATOR)).await.unwrap(),
        Err(AppendRefusal::BadCapability)
    );
    assert!(!store.mailbox_closed(b"box".to_vec()).await.unwrap());
    assert_eq!(closing(close(1, CAP1, FACILITATOR)).await.unwrap(), Ok(()));
    assert!(store.mailbox_closed(b"box".to_vec()).await.unwrap());
    assert!(store
        .fetch(b"box".to_vec(), 1, 0, 10)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        append(&store, b"box", message("n", 1, CAP1)).await,
        Err(AppendRefusal::NoMailbox)
    );
    assert!(seqs(&store, b"box").await.is_empty());
    let reopened = store
        .create_mailbox(
            b"box".to_vec(),
            1,
            CAP1.to_vec(),
            vec![FACILITATOR.to_vec()],
            NOW,
        )
        .await
        .unwrap();
    assert!(!reopened, "a closed mailbox cannot be opened again");
    let taken = store
        .create_mailbox(b"other".to_vec(), 1, CAP1.to_vec(), vec![], NOW)
        .await
        .unwrap();
    assert!(taken);
    let twice = store
        .create_mailbox(b"other".to_vec(), 1, CAP1.to_vec(), vec![], NOW)
        .await;
    assert!(!twice.unwrap(), "the id is taken");
}

pub async fn devices_challenges_and_sessions<S: Store>(store: S) {
    store
        .register_device("dev".into(), b"key".to_vec())
        .await
        .unwrap();
    store
        .register_device("dev".into(), b"other key".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.device_key("dev".into()).await.unwrap(),
        Some(b"key".to_vec())
    );
    assert_eq!(store.device_key("nobody".into()).await.unwrap(), None);
    store
        .put_challenge("dev".into(), b"n1".to_vec(), NOW + 10)
        .await
        .unwrap();
    store
        .put_challenge("dev".into(), b"n2".to_vec(), NOW - 1)
        .await
        .unwrap();
    assert!(store
        .take_challenge("dev".into(), b"n1".to_vec(), NOW)
        .await
        .unwrap());
    assert!(
        !store
            .take_challenge("dev".into(), b"n1".to_vec(), NOW)
            .await
            .unwrap(),
        "once"
    );
    assert!(
        !store
            .take_challenge("dev".into(), b"n2".to_vec(), NOW)
            .await
            .unwrap(),
        "expired"
    );
    store
        .put_session(b"t".to_vec(), "dev".into(), NOW + 10)
        .await
        .unwrap();
    assert_eq!(
        store.session_device(b"t".to_vec(), NOW).await.unwrap(),
        Some("dev".into())
    );
    assert_eq!(
        store.session_device(b"t".to_vec(), NOW + 11).await.unwrap(),
        None
    );
    let kp = vec![SignedKeyPackage {
        key_package: b"kp".to_vec(),
        signature: b"s".to_vec(),
    }];
    store
        .add_key_packages("dev".into(), kp, None, NOW + 10)
        .await
        .unwrap();
    store.delete_device("dev".into()).await.unwrap();
    assert_eq!(store.device_key("dev".into()).await.unwrap(), None);
    assert_eq!(
        store.session_device(b"t".to_vec(), NOW).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .key_package_count("dev".into(), NOW)
            .await
            .unwrap()
            .available,
        0
    );
}

pub async fn a_job_runs_once_per_period<S: Store>(store: S) {
    let store = Arc::new(store);
    let racers: Vec<_> = (0..6)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.claim_job(Job::Sweep, NOW, 3600).await.unwrap() })
        })
        .collect();
    let mut claimed = 0;
    for racer in racers {
        claimed += usize::from(racer.await.unwrap());
    }
    assert_eq!(claimed, 1, "one node runs it");
    assert!(!store.claim_job(Job::Sweep, NOW + 3599, 3600).await.unwrap());
    assert!(store.claim_job(Job::Sweep, NOW + 3600, 3600).await.unwrap());
}

/// The tickets of the test mailbox's epoch, sorted.
async fn held<S: Store>(store: &S, epoch: u64) -> Vec<Vec<u8>> {
    let mut tickets: Vec<Vec<u8>> = store
        .tickets(b"box".to_vec(), epoch)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.ticket)
        .collect();
    tickets.sort();
    tickets
}

fn ticket(id: &str, epoch: u64, capability: &[u8], bytes: &[u8]) -> NewTicket {
    NewTicket {
        ticket_id: id.as_bytes().to_vec(),
        epoch,
        capability_hash: capability.to_vec(),
        ticket: bytes.to_vec(),
        now: NOW,
        max: 2,
    }
}

pub async fn wake_tickets_live_per_epoch_under_its_capability<S: Store>(store: S) {
    mailbox(&store, b"box").await;
    let put = |t| store.put_ticket(b"box".to_vec(), t);
    assert_eq!(
        put(ticket("a", 1, b"wrong", b"t")).await.unwrap(),
        Err(AppendRefusal::BadCapability)
    );
    assert_eq!(
        store
            .put_ticket(b"none".to_vec(), ticket("a", 1, CAP1, b"t"))
            .await
            .unwrap(),
        Err(AppendRefusal::NoMailbox)
    );
    put(ticket("a", 1, CAP1, b"first")).await.unwrap().unwrap();
    put(ticket("a", 1, CAP1, b"again")).await.unwrap().unwrap();
    put(ticket("b", 1, CAP1, b"other")).await.unwrap().unwrap();
    assert_eq!(
        put(ticket("c", 1, CAP1, b"third")).await.unwrap(),
        Err(AppendRefusal::QuotaExceeded)
    );
    assert_eq!(
        held(&store, 1).await,
        vec![b"again".to_vec(), b"other".to_vec()],
        "one per id, replaced"
    );
    // A commit: the old epoch's tickets still wake for the commit, none hold for the next.
    append(&store, b"box", commit("c", 1, CAP1, CAP2, FACILITATOR))
        .await
        .unwrap();
    assert_eq!(held(&store, 1).await.len(), 2);
    assert!(held(&store, 2).await.is_empty());
    assert_eq!(
        put(ticket("a", 1, CAP1, b"late")).await.unwrap(),
        Err(AppendRefusal::StaleEpoch { current: 2 })
    );
    put(ticket("a", 2, CAP2, b"renewed"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held(&store, 2).await, vec![b"renewed".to_vec()]);
    store.sweep(NOW, 0).await.unwrap();
    assert!(held(&store, 1).await.is_empty(), "lapsed with its epoch");
    let withdraw = |id: &str, cap: &[u8]| {
        store.delete_ticket(b"box".to_vec(), id.as_bytes().to_vec(), 2, cap.to_vec())
    };
    assert_eq!(
        withdraw("a", b"wrong").await.unwrap(),
        Err(AppendRefusal::BadCapability)
    );
    assert_eq!(withdraw("a", CAP2).await.unwrap(), Ok(true));
    assert_eq!(withdraw("a", CAP2).await.unwrap(), Ok(false));
    put(ticket("d", 2, CAP2, b"kept")).await.unwrap().unwrap();
    let close = Close {
        epoch: 2,
        capability_hash: CAP2.to_vec(),
        committer: FACILITATOR.to_vec(),
        now: NOW,
    };
    store
        .close_mailbox(b"box".to_vec(), close)
        .await
        .unwrap()
        .unwrap();
    assert!(held(&store, 2).await.is_empty(), "gone with the mailbox");
}

fn drop_of(client_id: &str, now: u64, per_day_max: u32) -> NewDrop {
    NewDrop {
        client_id: client_id.as_bytes().to_vec(),
        drop: vec![9; 32],
        now,
        per_day_max,
    }
}

pub async fn an_inbox_belongs_to_its_key_and_numbers_its_drops_from_one<S: Store>(store: S) {
    let inbox = b"join requests".to_vec();
    assert_eq!(store.inbox_owner(inbox.clone()).await.unwrap(), None);
    assert_eq!(
        store
            .leave_drop(inbox.clone(), drop_of("d0", NOW, 10))
            .await
            .unwrap(),
        Err(DropRefusal::NoInbox)
    );
    assert!(store
        .open_inbox(inbox.clone(), b"owner".to_vec(), NOW)
        .await
        .unwrap());
    // The same key again is no change; another key cannot take the id.
    assert!(store
        .open_inbox(inbox.clone(), b"owner".to_vec(), NOW + 1)
        .await
        .unwrap());
    assert!(!store
        .open_inbox(inbox.clone(), b"stranger".to_vec(), NOW)
        .await
        .unwrap());
    assert_eq!(
        store.inbox_owner(inbox.clone()).await.unwrap(),
        Some(b"owner".to_vec())
    );
    let leave = |id| store.leave_drop(inbox.clone(), drop_of(id, NOW, 2));
    assert_eq!(
        leave("d1").await.unwrap(),
        Ok(DropPlaced {
            seq: 1,
            duplicate: false
        })
    );
    assert_eq!(leave("d2").await.unwrap().unwrap().seq, 2);
    assert_eq!(
        leave("d1").await.unwrap(),
        Ok(DropPlaced {
            seq: 1,
            duplicate: true
        })
    );
    // Two a day here: a third is refused, and nothing was numbered for it.
    assert_eq!(leave("d3").await.unwrap(), Err(DropRefusal::QuotaExceeded));
    let next_day = store.leave_drop(inbox.clone(), drop_of("d4", NOW + 86_401, 2));
    assert_eq!(next_day.await.unwrap().unwrap().seq, 3);
    let page = store
        .fetch_drops(inbox.clone(), 1, 1, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.drops.len(), 1);
    assert_eq!((page.drops[0].seq, page.more), (2, true));
    assert_eq!(page.drops[0].drop.0, vec![9; 32]);
    assert_eq!(page.drops[0].received_at, NOW);
    // Closed, it and its drops are gone; the id can be opened afresh.
    assert!(store.close_inbox(inbox.clone()).await.unwrap());
    assert!(!store.close_inbox(inbox.clone()).await.unwrap());
    assert!(store
        .fetch_drops(inbox.clone(), 0, 10, NOW)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .open_inbox(inbox.clone(), b"stranger".to_vec(), NOW)
        .await
        .unwrap());
    let fresh = store.fetch_drops(inbox, 0, 10, NOW).await.unwrap().unwrap();
    assert!(fresh.drops.is_empty());
}

pub async fn concurrent_drops_are_numbered_without_gaps_and_counted_against_the_quota<S: Store>(
    store: S,
) {
    let store = std::sync::Arc::new(store);
    let inbox = b"a busy inbox".to_vec();
    assert!(store
        .open_inbox(inbox.clone(), b"owner".to_vec(), NOW)
        .await
        .unwrap());
    let mut tasks = Vec::new();
    for i in 0..30 {
        let (store, inbox) = (std::sync::Arc::clone(&store), inbox.clone());
        tasks.push(tokio::spawn(async move {
            store
                .leave_drop(inbox, drop_of(&format!("c{i}"), NOW, 20))
                .await
                .unwrap()
        }));
    }
    let mut taken = 0;
    for t in tasks {
        if t.await.unwrap().is_ok() {
            taken += 1;
        }
    }
    assert_eq!(taken, 20, "exactly the day's quota");
    let page = store
        .fetch_drops(inbox, 0, 100, NOW)
        .await
        .unwrap()
        .unwrap();
    let seqs: Vec<u64> = page.drops.iter().map(|d| d.seq).collect();
    assert_eq!(seqs, (1..=20).collect::<Vec<_>>());
}

pub async fn an_unused_inbox_and_old_drops_go_with_retention<S: Store>(store: S) {
    let (kept, unused) = (b"a kept inbox".to_vec(), b"an unused inbox".to_vec());
    assert!(store
        .open_inbox(kept.clone(), b"owner".to_vec(), NOW)
        .await
        .unwrap());
    assert!(store
        .open_inbox(unused.clone(), b"owner".to_vec(), NOW)
        .await
        .unwrap());
    store
        .leave_drop(kept.clone(), drop_of("old", NOW, 10))
        .await
        .unwrap()
        .unwrap();
    store
        .leave_drop(unused.clone(), drop_of("x", NOW + 50, 10))
        .await
        .unwrap()
        .unwrap();
    store
        .leave_drop(kept.clone(), drop_of("new", NOW + 50, 10))
        .await
        .unwrap()
        .unwrap();
    // The kept inbox's owner reads it later; the other's never does.
    store
        .fetch_drops(kept.clone(), 0, 10, NOW + 40)
        .await
        .unwrap()
        .unwrap();
    let swept = store.sweep(NOW + 60, NOW + 20).await.unwrap();
    assert_eq!(swept.drops, 2, "the old drop and the unused inbox's");
    let page = store
        .fetch_drops(kept, 0, 10, NOW + 60)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.drops.iter().map(|d| d.seq).collect::<Vec<_>>(), [2]);
    assert_eq!(store.inbox_owner(unused).await.unwrap(), None);
}
