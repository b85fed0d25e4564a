//! One-to-one talks end to end, through the relay in-process: asked inside a circle, sealed
//! so only the person asked can read it, accepted into a two-person circle of its own that
//! nothing at the relay ties to the first, ended by either person, and blocks that hold
//! across every circle the two share.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::circles::{CircleEvent, ReportReason, Who};
use hearth_core::talks::{TalkId, TalkState};
use hearth_core::{CircleState, Error, Role};

const NOTE: &str = "canary could we talk about last week";

fn talk_state(m: &Member, id: &TalkId) -> TalkState {
    m.client
        .talks(None)
        .unwrap()
        .into_iter()
        .find(|t| &t.id == id)
        .unwrap()
        .state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_asks_a_facilitator_for_a_private_talk_that_becomes_a_circle_of_two() {
    let (net, relay_dir) = net_on_files().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let fern = my_key(&f, &group);

    // Ash asks Fern; asking again gives the same request. Birch cannot ask Ash: members
    // ask members only where the circle allows it.
    let id = a.client.ask_to_talk(&group, &fern, NOTE).unwrap();
    assert_eq!(a.client.ask_to_talk(&group, &fern, "again").unwrap(), id);
    assert!(matches!(
        b.client.ask_to_talk(&group, &my_key(&a, &group), ""),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        a.client.ask_to_talk(&group, &my_key(&a, &group), ""),
        Err(Error::InvalidInput { .. })
    ));
    let messages_before = all_messages(&b.client, &group).len();
    settle(&[&f, &a, &b]).await;

    // Only Fern's phone knows of it; the circle's history shows nothing new.
    let asked = f.client.talks(Some(&group)).unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        (
            asked[0].id.clone(),
            asked[0].with_name.as_str(),
            asked[0].asked_by_me,
            asked[0].state,
            asked[0].note.as_str(),
            asked[0].circle_name.as_str()
        ),
        (
            id.clone(),
            "Member Ash",
            false,
            TalkState::Asked,
            NOTE,
            "Tuesday evening circle"
        )
    );
    assert!(b.client.talks(None).unwrap().is_empty());
    assert_eq!(all_messages(&b.client, &group).len(), messages_before);
    assert_eq!(talk_state(&a, &id), TalkState::Asked);

    // Fern accepts: a circle of two, both facilitators, each phone naming the other.
    let talk = f.client.accept_talk(&id).unwrap();
    settle(&[&f, &a, &b]).await;
    assert_eq!(talk_state(&a, &id), TalkState::Open);
    let on_ash = a.client.talks(None).unwrap()[0].talk_circle.clone();
    assert_eq!(on_ash.as_ref(), Some(&talk));
    for (m, other) in [(&a, "Facilitator Fern"), (&f, "Member Ash")] {
        let summary = m.client.circle(&talk).unwrap();
        assert_eq!(summary.talk_with.as_deref(), Some(other), "{}", m.name);
        assert_eq!(summary.member_count, 2);
        assert_eq!(summary.role, Role::Facilitator);
        assert_eq!(summary.state, CircleState::Active);
    }
    assert!(b.client.circle(&talk).is_err(), "Birch is not in it");
    // Fresh keys: nothing in the talk names either person as the circle knows them.
    assert_ne!(my_key(&a, &talk), my_key(&a, &group));
    assert_ne!(my_key(&f, &talk), my_key(&f, &group));

    a.client
        .send_text(&talk, "Thank you for making time.", None)
        .unwrap();
    settle(&[&f, &a]).await;
    f.client
        .send_text(&talk, "Of course. How are you?", None)
        .unwrap();
    settle(&[&f, &a]).await;
    for m in [&a, &f] {
        assert_eq!(
            bodies(m, &talk),
            ["Thank you for making time.", "Of course. How are you?"]
        );
    }

    // Fern is the circle's only facilitator: a report from this talk has nobody to go to.
    let fern_said = message_id(&a, &talk, "Of course. How are you?");
    assert!(matches!(
        a.client
            .report_message(&talk, &fern_said, ReportReason::Harassment, ""),
        Err(Error::NotPermitted { .. })
    ));

    // Nobody else comes in, and nothing about it changes but its timer and its end.
    assert!(matches!(
        f.client.add_member(&talk, &b.device_id),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        f.client
            .create_invite(&talk, &hearth_core::invites::InviteOptions::default()),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        f.client.update_circle(&talk, Some("Renamed"), None, None),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        a.client.ask_to_talk(&group, &fern, ""),
        Err(Error::InvalidInput { .. })
    ));

    // Ash ends it: both phones show who did, and it is over on both.
    a.client.end_talk(&talk).unwrap();
    settle(&[&f, &a]).await;
    for m in [&a, &f] {
        assert_eq!(m.client.circle(&talk).unwrap().state, CircleState::Closed);
        assert_eq!(talk_state(m, &id), TalkState::Ended, "{}", m.name);
    }
    let ended = |m: &Member| {
        circle_events(m, &talk)
            .into_iter()
            .filter(|e| matches!(e, CircleEvent::TalkEnded { .. }))
            .collect::<Vec<_>>()
    };
    assert_eq!(ended(&a), [CircleEvent::TalkEnded { who: Who::You }]);
    assert_eq!(
        ended(&f),
        [CircleEvent::TalkEnded {
            who: Who::Member("Member Ash".into())
        }]
    );

    // The relay holds neither the note nor the talk's id, nor anyone's name.
    assert_relay_holds_none(
        net,
        &relay_dir,
        &[
            NOTE,
            id.as_str(),
            "Member Ash",
            "Facilitator Fern",
            "Private talk",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_or_blocked_person_hears_no_more_and_a_block_holds_in_every_shared_circle() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let b = net.member("Member Birch").await;
    let first = circle_with(&f, &[&b]).await;
    let fern = my_key(&f, &first);

    // Declined: Birch's phone says so.
    let id = b.client.ask_to_talk(&first, &fern, "").unwrap();
    settle(&[&f, &b]).await;
    f.client.decline_talk(&id).unwrap();
    settle(&[&f, &b]).await;
    assert_eq!(talk_state(&b, &id), TalkState::Declined);
    assert!(f.client.accept_talk(&id).is_err(), "answered already");

    // Withdrawn before an answer: gone from Fern's list of requests to answer.
    let withdrawn = b.client.ask_to_talk(&first, &fern, "never mind").unwrap();
    settle(&[&f, &b]).await;
    b.client.withdraw_talk_request(&withdrawn).unwrap();
    settle(&[&f, &b]).await;
    assert_eq!(talk_state(&f, &withdrawn), TalkState::Withdrawn);

    // Fern blocks Birch: Birch is not told (the request waits on their phone), and a new
    // request, here or from another circle they share, never shows on Fern's phone.
    let blocked = b.client.ask_to_talk(&first, &fern, "please").unwrap();
    settle(&[&f, &b]).await;
    f.client.block_talker(&blocked).unwrap();
    settle(&[&f, &b]).await;
    assert_eq!(talk_state(&b, &blocked), TalkState::Asked);
    let blocks = f.client.blocked_talkers().unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].display_name, "Member Birch");
    b.client.withdraw_talk_request(&blocked).unwrap();
    let again = b.client.ask_to_talk(&first, &fern, "").unwrap();
    let second = circle_with(&f, &[&b]).await;
    let elsewhere = b
        .client
        .ask_to_talk(&second, &my_key(&f, &second), "")
        .unwrap();
    settle(&[&f, &b]).await;
    let on_fern: Vec<TalkId> = f
        .client
        .talks(None)
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert!(!on_fern.contains(&again) && !on_fern.contains(&elsewhere));

    // Unblocked, Birch can ask again.
    f.client.unblock_talker(&blocks[0].key).unwrap();
    assert!(f.client.unblock_talker(&blocks[0].key).is_err());
    b.client.withdraw_talk_request(&elsewhere).unwrap();
    let welcome_back = b
        .client
        .ask_to_talk(&second, &my_key(&f, &second), "")
        .unwrap();
    settle(&[&f, &b]).await;
    assert_eq!(talk_state(&f, &welcome_back), TalkState::Asked);

    // A facilitator lets members ask each other; then a member can ask a member.
    let c = net.member("Member Cedar").await;
    let third = circle_with(&f, &[&b, &c]).await;
    let cedar = my_key(&c, &third);
    assert!(b.client.ask_to_talk(&third, &cedar, "").is_err());
    f.client.set_members_may_talk(&third, true).unwrap();
    settle(&[&f, &b, &c]).await;
    assert!(b.client.circle(&third).unwrap().members_may_talk);
    let between_members = b.client.ask_to_talk(&third, &cedar, "").unwrap();
    settle(&[&f, &b, &c]).await;
    assert_eq!(talk_state(&c, &between_members), TalkState::Asked);
    let talk = c.client.accept_talk(&between_members).unwrap();
    settle(&[&f, &b, &c]).await;
    assert_eq!(
        b.client.circle(&talk).unwrap().talk_with.as_deref(),
        Some("Member Cedar")
    );
    // Blocking ends an open talk.
    c.client.block_talker(&between_members).unwrap();
    settle(&[&f, &b, &c]).await;
    assert_eq!(b.client.circle(&talk).unwrap().state, CircleState::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_from_a_talk_goes_to_the_other_facilitators_of_its_circle_never_to_the_other_person(
) {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let g = net.member("Co-facilitator Gale").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&g, &a]).await;
    f.client
        .set_role(&group, &my_key(&g, &group), Role::CoFacilitator)
        .unwrap();
    settle(&[&f, &g, &a]).await;
    let id = a
        .client
        .ask_to_talk(&group, &my_key(&f, &group), "")
        .unwrap();
    settle(&[&f, &g, &a]).await;
    let talk = f.client.accept_talk(&id).unwrap();
    settle(&[&f, &g, &a]).await;
    f.client
        .send_text(&talk, "canary something hurtful", None)
        .unwrap();
    a.client.send_text(&talk, "my own words", None).unwrap();
    settle(&[&f, &a]).await;

    let hurtful = message_id(&a, &talk, "canary something hurtful");
    assert!(matches!(
        a.client.report_message(
            &talk,
            &message_id(&a, &talk, "my own words"),
            ReportReason::Other,
            ""
        ),
        Err(Error::InvalidInput { .. })
    ));
    a.client
        .report_message(
            &talk,
            &hurtful,
            ReportReason::Harassment,
            "in our private talk",
        )
        .unwrap();
    a.client
        .ask_facilitators_for_support(&talk, "I am not doing well")
        .unwrap();
    settle(&[&f, &g, &a]).await;

    let on_gale = g.client.circle_reports(&group, true).unwrap();
    assert_eq!(on_gale.len(), 2);
    let report = on_gale
        .iter()
        .find(|r| r.reason == ReportReason::Harassment)
        .unwrap();
    assert_eq!(report.reporter_name.as_deref(), Some("Member Ash"));
    assert_eq!(report.comment, "in our private talk");
    assert_eq!(report.message_id, None);
    let quote = report.talk_quote.as_ref().unwrap();
    assert_eq!(
        (quote.author.as_str(), quote.body.as_str()),
        ("Facilitator Fern", "canary something hurtful")
    );
    assert!(on_gale
        .iter()
        .any(|r| r.reason == ReportReason::SupportRequest && r.comment == "I am not doing well"));
    assert!(
        f.client.circle_reports(&group, true).unwrap().is_empty(),
        "the person reported never receives it"
    );
}
