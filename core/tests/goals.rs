//! Goals through the client: the rules a goal and a day's log pass, how mood on days done
//! compares in insights (worked out by hand), and goals in exports and backups.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::goals::{GoalDraft, GoalOutcome, GoalPlan, GoalReminder, ACTIVE_GOALS_MAX};
use hearth_core::insights::{Confidence, InsightsRequest};
use hearth_core::journal::CheckinDraft;
use hearth_core::{Client, Error, Moment};
use jiff::civil::{date, Date};

// 2025-12-01 is a Monday; everything here is in the past, whatever day the test runs.
fn dec(day: i8) -> Date {
    date(2025, 12, day)
}

fn walk() -> GoalDraft {
    GoalDraft {
        title: "Walk 20 minutes".into(),
        why: Some("canary: it clears my head".into()),
        plan: GoalPlan::Weekdays {
            days: "mon,wed,fri".parse().unwrap(),
        },
        reminder: Some(GoalReminder {
            time: "18:00".parse().unwrap(),
            time_zone: "Europe/Dublin".into(),
        }),
        starts_on: Some(dec(1)),
    }
}

fn checkin(client: &Client, at: &str, mood: u8) {
    client
        .add_checkin(&CheckinDraft {
            at: Some(Moment::parse(at).unwrap()),
            mood: Some(mood),
            ..Default::default()
        })
        .unwrap();
}

/// A walking goal (Mon/Wed/Fri from 1 December) with a fortnight of log and check-ins.
fn walker() -> (tempfile::TempDir, Client, String) {
    let (tmp, _dir, client) = new_profile(&raw_secret(7));
    let goal = client.add_goal(&walk(), dec(1)).unwrap();
    for (day, outcome) in [
        (1, GoalOutcome::Done),
        (3, GoalOutcome::Partly),
        (5, GoalOutcome::NotToday),
        (8, GoalOutcome::Done),
    ] {
        client
            .log_goal(&goal.id, dec(day), outcome, Some("canary log note"))
            .unwrap();
    }
    // Check-ins on done days (1, 3, 8), on asked-but-not-done days (5, and 10 with no log),
    // and on a day the plan does not ask for (Tuesday 2), which must not count either way.
    for (at, mood) in [
        ("2025-12-01T20:00:00+00:00", 4),
        ("2025-12-02T20:00:00+00:00", 1),
        ("2025-12-03T20:00:00+00:00", 5),
        ("2025-12-05T20:00:00+00:00", 2),
        ("2025-12-08T20:00:00+00:00", 4),
        ("2025-12-10T20:00:00+00:00", 3),
    ] {
        checkin(&client, at, mood);
    }
    (tmp, client, goal.id)
}

#[test]
fn insights_compare_mood_on_days_done_with_the_other_days_asked_for() {
    let (_tmp, client, id) = walker();
    // Today is Friday 12: open, so not counted yet.
    let insights = client
        .insights(&InsightsRequest {
            from: Some(dec(1)),
            today: dec(12),
        })
        .unwrap();
    let g = &insights.goals[0];
    assert_eq!(
        (g.goal_id.as_str(), g.title.as_str()),
        (id.as_str(), "Walk 20 minutes")
    );
    // By hand: done on 1, 3 (partly counts), 8 → moods 4, 5, 4 (mean 13/3); asked and not
    // done on 5 (not today) and 10 (no log) → moods 2, 3 (mean 2.5). Tuesday 2 is left out.
    assert_eq!((g.mood.count_with, g.mood.count_without), (3, 2));
    assert!((g.mood.mean_with.unwrap() - 13.0 / 3.0).abs() < 1e-9);
    assert!((g.mood.mean_without.unwrap() - 2.5).abs() < 1e-9);
    assert!((g.mood.difference.unwrap() - (13.0 / 3.0 - 2.5)).abs() < 1e-9);
    assert_eq!(
        g.mood.confidence,
        Confidence::NotEnoughData,
        "under 5 a side"
    );
    // A range that starts after the goal's days leaves nothing to compare.
    let later = client
        .insights(&InsightsRequest {
            from: Some(dec(11)),
            today: dec(12),
        })
        .unwrap();
    assert_eq!(later.goals[0].mood.count_with, 0);

    let p = client.goal_progress(&id, dec(12)).unwrap();
    // Streak: 1 done, 3 partly, 5 not today (breaks), 8 done, 10 missed (breaks), 12 open.
    assert_eq!((p.streak.current, p.streak.longest), (0, 2));
    // Rate: asked 1, 3, 5, 8, 10 = 5; earned 1 + ½ + 0 + 1 + 0 = 2.5.
    assert_eq!((p.completion.asked, p.completion.credit), (5, 2.5));
    assert!(p.due_today && p.today.is_none());
}

#[test]
fn a_goal_and_its_days_pass_the_rules_and_refusals_change_nothing() {
    let (_tmp, client, id) = walker();
    let before = client.goal_log(&id).unwrap();
    let refused = |r: hearth_core::Result<hearth_core::goals::GoalLogEntry>, field: &str| match r {
        Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
        other => panic!("{other:?}"),
    };
    refused(client.log_goal(&id, dec(2), GoalOutcome::Done, None), "day");
    refused(
        client.log_goal(&id, date(2025, 11, 28), GoalOutcome::Done, None),
        "day",
    );
    refused(
        client.log_goal(&id, date(2999, 1, 1), GoalOutcome::Done, None),
        "day",
    );
    refused(
        client.log_goal(&id, dec(10), GoalOutcome::Done, Some(&"x".repeat(1001))),
        "note",
    );
    assert_eq!(client.goal_log(&id).unwrap(), before, "nothing written");

    for (draft, field) in [
        (
            GoalDraft {
                title: "\n".into(),
                ..walk()
            },
            "title",
        ),
        (
            GoalDraft {
                title: "x".repeat(81),
                ..walk()
            },
            "title",
        ),
        (
            GoalDraft {
                plan: GoalPlan::TimesPerWeek { times: 0 },
                ..walk()
            },
            "times",
        ),
        (
            GoalDraft {
                plan: GoalPlan::Weekdays {
                    days: Default::default(),
                },
                ..walk()
            },
            "days",
        ),
        (
            GoalDraft {
                reminder: Some(GoalReminder {
                    time: "08:00".parse().unwrap(),
                    time_zone: "Mars/Olympus".into(),
                }),
                ..walk()
            },
            "time_zone",
        ),
    ] {
        match client.add_goal(&draft, dec(1)) {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    // Ending keeps the goal and its log; days after the end are refused; resume reopens.
    client.end_goal(&id, dec(8)).unwrap();
    refused(
        client.log_goal(&id, dec(10), GoalOutcome::Done, None),
        "day",
    );
    assert!(client.goals(dec(12), false).unwrap().is_empty());
    assert_eq!(client.goals(dec(12), true).unwrap().len(), 1);
    client.resume_goal(&id).unwrap();
    client
        .log_goal(&id, dec(10), GoalOutcome::Done, None)
        .unwrap();
    // The start of an id finds it; a prefix of nothing is not found.
    assert_eq!(client.resolve_goal_id(&id[..6]).unwrap(), id);
    assert!(matches!(
        client.resolve_goal_id("ffffffff"),
        Err(Error::NotFound { what: "goal" })
    ));
    // At most ACTIVE_GOALS_MAX run at once.
    for i in 1..ACTIVE_GOALS_MAX {
        let draft = GoalDraft {
            title: format!("goal {i}"),
            ..walk()
        };
        client.add_goal(&draft, dec(1)).unwrap();
    }
    assert!(matches!(
        client.add_goal(&walk(), dec(1)),
        Err(Error::InvalidInput { field: "goals", .. })
    ));
    client.delete_goal(&id).unwrap();
    assert!(matches!(
        client.goal_log(&id),
        Err(Error::NotFound { what: "goal" })
    ));
}

#[test]
fn goals_travel_in_exports_and_backups_and_a_second_import_adds_nothing() {
    let (_tmp, source, id) = walker();
    let json = source.export_json().unwrap();
    assert!(json.contains("\"goals\"") && json.contains("canary log note"));

    let (_t2, _d2, fresh) = new_profile(&raw_secret(8));
    let first = fresh.import_json(json.as_bytes()).unwrap();
    assert_eq!((first.goals_added, first.goals_updated), (1, 0));
    assert_eq!(fresh.goal(&id).unwrap(), source.goal(&id).unwrap());
    assert_eq!(fresh.goal_log(&id).unwrap(), source.goal_log(&id).unwrap());
    let again = fresh.import_json(json.as_bytes()).unwrap();
    assert_eq!((again.goals_added, again.goals_updated), (0, 0));

    // A newer day on the source comes across; the rest stays.
    source
        .log_goal(&id, dec(10), GoalOutcome::Done, None)
        .unwrap();
    let newer = fresh
        .import_json(source.export_json().unwrap().as_bytes())
        .unwrap();
    assert_eq!(newer.goals_updated, 1);
    assert_eq!(fresh.goal_log(&id).unwrap().len(), 5);

    // A backup carries them too.
    let backup = source.export_backup("a long passphrase").unwrap();
    let (_t3, _d3, restored) = new_profile(&raw_secret(9));
    assert_eq!(
        restored
            .import_backup(&backup, "a long passphrase")
            .unwrap()
            .goals_added,
        1
    );
    assert_eq!(
        restored.goal_progress(&id, dec(12)).unwrap(),
        source.goal_progress(&id, dec(12)).unwrap()
    );

    // A document whose goal breaks the rules is refused whole.
    let broken = source
        .export_json()
        .unwrap()
        .replace("Walk 20 minutes", &"x".repeat(200));
    let (_t4, _d4, other) = new_profile(&raw_secret(10));
    assert!(other.import_json(broken.as_bytes()).is_err());
    assert!(other.checkins(&Default::default()).unwrap().is_empty());
}
