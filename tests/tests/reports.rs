//! Reports end to end, through the relay in-process: a member reports a message to the
//! circle's facilitators; only they can open it; the reported member's phone and the relay's
//! files hold no trace of it; a facilitator sees their own copy of the message (or that it is
//! gone) and marks the report handled; a member asks the facilitators for support.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::circles::ReportReason;
use hearth_core::events::{Event, Notification};
use hearth_core::GroupId;
use hearth_core::{Error, Role};

const COMMENT: &str = "canary comment about a grey heron";
const UNKIND: &str = "canary unkind words from Birch";

/// Fern (facilitator), Cedar (co-facilitator), Ash and Birch, settled, with Birch's unkind
/// message delivered to everyone.
async fn circle_with_an_unkind_message(net: &Net) -> (Member, Member, Member, Member, GroupId) {
    let f = net.member("Facilitator Fern").await;
    let c = net.member("Co-facilitator Cedar").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&c, &a, &b]).await;
    settle(&[&f, &c, &a, &b]).await;
    f.client
        .set_role(&group, &my_key(&c, &group), Role::CoFacilitator)
        .unwrap();
    b.client.send_text(&group, UNKIND, None).unwrap();
    settle(&[&f, &c, &a, &b]).await;
    (f, c, a, b, group)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_reaches_only_the_facilitators_and_leaves_no_trace_with_anyone_else() {
    let (net, relay_dir) = net_on_files().await;
    let (f, c, a, b, group) = circle_with_an_unkind_message(&net).await;
    let all = [&f, &c, &a, &b];
    let mut birch_events = b.client.subscribe();

    let target = message_id(&a, &group, UNKIND);
    let report = a
        .client
        .report_message(&group, &target, ReportReason::Harassment, COMMENT)
        .unwrap();
    // Reporting the same message again is the same report.
    assert_eq!(
        a.client
            .report_message(&group, &target, ReportReason::Spam, "")
            .unwrap(),
        report
    );
    let waiting = a.client.sent_reports(&group).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].sent_at_ms, None, "it waits for sync");
    settle(&all).await;
    assert!(a.client.sent_reports(&group).unwrap()[0]
        .sent_at_ms
        .is_some());

    // Both facilitators open it, and show their own copy of the message.
    for facilitator in [&f, &c] {
        let reports = facilitator.client.circle_reports(&group, false).unwrap();
        assert_eq!(reports.len(), 1, "{} has the report", facilitator.name);
        let r = &reports[0];
        assert_eq!(r.id, report);
        assert_eq!(r.reason, ReportReason::Harassment);
        assert_eq!(r.comment, COMMENT);
        assert_eq!(r.reporter_name.as_deref(), Some("Member Ash"));
        assert_eq!(r.reporter_key, my_key(&a, &group));
        let copy = r.message.as_ref().expect("the facilitator's own copy");
        assert_eq!(copy.body, UNKIND);
        assert_eq!(copy.sender_key, Some(my_key(&b, &group)));
        assert_eq!(r.handled_at_ms, None);
    }

    // The members' phones have nothing: not Birch's, not even Ash's inbox.
    for member in [&a, &b] {
        assert!(member
            .client
            .circle_reports(&group, true)
            .unwrap()
            .is_empty());
    }
    assert!(b.client.sent_reports(&group).unwrap().is_empty());
    while let Some(n) = birch_events.try_recv() {
        assert!(
            !matches!(n, Notification::Changed(Event::CircleReports { .. })),
            "Birch's phone heard of a report"
        );
    }
    let birch = b.client.decrypted_dump_for_test().unwrap();
    assert!(
        holds(&birch, UNKIND),
        "the dump reads Birch's decrypted profile"
    );
    for trace in [COMMENT, &report, "harassment"] {
        assert!(!holds(&birch, trace), "Birch's profile holds {trace:?}");
    }
    let ash = a.client.decrypted_dump_for_test().unwrap();
    assert!(holds(&ash, COMMENT), "the reporter keeps their own record");

    // Handled on Fern's phone; still open on Cedar's.
    f.client.set_report_handled(&group, &report, true).unwrap();
    assert!(f.client.circle_reports(&group, false).unwrap().is_empty());
    assert!(f.client.circle_reports(&group, true).unwrap()[0]
        .handled_at_ms
        .is_some());
    assert_eq!(c.client.circle_reports(&group, false).unwrap().len(), 1);
    assert!(matches!(
        f.client.set_report_handled(&group, "feedface", true),
        Err(Error::NotFound { .. })
    ));

    // The relay's files hold no trace of what the report says, its id or its reason.
    assert_relay_holds_none(
        net,
        &relay_dir,
        &[COMMENT, UNKIND, &report, "harassment", "Member Ash"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_sees_when_their_copy_of_a_reported_message_is_gone() {
    let net = net().await;
    let (f, c, a, b, group) = circle_with_an_unkind_message(&net).await;
    let target = message_id(&a, &group, UNKIND);
    a.client
        .report_message(&group, &target, ReportReason::Threat, "")
        .unwrap();
    // Birch deletes the message before the facilitators read the report.
    b.client.delete_message(&group, &target).unwrap();
    settle(&[&f, &c, &a, &b]).await;
    let reports = f.client.circle_reports(&group, false).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id.as_deref(), Some(target.as_str()));
    assert!(
        reports[0].message.is_none(),
        "the copy is gone, and it says so"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_asks_the_facilitators_for_support_privately() {
    let net = net().await;
    let (f, c, a, b, group) = circle_with_an_unkind_message(&net).await;
    let id = a
        .client
        .ask_facilitators_for_support(&group, "canary: I'm having a really hard week")
        .unwrap();
    settle(&[&f, &c, &a, &b]).await;
    let reports = c.client.circle_reports(&group, false).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].id, id);
    assert_eq!(reports[0].reason, ReportReason::SupportRequest);
    assert_eq!(reports[0].message_id, None);
    assert_eq!(reports[0].comment, "canary: I'm having a really hard week");
    assert!(b.client.circle_reports(&group, true).unwrap().is_empty());
    let birch = b.client.decrypted_dump_for_test().unwrap();
    assert!(!holds(&birch, "really hard week"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_that_make_no_sense_are_refused_and_leave_nothing_behind() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    a.client.send_text(&group, "hello", None).unwrap();
    settle(&[&f, &a]).await;
    let own = message_id(&a, &group, "hello");
    let invalid = |r: hearth_core::Result<String>, field: &str| match r {
        Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
        other => panic!("expected InvalidInput({field}), got {other:?}"),
    };
    invalid(
        a.client
            .report_message(&group, &own, ReportReason::Spam, ""),
        "message_id",
    );
    let theirs = message_id(&f, &group, "hello");
    invalid(
        f.client
            .report_message(&group, &theirs, ReportReason::Spam, &"x".repeat(501)),
        "comment",
    );
    invalid(
        f.client
            .report_message(&group, &theirs, ReportReason::SupportRequest, ""),
        "reason",
    );
    // The only facilitator has nobody to report to: they remove the message instead.
    assert!(matches!(
        f.client
            .report_message(&group, &theirs, ReportReason::Spam, ""),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        a.client.report_message(
            &group,
            &hearth_core::MessageId::new("0123456789abcdef"),
            ReportReason::Spam,
            ""
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(a.client.sent_reports(&group).unwrap().is_empty());
    assert!(f.client.sent_reports(&group).unwrap().is_empty());
}

#[tokio::test]
async fn a_full_facilitator_inbox_holds_the_report_back_and_stops_no_other_circle() {
    let net = net_with(hearth_relay::RelayConfig {
        reports_per_day: 1,
        ..hearth_relay::RelayConfig::default()
    })
    .await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    let other = circle_with(&f, &[&a]).await;
    // The day's one report fills the inbox; Ash's second waits.
    a.client.ask_facilitators_for_support(&group, "").unwrap();
    a.sync.sync_once().await.unwrap();
    a.client
        .ask_facilitators_for_support(&group, "again")
        .unwrap();
    f.client.send_text(&other, "still here", None).unwrap();
    f.sync.sync_once().await.unwrap();
    // The pass goes through: the other circle's message arrives, the report waits.
    a.sync.sync_once().await.unwrap();
    assert!(
        messages_of(&a.client, &other, hearth_core::circles::MessageKind::Text)
            .iter()
            .any(|(_, body)| body == "still here")
    );
    let waiting = a.client.sent_reports(&group).unwrap();
    assert_eq!(waiting.iter().filter(|r| r.sent_at_ms.is_none()).count(), 1);
}
