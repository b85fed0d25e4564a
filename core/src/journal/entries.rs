//! Storing and reading journal entries.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::journal::checkins::{self, validate_time};
use crate::journal::model::{Entry, EntryDraft, JournalQuery};
use crate::journal::validate::{self, ENTRY_MAX_CHARS, PROMPT_MAX_CHARS};
use crate::moment::Moment;
use crate::store::rows;

/// A draft that passed every rule.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidEntry {
    pub at: Moment,
    pub body: String,
    pub prompt: Option<String>,
    pub checkin_id: Option<String>,
}

impl ValidEntry {
    /// Checks a draft. A linked check-in must exist (checked in the transaction).
    pub fn from_draft(draft: &EntryDraft, now: Moment) -> Result<Self> {
        Ok(ValidEntry {
            at: validate_time(draft.at.unwrap_or(now), now)?,
            body: validate::required_text("body", &draft.body, ENTRY_MAX_CHARS)?,
            prompt: validate::optional_text("prompt", draft.prompt.as_deref(), PROMPT_MAX_CHARS)?,
            checkin_id: draft
                .checkin_id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        })
    }

    fn check_link(&self, tx: &Transaction<'_>) -> Result<()> {
        match &self.checkin_id {
            Some(id) if !checkins::exists(tx, id)? => Err(Error::NotFound { what: "check-in" }),
            _ => Ok(()),
        }
    }
}

/// Inserts a new entry and returns it.
pub(crate) fn insert(tx: &Transaction<'_>, v: &ValidEntry, now_ms: i64) -> Result<Entry> {
    let id = Uuid::new_v4().to_string();
    insert_with(tx, &id, v, now_ms, now_ms)?;
    get(tx, &id)
}

/// Inserts with a known id and times (imports).
pub(crate) fn insert_with(
    tx: &Transaction<'_>,
    id: &str,
    v: &ValidEntry,
    created_ms: i64,
    updated_ms: i64,
) -> Result<()> {
    v.check_link(tx)?;
    tx.prepare_cached(
        "INSERT INTO journal_entries (id, at_ms, offset_seconds, local_date, body, prompt,
                                      checkin_id, created_at_ms, updated_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        v.at.unix_ms(),
        v.at.offset_seconds(),
        v.at.local_date().to_string(),
        v.body,
        v.prompt,
        v.checkin_id,
        created_ms,
        updated_ms
    ])?;
    Ok(())
}

/// Replaces every field of an existing entry.
pub(crate) fn update(tx: &Transaction<'_>, id: &str, v: &ValidEntry, now_ms: i64) -> Result<Entry> {
    v.check_link(tx)?;
    let n = tx
        .prepare_cached(
            "UPDATE journal_entries SET at_ms = ?2, offset_seconds = ?3, local_date = ?4,
                    body = ?5, prompt = ?6, checkin_id = ?7, updated_at_ms = ?8
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            v.at.unix_ms(),
            v.at.offset_seconds(),
            v.at.local_date().to_string(),
            v.body,
            v.prompt,
            v.checkin_id,
            now_ms
        ])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "journal entry",
        });
    }
    get(tx, id)
}

/// Deletes an entry.
pub(crate) fn delete(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let n = tx
        .prepare_cached("DELETE FROM journal_entries WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "journal entry",
        });
    }
    Ok(())
}

const SELECT: &str = "SELECT id, at_ms, offset_seconds, body, prompt, checkin_id,
        created_at_ms, updated_at_ms FROM journal_entries";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        at: rows::moment(row, 1, 2)?,
        body: row.get(3)?,
        prompt: row.get(4)?,
        checkin_id: row.get(5)?,
        created_at: rows::timestamp(row, 6)?,
        updated_at: rows::timestamp(row, 7)?,
    })
}

/// One entry by id.
pub(crate) fn get(tx: &Transaction<'_>, id: &str) -> Result<Entry> {
    tx.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "journal entry",
        })
}

/// Entries in the date range of `q`, newest first (label filters do not apply to entries).
pub(crate) fn list(tx: &Transaction<'_>, q: &JournalQuery) -> Result<Vec<Entry>> {
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR local_date >= ?1) AND (?2 IS NULL OR local_date <= ?2)
         ORDER BY at_ms DESC, seq DESC LIMIT ?3 OFFSET ?4"
    );
    let rows = tx
        .prepare_cached(&sql)?
        .query_map(
            params![
                q.from.map(|d| d.to_string()),
                q.to.map(|d| d.to_string()),
                q.limit.map_or(-1, i64::from),
                q.offset
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
