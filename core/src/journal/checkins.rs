//! Storing and reading check-ins (with their emotions and tags) inside one transaction.

use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::journal::model::{Checkin, CheckinDraft, JournalQuery};
use crate::journal::validate::{self, NOTE_MAX_CHARS};
use crate::journal::vocabulary;
use crate::moment::Moment;
use crate::store::rows;

/// A draft that passed every rule, in stored form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidCheckin {
    pub at: Moment,
    pub mood: u8,
    pub energy: Option<u8>,
    pub emotions: Vec<String>,
    pub tags: Vec<String>,
    pub sleep_hours: Option<f64>,
    pub note: Option<String>,
}

impl ValidCheckin {
    /// Checks a draft; `now` fills a missing time and bounds future ones.
    pub fn from_draft(draft: &CheckinDraft, now: Moment) -> Result<Self> {
        let mood = draft
            .mood
            .ok_or_else(|| Error::invalid("mood", "is required (1 to 5)"))?;
        let at = validate_time(draft.at.unwrap_or(now), now)?;
        let sleep_hours = match draft.sleep_hours {
            Some(h) if !h.is_finite() || !(0.0..=24.0).contains(&h) => {
                return Err(Error::invalid("sleep_hours", "must be from 0 to 24"))
            }
            other => other,
        };
        Ok(ValidCheckin {
            at,
            mood: validate::rating("mood", mood)?,
            energy: draft
                .energy
                .map(|e| validate::rating("energy", e))
                .transpose()?,
            emotions: validate::labels("emotion", &draft.emotions)?,
            tags: validate::labels("tag", &draft.tags)?,
            sleep_hours,
            note: validate::optional_text("note", draft.note.as_deref(), NOTE_MAX_CHARS)?,
        })
    }
}

/// Times from 1900 up to two days ahead (a generous bound for travel and clock skew).
pub(crate) fn validate_time(at: Moment, now: Moment) -> Result<Moment> {
    let earliest = Timestamp::from_second(-2_208_988_800).unwrap_or(Timestamp::MIN);
    let latest_ms = now.unix_ms().saturating_add(2 * 24 * 3600 * 1000);
    if at.timestamp() < earliest || at.unix_ms() > latest_ms {
        return Err(Error::invalid(
            "time",
            "must be after 1900 and not in the future",
        ));
    }
    Ok(at)
}

/// Inserts a new check-in and returns it.
pub(crate) fn insert(tx: &Transaction<'_>, valid: &ValidCheckin, now_ms: i64) -> Result<Checkin> {
    let id = Uuid::new_v4().to_string();
    insert_with(tx, &id, valid, now_ms, now_ms)?;
    let stamp = Timestamp::from_millisecond(now_ms).map_err(|_| Error::Internal("clock"))?;
    // Built from what was written rather than read back: one less query on the hot path.
    Ok(Checkin {
        id,
        at: valid.at,
        mood: valid.mood,
        energy: valid.energy,
        emotions: valid.emotions.clone(),
        tags: valid.tags.clone(),
        sleep_hours: valid.sleep_hours,
        note: valid.note.clone(),
        created_at: stamp,
        updated_at: stamp,
    })
}

/// Inserts with a known id and times (imports).
pub(crate) fn insert_with(
    tx: &Transaction<'_>,
    id: &str,
    v: &ValidCheckin,
    created_ms: i64,
    updated_ms: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO checkins (id, at_ms, offset_seconds, local_date, mood, energy, sleep_hours,
                               note, created_at_ms, updated_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        v.at.unix_ms(),
        v.at.offset_seconds(),
        v.at.local_date().to_string(),
        v.mood,
        v.energy,
        v.sleep_hours,
        v.note,
        created_ms,
        updated_ms
    ])?;
    let seq = tx.last_insert_rowid();
    write_labels(tx, seq, v, updated_ms)
}

/// Replaces every field of an existing check-in.
pub(crate) fn update(
    tx: &Transaction<'_>,
    id: &str,
    v: &ValidCheckin,
    now_ms: i64,
) -> Result<Checkin> {
    let seq = seq_of(tx, id)?;
    tx.prepare_cached(
        "UPDATE checkins SET at_ms = ?2, offset_seconds = ?3, local_date = ?4, mood = ?5,
                energy = ?6, sleep_hours = ?7, note = ?8, updated_at_ms = ?9
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        v.at.unix_ms(),
        v.at.offset_seconds(),
        v.at.local_date().to_string(),
        v.mood,
        v.energy,
        v.sleep_hours,
        v.note,
        now_ms
    ])?;
    tx.prepare_cached("DELETE FROM checkin_emotions WHERE checkin_seq = ?1")?
        .execute([seq])?;
    tx.prepare_cached("DELETE FROM checkin_tags WHERE checkin_seq = ?1")?
        .execute([seq])?;
    write_labels(tx, seq, v, now_ms)?;
    get(tx, id)
}

fn write_labels(tx: &Transaction<'_>, seq: i64, v: &ValidCheckin, now_ms: i64) -> Result<()> {
    let mut emotion =
        tx.prepare_cached("INSERT INTO checkin_emotions (checkin_seq, emotion) VALUES (?1, ?2)")?;
    for e in &v.emotions {
        emotion.execute(params![seq, e])?;
    }
    let mut tag =
        tx.prepare_cached("INSERT INTO checkin_tags (checkin_seq, tag) VALUES (?1, ?2)")?;
    for t in &v.tags {
        tag.execute(params![seq, t])?;
    }
    vocabulary::remember_custom(tx, &v.emotions, now_ms)
}

/// Deletes a check-in; its labels go with it and linked entries lose the link.
pub(crate) fn delete(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let n = tx
        .prepare_cached("DELETE FROM checkins WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(Error::NotFound { what: "check-in" });
    }
    Ok(())
}

fn seq_of(tx: &Transaction<'_>, id: &str) -> Result<i64> {
    tx.prepare_cached("SELECT seq FROM checkins WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "check-in" })
}

/// Whether a check-in exists.
pub(crate) fn exists(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    match seq_of(tx, id) {
        Ok(_) => Ok(true),
        Err(Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The columns every check-in read selects; labels come joined by U+001F, which labels
/// cannot contain.
const SELECT: &str = "SELECT c.id, c.at_ms, c.offset_seconds, c.mood, c.energy, c.sleep_hours,
        c.note, c.created_at_ms, c.updated_at_ms,
        (SELECT group_concat(emotion, char(31)) FROM checkin_emotions WHERE checkin_seq = c.seq),
        (SELECT group_concat(tag, char(31)) FROM checkin_tags WHERE checkin_seq = c.seq)
    FROM checkins c";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Checkin> {
    let split = |text: Option<String>| -> Vec<String> {
        let mut v: Vec<String> = text
            .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    Ok(Checkin {
        id: row.get(0)?,
        at: rows::moment(row, 1, 2)?,
        mood: row.get(3)?,
        energy: row.get(4)?,
        sleep_hours: row.get(5)?,
        note: row.get(6)?,
        created_at: rows::timestamp(row, 7)?,
        updated_at: rows::timestamp(row, 8)?,
        emotions: split(row.get(9)?),
        tags: split(row.get(10)?),
    })
}

/// One check-in by id.
pub(crate) fn get(tx: &Transaction<'_>, id: &str) -> Result<Checkin> {
    tx.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "check-in" })
}

/// Check-ins matching `q`, newest first.
pub(crate) fn list(tx: &Transaction<'_>, q: &JournalQuery) -> Result<Vec<Checkin>> {
    let emotion = q
        .emotion
        .as_deref()
        .map(|e| validate::label("emotion", e))
        .transpose()?;
    let tag = q
        .tag
        .as_deref()
        .map(|t| validate::label("tag", t))
        .transpose()?;
    let sql = format!(
        "{SELECT}
         WHERE (?1 IS NULL OR c.local_date >= ?1) AND (?2 IS NULL OR c.local_date <= ?2)
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM checkin_emotions e
                                      WHERE e.checkin_seq = c.seq AND e.emotion = ?3))
           AND (?4 IS NULL OR EXISTS (SELECT 1 FROM checkin_tags t
                                      WHERE t.checkin_seq = c.seq AND t.tag = ?4))
         ORDER BY c.at_ms DESC, c.seq DESC
         LIMIT ?5 OFFSET ?6"
    );
    let limit = q.limit.map_or(-1, i64::from);
    let rows = tx
        .prepare_cached(&sql)?
        .query_map(
            params![
                q.from.map(|d| d.to_string()),
                q.to.map(|d| d.to_string()),
                emotion,
                tag,
                limit,
                q.offset
            ],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
