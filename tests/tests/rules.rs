//! A circle's own rules end to end, through the relay: a facilitator sets them, the
//! sender's phone holds what they hold (with the rule's explanation, nothing sent), flags
//! what they flag on the facilitators' phones, and every phone shows a post that should have
//! been held, sent anyway by a modified phone, collapsed with the reason. The relay sees
//! none of it.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::circles::{CircleEvent, CircleRule, RuleAction, RuleCheck, RuleKind};
use hearth_core::{CircleMessage, Error, GroupId};

const NO_PRODUCTS: &str = "canary we do not talk about diet products here";
const CHECKED_LINKS: &str = "Links outside the NHS are looked at by a facilitator.";
const NEW_MEMBERS: &str = "New members can share links after their first day.";

fn rule(check: RuleCheck, action: RuleAction, explanation: &str) -> CircleRule {
    CircleRule {
        check,
        action,
        explanation: explanation.into(),
    }
}

fn the_rules() -> Vec<CircleRule> {
    vec![
        rule(
            RuleCheck::Phrases {
                phrases: vec!["Diet pills".into(), "pro-ana".into()],
            },
            RuleAction::Hold,
            NO_PRODUCTS,
        ),
        rule(
            RuleCheck::NewMemberLinks { hours: 24 },
            RuleAction::Hold,
            NEW_MEMBERS,
        ),
        rule(
            RuleCheck::Links {
                allowed_domains: vec!["nhs.uk".into()],
            },
            RuleAction::Flag,
            CHECKED_LINKS,
        ),
    ]
}

fn message(m: &Member, group: &GroupId, body: &str) -> CircleMessage {
    all_messages(&m.client, group)
        .into_iter()
        .find(|x| x.body == body)
        .unwrap_or_else(|| panic!("{} has no {body:?}", m.name))
}

fn held<T: std::fmt::Debug>(r: hearth_core::Result<T>) -> (RuleKind, String, Option<i64>) {
    match r {
        Err(Error::HeldByRule {
            kind,
            explanation,
            until_ms,
        }) => (kind, explanation, until_ms),
        other => panic!("expected a held post, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_hold_posts_on_the_senders_phone_and_flag_others_for_the_facilitators() {
    let (net, relay_dir) = net_on_files().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let all = [&f, &a, &b];

    // Only the facilitator sets them; bad rules are refused with what is wrong.
    assert!(matches!(
        a.client.set_circle_rules(&group, the_rules()),
        Err(Error::NotPermitted { .. })
    ));
    let mut silent = the_rules();
    silent[0].explanation = " ".into();
    assert!(matches!(
        f.client.set_circle_rules(&group, silent),
        Err(Error::InvalidInput {
            field: "explanation",
            ..
        })
    ));
    f.client.set_circle_rules(&group, the_rules()).unwrap();
    settle(&all).await;
    for m in all {
        let rules = m.client.circle_rules(&group).unwrap();
        assert_eq!(rules.len(), 3, "{}", m.name);
        assert_eq!(
            rules[0].check,
            RuleCheck::Phrases {
                phrases: vec!["diet pills".into(), "pro ana".into()]
            }
        );
        assert!(circle_events(m, &group).contains(&CircleEvent::RulesChanged { count: 3 }));
    }

    // A phrase holds Ash's post on Ash's phone: nothing stored, nothing waiting.
    let before = all_messages(&a.client, &group).len();
    let (kind, explanation, until) = held(a.client.send_text(
        &group,
        "Has anyone tried DIET-PILLS?",
        None,
    ));
    assert_eq!(
        (kind, explanation.as_str(), until),
        (RuleKind::Phrases, NO_PRODUCTS, None)
    );
    assert_eq!(all_messages(&a.client, &group).len(), before);
    assert_eq!(a.client.circle(&group).unwrap().waiting, 0);
    // Ash joined minutes ago: links wait a day.
    let (kind, explanation, _) = held(a.client.send_text(&group, "see example.com", None));
    assert_eq!(
        (kind, explanation.as_str()),
        (RuleKind::NewMemberLinks, NEW_MEMBERS)
    );
    // Facilitators are not bound by the rules.
    f.client
        .send_text(
            &group,
            "Diet pills come up sometimes: https://example.org",
            None,
        )
        .unwrap();

    // A day on (on every phone), Ash's link goes out and is flagged for Fern only.
    for m in all {
        m.client
            .age_membership_for_test(&group, 25 * 3_600)
            .unwrap();
    }
    let link = "this helped me https://example.com/help";
    a.client.send_text(&group, link, None).unwrap();
    a.client
        .send_text(&group, "and https://www.nhs.uk/mental-health/ too", None)
        .unwrap();
    settle(&all).await;
    for m in [&f, &a] {
        let flagged = message(m, &group, link).breach.unwrap();
        assert_eq!(
            (flagged.kind, flagged.action, flagged.explanation.as_str()),
            (RuleKind::Links, RuleAction::Flag, CHECKED_LINKS),
            "{}",
            m.name
        );
        assert!(!flagged.collapsed());
    }
    assert_eq!(message(&b, &group, link).breach, None);
    for m in all {
        assert_eq!(
            message(m, &group, "and https://www.nhs.uk/mental-health/ too").breach,
            None
        );
    }
    assert_eq!(f.client.circle(&group).unwrap().flagged, 1);
    assert_eq!(a.client.circle(&group).unwrap().flagged, 0);
    let listed = f.client.flagged_posts(&group).unwrap();
    assert_eq!(
        listed.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        [link]
    );
    assert!(matches!(
        b.client.flagged_posts(&group),
        Err(Error::NotPermitted { .. })
    ));

    // Ash edits the link out: the flag goes on every phone. An edit that breaks a rule
    // that holds is held, and the post stays as it was.
    let id = message(&a, &group, link).id;
    let (kind, _, _) = held(a.client.edit_message(&group, &id, "pro ana"));
    assert_eq!(kind, RuleKind::Phrases);
    assert_eq!(message(&a, &group, link).body, link);
    a.client
        .edit_message(&group, &id, "this helped me")
        .unwrap();
    settle(&all).await;
    assert!(f.client.flagged_posts(&group).unwrap().is_empty());
    assert_eq!(message(&f, &group, "this helped me").breach, None);

    // A facilitator looks and lets a flag be: off the list on that phone.
    a.client
        .send_text(&group, "example.net is fine", None)
        .unwrap();
    settle(&all).await;
    let flagged = f.client.flagged_posts(&group).unwrap();
    assert_eq!(flagged.len(), 1);
    f.client.dismiss_flag(&group, &flagged[0].id).unwrap();
    assert!(f.client.flagged_posts(&group).unwrap().is_empty());
    assert_eq!(f.client.circle(&group).unwrap().flagged, 0);
    assert!(matches!(
        f.client.dismiss_flag(&group, &flagged[0].id),
        Err(Error::NotFound { .. })
    ));

    // Turned off, nothing is judged.
    f.client.set_circle_rules(&group, Vec::new()).unwrap();
    settle(&all).await;
    a.client
        .send_text(&group, "diet pills at example.biz", None)
        .unwrap();
    settle(&all).await;
    assert_eq!(
        message(&f, &group, "diet pills at example.biz").breach,
        None
    );
    assert!(circle_events(&b, &group).contains(&CircleEvent::RulesChanged { count: 0 }));

    // The rules live in the encrypted profile: the relay's files hold none of their words.
    assert_relay_holds_none(net, &relay_dir, &[NO_PRODUCTS, "diet pills", NEW_MEMBERS]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_a_modified_phone_sends_anyway_is_collapsed_on_every_phone() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let all = [&f, &a, &b];
    let mut rules = the_rules();
    rules.push(rule(
        RuleCheck::Rate {
            posts: 2,
            minutes: 60,
        },
        RuleAction::Hold,
        "Two posts an hour, so everyone gets a turn.",
    ));
    f.client.set_circle_rules(&group, rules).unwrap();
    settle(&all).await;

    // A phone that ignores the rules sends a phrase they hold.
    a.client
        .send_unchecked_for_test(
            &group,
            r#"{"t":"text","id":"0badc0de0badc0de","body":"pro-ana tips anyone","sent_at_ms":0}"#,
        )
        .unwrap();
    settle(&all).await;
    for m in [&f, &b] {
        let shown = message(m, &group, "pro-ana tips anyone");
        let breach = shown.breach.unwrap();
        assert!(breach.collapsed(), "{}", m.name);
        assert_eq!(
            (breach.kind, breach.explanation.as_str()),
            (RuleKind::Phrases, NO_PRODUCTS)
        );
    }
    let listed = f.client.flagged_posts(&group).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].breach.as_ref().unwrap().collapsed());

    // A posting rate: that post counted, so Birch's phone holds Birch's third but not a
    // second; Ash's modified phone posts twice more, and the last is one too many.
    b.client.send_text(&group, "one", None).unwrap();
    b.client.send_text(&group, "two", None).unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let (kind, _, until) = held(b.client.send_text(&group, "three", None));
    assert_eq!(kind, RuleKind::Rate);
    let until = until.unwrap();
    assert!(
        (now_ms + 59 * 60_000..=now_ms + 61 * 60_000).contains(&until),
        "{until} against {now_ms}"
    );
    a.client
        .send_unchecked_for_test(
            &group,
            r#"{"t":"text","id":"0badc0de0badc0df","body":"second","sent_at_ms":0}"#,
        )
        .unwrap();
    a.client
        .send_unchecked_for_test(
            &group,
            r#"{"t":"text","id":"0badc0de0badc0e0","body":"third in an hour","sent_at_ms":0}"#,
        )
        .unwrap();
    settle(&all).await;
    for m in [&f, &b] {
        assert_eq!(message(m, &group, "second").breach, None, "{}", m.name);
        let breach = message(m, &group, "third in an hour").breach.unwrap();
        assert_eq!((breach.kind, breach.collapsed()), (RuleKind::Rate, true));
    }
    assert_eq!(f.client.circle(&group).unwrap().flagged, 2);
}
