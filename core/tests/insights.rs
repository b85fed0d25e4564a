//! Insights on a fixed data set, against values worked out by hand. The data crosses the US
//! daylight-saving change (2026-03-08) and a move from New York to London.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::insights::{Confidence, InsightsRequest};
use hearth_core::instruments::Instrument;
use hearth_core::journal::CheckinDraft;
use hearth_core::{Client, Moment};
use jiff::civil::{date, Date, Weekday};

fn d(text: &str) -> Date {
    text.parse().unwrap()
}

fn fixture() -> (tempfile::TempDir, Client) {
    let (tmp, _dir, client) = new_profile(&raw_secret(1));
    let rows: [(&str, u8, &[&str]); 8] = [
        ("2026-03-06T21:00:00-05:00", 3, &["walk"]),
        ("2026-03-07T23:30:00-05:00", 4, &["walk"]), // 8 March in UTC
        ("2026-03-08T22:00:00-04:00", 5, &["walk"]), // after the clocks changed
        ("2026-03-09T07:00:00-04:00", 2, &["work"]),
        ("2026-03-09T21:00:00-04:00", 4, &[]),
        ("2026-03-10T23:50:00-04:00", 3, &["work"]), // 11 March in UTC
        ("2026-03-11T08:00:00+00:00", 1, &["work"]), // now in London: same UTC day as above
        ("2026-04-02T12:00:00+01:00", 5, &["walk"]),
    ];
    for (at, mood, tags) in rows {
        client
            .add_checkin(&CheckinDraft {
                at: Some(Moment::parse(at).unwrap()),
                mood: Some(mood),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            })
            .unwrap();
    }
    let phq = |at: &str, answers: &[u8]| {
        client
            .record_survey(Instrument::Phq9, answers, Some(Moment::parse(at).unwrap()))
            .unwrap();
    };
    phq("2026-03-07T10:00:00-05:00", &[2, 2, 2, 2, 1, 1, 1, 1, 0]); // 12
    phq("2026-04-01T10:00:00+01:00", &[1, 1, 1, 1, 1, 1, 0, 0, 0]); // 6
    (tmp, client)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn all_history_matches_hand_computed_values() {
    let (_tmp, client) = fixture();
    let i = client
        .insights(&InsightsRequest {
            from: None,
            today: d("2026-04-03"),
        })
        .unwrap();
    assert_eq!(i.checkin_count, 8);
    assert!(close(i.mean_mood.unwrap(), 27.0 / 8.0));

    let days: Vec<(Date, f64, u32)> = i
        .by_day
        .iter()
        .map(|p| (p.start, p.mean, p.count))
        .collect();
    assert_eq!(
        days,
        [
            (date(2026, 3, 6), 3.0, 1),
            (date(2026, 3, 7), 4.0, 1),
            (date(2026, 3, 8), 5.0, 1),
            (date(2026, 3, 9), 3.0, 2),
            (date(2026, 3, 10), 3.0, 1),
            (date(2026, 3, 11), 1.0, 1),
            (date(2026, 4, 2), 5.0, 1),
        ]
    );
    let weeks: Vec<(Date, f64, u32)> = i
        .by_week
        .iter()
        .map(|p| (p.start, p.mean, p.count))
        .collect();
    assert_eq!(
        weeks,
        [
            (date(2026, 3, 2), 4.0, 3),
            (date(2026, 3, 9), 2.5, 4),
            (date(2026, 3, 30), 5.0, 1)
        ]
    );
    assert_eq!(i.by_month.len(), 2);
    assert_eq!(
        (i.by_month[0].start, i.by_month[0].count),
        (date(2026, 3, 1), 7)
    );
    assert!(close(i.by_month[0].mean, 22.0 / 7.0));
    assert_eq!(
        (i.by_month[1].start, i.by_month[1].mean),
        (date(2026, 4, 1), 5.0)
    );

    let counts: Vec<u32> = i.distribution.iter().map(|m| m.count).collect();
    assert_eq!(counts, [1, 1, 2, 2, 2]);
    assert!(close(i.distribution[2].share, 0.25));

    // Local days 6–11 March are consecutive (a UTC reading would give only 5 days); the run
    // that ends yesterday (2 April) is the current one.
    assert_eq!((i.streaks.current, i.streaks.longest), (1, 6));
    assert_eq!(i.streaks.longest_ended, Some(date(2026, 3, 11)));

    let weekdays: Vec<(Weekday, Option<f64>, u32)> = i
        .weekdays
        .iter()
        .map(|w| (w.weekday, w.mean, w.count))
        .collect();
    assert_eq!(
        weekdays,
        [
            (Weekday::Monday, Some(3.0), 2),
            (Weekday::Tuesday, Some(3.0), 1),
            (Weekday::Wednesday, Some(1.0), 1),
            (Weekday::Thursday, Some(5.0), 1),
            (Weekday::Friday, Some(3.0), 1),
            (Weekday::Saturday, Some(4.0), 1),
            (Weekday::Sunday, Some(5.0), 1),
        ]
    );

    // work: with 2,3,1 (2.0, n=3), without 3,4,5,4,5 (4.2, n=5); walk: with 3,4,5,5 (4.25),
    // without 2,4,3,1 (2.5). Both under 5 on one side: not enough data. Larger |diff| first.
    let tags: Vec<_> = i
        .tags
        .iter()
        .map(|t| {
            (
                t.tag.as_str(),
                t.mood.count_with,
                t.mood.count_without,
                t.mood.confidence,
            )
        })
        .collect();
    assert_eq!(
        tags,
        [
            ("work", 3, 5, Confidence::NotEnoughData),
            ("walk", 4, 4, Confidence::NotEnoughData)
        ]
    );
    assert!(
        close(i.tags[0].mood.mean_with.unwrap(), 2.0)
            && close(i.tags[0].mood.mean_without.unwrap(), 4.2)
    );
    assert!(close(i.tags[0].mood.difference.unwrap(), -2.2));
    assert!(close(i.tags[1].mood.difference.unwrap(), 1.75));

    assert_eq!(i.instruments.len(), 1);
    let phq = &i.instruments[0];
    let points: Vec<(Date, u32)> = phq.points.iter().map(|p| (p.date, p.score)).collect();
    assert_eq!(points, [(date(2026, 3, 7), 12), (date(2026, 4, 1), 6)]);
    assert_eq!(phq.change, -6);
}

#[test]
fn a_limited_range_keeps_streaks_over_all_history() {
    let (_tmp, client) = fixture();
    let i = client
        .insights(&InsightsRequest {
            from: Some(d("2026-03-09")),
            today: d("2026-04-03"),
        })
        .unwrap();
    // Moods 2, 4, 3, 1, 5.
    assert_eq!(i.checkin_count, 5);
    assert!(close(i.mean_mood.unwrap(), 3.0));
    assert_eq!(i.streaks.longest, 6);
    assert_eq!(i.instruments[0].points.len(), 1);
    // Today far later: the current streak has ended.
    let later = client
        .insights(&InsightsRequest::last_days(d("2026-05-01"), 7))
        .unwrap();
    assert_eq!((later.checkin_count, later.streaks.current), (0, 0));
    assert_eq!(later.mean_mood, None);
}
