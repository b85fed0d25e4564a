//! Insight records: what the insights screen draws.

use hearth_core::insights as core;

use crate::error::HearthError;
use crate::survey::{Instrument, Severity};
use crate::time::LocalDate;

/// Which days to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InsightsRequest {
    /// The first day included; none means all history.
    #[uniffi(default = None)]
    pub since: Option<LocalDate>,
    /// The person's today: the last day included, and where the current streak ends.
    pub today: LocalDate,
}

/// Mean mood over one day, week (from Monday) or month.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PeriodMood {
    /// The period's first day.
    pub start: LocalDate,
    /// Mean mood.
    pub mean: f64,
    /// How many check-ins.
    pub count: u32,
}

/// How often one mood was chosen.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct MoodCount {
    /// Mood 1–5.
    pub mood: u8,
    /// Check-ins with it.
    pub count: u32,
    /// Share of the range's check-ins, 0–1.
    pub share: f64,
}

/// Runs of consecutive days with a check-in.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Streaks {
    /// The run reaching today (or yesterday, while today has no check-in yet).
    pub current: u32,
    /// The longest run ever.
    pub longest: u32,
    /// The last day of the longest run.
    pub longest_ended: Option<LocalDate>,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

/// Mean mood on one weekday.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct WeekdayMood {
    /// The weekday.
    pub weekday: Weekday,
    /// Mean mood, if any check-in fell on it.
    pub mean: Option<f64>,
    /// How many check-ins.
    pub count: u32,
}

/// How far a tag's difference can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Confidence {
    /// Too few check-ins with or without the tag to say anything: show no difference.
    NotEnoughData,
    /// The difference may well be chance.
    Low,
    /// The difference is unlikely to be chance.
    Moderate,
    /// The difference is clear.
    High,
}

/// How mood differs on check-ins in one group and the rest.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct MoodComparison {
    /// Check-ins in the group (with the tag; on days the goal was done).
    pub count_with: u32,
    /// Their mean mood.
    pub mean_with: Option<f64>,
    /// Check-ins in the rest.
    pub count_without: u32,
    /// Their mean mood.
    pub mean_without: Option<f64>,
    /// `mean_with - mean_without`, when both exist.
    pub difference: Option<f64>,
    /// How far the difference can be trusted.
    pub confidence: Confidence,
    /// The confidence in plain words, for the screen.
    pub confidence_text: String,
}

impl From<core::MoodComparison> for MoodComparison {
    fn from(c: core::MoodComparison) -> Self {
        MoodComparison {
            confidence_text: c.confidence.describe().to_owned(),
            count_with: c.count_with,
            mean_with: c.mean_with,
            count_without: c.count_without,
            mean_without: c.mean_without,
            difference: c.difference,
            confidence: c.confidence.into(),
        }
    }
}

/// How mood differs on check-ins with a tag and without it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TagEffect {
    /// The tag.
    pub tag: String,
    /// With the tag against without it.
    pub mood: MoodComparison,
}

/// How mood differs on days a goal was done (or partly) and the other days it asked for.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct GoalEffect {
    /// The goal's id.
    pub goal_id: String,
    /// Its title.
    pub title: String,
    /// Days done against the other days it asked for.
    pub mood: MoodComparison,
}

/// One questionnaire score in a trend.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ScorePoint {
    /// The day it was answered.
    pub date: LocalDate,
    /// The score.
    pub score: u32,
    /// Its band's severity.
    pub severity: Severity,
}

/// One questionnaire's scores over the range.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InstrumentTrend {
    /// Which questionnaire.
    pub instrument: Instrument,
    /// Scores, oldest first.
    pub points: Vec<ScorePoint>,
    /// The latest score minus the first one.
    pub change: i64,
}

/// Everything the insights screen shows.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Insights {
    /// The first day included, if limited.
    pub since: Option<LocalDate>,
    /// The last day included.
    pub until: LocalDate,
    /// Check-ins in the range.
    pub checkin_count: u32,
    /// Mean mood over the range.
    pub mean_mood: Option<f64>,
    /// Per day, oldest first.
    pub by_day: Vec<PeriodMood>,
    /// Per week from Monday.
    pub by_week: Vec<PeriodMood>,
    /// Per calendar month.
    pub by_month: Vec<PeriodMood>,
    /// Moods 1 to 5.
    pub distribution: Vec<MoodCount>,
    /// Over all history up to today.
    pub streaks: Streaks,
    /// Monday first.
    pub weekdays: Vec<WeekdayMood>,
    /// Every tag used in the range, largest trusted difference first.
    pub tags: Vec<TagEffect>,
    /// Every goal that ran in the range, largest trusted difference first.
    pub goals: Vec<GoalEffect>,
    /// Each questionnaire answered in the range.
    pub instruments: Vec<InstrumentTrend>,
}

impl TryFrom<InsightsRequest> for core::InsightsRequest {
    type Error = HearthError;
    fn try_from(r: InsightsRequest) -> Result<Self, HearthError> {
        Ok(core::InsightsRequest {
            from: r.since.map(|d| d.to_core("since")).transpose()?,
            today: r.today.to_core("today")?,
        })
    }
}

fn period(p: core::PeriodMood) -> PeriodMood {
    PeriodMood {
        start: p.start.into(),
        mean: p.mean,
        count: p.count,
    }
}

impl From<jiff::civil::Weekday> for Weekday {
    fn from(w: jiff::civil::Weekday) -> Self {
        use jiff::civil::Weekday as W;
        match w {
            W::Monday => Weekday::Monday,
            W::Tuesday => Weekday::Tuesday,
            W::Wednesday => Weekday::Wednesday,
            W::Thursday => Weekday::Thursday,
            W::Friday => Weekday::Friday,
            W::Saturday => Weekday::Saturday,
            W::Sunday => Weekday::Sunday,
        }
    }
}

impl From<core::Confidence> for Confidence {
    fn from(c: core::Confidence) -> Self {
        match c {
            core::Confidence::NotEnoughData => Confidence::NotEnoughData,
            core::Confidence::Low => Confidence::Low,
            core::Confidence::Moderate => Confidence::Moderate,
            core::Confidence::High => Confidence::High,
        }
    }
}

impl From<core::Insights> for Insights {
    fn from(i: core::Insights) -> Self {
        Insights {
            since: i.from.map(Into::into),
            until: i.to.into(),
            checkin_count: i.checkin_count,
            mean_mood: i.mean_mood,
            by_day: i.by_day.into_iter().map(period).collect(),
            by_week: i.by_week.into_iter().map(period).collect(),
            by_month: i.by_month.into_iter().map(period).collect(),
            distribution: i
                .distribution
                .into_iter()
                .map(|d| MoodCount {
                    mood: d.mood,
                    count: d.count,
                    share: d.share,
                })
                .collect(),
            streaks: Streaks {
                current: i.streaks.current,
                longest: i.streaks.longest,
                longest_ended: i.streaks.longest_ended.map(Into::into),
            },
            weekdays: i
                .weekdays
                .into_iter()
                .map(|w| WeekdayMood {
                    weekday: w.weekday.into(),
                    mean: w.mean,
                    count: w.count,
                })
                .collect(),
            tags: i
                .tags
                .into_iter()
                .map(|t| TagEffect {
                    tag: t.tag,
                    mood: t.mood.into(),
                })
                .collect(),
            goals: i
                .goals
                .into_iter()
                .map(|g| GoalEffect {
                    goal_id: g.goal_id,
                    title: g.title,
                    mood: g.mood.into(),
                })
                .collect(),
            instruments: i
                .instruments
                .into_iter()
                .map(|t| InstrumentTrend {
                    instrument: t.instrument.into(),
                    points: t
                        .points
                        .into_iter()
                        .map(|p| ScorePoint {
                            date: p.date.into(),
                            score: p.score,
                            severity: p.severity.into(),
                        })
                        .collect(),
                    change: t.change,
                })
                .collect(),
        }
    }
}
