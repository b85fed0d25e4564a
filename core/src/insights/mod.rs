//! Insights computed on the device: mood averages by day, week and month, the distribution,
//! streaks, the weekday pattern, how each tag and each goal goes with mood (with an honest
//! confidence label), and questionnaire trends.
//!
//! Every calendar question uses the user's local day as recorded with each check-in, so
//! results are right across daylight-saving changes and moves between time zones. Averages
//! are over check-ins (several on one day each count).

mod compute;
mod load;
mod streaks;
mod tags;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::instruments::{Instrument, Severity};

pub(crate) use compute::compute;
pub(crate) use load::load;
pub use tags::{Confidence, MIN_GROUP_SIZE};

/// Which days to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsightsRequest {
    /// The first day included; `None` means all history.
    pub from: Option<Date>,
    /// The user's today: the last day included, and where the current streak ends.
    pub today: Date,
}

impl InsightsRequest {
    /// The last `days` days up to and including `today`.
    pub fn last_days(today: Date, days: u32) -> Self {
        let back = i64::from(days.max(1) - 1);
        InsightsRequest {
            from: today.checked_sub(jiff::Span::new().days(back)).ok(),
            today,
        }
    }
}

/// Mean mood over one day, week (starting Monday) or month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodMood {
    /// The first day of the period.
    pub start: Date,
    /// Mean mood.
    pub mean: f64,
    /// How many check-ins.
    pub count: u32,
}

/// How often each mood was chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoodCount {
    /// Mood 1–5.
    pub mood: u8,
    /// Check-ins with it.
    pub count: u32,
    /// Share of all check-ins in the range, 0–1.
    pub share: f64,
}

/// Runs of consecutive local days with at least one check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Streaks {
    /// Days in the run that reaches today, or yesterday when today has no check-in yet.
    pub current: u32,
    /// The longest run ever.
    pub longest: u32,
    /// The last day of the longest run.
    pub longest_ended: Option<Date>,
}

/// Mean mood on one weekday.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekdayMood {
    /// The weekday.
    #[serde(serialize_with = "weekday_name")]
    pub weekday: Weekday,
    /// Mean mood, if any check-in fell on it.
    pub mean: Option<f64>,
    /// How many check-ins.
    pub count: u32,
}

fn weekday_name<S: serde::Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{w:?}"))
}

/// How mood differs on check-ins in one group and the rest (with a tag or without it; on
/// days a goal was done or the other days it asked for).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MoodComparison {
    /// Check-ins in the group.
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
}

/// How mood differs on check-ins with a tag and without it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagEffect {
    /// The tag.
    pub tag: String,
    /// With the tag against without it.
    #[serde(flatten)]
    pub mood: MoodComparison,
}

/// How mood differs on days a goal was done (or partly done) and the other days it asked
/// for, since it started.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalEffect {
    /// The goal.
    pub goal_id: String,
    /// Its title.
    pub title: String,
    /// Check-ins on days done against the other days it asked for.
    #[serde(flatten)]
    pub mood: MoodComparison,
}

/// One questionnaire score in a trend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScorePoint {
    /// The local day it was answered.
    pub date: Date,
    /// The reported score.
    pub score: u32,
    /// Its band's severity.
    pub severity: Severity,
}

/// Scores of one questionnaire over the range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstrumentTrend {
    /// Which questionnaire.
    pub instrument: Instrument,
    /// Scores, oldest first.
    pub points: Vec<ScorePoint>,
    /// Latest score minus the first one in the range.
    pub change: i64,
}

/// Everything the insights screen shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Insights {
    /// First day included, if limited.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Date,
    /// Check-ins in the range.
    pub checkin_count: u32,
    /// Mean mood over the range.
    pub mean_mood: Option<f64>,
    /// Per local day, oldest first.
    pub by_day: Vec<PeriodMood>,
    /// Per week starting Monday.
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
