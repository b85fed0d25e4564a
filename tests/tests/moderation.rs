//! Safety and moderation end to end, through the relay in-process: guidelines acceptance,
//! every facilitator tool (and a member refused each of them, by their own phone and by
//! everyone else's), timeouts judged by the relay's order, hand-over, closing, local mutes.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::events::{Event, Notification};
use hearth_core::sync::SyncSteps;
use hearth_core::GroupId;
use hearth_core::{Error, Role};

/// Fern (the facilitator), Ash and Birch in a settled circle whose guidelines both members
/// accepted (as `circle_with` does), with their acceptances delivered.
async fn fern_ash_birch(net: &Net) -> (Member, Member, Member, GroupId) {
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    settle(&[&f, &a, &b]).await;
    (f, a, b, group)
}

fn not_permitted<T: std::fmt::Debug>(r: hearth_core::Result<T>) {
    assert!(
        matches!(r, Err(Error::NotPermitted { .. })),
        "expected NotPermitted, got {r:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posting_waits_until_the_guidelines_are_accepted_and_again_after_they_change() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = f
        .client
        .create_circle("Tuesday evening circle", "", "Be kind.")
        .unwrap()
        .group_id;
    f.client.add_member(&group, &a.device_id).unwrap();
    f.client.add_member(&group, &b.device_id).unwrap();
    let all = [&f, &a, &b];
    settle(&all).await;

    // The facilitator wrote them, so has accepted them; the members have not yet.
    assert_eq!(f.client.circle(&group).unwrap().guidelines_accepted, 1);
    let summary = a.client.circle(&group).unwrap();
    assert_eq!(
        (summary.guidelines_version, summary.guidelines_accepted),
        (1, 0)
    );
    assert!(matches!(
        a.client.send_text(&group, "hello", None),
        Err(Error::GuidelinesNotAccepted { version: 1 })
    ));
    // Refusing to post leaves nothing behind.
    assert_eq!(a.client.circle(&group).unwrap().waiting, 0);
    assert!(bodies(&a, &group).is_empty());

    a.client.accept_guidelines(&group, 1).unwrap();
    a.client.send_text(&group, "hello from Ash", None).unwrap();
    settle(&all).await;
    assert_eq!(bodies(&b, &group), ["hello from Ash"]);

    // Who accepted which version: the facilitator sees it; a member's phone does not show it.
    let seen = |m: &Member| -> Vec<(String, Option<u32>)> {
        m.client
            .circle_members(&group)
            .unwrap()
            .into_iter()
            .map(|x| (x.display_name.unwrap_or_default(), x.guidelines_accepted))
            .collect()
    };
    let by_f = seen(&f);
    assert!(by_f.contains(&("Member Ash".into(), Some(1))), "{by_f:?}");
    assert!(by_f.contains(&("Member Birch".into(), Some(0))), "{by_f:?}");
    assert!(
        by_f.contains(&("Facilitator Fern".into(), Some(1))),
        "{by_f:?}"
    );
    assert!(seen(&a).iter().all(|(_, v)| v.is_none()));

    // Ash writes while offline; the facilitator changes the guidelines meanwhile. When Ash's
    // phone syncs it learns of the change first, so the post waits instead of going out.
    a.client.send_text(&group, "written offline", None).unwrap();
    f.client
        .update_circle(&group, None, None, Some("Be kind. No advice unless asked."))
        .unwrap();
    f.sync.sync_once().await.unwrap();
    a.sync.sync_once().await.unwrap();
    b.sync.sync_once().await.unwrap();
    let summary = a.client.circle(&group).unwrap();
    assert_eq!(
        (summary.guidelines_version, summary.guidelines_accepted),
        (2, 1)
    );
    assert!(summary.waiting >= 1, "the post waits on Ash's phone");
    assert!(!bodies(&b, &group).contains(&"written offline".to_string()));
    assert!(matches!(
        a.client.send_text(&group, "more", None),
        Err(Error::GuidelinesNotAccepted { version: 2 })
    ));
    // Accepting the version shown before the change is refused: the new text must be seen.
    assert!(matches!(
        a.client.accept_guidelines(&group, 1),
        Err(Error::InvalidInput {
            field: "version",
            ..
        })
    ));
    a.client.accept_guidelines(&group, 2).unwrap();
    settle(&all).await;
    assert_eq!(bodies(&b, &group), ["hello from Ash", "written offline"]);
    assert!(seen(&f).contains(&("Member Ash".into(), Some(2))));
    assert!(seen(&f).contains(&("Facilitator Fern".into(), Some(2))));
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_refused_every_facilitator_tool_by_their_phone_and_by_everyone_elses() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];
    f.client
        .send_text(&group, "welcome, everyone", None)
        .unwrap();
    b.client.send_text(&group, "hi all", None).unwrap();
    settle(&all).await;
    let fern_msg = message_id(&a, &group, "welcome, everyone");
    let birch_msg = message_id(&a, &group, "hi all");
    let fern = my_key(&f, &group);
    let birch = my_key(&b, &group);

    // Ash's own phone refuses each tool.
    not_permitted(a.client.remove_message_for_everyone(&group, &birch_msg));
    not_permitted(a.client.pin_message(&group, &birch_msg, true));
    not_permitted(a.client.time_out_member(&group, &birch, 600, ""));
    not_permitted(a.client.hand_over_circle(&group, &birch, Role::Member));
    not_permitted(a.client.close_circle(&group));
    not_permitted(a.client.set_role(&group, &birch, Role::CoFacilitator));
    not_permitted(a.client.update_circle(&group, Some("Mine now"), None, None));
    not_permitted(a.client.remove_member(&group, &fern));

    // A phone that skips those checks is refused by every other phone: nothing changes.
    for payload in [
        format!(r#"{{"t":"remove","id":"f1","target":"{birch_msg}"}}"#),
        format!(r#"{{"t":"pin","id":"f2","target":"{fern_msg}"}}"#),
        format!(
            r#"{{"t":"timeout","id":"f3","member":"{}","seconds":600}}"#,
            birch.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    ] {
        a.client.send_unchecked_for_test(&group, &payload).unwrap();
    }
    let mut problems = f.client.subscribe();
    settle(&all).await;
    for m in [&f, &b] {
        let messages = m.client.latest_circle_messages(&group, 500).unwrap();
        let hi = messages.iter().find(|x| x.id == birch_msg).unwrap();
        assert!(!hi.deleted && hi.body == "hi all", "{}", m.name);
        assert!(m.client.pinned_messages(&group).unwrap().is_empty());
    }
    assert!(b.client.circle(&group).unwrap().paused_until_ms.is_none());
    b.client.send_text(&group, "still here", None).unwrap();
    settle(&all).await;
    assert!(bodies(&f, &group).contains(&"still here".to_string()));
    // The facilitator's phone said so, as a role violation.
    let mut violations = 0;
    while let Some(event) = problems.try_recv() {
        if let Notification::Changed(Event::CircleProblem {
            role_violation: true,
            ..
        }) = event
        {
            violations += 1;
        }
    }
    assert_eq!(violations, 3);
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_for_everyone_leaves_a_tombstone_and_pins_reach_everyone() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let c = net.member("Co Cedar").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&c, &a]).await;
    let all = [&f, &c, &a];
    f.client
        .set_role(&group, &my_key(&c, &group), Role::CoFacilitator)
        .unwrap();
    settle(&all).await;
    a.client
        .send_text(&group, "something hurtful", None)
        .unwrap();
    a.client.send_text(&group, "a good resource", None).unwrap();
    f.client
        .send_text(&group, "the facilitator speaks", None)
        .unwrap();
    settle(&all).await;
    let hurtful = message_id(&f, &group, "something hurtful");
    let resource = message_id(&f, &group, "a good resource");
    let fern_msg = message_id(&f, &group, "the facilitator speaks");
    c.client.react(&group, &hurtful, "👎", false).unwrap();
    settle(&all).await;

    // A co-facilitator removes a member's message, but not a facilitator's.
    not_permitted(c.client.remove_message_for_everyone(&group, &fern_msg));
    c.client
        .remove_message_for_everyone(&group, &hurtful)
        .unwrap();
    c.client.pin_message(&group, &resource, true).unwrap();
    settle(&all).await;
    for m in &all {
        let messages = m.client.latest_circle_messages(&group, 500).unwrap();
        let gone = messages.iter().find(|x| x.id == hurtful).unwrap();
        assert!(gone.deleted && gone.removed_by_facilitator, "{}", m.name);
        assert_eq!(gone.body, "", "{}", m.name);
        assert!(gone.reactions.is_empty());
        let pinned = m.client.pinned_messages(&group).unwrap();
        assert_eq!(pinned.len(), 1, "{}", m.name);
        assert_eq!(pinned[0].body, "a good resource");
        assert!(pinned[0].pinned);
    }
    // The author's own copy is gone too: their phone keeps no text of it.
    assert!(!bodies(&a, &group).contains(&"something hurtful".to_string()));

    f.client.pin_message(&group, &resource, false).unwrap();
    settle(&all).await;
    for m in &all {
        assert!(
            m.client.pinned_messages(&group).unwrap().is_empty(),
            "{}",
            m.name
        );
    }
    net.relay.shutdown().await.unwrap();
}

/// A phone that ignores its pause posts "ignoring the pause" anyway, and everyone syncs a
/// few rounds (not `settle`: the paused phone's held post keeps it waiting, as it should).
async fn post_ignoring_the_pause(paused: &Member, group: &GroupId, all: &[&Member]) {
    paused
        .client
        .send_unchecked_for_test(
            group,
            r#"{"t":"text","id":"0badc0de0badc0de","body":"ignoring the pause","sent_at_ms":0}"#,
        )
        .unwrap();
    for _ in 0..3 {
        for m in all {
            m.sync.sync_once().await.unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeout_is_judged_by_the_relays_order_and_honoured_by_every_phone() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];
    let ash = my_key(&a, &group);

    // Ash writes while offline; the relay orders the timeout first, so Ash's phone, syncing
    // after, holds the post back instead of sending it.
    a.client
        .send_text(&group, "written before the pause", None)
        .unwrap();
    f.client
        .time_out_member(&group, &ash, 3600, "Let's take a breather")
        .unwrap();
    f.sync.sync_once().await.unwrap();
    a.sync.sync_once().await.unwrap();
    b.sync.sync_once().await.unwrap();
    let summary = a.client.circle(&group).unwrap();
    let until = summary
        .paused_until_ms
        .expect("Ash's phone knows of the pause");
    assert_eq!(summary.paused_reason, "Let's take a breather");
    assert!(summary.waiting >= 1, "the post waits");
    match a.client.send_text(&group, "let me speak", None) {
        Err(Error::TimedOut { until_ms }) => assert_eq!(until_ms, until),
        other => panic!("expected TimedOut, got {other:?}"),
    }
    assert!(matches!(
        a.client.react(
            &group,
            &message_id(&a, &group, "written before the pause"),
            "👍",
            false
        ),
        Err(Error::TimedOut { .. })
    ));
    // Everyone sees the pause in the member list.
    for m in [&f, &b] {
        let listed = m
            .client
            .circle_members(&group)
            .unwrap()
            .into_iter()
            .find(|x| x.key == ash)
            .unwrap();
        assert!(listed.paused_until_ms.is_some(), "{}", m.name);
    }

    // A phone that ignores the pause posts anyway: the relay orders it inside the pause, so
    // every other phone drops it.
    post_ignoring_the_pause(&a, &group, &all).await;
    assert_eq!(a.client.circle(&group).unwrap().waiting, 1);
    for m in [&f, &b] {
        let seen = bodies(m, &group);
        assert!(
            !seen.contains(&"ignoring the pause".to_string()),
            "{}",
            m.name
        );
        assert!(
            !seen.contains(&"written before the pause".to_string()),
            "{}",
            m.name
        );
    }

    // The facilitator ends it early; the waiting post goes out and everyone reads it.
    f.client.time_out_member(&group, &ash, 0, "").unwrap();
    settle(&all).await;
    assert!(a.client.circle(&group).unwrap().paused_until_ms.is_none());
    a.client.send_text(&group, "thank you", None).unwrap();
    settle(&all).await;
    for m in &all {
        let seen = bodies(m, &group);
        assert!(
            seen.contains(&"written before the pause".to_string()),
            "{}",
            m.name
        );
        assert!(seen.contains(&"thank you".to_string()), "{}", m.name);
    }
    // Nobody pauses a facilitator but a facilitator, and nobody pauses themselves.
    assert!(f
        .client
        .time_out_member(&group, &my_key(&f, &group), 60, "")
        .is_err());
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_facilitator_hands_over_before_leaving() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];

    not_permitted(f.client.leave_circle(&group));
    f.client
        .hand_over_circle(&group, &my_key(&a, &group), Role::CoFacilitator)
        .unwrap();
    settle(&all).await;
    for m in &all {
        let roles: Vec<(String, Role)> = m
            .client
            .circle_members(&group)
            .unwrap()
            .into_iter()
            .map(|x| (x.display_name.unwrap_or_default(), x.role))
            .collect();
        assert!(
            roles.contains(&("Member Ash".into(), Role::Facilitator)),
            "{}",
            m.name
        );
        assert!(
            roles.contains(&("Facilitator Fern".into(), Role::CoFacilitator)),
            "{}",
            m.name
        );
    }
    assert!(system_events(&b, &group)
        .iter()
        .any(|e| e == "Member Ash is now a facilitator."));
    // Now Ash is the only facilitator: Ash cannot leave, Fern can.
    not_permitted(a.client.leave_circle(&group));
    f.client.leave_circle(&group).unwrap();
    settle(&all).await;
    assert_eq!(
        f.client.circle(&group).unwrap().state,
        hearth_core::CircleState::Left
    );
    assert_eq!(b.client.circle(&group).unwrap().member_count, 2);
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_circle_stops_every_phone_and_deletes_its_mailbox() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let away = net.member("Member Away").await;
    let group = circle_with(&f, &[&a, &away]).await;
    a.client.send_text(&group, "last words", None).unwrap();
    settle(&[&f, &a, &away]).await;

    f.client.close_circle(&group).unwrap();
    // Fern commits and then deletes the mailbox in the same pass; Ash reads the closing
    // commit live from the relay before that... or learns it from the relay's answer.
    settle(&[&f, &a]).await;
    for m in [&f, &a] {
        let c = m.client.circle(&group).unwrap();
        assert_eq!(c.state, hearth_core::CircleState::Closed, "{}", m.name);
        assert!(matches!(
            m.client.send_text(&group, "anyone?", None),
            Err(Error::CircleClosed)
        ));
        // The history stays readable on the phone.
        assert!(bodies(m, &group).contains(&"last words".to_string()));
        assert!(system_events(m, &group)
            .iter()
            .any(|e| e == "The facilitator closed this circle."));
    }
    // The phone that was away finds the mailbox gone and shows the circle closed.
    away.sync.sync_once().await.unwrap();
    assert_eq!(
        away.client.circle(&group).unwrap().state,
        hearth_core::CircleState::Closed
    );
    assert!(system_events(&away, &group)
        .iter()
        .any(|e| e == "The facilitator closed this circle."));
    // The relay answers `closed` for the mailbox now.
    let fetched = hearth_core::sync::Transport::fetch(
        away.sync.transport(),
        &group,
        &[0; 32],
        hearth_protocol::FetchQuery {
            epoch: 0,
            after: 0,
            limit: None,
        },
    )
    .await;
    assert_eq!(
        fetched.unwrap_err().code(),
        Some(hearth_protocol::ErrorCode::Closed)
    );
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn muting_is_local_to_one_phone() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];
    a.client
        .mute_member(&group, &my_key(&b, &group), true)
        .unwrap();
    b.client.send_text(&group, "noise", None).unwrap();
    settle(&all).await;

    let on_a = a.client.latest_circle_messages(&group, 50).unwrap();
    assert!(on_a.iter().find(|m| m.body == "noise").unwrap().muted);
    assert_eq!(a.client.circle(&group).unwrap().unread, 0);
    let on_f = f.client.latest_circle_messages(&group, 50).unwrap();
    assert!(!on_f.iter().find(|m| m.body == "noise").unwrap().muted);
    assert_eq!(f.client.circle(&group).unwrap().unread, 1);
    assert!(a
        .client
        .circle_members(&group)
        .unwrap()
        .iter()
        .any(|m| m.muted));
    assert!(b
        .client
        .circle_members(&group)
        .unwrap()
        .iter()
        .all(|m| !m.muted));
    a.client
        .mute_member(&group, &my_key(&b, &group), false)
        .unwrap();
    assert_eq!(a.client.circle(&group).unwrap().unread, 1);
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn risk_language_in_a_received_message_is_flagged_on_the_readers_phone_only() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    a.client
        .send_text(&group, "Some nights I want to kill myself.", None)
        .unwrap();
    a.client
        .send_text(&group, "This workout is killing me.", None)
        .unwrap();
    settle(&[&f, &a]).await;
    let flags = |m: &Member| -> Vec<(String, bool)> {
        m.client
            .latest_circle_messages(&group, 50)
            .unwrap()
            .into_iter()
            .filter(|x| x.kind == hearth_core::circles::MessageKind::Text)
            .map(|x| (x.body, x.risk))
            .collect()
    };
    // Fern's phone offers help about Ash's message; the idiom raises nothing.
    assert_eq!(
        flags(&f),
        [
            ("Some nights I want to kill myself.".to_string(), true),
            ("This workout is killing me.".to_string(), false),
        ]
    );
    // The sender's own phone checked the draft before sending (the app's job); its copy
    // carries no flag, and nothing about the check left either phone.
    assert!(flags(&a).iter().all(|(_, risk)| !risk));
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disappearing_messages_go_from_every_phone_when_the_timer_runs_out() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    let all = [&f, &a];
    assert!(matches!(
        f.client.set_disappearing(&group, Some(10)),
        Err(Error::InvalidInput {
            field: "seconds",
            ..
        })
    ));
    not_permitted(a.client.set_disappearing(&group, Some(3600)));
    f.client.set_disappearing(&group, Some(3600)).unwrap();
    settle(&all).await;
    for m in &all {
        assert_eq!(
            m.client.circle(&group).unwrap().disappear_after_s,
            Some(3600)
        );
        assert!(system_events(m, &group)
            .iter()
            .any(|e| e == "Messages now disappear 1 hour after they arrive."));
    }
    a.client.send_text(&group, "just between us", None).unwrap();
    settle(&all).await;
    assert_eq!(bodies(&f, &group), ["just between us"]);

    // An hour later (on each phone's clock) the text is gone from every phone: reads leave
    // it out at once, and the next sweep deletes it; system events stay.
    for m in &all {
        m.client.age_messages_for_test(&group, 3_601).unwrap();
        assert!(bodies(m, &group).is_empty(), "{}", m.name);
    }
    assert_eq!(
        SyncSteps::of(&f.client)
            .expire_disappearing(&group)
            .unwrap(),
        1
    );
    a.sync.sync_once().await.unwrap(); // sync sweeps too
    assert_eq!(
        SyncSteps::of(&a.client)
            .expire_disappearing(&group)
            .unwrap(),
        0
    );
    assert!(!system_events(&a, &group).is_empty());

    f.client.set_disappearing(&group, None).unwrap();
    settle(&all).await;
    a.client.send_text(&group, "this one stays", None).unwrap();
    settle(&all).await;
    f.client.age_messages_for_test(&group, 10 * 86_400).unwrap();
    f.sync.sync_once().await.unwrap();
    assert_eq!(bodies(&f, &group), ["this one stays"]);
    assert!(system_events(&f, &group)
        .iter()
        .any(|e| e == "Messages no longer disappear."));
    net.relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_misbehaving_member_is_held_to_the_reaction_id_and_name_limits_on_every_phone() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];
    let fern_msg = f.client.send_text(&group, "welcome", None).unwrap();
    settle(&all).await;
    // Ash's phone, misbehaving: ten different reactions to one message, an id of 100 KB,
    // a reply naming one, and an introduction with a name turned around to look like
    // "Facilitator Fern".
    for n in 0..10 {
        let emoji = char::from_u32(0x1F600 + n).unwrap();
        let payload = format!(
            r#"{{"t":"reaction","id":"{n:032x}","target":"{fern_msg}","emoji":"{emoji}"}}"#
        );
        a.client.send_unchecked_for_test(&group, &payload).unwrap();
    }
    let huge = "a".repeat(100_000);
    for payload in [
        format!(r#"{{"t":"text","id":"{huge}","body":"big id","sent_at_ms":0}}"#),
        format!(
            r#"{{"t":"text","id":"00ff00ff","body":"big reply","reply_to":"{huge}","sent_at_ms":0}}"#
        ),
        "{\"t\":\"intro\",\"id\":\"00ee00ee\",\"display_name\":\"nreF rotatilicaF\u{202E}\",\"sent_at_ms\":0}".to_string(),
    ] {
        a.client.send_unchecked_for_test(&group, &payload).unwrap();
    }
    settle(&all).await;
    for m in [&f, &b] {
        let messages = m.client.latest_circle_messages(&group, 500).unwrap();
        let welcome = messages.iter().find(|x| x.id == fern_msg).unwrap();
        let ash_reactions: u32 = welcome.reactions.iter().map(|r| r.count).sum();
        assert_eq!(
            ash_reactions,
            hearth_core::circles::REACTIONS_PER_MEMBER_MAX,
            "{}",
            m.name
        );
        assert!(
            !messages.iter().any(|x| x.body.starts_with("big")),
            "{}",
            m.name
        );
        let names: Vec<Option<String>> = m
            .client
            .circle_members(&group)
            .unwrap()
            .into_iter()
            .map(|x| x.display_name)
            .collect();
        assert!(names.contains(&Some("Member Ash".to_string())), "{names:?}");
        assert!(
            !names.iter().flatten().any(|n| n.contains('\u{202E}')),
            "{names:?}"
        );
    }
    // A phone refuses its person a fourth reaction, and a name that hides characters.
    for emoji in ["💛", "🙏", "🤗"] {
        b.client.react(&group, &fern_msg, emoji, false).unwrap();
    }
    b.client.react(&group, &fern_msg, "🙏", false).unwrap(); // the same one again: kept once
    let fourth = b.client.react(&group, &fern_msg, "🙂", false);
    assert!(
        matches!(
            fourth,
            Err(hearth_core::Error::InvalidInput { field: "emoji", .. })
        ),
        "{fourth:?}"
    );
    let hidden = hearth_core::Client::create(
        &net.dir.path().join("hidden"),
        &hearth_core::ProfileSecret::raw_key(hearth_core::DbKey::from_bytes(&[7; 32]).unwrap()),
        "Fern\u{200B}",
        hearth_core::ProfileOptions {
            kdf: hearth_core::KdfParams::MINIMUM,
        },
    );
    assert!(matches!(
        hidden,
        Err(hearth_core::Error::InvalidInput { .. })
    ));
}

/// Fern's posts, handed to Ash's phone as the relay would with its clock `relay_behind_s`
/// seconds behind Ash's (a phone whose clock runs fast). Returns what Ash's phone made of
/// the last one.
fn deliver_with_skew(
    f: &Member,
    a: &Member,
    group: &GroupId,
    relay_behind_s: u64,
) -> hearth_core::Processed {
    let mut handed = f
        .client
        .hand_over_for_test(group, &a.client, relay_behind_s)
        .unwrap();
    handed.pop().unwrap().processed.unwrap()
}

#[tokio::test]
async fn a_phone_whose_clock_runs_ten_minutes_fast_still_shows_a_five_minute_message() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    f.client
        .set_disappearing(&group, Some(hearth_core::circles::DISAPPEAR_MIN_S))
        .unwrap();
    settle(&[&f, &a]).await;
    net.relay.shutdown().await.unwrap();

    // Ash's clock is 10 minutes ahead of the relay's: a fresh 5-minute text is kept, and
    // goes 5 minutes after it reached Ash's phone.
    f.client
        .send_text(&group, "see you at eight", None)
        .unwrap();
    let fresh = deliver_with_skew(&f, &a, &group, 10 * 60);
    assert!(
        matches!(fresh, hearth_core::Processed::Message(_)),
        "{fresh:?}"
    );
    assert_eq!(bodies(&a, &group), ["see you at eight"]);
    a.client.age_messages_for_test(&group, 5 * 60 + 1).unwrap();
    assert!(bodies(&a, &group).is_empty());

    // A text whose time ran out long before Ash's phone came back is still not kept.
    f.client.send_text(&group, "long gone", None).unwrap();
    let stale = deliver_with_skew(&f, &a, &group, 30 * 60);
    assert_eq!(stale, hearth_core::Processed::Dropped);
    assert!(bodies(&a, &group).is_empty());
}

/// Phones set their own clocks. With the facilitator's phone ten minutes fast, Ash's ten
/// minutes slow and Birch's right, a pause still lasts an hour on every phone's own clock,
/// holds Ash's posts, and every phone drops what a phone ignoring it sends (judged by the
/// relay's clock alone); ending it early lets Ash talk again.
#[tokio::test]
async fn clock_skew_a_pause_lasts_an_hour_on_every_phone_whatever_its_clock() {
    let net = net().await;
    let (f, a, b, group) = fern_ash_birch(&net).await;
    let all = [&f, &a, &b];
    let skews = [10 * 60, -10 * 60, 0];
    for (m, skew) in all.iter().zip(skews) {
        m.client.set_clock_skew_for_test(skew);
    }
    let ash = my_key(&a, &group);
    f.client
        .time_out_member(&group, &ash, 3600, "Let's take a breather")
        .unwrap();
    for m in &all {
        m.sync.sync_once().await.unwrap();
    }
    let system_ms = jiff::Timestamp::now().as_millisecond();
    for (m, skew) in all.iter().zip(skews) {
        let until = m
            .client
            .circle_members(&group)
            .unwrap()
            .into_iter()
            .find(|x| x.key == ash)
            .unwrap()
            .paused_until_ms
            .expect("every phone knows of the pause");
        let left_s = (until - (system_ms + skew * 1000)) / 1000;
        assert!(
            (3500..=3600).contains(&left_s),
            "{}: {left_s} s left",
            m.name
        );
    }
    assert!(matches!(
        a.client.send_text(&group, "let me speak", None),
        Err(Error::TimedOut { .. })
    ));
    post_ignoring_the_pause(&a, &group, &all).await;
    for m in [&f, &b] {
        assert!(bodies(m, &group).is_empty(), "{}", m.name);
    }
    f.client.time_out_member(&group, &ash, 0, "").unwrap();
    settle(&all).await;
    a.client.send_text(&group, "thank you", None).unwrap();
    settle(&all).await;
    for m in &all {
        assert_eq!(bodies(m, &group), ["thank you"], "{}", m.name);
    }
}
