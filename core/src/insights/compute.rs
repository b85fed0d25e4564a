//! The arithmetic of insights, as a pure function of the loaded data.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::insights::load::InsightsData;
use crate::insights::streaks::streaks;
use crate::insights::tags::effect;
use crate::insights::{
    Insights, InsightsRequest, InstrumentTrend, MoodCount, PeriodMood, ScorePoint, WeekdayMood,
};

/// Accumulates a sum and a count.
#[derive(Default, Clone, Copy)]
struct Acc {
    sum: u64,
    count: u32,
}

impl Acc {
    fn add(&mut self, mood: u8) {
        self.sum += u64::from(mood);
        self.count += 1;
    }
    fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / f64::from(self.count))
    }
}

fn periods(map: BTreeMap<Date, Acc>) -> Vec<PeriodMood> {
    map.into_iter()
        .filter_map(|(start, acc)| {
            acc.mean().map(|mean| PeriodMood {
                start,
                mean,
                count: acc.count,
            })
        })
        .collect()
}

fn week_start(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

pub(crate) fn compute(data: &InsightsData, req: &InsightsRequest) -> Insights {
    let mut total = Acc::default();
    let mut by_day = BTreeMap::<Date, Acc>::new();
    let mut by_week = BTreeMap::<Date, Acc>::new();
    let mut by_month = BTreeMap::<Date, Acc>::new();
    let mut distribution = [0u32; 5];
    let mut weekdays = [Acc::default(); 7];
    let mut tag_names = BTreeMap::<&str, ()>::new();

    for (day, mood, tags) in &data.checkins {
        total.add(*mood);
        by_day.entry(*day).or_default().add(*mood);
        by_week.entry(week_start(*day)).or_default().add(*mood);
        by_month.entry(day.first_of_month()).or_default().add(*mood);
        if let Some(slot) = distribution.get_mut(usize::from(mood.saturating_sub(1))) {
            *slot += 1;
        }
        weekdays[day.weekday().to_monday_zero_offset() as usize].add(*mood);
        for t in tags {
            tag_names.insert(t, ());
        }
    }

    let mut tags: Vec<_> = tag_names
        .keys()
        .map(|tag| {
            let (with, without): (Vec<_>, Vec<_>) = data
                .checkins
                .iter()
                .partition(|(_, _, tags)| tags.iter().any(|t| t == tag));
            let moods = |v: Vec<&(Date, u8, Vec<String>)>| -> Vec<f64> {
                v.into_iter().map(|(_, m, _)| f64::from(*m)).collect()
            };
            effect(tag, &moods(with), &moods(without))
        })
        .collect();
    // Most trustworthy first, then the largest difference, then by name.
    tags.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then(
                b.difference
                    .unwrap_or(0.0)
                    .abs()
                    .total_cmp(&a.difference.unwrap_or(0.0).abs()),
            )
            .then(a.tag.cmp(&b.tag))
    });

    let mut instruments = BTreeMap::<_, Vec<ScorePoint>>::new();
    for r in &data.surveys {
        instruments
            .entry(r.instrument)
            .or_default()
            .push(ScorePoint {
                date: r.at.local_date(),
                score: r.score,
                severity: r.severity,
            });
    }

    let weekday_order = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let share = |count: u32| {
        if total.count == 0 {
            0.0
        } else {
            f64::from(count) / f64::from(total.count)
        }
    };

    Insights {
        from: req.from,
        to: req.today,
        checkin_count: total.count,
        mean_mood: total.mean(),
        by_day: periods(by_day),
        by_week: periods(by_week),
        by_month: periods(by_month),
        distribution: (1..=5u8)
            .zip(distribution)
            .map(|(mood, count)| MoodCount {
                mood,
                count,
                share: share(count),
            })
            .collect(),
        streaks: streaks(&data.days, req.today),
        weekdays: weekday_order
            .iter()
            .zip(weekdays)
            .map(|(weekday, acc)| WeekdayMood {
                weekday: *weekday,
                mean: acc.mean(),
                count: acc.count,
            })
            .collect(),
        tags,
        instruments: instruments
            .into_iter()
            .map(|(instrument, points)| {
                let change = match (points.first(), points.last()) {
                    (Some(a), Some(b)) => i64::from(b.score) - i64::from(a.score),
                    _ => 0,
                };
                InstrumentTrend {
                    instrument,
                    points,
                    change,
                }
            })
            .collect(),
    }
}
