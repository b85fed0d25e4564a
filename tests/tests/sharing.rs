//! Shared check-in and goal cards and scheduled sessions end to end, through the relay
//! in-process.
#![allow(clippy::unwrap_used)]

mod common;

use std::str::FromStr;

use common::*;
use hearth_core::circles::{example_programmes, Repeat, ShareChoice};
use hearth_core::goals::{
    CardStreak, GoalDraft, GoalOutcome, GoalPlan, GoalShareChoice, StreakUnit,
};
use hearth_core::journal::CheckinDraft;
use hearth_core::{Error, Moment};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_check_in_shows_the_mood_and_only_the_chosen_parts_on_every_phone() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    let checkin = a
        .client
        .add_checkin(&CheckinDraft {
            at: Some(Moment::parse("2026-11-20T21:30:00+01:00").unwrap()),
            mood: Some(2),
            energy: Some(3),
            emotions: vec!["tired".into()],
            tags: vec!["work".into()],
            sleep_hours: Some(6.0),
            note: Some("canary private note about my sister".into()),
        })
        .unwrap();
    let without_note = a
        .client
        .share_checkin(
            &group,
            &checkin.id,
            ShareChoice {
                energy: true,
                emotions: true,
                ..ShareChoice::default()
            },
        )
        .unwrap();
    let with_note = a
        .client
        .share_checkin(
            &group,
            &checkin.id,
            ShareChoice {
                note: true,
                ..ShareChoice::default()
            },
        )
        .unwrap();
    settle(&[&f, &a, &b]).await;

    for m in [&f, &a, &b] {
        let messages = m.client.latest_circle_messages(&group, 50).unwrap();
        let first = messages.iter().find(|x| x.id == without_note).unwrap();
        assert!(
            first.relay_seq.is_some(),
            "placed by the relay on {}'s phone",
            m.name
        );
        let card = first.checkin.as_ref().expect("a card");
        assert_eq!((card.mood, card.energy), (2, Some(3)), "{}", m.name);
        assert_eq!(card.emotions, ["tired"]);
        assert!(card.tags.is_empty() && card.sleep_minutes.is_none() && card.note.is_none());
        assert_eq!(
            first.body,
            "Check-in 2026-11-20: mood 2/5 · energy 3/5 · feeling tired"
        );
        let second = messages.iter().find(|x| x.id == with_note).unwrap();
        let card = second.checkin.as_ref().unwrap();
        assert_eq!(card.energy, None);
        assert_eq!(
            card.note.as_deref(),
            Some("canary private note about my sister")
        );
    }
    // The note went only where it was ticked: Birch's phone holds it once, in that card.
    let birch = b.client.decrypted_dump_for_test().unwrap();
    let note = b"canary private note about my sister";
    assert!(birch.windows(note.len()).filter(|w| w == note).count() >= 1);
    // Cards react, and their sender deletes them like any message; they cannot be edited.
    b.client.react(&group, &with_note, "💛", false).unwrap();
    assert!(matches!(
        a.client.edit_message(&group, &with_note, "new words"),
        Err(Error::InvalidInput {
            field: "message_id",
            ..
        })
    ));
    a.client.delete_message(&group, &with_note).unwrap();
    settle(&[&f, &a, &b]).await;
    let gone = b
        .client
        .latest_circle_messages(&group, 50)
        .unwrap()
        .into_iter()
        .find(|x| x.id == with_note)
        .unwrap();
    assert!(gone.deleted && gone.checkin.is_none() && gone.body.is_empty());
    // Someone else's check-in cannot be shared (the id is not on their phone).
    assert!(matches!(
        b.client
            .share_checkin(&group, &checkin.id, ShareChoice::default()),
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_goal_week_card_carries_the_title_and_week_and_only_what_was_ticked() {
    let (net, relay_dir) = net_on_files().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    const WHY: &str = "canary why: my sister walks with me";
    const NOTE: &str = "canary day note: knee hurt";
    // 2025-12-01 is a Monday: done Monday, partly Wednesday; shared on Friday.
    let day = |d: i8| jiff::civil::date(2025, 12, d);
    let goal = a
        .client
        .add_goal(
            &GoalDraft {
                title: "Walk by the canal".into(),
                why: Some(WHY.into()),
                plan: GoalPlan::Weekdays {
                    days: "mon,wed,fri".parse().unwrap(),
                },
                reminder: None,
                starts_on: Some(day(1)),
            },
            day(1),
        )
        .unwrap();
    a.client
        .log_goal(&goal.id, day(1), GoalOutcome::Done, Some(NOTE))
        .unwrap();
    a.client
        .log_goal(&goal.id, day(3), GoalOutcome::Partly, None)
        .unwrap();
    let plain = a
        .client
        .share_goal(&group, &goal.id, day(5), GoalShareChoice::default())
        .unwrap();
    let ticked = a
        .client
        .share_goal(
            &group,
            &goal.id,
            day(5),
            GoalShareChoice {
                why: true,
                streak: true,
            },
        )
        .unwrap();
    settle(&[&f, &a]).await;

    for m in [&f, &a] {
        let messages = m.client.latest_circle_messages(&group, 50).unwrap();
        let first = messages.iter().find(|x| x.id == plain).unwrap();
        let card = first.goal.as_ref().expect("a goal card");
        assert!(first.checkin.is_none());
        assert_eq!(
            (card.title.as_str(), card.week_of.as_str()),
            ("Walk by the canal", "2025-12-01"),
            "{}",
            m.name
        );
        assert_eq!((card.done, card.partly, card.target), (1, 1, 3));
        assert!(card.why.is_none() && card.streak.is_none());
        assert_eq!(
            first.body,
            "Goal \u{201c}Walk by the canal\u{201d}, week of 2025-12-01: 1 of 3 done, 1 partly"
        );
        let second = messages.iter().find(|x| x.id == ticked).unwrap();
        let card = second.goal.as_ref().unwrap();
        assert_eq!(card.why.as_deref(), Some(WHY));
        assert_eq!(
            card.streak,
            Some(CardStreak {
                current: 2,
                unit: StreakUnit::Days
            })
        );
    }
    // The day's note never leaves Ash's phone; the why only where it was ticked.
    let fern = f.client.decrypted_dump_for_test().unwrap();
    assert!(!holds(&fern, NOTE));
    assert!(holds(&fern, WHY));
    // Someone else's goal cannot be shared.
    assert!(matches!(
        f.client
            .share_goal(&group, &goal.id, day(5), GoalShareChoice::default()),
        Err(Error::NotFound { what: "goal" })
    ));

    // The relay holds none of it.
    assert_relay_holds_none(
        net,
        &relay_dir,
        &[WHY, NOTE, "Walk by the canal", "2025-12-01"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_programme_shows_each_weeks_topic_at_its_meeting_on_every_phone_across_dst() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    // Tuesdays at 19:00 in London from 16 March 2027; the clocks go forward on 28 March.
    let weekly = f
        .client
        .add_session(
            &group,
            "Tuesday circle",
            "2027-03-16T19:00",
            "Europe/London",
            90,
            Repeat::Weekly,
        )
        .unwrap();
    let once = f
        .client
        .add_session(
            &group,
            "Open evening",
            "2027-03-20T18:00",
            "Europe/London",
            60,
            Repeat::Never,
        )
        .unwrap();
    settle(&[&f, &a]).await;
    let examples = example_programmes();
    let steady = examples
        .iter()
        .find(|p| p.id == "steady-ground")
        .unwrap()
        .clone();
    // A member cannot attach one; a one-off meeting cannot carry one; nothing changes.
    assert!(matches!(
        a.client.attach_programme(&group, steady.clone(), &weekly),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        f.client.attach_programme(&group, steady.clone(), &once),
        Err(Error::InvalidInput {
            field: "session",
            ..
        })
    ));
    let mut broken = steady.clone();
    broken.weeks[1].topic = "two\nlines".into();
    assert!(matches!(
        f.client.attach_programme(&group, broken, &weekly),
        Err(Error::InvalidInput { field: "weeks", .. })
    ));
    f.client
        .attach_programme(&group, steady.clone(), &weekly)
        .unwrap();
    settle(&[&f, &a]).await;

    let at = |text: &str| Some(jiff::Timestamp::from_str(text).unwrap().as_millisecond());
    for m in [&f, &a] {
        let first = m
            .client
            .programme_topics(&group, at("2027-03-01T00:00:00Z"), 6)
            .unwrap();
        let weeks: Vec<(u32, String)> = first
            .iter()
            .map(|t| (t.week, t.starts_at.to_string()))
            .collect();
        assert_eq!(
            weeks,
            [
                (1, "2027-03-16T19:00:00+00:00".to_string()),
                (2, "2027-03-23T19:00:00+00:00".to_string()),
                // After the change: still 19:00 in London, an hour earlier in UTC.
                (3, "2027-03-30T19:00:00+01:00".to_string()),
                (4, "2027-04-06T19:00:00+01:00".to_string()),
                (5, "2027-04-13T19:00:00+01:00".to_string()),
                (6, "2027-04-20T19:00:00+01:00".to_string()),
            ],
            "{}",
            m.name
        );
        assert_eq!(first[2].content, steady.weeks[2]);
        assert_eq!(first[2].weeks, 6);
        // During week three's meeting, its topic comes first; after the last, none.
        let during = m
            .client
            .programme_topics(&group, at("2027-03-30T18:30:00Z"), 1)
            .unwrap();
        assert_eq!(during[0].content.topic, steady.weeks[2].topic);
        assert!(m
            .client
            .programme_topics(&group, at("2027-05-01T00:00:00Z"), 3)
            .unwrap()
            .is_empty());
    }

    // Cancelling the meeting takes its programme with it, on every phone.
    f.client.cancel_session(&group, &weekly).unwrap();
    settle(&[&f, &a]).await;
    for m in [&f, &a] {
        assert!(
            m.client.circle_programme(&group).unwrap().is_none(),
            "{}",
            m.name
        );
    }
    assert!(matches!(
        f.client.detach_programme(&group),
        Err(Error::NotFound { what: "programme" })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_schedules_sessions_and_every_phone_computes_the_reminders() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    let weekly = f
        .client
        .add_session(
            &group,
            "Tuesday check-in",
            "2026-10-13T19:00",
            "Europe/London",
            90,
            Repeat::Weekly,
        )
        .unwrap();
    let once = f
        .client
        .add_session(
            &group,
            "Welcome evening",
            "2026-10-21T18:00",
            "Europe/London",
            60,
            Repeat::Never,
        )
        .unwrap();
    // A member cannot schedule, and nonsense is refused with the field named.
    assert!(matches!(
        a.client
            .add_session(&group, "Mine", "2026-10-13T19:00", "UTC", 60, Repeat::Never),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        f.client
            .add_session(&group, "Late", "2026-10-13T19:00", "UTC", 0, Repeat::Never),
        Err(Error::InvalidInput {
            field: "duration_minutes",
            ..
        })
    ));
    settle(&[&f, &a]).await;

    let after = Moment::parse("2026-10-19T00:00:00+00:00")
        .unwrap()
        .unix_ms();
    for m in [&f, &a] {
        assert_eq!(
            m.client.circle_sessions(&group).unwrap().len(),
            2,
            "{}",
            m.name
        );
        let next = m.client.upcoming_sessions(Some(after), 4).unwrap();
        let shown: Vec<(String, String, String)> = next
            .iter()
            .map(|o| {
                (
                    o.title.clone(),
                    o.starts_at.to_string(),
                    o.remind_at.to_string(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Tuesday check-in".into(),
                    "2026-10-20T19:00:00+01:00".into(),
                    "2026-10-20T18:30:00+01:00".into()
                ),
                (
                    "Welcome evening".into(),
                    "2026-10-21T18:00:00+01:00".into(),
                    "2026-10-21T17:30:00+01:00".into()
                ),
                // London's clocks went back on 25 October: still 19:00 there.
                (
                    "Tuesday check-in".into(),
                    "2026-10-27T19:00:00+00:00".into(),
                    "2026-10-27T18:30:00+00:00".into()
                ),
                (
                    "Tuesday check-in".into(),
                    "2026-11-03T19:00:00+00:00".into(),
                    "2026-11-03T18:30:00+00:00".into()
                ),
            ]
        );
        assert!(system_events(m, &group)
            .iter()
            .any(|e| e == "A meeting was scheduled: Welcome evening."));
    }

    f.client.cancel_session(&group, &once).unwrap();
    settle(&[&f, &a]).await;
    let left: Vec<String> = a
        .client
        .circle_sessions(&group)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(left, [weekly]);
    assert!(system_events(&a, &group)
        .iter()
        .any(|e| e == "A meeting was cancelled: Welcome evening."));
    assert!(matches!(
        f.client.cancel_session(&group, &once),
        Err(Error::NotFound { .. })
    ));
}

/// Phones set their own clocks. A meeting under way (started five minutes ago by the
/// relay's clock, an hour long), scheduled from a phone ten minutes fast, shows on that
/// phone and on one ten minutes slow: the same start, end and reminder on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_a_meeting_under_way_shows_alike_on_phones_ten_minutes_off_either_way() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;
    f.client.set_clock_skew_for_test(10 * 60);
    a.client.set_clock_skew_for_test(-10 * 60);
    let started = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(5);
    let starts = started
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    f.client
        .add_session(&group, "Tonight", &starts, "UTC", 60, Repeat::Never)
        .unwrap();
    settle(&[&f, &a]).await;
    let shown = |m: &Member| {
        m.client
            .upcoming_sessions(None, 5)
            .unwrap()
            .into_iter()
            .map(|o| {
                (
                    o.title,
                    o.starts_at.unix_ms(),
                    o.ends_at.unix_ms(),
                    o.remind_at.unix_ms(),
                )
            })
            .collect::<Vec<_>>()
    };
    let on_fern = shown(&f);
    assert_eq!(on_fern.len(), 1, "the meeting shows on the fast phone");
    assert_eq!(on_fern, shown(&a), "and alike on the slow one");
    let (_, starts_ms, ends_ms, remind_ms) = on_fern[0].clone();
    assert_eq!(starts_ms, started.as_millisecond() / 60_000 * 60_000);
    assert_eq!(ends_ms - starts_ms, 60 * 60_000);
    assert_eq!(starts_ms - remind_ms, 30 * 60_000);
}
