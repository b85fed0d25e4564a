//! Property: insights over any check-ins, made in time zones whose clocks change during
//! the range (US, EU and Australian daylight saving, half-hour and 45-minute offsets), equal
//! a naive computation that reads each check-in's day from its own local clock.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::insights::InsightsRequest;
use hearth_core::journal::CheckinDraft;
use hearth_core::Moment;
use jiff::civil::{date, Date, DateTime};
use jiff::tz::TimeZone;
use proptest::prelude::*;
use std::collections::BTreeMap;

const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Dublin",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
];
const TAGS: &[&str] = &["walk", "work", "friends"];

#[derive(Debug, Clone)]
struct Made {
    zone: usize,
    day: i64,
    minute: i64,
    mood: u8,
    tags: Vec<usize>,
}

fn made() -> impl Strategy<Value = Made> {
    (
        0..ZONES.len(),
        0i64..60,
        0i64..24 * 60,
        1u8..=5,
        prop::collection::btree_set(0..TAGS.len(), 0..3),
    )
        .prop_map(|(zone, day, minute, mood, tags)| Made {
            zone,
            day,
            minute,
            mood,
            tags: tags.into_iter().collect(),
        })
}

/// The moment a check-in was made at: a local wall-clock time in its zone (a time a
/// spring-forward skips moves past the gap, as a phone's clock does).
fn moment_of(m: &Made) -> Moment {
    let local: DateTime = date(2026, 2, 20)
        .checked_add(jiff::Span::new().days(m.day))
        .unwrap()
        .to_datetime(jiff::civil::Time::midnight())
        .checked_add(jiff::Span::new().minutes(m.minute))
        .unwrap();
    let zoned = local
        .to_zoned(TimeZone::get(ZONES[m.zone]).unwrap())
        .unwrap();
    Moment::new(zoned.timestamp(), zoned.offset())
}

fn mean(moods: &[u8]) -> Option<f64> {
    (!moods.is_empty())
        .then(|| moods.iter().map(|&m| f64::from(m)).sum::<f64>() / moods.len() as f64)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn insights_equal_a_naive_count_by_each_checkins_own_day(
        checkins in prop::collection::vec(made(), 0..40),
        from_day in 0i64..30,
    ) {
        let (_t, _d, client) = new_profile(&raw_secret(1));
        let mut kept: Vec<(Date, u8, Vec<&str>)> = Vec::new();
        for m in &checkins {
            let at = moment_of(m);
            let tags: Vec<String> = m.tags.iter().map(|&t| TAGS[t].to_string()).collect();
            client.add_checkin(&CheckinDraft {
                at: Some(at),
                mood: Some(m.mood),
                tags: tags.clone(),
                ..Default::default()
            }).unwrap();
            // The day as the person's clock showed it when they checked in.
            let day = at.offset().to_datetime(at.timestamp()).date();
            kept.push((day, m.mood, m.tags.iter().map(|&t| TAGS[t]).collect()));
        }
        let today = date(2026, 4, 25);
        let from = date(2026, 2, 20).checked_add(jiff::Span::new().days(from_day)).unwrap();
        let got = client.insights(&InsightsRequest { from: Some(from), today }).unwrap();

        let in_range: Vec<&(Date, u8, Vec<&str>)> =
            kept.iter().filter(|(d, _, _)| *d >= from && *d <= today).collect();
        let moods: Vec<u8> = in_range.iter().map(|(_, m, _)| *m).collect();
        prop_assert_eq!(got.checkin_count as usize, in_range.len());
        prop_assert!(close(got.mean_mood, mean(&moods)));

        let mut by_day: BTreeMap<Date, Vec<u8>> = BTreeMap::new();
        for (d, m, _) in &in_range {
            by_day.entry(*d).or_default().push(*m);
        }
        prop_assert_eq!(got.by_day.len(), by_day.len());
        for (period, (day, moods)) in got.by_day.iter().zip(&by_day) {
            prop_assert_eq!(period.start, *day);
            prop_assert_eq!(period.count as usize, moods.len());
            prop_assert!(close(Some(period.mean), mean(moods)));
        }

        for w in &got.weekdays {
            let moods: Vec<u8> = in_range.iter()
                .filter(|(d, _, _)| d.weekday() == w.weekday)
                .map(|(_, m, _)| *m).collect();
            prop_assert_eq!(w.count as usize, moods.len());
            prop_assert!(close(w.mean, mean(&moods)));
        }

        for effect in &got.tags {
            let has = |c: &&&(Date, u8, Vec<&str>)| c.2.contains(&effect.tag.as_str());
            let with: Vec<u8> = in_range.iter().filter(has).map(|c| c.1).collect();
            let without: Vec<u8> = in_range.iter().filter(|c| !has(c)).map(|c| c.1).collect();
            prop_assert_eq!(effect.mood.count_with as usize, with.len());
            prop_assert_eq!(effect.mood.count_without as usize, without.len());
            prop_assert!(close(effect.mood.mean_with, mean(&with)));
            prop_assert!(close(effect.mood.mean_without, mean(&without)));
        }

        // Streaks run over every day with a check-in, up to today.
        let mut days: Vec<Date> = kept.iter().map(|(d, _, _)| *d).filter(|d| *d <= today).collect();
        days.sort();
        days.dedup();
        let (mut longest, mut run) = (0u32, 0u32);
        for (i, d) in days.iter().enumerate() {
            run = if i > 0 && days[i - 1].tomorrow().unwrap() == *d { run + 1 } else { 1 };
            longest = longest.max(run);
        }
        prop_assert_eq!(got.streaks.longest, longest);
    }
}
