//! The arithmetic of insights, as a pure function of the loaded data.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

use crate::goals::progress::Tracker;
use crate::insights::load::InsightsData;
use crate::insights::streaks::streaks;
use crate::insights::tags::compare;
use crate::insights::{
    GoalEffect, Insights, InsightsRequest, InstrumentTrend, MoodComparison, MoodCount, PeriodMood,
    ScorePoint, TagEffect, WeekdayMood,
};
use crate::moment::week_start;

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

/// Most trustworthy first, then the largest difference.
fn most_telling_first(a: &MoodComparison, b: &MoodComparison) -> std::cmp::Ordering {
    b.confidence.cmp(&a.confidence).then(
        b.difference
            .unwrap_or(0.0)
            .abs()
            .total_cmp(&a.difference.unwrap_or(0.0).abs()),
    )
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
            TagEffect {
                tag: tag.to_string(),
                mood: compare(&moods(with), &moods(without)),
            }
        })
        .collect();
    tags.sort_by(|a, b| most_telling_first(&a.mood, &b.mood).then(a.tag.cmp(&b.tag)));

    let mut goals: Vec<GoalEffect> = data
        .goals
        .iter()
        .map(|(goal, log)| {
            let (done, not) = Tracker::new(goal, log).done_and_not(req.today);
            let in_range = |d: &Date| req.from.is_none_or(|from| *d >= from);
            let days = |list: Vec<Date>| list.into_iter().filter(in_range).collect::<Vec<_>>();
            let (done, not) = (days(done), days(not));
            let moods_on = |list: &[Date]| -> Vec<f64> {
                data.checkins
                    .iter()
                    .filter(|(day, _, _)| list.binary_search(day).is_ok())
                    .map(|(_, m, _)| f64::from(*m))
                    .collect()
            };
            GoalEffect {
                goal_id: goal.id.clone(),
                title: goal.title.clone(),
                mood: compare(&moods_on(&done), &moods_on(&not)),
            }
        })
        .collect();
    goals.sort_by(|a, b| most_telling_first(&a.mood, &b.mood).then(a.title.cmp(&b.title)));

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
        goals,
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
