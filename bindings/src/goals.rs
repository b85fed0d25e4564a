//! Personal goals across the FFI: the goal and its plan, the daily log, how each is going
//! (week, streak, completion), goal reminders, and the card of a week shared to a circle.
//! The arithmetic is the core's; the apps draw it.

use hearth_core::goals as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;
use crate::insights::Weekday;
use crate::reminders::{time_from_core, time_to_core, TimeOfDay};
use crate::time::{ms, LocalDate, Moment};

/// When a goal is meant to happen.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum GoalPlan {
    /// On these weekdays (all seven for every day). The streak counts planned days.
    Weekdays {
        /// At least one day.
        days: Vec<Weekday>,
    },
    /// On any days, this many a week (1 to 7). The streak counts weeks that met it.
    TimesPerWeek {
        /// How many days a week.
        times: u8,
    },
}

fn weekday_to_core(w: Weekday) -> jiff::civil::Weekday {
    use jiff::civil::Weekday as W;
    match w {
        Weekday::Monday => W::Monday,
        Weekday::Tuesday => W::Tuesday,
        Weekday::Wednesday => W::Wednesday,
        Weekday::Thursday => W::Thursday,
        Weekday::Friday => W::Friday,
        Weekday::Saturday => W::Saturday,
        Weekday::Sunday => W::Sunday,
    }
}

impl From<GoalPlan> for core::GoalPlan {
    fn from(p: GoalPlan) -> Self {
        match p {
            GoalPlan::Weekdays { days } => core::GoalPlan::Weekdays {
                days: core::WeekdaySet::of(
                    &days.into_iter().map(weekday_to_core).collect::<Vec<_>>(),
                ),
            },
            GoalPlan::TimesPerWeek { times } => core::GoalPlan::TimesPerWeek { times },
        }
    }
}

impl From<core::GoalPlan> for GoalPlan {
    fn from(p: core::GoalPlan) -> Self {
        match p {
            core::GoalPlan::Weekdays { days } => GoalPlan::Weekdays {
                days: days.days().into_iter().map(Into::into).collect(),
            },
            core::GoalPlan::TimesPerWeek { times } => GoalPlan::TimesPerWeek { times },
        }
    }
}

/// A daily reminder on the days a goal is still to do (the notification names no goal).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalReminder {
    /// The wall-clock time.
    pub time: TimeOfDay,
    /// The IANA time zone, e.g. `Europe/Dublin` (the phone's own).
    pub time_zone: String,
}

/// How a day went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum GoalOutcome {
    /// Done.
    Done,
    /// Partly done: keeps a streak, counts half in the completion rate.
    Partly,
    /// Not today.
    NotToday,
}

impl From<GoalOutcome> for core::GoalOutcome {
    fn from(o: GoalOutcome) -> Self {
        match o {
            GoalOutcome::Done => core::GoalOutcome::Done,
            GoalOutcome::Partly => core::GoalOutcome::Partly,
            GoalOutcome::NotToday => core::GoalOutcome::NotToday,
        }
    }
}

impl From<core::GoalOutcome> for GoalOutcome {
    fn from(o: core::GoalOutcome) -> Self {
        match o {
            core::GoalOutcome::Done => GoalOutcome::Done,
            core::GoalOutcome::Partly => GoalOutcome::Partly,
            core::GoalOutcome::NotToday => GoalOutcome::NotToday,
        }
    }
}

/// A goal as the person writes it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalDraft {
    /// What, in a few words (1 to 80 characters).
    pub title: String,
    /// Why it matters (up to 1,000 characters).
    pub why: Option<String>,
    /// Which days, or how often.
    pub plan: GoalPlan,
    /// A daily reminder.
    pub reminder: Option<GoalReminder>,
    /// The first day it counts; none means today (when adding) or unchanged (when editing).
    pub starts_on: Option<LocalDate>,
}

impl GoalDraft {
    fn into_core(self) -> Result<core::GoalDraft, HearthError> {
        Ok(core::GoalDraft {
            title: self.title,
            why: self.why,
            plan: self.plan.into(),
            reminder: self
                .reminder
                .map(|r| {
                    Ok::<_, HearthError>(core::GoalReminder {
                        time: time_to_core(r.time)?,
                        time_zone: r.time_zone,
                    })
                })
                .transpose()?,
            starts_on: self.starts_on.map(|d| d.to_core("starts_on")).transpose()?,
        })
    }
}

/// A stored goal.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Goal {
    /// Its id.
    pub id: String,
    /// What.
    pub title: String,
    /// Why.
    pub why: Option<String>,
    /// Which days, or how often.
    pub plan: GoalPlan,
    /// The plan in words ("mon,wed,fri", "3 times a week").
    pub plan_text: String,
    /// The reminder.
    pub reminder: Option<GoalReminder>,
    /// The first day it counts.
    pub starts_on: LocalDate,
    /// The last day it counted, once ended.
    pub ended_on: Option<LocalDate>,
    /// When it was last changed (Unix ms).
    pub updated_at_ms: i64,
}

impl From<core::Goal> for Goal {
    fn from(g: core::Goal) -> Self {
        Goal {
            plan_text: g.plan.to_string(),
            id: g.id,
            title: g.title,
            why: g.why,
            plan: g.plan.into(),
            reminder: g.reminder.map(|r| GoalReminder {
                time: time_from_core(r.time),
                time_zone: r.time_zone,
            }),
            starts_on: g.starts_on.into(),
            ended_on: g.ended_on.map(Into::into),
            updated_at_ms: ms(g.updated_at),
        }
    }
}

/// One day's entry in a goal's log.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalLogEntry {
    /// The day.
    pub day: LocalDate,
    /// How it went.
    pub outcome: GoalOutcome,
    /// A short note.
    pub note: Option<String>,
}

impl From<core::GoalLogEntry> for GoalLogEntry {
    fn from(e: core::GoalLogEntry) -> Self {
        GoalLogEntry {
            day: e.day.into(),
            outcome: e.outcome.into(),
            note: e.note,
        }
    }
}

/// One day of this week.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalDay {
    /// The day.
    pub day: LocalDate,
    /// Whether the plan asks for it.
    pub planned: bool,
    /// What was logged.
    pub outcome: Option<GoalOutcome>,
}

/// What a streak counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum StreakUnit {
    /// Planned days in a row.
    Days,
    /// Weeks in a row that met their target.
    Weeks,
}

impl From<core::StreakUnit> for StreakUnit {
    fn from(u: core::StreakUnit) -> Self {
        match u {
            core::StreakUnit::Days => StreakUnit::Days,
            core::StreakUnit::Weeks => StreakUnit::Weeks,
        }
    }
}

/// How one goal is going on the day asked.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct GoalProgress {
    /// The goal.
    pub goal: Goal,
    /// Whether today is one to do it.
    pub due_today: bool,
    /// What today's log says.
    pub today: Option<GoalOutcome>,
    /// This week, Monday to Sunday.
    pub week: Vec<GoalDay>,
    /// Days done this week.
    pub week_done: u32,
    /// Days partly done this week.
    pub week_partly: u32,
    /// Days the plan asks for this week.
    pub week_target: u32,
    /// The current streak.
    pub streak: u32,
    /// The longest streak.
    pub longest_streak: u32,
    /// What the streaks count.
    pub streak_unit: StreakUnit,
    /// Done (1) and partly (½) over what was asked in the last 28 days; none when nothing
    /// was asked yet.
    pub completion_rate: Option<f64>,
}

impl From<core::GoalProgress> for GoalProgress {
    fn from(p: core::GoalProgress) -> Self {
        GoalProgress {
            goal: p.goal.into(),
            due_today: p.due_today,
            today: p.today.map(Into::into),
            week: p
                .week
                .days
                .into_iter()
                .map(|d| GoalDay {
                    day: d.day.into(),
                    planned: d.planned,
                    outcome: d.outcome.map(Into::into),
                })
                .collect(),
            week_done: p.week.done,
            week_partly: p.week.partly,
            week_target: p.week.target,
            streak: p.streak.current,
            longest_streak: p.streak.longest,
            streak_unit: p.streak.unit.into(),
            completion_rate: p.completion.rate,
        }
    }
}

/// A goal reminder to schedule.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalReminderTime {
    /// When.
    pub at: Moment,
    /// Which goal (to open on tap; never in the notification's text).
    pub goal_id: String,
}

/// Which parts of a goal to share beside its title and week (all off: those alone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct GoalShareChoice {
    /// Why it matters.
    #[uniffi(default = false)]
    pub why: bool,
    /// The current streak.
    #[uniffi(default = false)]
    pub streak: bool,
}

/// A goal's week as a card in a circle (the message's `body` holds its summary).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GoalCard {
    /// The goal's title.
    pub title: String,
    /// The week's Monday, `YYYY-MM-DD`.
    pub week_of: String,
    /// Days done.
    pub done: u32,
    /// Days partly done.
    pub partly: u32,
    /// Days the plan asked for.
    pub target: u32,
    /// Why, when shared.
    pub why: Option<String>,
    /// The streak, when shared.
    pub streak: Option<u32>,
    /// What the streak counts, when shared.
    pub streak_unit: Option<StreakUnit>,
}

impl From<core::GoalCard> for GoalCard {
    fn from(c: core::GoalCard) -> Self {
        GoalCard {
            title: c.title,
            week_of: c.week_of,
            done: c.done,
            partly: c.partly,
            target: c.target,
            why: c.why,
            streak: c.streak.map(|s| s.current),
            streak_unit: c.streak.map(|s| s.unit.into()),
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Saves a new goal; `today` is its first day unless the draft says otherwise.
    pub async fn add_goal(&self, draft: GoalDraft, today: LocalDate) -> Result<Goal, HearthError> {
        let draft = draft.into_core()?;
        let today = today.to_core("today")?;
        Ok(self.call(move |c| c.add_goal(&draft, today)).await?.into())
    }

    /// Replaces a goal's title, why, plan and reminder (its log stays).
    pub async fn update_goal(&self, id: String, draft: GoalDraft) -> Result<Goal, HearthError> {
        let draft = draft.into_core()?;
        Ok(self.call(move |c| c.update_goal(&id, &draft)).await?.into())
    }

    /// Ends a goal on `last_day` (kept, with its log).
    pub async fn end_goal(&self, id: String, last_day: LocalDate) -> Result<Goal, HearthError> {
        let day = last_day.to_core("last_day")?;
        Ok(self.call(move |c| c.end_goal(&id, day)).await?.into())
    }

    /// Takes an ended goal up again.
    pub async fn resume_goal(&self, id: String) -> Result<Goal, HearthError> {
        Ok(self.call(move |c| c.resume_goal(&id)).await?.into())
    }

    /// Deletes a goal and its whole log.
    pub async fn delete_goal(&self, id: String) -> Result<(), HearthError> {
        self.call(move |c| c.delete_goal(&id)).await
    }

    /// How every goal is going on `today` (running ones first; ended ones when asked).
    pub async fn goals(
        &self,
        today: LocalDate,
        include_ended: bool,
    ) -> Result<Vec<GoalProgress>, HearthError> {
        let today = today.to_core("today")?;
        let all = self.call(move |c| c.goals(today, include_ended)).await?;
        Ok(all.into_iter().map(Into::into).collect())
    }

    /// How one goal is going on `today`.
    pub async fn goal_progress(
        &self,
        id: String,
        today: LocalDate,
    ) -> Result<GoalProgress, HearthError> {
        let today = today.to_core("today")?;
        Ok(self
            .call(move |c| c.goal_progress(&id, today))
            .await?
            .into())
    }

    /// A goal's log, oldest day first.
    pub async fn goal_log(&self, id: String) -> Result<Vec<GoalLogEntry>, HearthError> {
        let log = self.call(move |c| c.goal_log(&id)).await?;
        Ok(log.into_iter().map(Into::into).collect())
    }

    /// Says how `day` went (replacing what it said).
    pub async fn log_goal(
        &self,
        id: String,
        day: LocalDate,
        outcome: GoalOutcome,
        note: Option<String>,
    ) -> Result<GoalLogEntry, HearthError> {
        let day = day.to_core("day")?;
        let entry = self
            .call(move |c| c.log_goal(&id, day, outcome.into(), note.as_deref()))
            .await?;
        Ok(entry.into())
    }

    /// Takes back what `day` said (false when it said nothing).
    pub async fn clear_goal_log(&self, id: String, day: LocalDate) -> Result<bool, HearthError> {
        let day = day.to_core("day")?;
        self.call(move |c| c.clear_goal_log(&id, day)).await
    }

    /// The next `count` goal reminders after `after_ms` (now when none), soonest first.
    pub async fn next_goal_reminders(
        &self,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<GoalReminderTime>, HearthError> {
        let times = self
            .call(move |c| c.next_goal_reminders(after_ms, count))
            .await?;
        Ok(times
            .into_iter()
            .map(|t| GoalReminderTime {
                at: t.at.into(),
                goal_id: t.goal_id,
            })
            .collect())
    }

    /// Shares a goal's week (as of `today`) to a circle: its title and week, and the why or
    /// streak only when `choice` ticks them. Returns the message id.
    pub async fn share_goal(
        &self,
        circle_id: String,
        goal_id: String,
        today: LocalDate,
        choice: GoalShareChoice,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let today = today.to_core("today")?;
        let choice = core::GoalShareChoice {
            why: choice.why,
            streak: choice.streak,
        };
        self.call(move |c| c.share_goal(&id, &goal_id, today, choice))
            .await
            .map(String::from)
    }
}
