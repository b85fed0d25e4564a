//! A goal's records: the plan, the reminder, the daily log, and what callers send and get.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Weekday};
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::reminders::TimeOfDay;

/// A set of weekdays (Monday first), as a goal's plan names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WeekdaySet(u8);

const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn bit(day: Weekday) -> u8 {
    1 << (day.to_monday_zero_offset() as u8)
}

impl WeekdaySet {
    /// Every day of the week.
    pub const EVERY_DAY: WeekdaySet = WeekdaySet(0x7f);

    /// The set of `days`.
    pub fn of(days: &[Weekday]) -> Self {
        WeekdaySet(days.iter().fold(0, |set, d| set | bit(*d)))
    }

    /// Whether `day` is in it.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & bit(day) != 0
    }

    /// How many days it holds.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether it holds no day.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Its days, Monday first.
    pub fn days(self) -> Vec<Weekday> {
        (0..7i8)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(Weekday::from_monday_zero_offset)
            .collect::<std::result::Result<_, _>>()
            .unwrap_or_default()
    }
}

impl fmt::Display for WeekdaySet {
    /// `mon,wed,fri`; `every day` for all seven.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == WeekdaySet::EVERY_DAY {
            return f.write_str("every day");
        }
        let names: Vec<&str> = (0..7)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(|i| WEEKDAY_NAMES[i])
            .collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for WeekdaySet {
    type Err = Error;
    /// Day names (`mon`, `Monday`...) separated by commas or spaces, or `every day` / `daily`.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        if s == "every day" || s == "daily" || s == "everyday" {
            return Ok(WeekdaySet::EVERY_DAY);
        }
        let mut set = 0u8;
        for word in s.split([',', ' ']).filter(|w| !w.is_empty()) {
            let i = WEEKDAY_NAMES
                .iter()
                .position(|n| word.len() >= 3 && n.starts_with(&word[..3]))
                .ok_or_else(|| {
                    Error::invalid("days", "weekday names like mon,wed,fri, or every day")
                })?;
            set |= 1 << i;
        }
        Ok(WeekdaySet(set))
    }
}

impl Serialize for WeekdaySet {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let names: Vec<&str> = (0..7)
            .filter(|i| self.0 & (1 << i) != 0)
            .map(|i| WEEKDAY_NAMES[i])
            .collect();
        names.serialize(s)
    }
}

impl<'de> Deserialize<'de> for WeekdaySet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names.join(",").parse().map_err(serde::de::Error::custom)
    }
}

/// When a goal is meant to happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoalPlan {
    /// On these weekdays (every day when all seven). The streak counts planned days.
    Weekdays {
        /// The days, at least one.
        days: WeekdaySet,
    },
    /// On any days, this many a week (1 to 7). The streak counts weeks that met it.
    TimesPerWeek {
        /// How many days a week.
        times: u8,
    },
}

impl fmt::Display for GoalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoalPlan::Weekdays { days } => write!(f, "{days}"),
            GoalPlan::TimesPerWeek { times: 1 } => f.write_str("once a week"),
            GoalPlan::TimesPerWeek { times } => write!(f, "{times} times a week"),
        }
    }
}

/// A daily reminder for a goal, on the days it is still to do. The notification names no
/// goal (a lock screen is not private).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalReminder {
    /// The wall-clock time.
    pub time: TimeOfDay,
    /// The IANA time zone it is in, e.g. `Europe/Dublin`.
    pub time_zone: String,
}

/// How a day went for a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalOutcome {
    /// Done.
    Done,
    /// Partly done: keeps a streak and counts half towards the completion rate.
    Partly,
    /// Not today: said on purpose, and counted as not done.
    NotToday,
}

crate::store::stored_enum!(GoalOutcome, "goal outcome", {
    GoalOutcome::Done => "done",
    GoalOutcome::Partly => "partly",
    GoalOutcome::NotToday => "not_today",
});

impl GoalOutcome {
    /// Whether the day counts as done for streaks, weekly targets and insights.
    pub fn counts(self) -> bool {
        matches!(self, GoalOutcome::Done | GoalOutcome::Partly)
    }

    /// Its weight in the completion rate.
    pub(crate) fn credit(self) -> f64 {
        match self {
            GoalOutcome::Done => 1.0,
            GoalOutcome::Partly => 0.5,
            GoalOutcome::NotToday => 0.0,
        }
    }
}

impl fmt::Display for GoalOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GoalOutcome::Done => "done",
            GoalOutcome::Partly => "partly",
            GoalOutcome::NotToday => "not today",
        })
    }
}

impl FromStr for GoalOutcome {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], " ")
            .as_str()
        {
            "done" | "yes" => Ok(GoalOutcome::Done),
            "partly" | "partial" | "part" => Ok(GoalOutcome::Partly),
            "not today" | "no" | "skip" => Ok(GoalOutcome::NotToday),
            _ => Err(Error::invalid("outcome", "done, partly or not-today")),
        }
    }
}

/// A goal as the person writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalDraft {
    /// What, in a few words. Required.
    pub title: String,
    /// Why it matters to them.
    pub why: Option<String>,
    /// Which days, or how often.
    pub plan: GoalPlan,
    /// A daily reminder on the days still to do.
    pub reminder: Option<GoalReminder>,
    /// The first day it counts; `None` means the `today` the caller gives.
    pub starts_on: Option<Date>,
}

/// A stored goal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Stable random id.
    pub id: String,
    /// What.
    pub title: String,
    /// Why.
    pub why: Option<String>,
    /// Which days, or how often.
    pub plan: GoalPlan,
    /// The reminder, when set.
    pub reminder: Option<GoalReminder>,
    /// The first day it counts.
    pub starts_on: Date,
    /// The last day it counted, once the person ended it (kept, with its log, for insights).
    pub ended_on: Option<Date>,
    /// When it was first saved.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

impl Goal {
    /// Whether it still runs on `day`.
    pub fn is_active_on(&self, day: Date) -> bool {
        day >= self.starts_on && self.ended_on.is_none_or(|end| day <= end)
    }
}

/// One day's entry in a goal's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalLogEntry {
    /// The person's local day.
    pub day: Date,
    /// How it went.
    pub outcome: GoalOutcome,
    /// A short note.
    pub note: Option<String>,
    /// When it was last written.
    pub updated_at: Timestamp,
}
