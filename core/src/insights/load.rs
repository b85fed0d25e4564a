//! Reads what insights need in one snapshot.

use std::collections::HashMap;

use jiff::civil::Date;
use rusqlite::{params, Transaction};

use crate::error::{Error, Result};
use crate::goals::store as goal_store;
use crate::goals::{Goal, GoalLogEntry};
use crate::insights::InsightsRequest;
use crate::instruments::{results, SurveyResult};

/// The raw material of insights.
pub(crate) struct InsightsData {
    /// (local day, mood, tags) of each check-in in the range.
    pub checkins: Vec<(Date, u8, Vec<String>)>,
    /// Every local day with a check-in up to today, sorted.
    pub days: Vec<Date>,
    /// Questionnaire results in the range, oldest first.
    pub surveys: Vec<SurveyResult>,
    /// Every goal that started by today, with its log.
    pub goals: Vec<(Goal, Vec<GoalLogEntry>)>,
}

fn parse_date(text: &str) -> Result<Date> {
    text.parse().map_err(|_| Error::Corrupt {
        detail: "stored date",
    })
}

pub(crate) fn load(tx: &Transaction<'_>, req: &InsightsRequest) -> Result<InsightsData> {
    let from = req.from.map(|d| d.to_string());
    let to = req.today.to_string();

    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = tx.prepare_cached(
        "SELECT t.checkin_seq, t.tag FROM checkin_tags t JOIN checkins c ON c.seq = t.checkin_seq
         WHERE (?1 IS NULL OR c.local_date >= ?1) AND c.local_date <= ?2",
    )?;
    for row in stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (seq, tag) = row?;
        tags.entry(seq).or_default().push(tag);
    }

    let mut stmt = tx.prepare_cached(
        "SELECT seq, local_date, mood FROM checkins
         WHERE (?1 IS NULL OR local_date >= ?1) AND local_date <= ?2
         ORDER BY local_date, at_ms",
    )?;
    let mut checkins = Vec::new();
    for row in stmt.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u8>(2)?,
        ))
    })? {
        let (seq, day, mood) = row?;
        checkins.push((
            parse_date(&day)?,
            mood,
            tags.remove(&seq).unwrap_or_default(),
        ));
    }

    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT local_date FROM checkins WHERE local_date <= ?1 ORDER BY local_date",
    )?;
    let days = stmt
        .query_map([&to], |r| r.get::<_, String>(0))?
        .map(|d| parse_date(&d?))
        .collect::<Result<Vec<_>>>()?;

    let surveys = results::list(tx, None, req.from, Some(req.today))?;
    let mut goals = Vec::new();
    for goal in goal_store::list(tx)? {
        let ran_in_range = goal.starts_on <= req.today
            && goal
                .ended_on
                .is_none_or(|end| req.from.is_none_or(|from| end >= from));
        if ran_in_range {
            let log = goal_store::log(tx, &goal.id)?;
            goals.push((goal, log));
        }
    }
    Ok(InsightsData {
        checkins,
        days,
        surveys,
        goals,
    })
}
