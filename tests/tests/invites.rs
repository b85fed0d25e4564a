//! Invite codes end to end, through a real relay: approval, an offline facilitator, two
//! phones racing for one code, wrong secrets, expiry, revocation, reuse and replay, lost
//! answers, and the way back in for a phone that fell behind.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use common::faults::{Faults, FaultyTransport};
use common::*;
use hearth_core::invites::{Invite, InviteOptions, InviteState, JoinState};
use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine, Transport, TransportError};
use hearth_core::GroupId;
use hearth_protocol::ErrorCode;

async fn sync_all(members: &[&Member]) {
    for m in members {
        m.sync.sync_once().await.unwrap();
    }
}

fn invite(f: &Member, group: &GroupId, nameplate: &str) -> Invite {
    f.client
        .invites(group)
        .unwrap()
        .into_iter()
        .find(|i| i.nameplate == nameplate)
        .unwrap()
}

fn join_state(m: &Member, nameplate: &str) -> JoinState {
    m.client
        .invite_joins()
        .unwrap()
        .into_iter()
        .find(|j| j.nameplate == nameplate)
        .unwrap()
        .state
}

fn words_of(m: &Member, nameplate: &str) -> Option<String> {
    m.client
        .invite_joins()
        .unwrap()
        .into_iter()
        .find(|j| j.nameplate == nameplate)
        .unwrap()
        .words
}

fn new_circle(f: &Member) -> GroupId {
    f.client
        .create_circle("Thursday circle", "Evenings", "Listen first.")
        .unwrap()
        .group_id
}

fn code(f: &Member, group: &GroupId, options: InviteOptions) -> (String, String) {
    let invite = f.client.create_invite(group, &options).unwrap();
    (invite.nameplate, invite.code.unwrap())
}

fn auto() -> InviteOptions {
    InviteOptions {
        auto_admit: true,
        ..InviteOptions::default()
    }
}

fn member_names(m: &Member, group: &GroupId) -> Vec<String> {
    let mut names: Vec<String> = m
        .client
        .circle_members(group)
        .unwrap()
        .into_iter()
        .filter_map(|x| x.display_name)
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_approval_nobody_joins_before_the_facilitator_says_yes() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let s = net.member("Sam's phone").await;
    let group = new_circle(&f);
    let options = InviteOptions {
        label: "for Sam".into(),
        ..InviteOptions::default()
    };
    let (nameplate, code) = code(&f, &group, options);
    let made = invite(&f, &group, &nameplate);
    assert_eq!((made.state, made.published), (InviteState::Open, false));
    assert_eq!(made.label, "for Sam");
    assert!(made.link.unwrap().starts_with("hearth://join#"));
    sync_all(&[&f]).await;
    assert!(invite(&f, &group, &nameplate).published);

    let joining = s
        .client
        .join_with_code(&code.to_lowercase(), "Sam")
        .unwrap();
    assert_eq!(joining.state, JoinState::Sending);
    sync_all(&[&s]).await;
    assert_eq!(join_state(&s, &nameplate), JoinState::WaitingForFacilitator);

    sync_all(&[&f, &s, &f, &s]).await;
    let waiting = invite(&f, &group, &nameplate);
    assert_eq!(waiting.state, InviteState::WaitingForApproval);
    assert_eq!(waiting.invitee_name.as_deref(), Some("Sam"));
    assert_eq!(waiting.code, None, "a used code is not shown again");
    assert_eq!(join_state(&s, &nameplate), JoinState::WaitingForFacilitator);
    assert!(
        s.client.circles().unwrap().is_empty(),
        "nobody joins before approval"
    );
    assert_eq!(f.client.circle(&group).unwrap().member_count, 1);

    f.client.approve_invite(&nameplate).unwrap();
    sync_all(&[&f, &s, &f, &s]).await;
    assert_eq!(join_state(&s, &nameplate), JoinState::Joined);
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Used);
    let joined = s.client.circle(&group).unwrap();
    assert_eq!(
        (joined.name.as_str(), joined.guidelines.as_str()),
        ("Thursday circle", "Listen first.")
    );
    // Both phones show the same four words.
    let words = words_of(&s, &nameplate).unwrap();
    assert_eq!(words.split(' ').count(), 4);
    assert_eq!(invite(&f, &group, &nameplate).words.unwrap(), words);
    // Sam is in under the name chosen for this circle, and after accepting the guidelines
    // they can talk.
    accept_guidelines(&group, &[&s]);
    s.client.send_text(&group, "hello, I'm new", None).unwrap();
    settle(&[&f, &s]).await;
    assert_eq!(bodies(&f, &group), ["hello, I'm new"]);
    assert_eq!(member_names(&f, &group), ["Facilitator Fern", "Sam"]);
    // The relay's record is gone once Sam's phone read the answer.
    let relay = HttpTransport::for_relay(&net.relay.url()).unwrap();
    let offer = relay.invite_offer(&nameplate).await;
    assert_eq!(offer.unwrap_err().code(), Some(ErrorCode::Unavailable));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_used_while_the_facilitator_is_offline_admits_when_it_comes_back() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Ash's phone").await;
    let group = new_circle(&f);
    let (nameplate, first_code) = code(&f, &group, auto());
    sync_all(&[&f]).await; // publishes the code, then the facilitator's phone goes offline

    a.client.join_with_code(&first_code, "Ash").unwrap();
    for _ in 0..3 {
        sync_all(&[&a]).await;
        assert_eq!(join_state(&a, &nameplate), JoinState::WaitingForFacilitator);
    }
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Open);

    // Back online: one pass finishes the exchange, commits the Add and posts the Welcome.
    sync_all(&[&f]).await;
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Used);
    sync_all(&[&a]).await;
    assert_eq!(join_state(&a, &nameplate), JoinState::Joined);
    assert_eq!(a.client.circle(&group).unwrap().member_count, 2);
    settle(&[&f, &a]).await;
    assert_eq!(member_names(&a, &group), ["Ash", "Facilitator Fern"]);

    // A code used in time still admits when the facilitator's phone comes back only after
    // the code's expiry.
    let b = net.member("Birch's phone").await;
    let (late, late_code) = code(&f, &group, auto());
    sync_all(&[&f]).await;
    b.client.join_with_code(&late_code, "Birch").unwrap();
    sync_all(&[&b]).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    f.client.age_invite_for_test(&late, 1).unwrap(); // expired after the claim, before now
    sync_all(&[&f, &b]).await;
    assert_eq!(invite(&f, &group, &late).state, InviteState::Used);
    assert_eq!(join_state(&b, &late), JoinState::Joined);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passes_running_at_once_on_both_phones_take_a_code_through_once() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Ash's phone").await;
    let group = new_circle(&f);
    let (nameplate, code) = code(&f, &group, auto());
    sync_all(&[&f]).await; // publishes the code
    a.client.join_with_code(&code, "Ash").unwrap();

    // Each phone's "check now" runs beside its background pass, round after round.
    for _ in 0..6 {
        let (f1, f2, a1, a2) = tokio::join!(
            f.sync.sync_once(),
            f.sync.sync_once(),
            a.sync.sync_once(),
            a.sync.sync_once()
        );
        for pass in [f1, f2, a1, a2] {
            pass.unwrap();
        }
    }
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Used);
    assert_eq!(join_state(&a, &nameplate), JoinState::Joined);
    settle(&[&f, &a]).await;
    assert_eq!(member_names(&f, &group), ["Ash", "Facilitator Fern"]);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
    assert_eq!(
        f.client.epoch_authenticator(&group).unwrap(),
        a.client.epoch_authenticator(&group).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_using_one_code_at_once_let_exactly_one_in() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Ash's phone").await;
    let b = net.member("Birch's phone").await;
    let group = new_circle(&f);
    let (nameplate, code) = code(&f, &group, auto());
    sync_all(&[&f]).await;

    a.client.join_with_code(&code, "Ash").unwrap();
    b.client.join_with_code(&code, "Birch").unwrap();
    let (ra, rb) = tokio::join!(a.sync.sync_once(), b.sync.sync_once());
    ra.unwrap();
    rb.unwrap();
    let states = [join_state(&a, &nameplate), join_state(&b, &nameplate)];
    assert!(
        states.contains(&JoinState::WaitingForFacilitator)
            && states.contains(&JoinState::Unavailable),
        "{states:?}"
    );
    sync_all(&[&f, &a, &b, &f, &a, &b]).await;
    let joined: Vec<&Member> = [&a, &b]
        .into_iter()
        .filter(|m| join_state(m, &nameplate) == JoinState::Joined)
        .collect();
    assert_eq!(joined.len(), 1);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_burns_the_code_alerts_the_facilitator_and_tells_the_invitee() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let m = net.member("Mallory's phone").await;
    let s = net.member("Sam's phone").await;
    let group = new_circle(&f);
    let (nameplate, code) = code(&f, &group, auto());
    sync_all(&[&f]).await;

    m.client
        .join_with_code(&wrong_secret(&code), "Guess")
        .unwrap();
    sync_all(&[&m]).await;
    assert_eq!(join_state(&m, &nameplate), JoinState::WaitingForFacilitator);

    let mut events = f.client.subscribe();
    sync_all(&[&f]).await;
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Failed);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 1);
    let alerts = system_events(&f, &group);
    assert!(
        alerts
            .iter()
            .any(|t| t.contains(&nameplate) && t.contains("wrong secret")),
        "{alerts:?}"
    );
    let mut alerted = false;
    while let Some(n) = events.try_recv() {
        if let hearth_core::events::Notification::Changed(
            hearth_core::events::Event::CircleProblem { .. },
        ) = n
        {
            alerted = true;
        }
    }
    assert!(alerted, "the app hears of it");

    sync_all(&[&m]).await;
    assert_eq!(join_state(&m, &nameplate), JoinState::CodeDidNotWork);
    assert!(m.client.circles().unwrap().is_empty());
    // The right code no longer works either: it was burned.
    s.client.join_with_code(&code, "Sam").unwrap();
    sync_all(&[&s]).await;
    assert_eq!(join_state(&s, &nameplate), JoinState::Unavailable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_expired_reused_and_replayed_codes_are_refused() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Ash's phone").await;
    let b = net.member("Birch's phone").await;
    let group = new_circle(&f);

    // Revoked: the relay's record is deleted.
    let (revoked, revoked_code) = code(&f, &group, auto());
    sync_all(&[&f]).await;
    f.client.revoke_invite(&revoked_code).unwrap();
    assert_eq!(invite(&f, &group, &revoked).state, InviteState::Revoked);
    sync_all(&[&f]).await;
    a.client.join_with_code(&revoked_code, "Ash").unwrap();
    sync_all(&[&a]).await;
    assert_eq!(join_state(&a, &revoked), JoinState::Unavailable);

    // Expired on the facilitator's phone: it withdraws the code from the relay.
    let (expired, expired_code) = code(&f, &group, auto());
    sync_all(&[&f]).await;
    f.client.age_invite_for_test(&expired, 1).unwrap();
    sync_all(&[&f]).await;
    assert_eq!(invite(&f, &group, &expired).state, InviteState::Expired);
    a.client.join_with_code(&expired_code, "Ash").unwrap();
    sync_all(&[&a]).await;
    assert_eq!(join_state(&a, &expired), JoinState::Unavailable);

    // Claimed at the relay, but the phone finds its expiry passed more than the ten
    // minutes two clocks may differ before the claim (a relay that took a late claim):
    // refused, nobody joins.
    let (late, late_code) = code(&f, &group, auto());
    sync_all(&[&f]).await;
    b.client.join_with_code(&late_code, "Birch").unwrap();
    sync_all(&[&b]).await;
    f.client.age_invite_for_test(&late, 11 * 60).unwrap();
    sync_all(&[&f, &b]).await;
    assert_eq!(invite(&f, &group, &late).state, InviteState::Expired);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 1);

    // Used once, then reused by another phone; and the first claim replayed byte for byte.
    let a_sync = SyncEngine::new(
        Arc::clone(&a.client),
        FaultyTransport::new(&net.relay.url(), Faults::default(), 5),
        SyncConfig::default(),
    );
    let (used, used_code) = code(&f, &group, auto());
    sync_all(&[&f]).await;
    a.client.join_with_code(&used_code, "Ash").unwrap();
    a_sync.sync_once().await.unwrap();
    sync_all(&[&f]).await;
    a_sync.sync_once().await.unwrap();
    assert_eq!(join_state(&a, &used), JoinState::Joined);
    b.client.join_with_code(&used_code, "Birch").unwrap();
    sync_all(&[&b]).await;
    assert_eq!(join_state(&b, &used), JoinState::Unavailable);
    let (np, claim) = a_sync
        .transport()
        .claims
        .lock()
        .unwrap()
        .last()
        .cloned()
        .unwrap();
    assert_eq!(np, used);
    let relay = HttpTransport::for_relay(&net.relay.url()).unwrap();
    match relay.claim_invite(&np, claim).await {
        Err(TransportError::Refused(e)) => assert_eq!(e.code, ErrorCode::Unavailable),
        other => panic!("a replayed claim was not refused: {other:?}"),
    }
    settle(&[&f, &a]).await;
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_tells_the_invitee_and_lost_answers_change_nothing() {
    let net = net().await;
    let url = net.relay.url();
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Ash's phone").await;
    let b = net.member("Birch's phone").await;
    let faults = Faults {
        lose_invite_answer: 50,
        lose_post_answer: 30,
        ..Faults::default()
    };
    let lossy = |m: &Member, seed| {
        SyncEngine::new(
            Arc::clone(&m.client),
            FaultyTransport::new(&url, faults, seed),
            SyncConfig::default(),
        )
    };
    let (sf, sa, sb) = (lossy(&f, 1), lossy(&a, 2), lossy(&b, 3));
    let group = new_circle(&f);
    let (declined, declined_code) = code(&f, &group, InviteOptions::default());
    let (admitted, admitted_code) = code(&f, &group, InviteOptions::default());
    a.client.join_with_code(&declined_code, "Ash").unwrap();
    b.client.join_with_code(&admitted_code, "Birch").unwrap();
    // Every pass may fail half-way; repeating passes finishes the work.
    let mut approved = false;
    for _ in 0..40 {
        for s in [&sf, &sa, &sb] {
            let _ = s.sync_once().await;
        }
        if invite(&f, &group, &declined).state == InviteState::WaitingForApproval {
            f.client.decline_invite(&declined).unwrap();
        }
        if !approved && invite(&f, &group, &admitted).state == InviteState::WaitingForApproval {
            f.client.approve_invite(&admitted).unwrap();
            approved = true;
        }
        if join_state(&a, &declined) == JoinState::Declined
            && join_state(&b, &admitted) == JoinState::Joined
        {
            break;
        }
    }
    let lost: u32 = [&sf, &sa, &sb]
        .iter()
        .map(|s| s.transport().lost_answers())
        .sum();
    assert!(lost > 0, "the faults were exercised");
    assert_eq!(join_state(&a, &declined), JoinState::Declined);
    assert_eq!(join_state(&b, &admitted), JoinState::Joined);
    assert_eq!(invite(&f, &group, &declined).state, InviteState::Declined);
    assert!(a.client.circles().unwrap().is_empty());
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_that_fell_behind_is_told_to_ask_for_a_code_and_a_new_code_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = hearth_relay::SqliteStore::in_memory().unwrap();
    let relay = relay_on(store.clone(), "127.0.0.1:0").await;
    let net = Net {
        relay,
        dir,
        ca: None,
    };
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;

    // Ash is away; the circle moves on, and the relay's retention deletes everything Ash
    // would need to catch up.
    f.client
        .update_circle(&group, Some("Renamed once"), None, None)
        .unwrap();
    settle(&[&f]).await;
    f.client
        .update_circle(&group, Some("Renamed twice"), None, None)
        .unwrap();
    f.client.send_text(&group, "missed", None).unwrap();
    settle(&[&f]).await;
    sweep_all_it_holds(&store).await;

    let mut events = a.client.subscribe();
    sync_all(&[&a]).await;
    assert_eq!(
        a.client.circle(&group).unwrap().state,
        hearth_core::CircleState::Stalled
    );
    let mut told = false;
    while let Some(n) = events.try_recv() {
        if let hearth_core::events::Notification::Changed(
            hearth_core::events::Event::CircleProblem { reason, .. },
        ) = n
        {
            told |= reason == hearth_core::invites::ASK_FOR_A_NEW_CODE;
        }
    }
    assert!(told, "the app is told to ask for a new code");

    // The facilitator removes the old membership and sends a fresh code.
    let old_key = my_key(&a, &group);
    f.client.remove_member(&group, &old_key).unwrap();
    let (nameplate, code) = code(&f, &group, auto());
    settle(&[&f]).await;
    a.client.join_with_code(&code, "Ash again").unwrap();
    sync_all(&[&a, &f, &a]).await;
    assert_eq!(join_state(&a, &nameplate), JoinState::Joined);
    let back = a.client.circle(&group).unwrap();
    assert_eq!(
        (back.state, back.name.as_str()),
        (hearth_core::CircleState::Active, "Renamed twice")
    );
    f.client.send_text(&group, "welcome back", None).unwrap();
    settle(&[&f, &a]).await;
    assert!(bodies(&a, &group).contains(&"welcome back".to_string()));
    assert_eq!(member_names(&f, &group), ["Ash again", "Facilitator Fern"]);
}

/// Phones set their own clocks, each up to ten minutes off the relay's. A five-minute code
/// works between a facilitator ten minutes slow and an invitee ten minutes fast, and the
/// other way round; a claim made, by the invitee's clock, thirty minutes after the code
/// was made (more than two phones can be apart) is refused as too late.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_five_minute_codes_work_between_phones_ten_minutes_off_either_way() {
    let net = net().await;
    let five_minutes = || InviteOptions {
        lifetime: hearth_core::invites::MIN_LIFETIME,
        ..auto()
    };
    for (fern_skew, sam_skew) in [(-600, 600), (600, -600)] {
        let f = net.member(&format!("Fern {fern_skew:+}")).await;
        let s = net.member(&format!("Sam {sam_skew:+}")).await;
        f.client.set_clock_skew_for_test(fern_skew);
        s.client.set_clock_skew_for_test(sam_skew);
        let group = new_circle(&f);
        let (nameplate, code) = code(&f, &group, five_minutes());
        sync_all(&[&f]).await;
        assert!(
            invite(&f, &group, &nameplate).published,
            "fern {fern_skew:+} s"
        );
        s.client.join_with_code(&code, "Sam").unwrap();
        sync_all(&[&s, &f, &s, &f, &s]).await;
        assert_eq!(
            join_state(&s, &nameplate),
            JoinState::Joined,
            "fern {fern_skew:+} s, sam {sam_skew:+} s"
        );
    }

    let f = net.member("Fern on time").await;
    let s = net.member("Sam far ahead").await;
    let group = new_circle(&f);
    let (nameplate, code) = code(&f, &group, five_minutes());
    sync_all(&[&f]).await;
    s.client.set_clock_skew_for_test(30 * 60);
    s.client.join_with_code(&code, "Sam").unwrap();
    sync_all(&[&s, &f, &s, &f, &s]).await;
    assert_eq!(invite(&f, &group, &nameplate).state, InviteState::Expired);
    assert_eq!(join_state(&s, &nameplate), JoinState::Unavailable);
    assert!(s.client.circles().unwrap().is_empty());
}
