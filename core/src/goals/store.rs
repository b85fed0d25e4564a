//! Storing and reading goals and their logs inside one transaction, and the rules every goal
//! and log entry passes (typed in, imported, or restored from a backup alike).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use super::model::{Goal, GoalDraft, GoalLogEntry, GoalOutcome, GoalPlan, GoalReminder};
use crate::error::{Error, Result};
use crate::journal::validate;
use crate::store::rows;

/// Longest goal title, in characters.
pub const GOAL_TITLE_MAX_CHARS: usize = 80;
/// Longest "why", in characters.
pub const GOAL_WHY_MAX_CHARS: usize = 1_000;
/// Longest note on a day's log, in characters.
pub const GOAL_NOTE_MAX_CHARS: usize = 1_000;
/// The most goals running at once (ended ones are kept and do not count).
pub const ACTIVE_GOALS_MAX: u32 = 30;
/// The most goals kept, running or ended.
pub const GOALS_MAX: u32 = 500;

/// A draft that passed every rule, in stored form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidGoal {
    pub title: String,
    pub why: Option<String>,
    pub plan: GoalPlan,
    pub reminder: Option<GoalReminder>,
    pub starts_on: Date,
}

impl ValidGoal {
    /// Checks a draft; `today` fills a missing start.
    pub(crate) fn from_draft(draft: &GoalDraft, today: Date) -> Result<Self> {
        let title = validate::required_text("title", &draft.title, GOAL_TITLE_MAX_CHARS)?;
        if title.contains('\n') {
            return Err(Error::invalid("title", "one line"));
        }
        match draft.plan {
            GoalPlan::Weekdays { days } if days.is_empty() => {
                return Err(Error::invalid("days", "at least one day of the week"))
            }
            GoalPlan::TimesPerWeek { times } if !(1..=7).contains(&times) => {
                return Err(Error::invalid("times", "1 to 7 times a week"))
            }
            _ => {}
        }
        if let Some(r) = &draft.reminder {
            TimeZone::get(&r.time_zone)
                .map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))?;
        }
        Ok(ValidGoal {
            title,
            why: validate::optional_text("why", draft.why.as_deref(), GOAL_WHY_MAX_CHARS)?,
            plan: draft.plan,
            reminder: draft.reminder.clone(),
            starts_on: draft.starts_on.unwrap_or(today),
        })
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|_| Error::Internal("goal json"))
}

fn damaged(idx: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        "stored goal field unreadable".into(),
    )
}

fn date_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|_| damaged(idx))
}

fn json_at<T: serde::de::DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|_| damaged(idx))
}

const GOAL_COLUMNS: &str =
    "id, title, why, plan, reminder, starts_on, ended_on, created_at_ms, updated_at_ms";

fn goal_from(row: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: row.get(0)?,
        title: row.get(1)?,
        why: row.get(2)?,
        plan: json_at(row, 3)?,
        reminder: match row.get::<_, Option<String>>(4)? {
            Some(_) => Some(json_at(row, 4)?),
            None => None,
        },
        starts_on: date_at(row, 5)?,
        ended_on: match row.get::<_, Option<String>>(6)? {
            Some(_) => Some(date_at(row, 6)?),
            None => None,
        },
        created_at: rows::timestamp(row, 7)?,
        updated_at: rows::timestamp(row, 8)?,
    })
}

fn count(tx: &Transaction<'_>, active_only: bool) -> Result<u32> {
    let sql = if active_only {
        "SELECT count(*) FROM goals WHERE ended_on IS NULL"
    } else {
        "SELECT count(*) FROM goals"
    };
    Ok(tx.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

/// Refuses a new goal past the limits.
pub(crate) fn check_room(tx: &Transaction<'_>) -> Result<()> {
    if count(tx, true)? >= ACTIVE_GOALS_MAX {
        return Err(Error::invalid(
            "goals",
            format!("at most {ACTIVE_GOALS_MAX} running at once: end one first"),
        ));
    }
    if count(tx, false)? >= GOALS_MAX {
        return Err(Error::invalid(
            "goals",
            format!("at most {GOALS_MAX} kept: delete an ended one first"),
        ));
    }
    Ok(())
}

/// Inserts a new goal and returns it.
pub(crate) fn insert(tx: &Transaction<'_>, valid: &ValidGoal, now_ms: i64) -> Result<Goal> {
    check_room(tx)?;
    let id = Uuid::new_v4().to_string();
    insert_with(tx, &id, valid, None, now_ms, now_ms)?;
    get(tx, &id)
}

/// Writes a goal with a given id and times (imports keep them): a new row, or the fields of
/// the one with that id (its creation time and log stay).
pub(crate) fn insert_with(
    tx: &Transaction<'_>,
    id: &str,
    valid: &ValidGoal,
    ended_on: Option<Date>,
    created_ms: i64,
    updated_ms: i64,
) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO goals ({GOAL_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET title = ?2, why = ?3, plan = ?4, reminder = ?5,
         starts_on = ?6, ended_on = ?7, updated_at_ms = ?9"
    ))?
    .execute(params![
        id,
        valid.title,
        valid.why,
        json(&valid.plan)?,
        valid.reminder.as_ref().map(json).transpose()?,
        valid.starts_on.to_string(),
        ended_on.map(|d| d.to_string()),
        created_ms,
        updated_ms
    ])?;
    Ok(())
}

/// Replaces a goal's fields (its log stays).
pub(crate) fn update(
    tx: &Transaction<'_>,
    id: &str,
    valid: &ValidGoal,
    ended_on: Option<Date>,
    now_ms: i64,
) -> Result<Goal> {
    let created_ms = get(tx, id)?.created_at.as_millisecond();
    insert_with(tx, id, valid, ended_on, created_ms, now_ms)?;
    get(tx, id)
}

/// Sets or clears the day a goal ended.
pub(crate) fn set_ended(
    tx: &Transaction<'_>,
    id: &str,
    ended_on: Option<Date>,
    now_ms: i64,
) -> Result<Goal> {
    let changed = tx
        .prepare_cached("UPDATE goals SET ended_on = ?2, updated_at_ms = ?3 WHERE id = ?1")?
        .execute(params![id, ended_on.map(|d| d.to_string()), now_ms])?;
    if changed == 0 {
        return Err(Error::NotFound { what: "goal" });
    }
    get(tx, id)
}

/// Deletes a goal and its log.
pub(crate) fn delete(tx: &Transaction<'_>, id: &str) -> Result<()> {
    if tx.execute("DELETE FROM goals WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { what: "goal" });
    }
    Ok(())
}

/// One goal.
pub(crate) fn get(tx: &Transaction<'_>, id: &str) -> Result<Goal> {
    tx.prepare_cached(&format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = ?1"))?
        .query_row([id], goal_from)
        .optional()?
        .ok_or(Error::NotFound { what: "goal" })
}

/// When a goal was last changed, if it is here.
pub(crate) fn updated_at(tx: &Transaction<'_>, id: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT updated_at_ms FROM goals WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Every goal, running ones first, then by when they started.
pub(crate) fn list(tx: &Transaction<'_>) -> Result<Vec<Goal>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {GOAL_COLUMNS} FROM goals ORDER BY ended_on IS NOT NULL, starts_on, seq"
    ))?;
    let goals = stmt
        .query_map([], goal_from)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(goals)
}

/// A log entry that passed the rules.
pub(crate) fn valid_note(note: Option<&str>) -> Result<Option<String>> {
    validate::optional_text("note", note, GOAL_NOTE_MAX_CHARS)
}

/// Writes (or replaces) the log of one day.
pub(crate) fn put_log(
    tx: &Transaction<'_>,
    goal_id: &str,
    day: Date,
    outcome: GoalOutcome,
    note: Option<&str>,
    updated_ms: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO goal_logs (goal_id, day, outcome, note, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (goal_id, day) DO UPDATE SET outcome = ?3, note = ?4, updated_at_ms = ?5",
    )?
    .execute(params![goal_id, day.to_string(), outcome, note, updated_ms])?;
    Ok(())
}

/// Removes the log of one day (false when there was none).
pub(crate) fn clear_log(tx: &Transaction<'_>, goal_id: &str, day: Date) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM goal_logs WHERE goal_id = ?1 AND day = ?2")?
        .execute(params![goal_id, day.to_string()])?
        == 1)
}

/// When one day's log was last written, if there is one.
pub(crate) fn log_updated_at(
    tx: &Transaction<'_>,
    goal_id: &str,
    day: Date,
) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT updated_at_ms FROM goal_logs WHERE goal_id = ?1 AND day = ?2")?
        .query_row(params![goal_id, day.to_string()], |r| r.get(0))
        .optional()?)
}

/// A goal's log, oldest day first.
pub(crate) fn log(tx: &Transaction<'_>, goal_id: &str) -> Result<Vec<GoalLogEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT day, outcome, note, updated_at_ms FROM goal_logs WHERE goal_id = ?1 ORDER BY day",
    )?;
    let entries = stmt
        .query_map([goal_id], |r| {
            Ok(GoalLogEntry {
                day: date_at(r, 0)?,
                outcome: r.get(1)?,
                note: r.get(2)?,
                updated_at: rows::timestamp(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(entries)
}

/// `now` as a timestamp, for records built in memory.
pub(crate) fn stamp(now_ms: i64) -> Result<Timestamp> {
    Timestamp::from_millisecond(now_ms).map_err(|_| Error::Internal("clock"))
}
