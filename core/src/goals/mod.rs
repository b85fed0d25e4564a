//! Personal goals (as WHAM and ShareWell keep them): what and why, a plan (which weekdays, or
//! how many times a week), a daily log (done, partly, not today, with a note), the streak and
//! completion rate, reminders on the days still to do, a card of the week to share with a
//! circle, and how mood goes on days done (in insights). Pure domain code over a SQLite
//! transaction; everything stays on the phone unless the person shares a card.

mod card;
mod model;
pub(crate) mod progress;
pub(crate) mod reminders;
pub(crate) mod store;

use serde::{Deserialize, Serialize};

pub use card::{CardStreak, GoalCard, GoalShareChoice};
pub use model::{Goal, GoalDraft, GoalLogEntry, GoalOutcome, GoalPlan, GoalReminder, WeekdaySet};
pub use progress::{
    Completion, GoalDay, GoalProgress, GoalStreak, StreakUnit, WeekProgress, RATE_WINDOW_DAYS,
};
pub use reminders::GoalReminderTime;
pub use store::{
    ACTIVE_GOALS_MAX, GOALS_MAX, GOAL_NOTE_MAX_CHARS, GOAL_TITLE_MAX_CHARS, GOAL_WHY_MAX_CHARS,
};

/// A goal with its whole log, as exports and backups carry it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalRecord {
    /// The goal.
    #[serde(flatten)]
    pub goal: Goal,
    /// Its log, oldest day first.
    pub log: Vec<GoalLogEntry>,
}
