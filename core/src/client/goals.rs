//! Client methods for goals: writing them and their daily log, how each is going, goal
//! reminders, and sharing a goal's week to a circle.
//!
//! Calendar questions take the person's `today` from the app (as insights do): the phone
//! knows its zone, the core does not.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use crate::circles::{GroupId, MessageId, SharedCard};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::goals::progress::{loggable, Tracker};
use crate::goals::store::{self, ValidGoal};
use crate::goals::{
    reminders, Goal, GoalCard, GoalDraft, GoalLogEntry, GoalOutcome, GoalProgress,
    GoalReminderTime, GoalShareChoice,
};
use crate::journal::ids;

impl Client {
    fn goal_changed(&self, id: &str) {
        self.events
            .publish(Event::GoalChanged { id: id.to_owned() });
        // Whether today's goal reminder is still due may have changed.
        self.events.publish(Event::RemindersChanged);
    }

    /// Saves a new goal; `today` is its first day unless the draft says otherwise.
    pub fn add_goal(&self, draft: &GoalDraft, today: Date) -> Result<Goal> {
        let valid = ValidGoal::from_draft(draft, today)?;
        let goal = self
            .store
            .write(|tx| store::insert(tx, &valid, self.now_ms()))?;
        self.goal_changed(&goal.id);
        Ok(goal)
    }

    /// Replaces a goal's what, why, plan and reminder (a draft without a start keeps the old
    /// one). Its log stays: days the new plan does not ask for no longer count.
    pub fn update_goal(&self, id: &str, draft: &GoalDraft) -> Result<Goal> {
        let goal = self.store.write(|tx| {
            let old = store::get(tx, id)?;
            let valid = ValidGoal::from_draft(draft, old.starts_on)?;
            store::update(tx, id, &valid, old.ended_on, self.now_ms())
        })?;
        self.goal_changed(id);
        Ok(goal)
    }

    /// Ends a goal on `last_day` (it is kept, with its log, for insights and exports).
    pub fn end_goal(&self, id: &str, last_day: Date) -> Result<Goal> {
        let goal = self.store.write(|tx| {
            let goal = store::get(tx, id)?;
            if last_day < goal.starts_on {
                return Err(Error::invalid("day", "before the goal started"));
            }
            store::set_ended(tx, id, Some(last_day), self.now_ms())
        })?;
        self.goal_changed(id);
        Ok(goal)
    }

    /// Takes an ended goal up again.
    pub fn resume_goal(&self, id: &str) -> Result<Goal> {
        let goal = self.store.write(|tx| {
            let goal = store::get(tx, id)?;
            if goal.ended_on.is_none() {
                return Ok(goal);
            }
            store::check_room(tx)?;
            store::set_ended(tx, id, None, self.now_ms())
        })?;
        self.goal_changed(id);
        Ok(goal)
    }

    /// Deletes a goal and its whole log.
    pub fn delete_goal(&self, id: &str) -> Result<()> {
        self.store.write(|tx| store::delete(tx, id))?;
        self.goal_changed(id);
        Ok(())
    }

    /// One goal.
    pub fn goal(&self, id: &str) -> Result<Goal> {
        self.store.read(|tx| store::get(tx, id))
    }

    /// The whole id of the one goal whose id starts with `prefix` (at least 4 characters).
    pub fn resolve_goal_id(&self, prefix: &str) -> Result<String> {
        self.store
            .read(|tx| ids::resolve(tx, ids::Record::Goal, prefix))
    }

    /// How every goal is going on `today`: running ones first (when `include_ended`, ended
    /// ones after them).
    pub fn goals(&self, today: Date, include_ended: bool) -> Result<Vec<GoalProgress>> {
        self.store.read(|tx| {
            let mut out = Vec::new();
            for goal in store::list(tx)? {
                if goal.ended_on.is_some() && !include_ended {
                    continue;
                }
                let log = store::log(tx, &goal.id)?;
                out.push(Tracker::new(&goal, &log).progress(today));
            }
            Ok(out)
        })
    }

    /// How one goal is going on `today`.
    pub fn goal_progress(&self, id: &str, today: Date) -> Result<GoalProgress> {
        self.store.read(|tx| {
            let goal = store::get(tx, id)?;
            let log = store::log(tx, id)?;
            Ok(Tracker::new(&goal, &log).progress(today))
        })
    }

    /// A goal's log, oldest day first.
    pub fn goal_log(&self, id: &str) -> Result<Vec<GoalLogEntry>> {
        self.store.read(|tx| {
            store::get(tx, id)?;
            store::log(tx, id)
        })
    }

    /// Says how `day` went for a goal (replacing what that day said). The day must be one the
    /// goal runs on and, on a weekdays plan, one it asks for; not after tomorrow anywhere.
    pub fn log_goal(
        &self,
        id: &str,
        day: Date,
        outcome: GoalOutcome,
        note: Option<&str>,
    ) -> Result<GoalLogEntry> {
        let note = store::valid_note(note)?;
        let now = self.now_ms();
        // The latest "today" anywhere on Earth is UTC's today plus one day.
        let latest = Timestamp::from_millisecond(now)
            .map_err(|_| Error::Internal("clock"))?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .checked_add(1.day())
            .map_err(|_| Error::Internal("calendar"))?;
        if day > latest {
            return Err(Error::invalid("day", "not in the future"));
        }
        self.store.write(|tx| {
            let goal = store::get(tx, id)?;
            if !loggable(&goal, day) {
                return Err(Error::invalid(
                    "day",
                    "not a day this goal asks for (before it started, after it ended, or not in its plan)",
                ));
            }
            store::put_log(tx, id, day, outcome, note.as_deref(), now)
        })?;
        self.goal_changed(id);
        Ok(GoalLogEntry {
            day,
            outcome,
            note,
            updated_at: store::stamp(now)?,
        })
    }

    /// Removes what `day` said for a goal (false when it said nothing).
    pub fn clear_goal_log(&self, id: &str, day: Date) -> Result<bool> {
        let cleared = self.store.write(|tx| {
            store::get(tx, id)?;
            store::clear_log(tx, id, day)
        })?;
        self.goal_changed(id);
        Ok(cleared)
    }

    /// The next `count` goal reminders after `after_ms` (Unix ms; now when none), soonest
    /// first: each goal with a reminder, on its days still to do.
    pub fn next_goal_reminders(
        &self,
        after_ms: Option<i64>,
        count: u32,
    ) -> Result<Vec<GoalReminderTime>> {
        let after = Timestamp::from_millisecond(after_ms.unwrap_or_else(|| self.now_ms()))
            .map_err(|_| Error::invalid("after_ms", "outside the calendar"))?;
        let goals = self.store.read(|tx| {
            let mut out = Vec::new();
            for goal in store::list(tx)? {
                if goal.reminder.is_some() && goal.ended_on.is_none() {
                    let log = store::log(tx, &goal.id)?;
                    out.push((goal, log));
                }
            }
            Ok(out)
        })?;
        reminders::next(&goals, after, count)
    }

    /// Shares a goal's week (as of `today`) to a circle as a card: the title and the week's
    /// progress, and the why and streak only when `choice` ticks them. Returns the message id.
    pub fn share_goal(
        &self,
        group_id: &GroupId,
        goal_id: &str,
        today: Date,
        choice: GoalShareChoice,
    ) -> Result<MessageId> {
        let progress = self.goal_progress(goal_id, today)?;
        let card = GoalCard::from_progress(&progress, choice);
        self.share_card(group_id, SharedCard::Goal(card))
    }
}
