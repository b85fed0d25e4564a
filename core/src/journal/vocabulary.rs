//! The emotion vocabulary: built-in words plus the ones the user adds, and the list of tags
//! (activities) in use.

use rusqlite::{params, Transaction};

use crate::error::Result;

/// Emotions offered to everyone, pleasant first. Lowercase, as labels are stored.
pub const BUILT_IN_EMOTIONS: &[&str] = &[
    "happy",
    "calm",
    "grateful",
    "hopeful",
    "proud",
    "content",
    "excited",
    "loved",
    "relieved",
    "confident",
    "connected",
    "rested",
    "sad",
    "anxious",
    "angry",
    "frustrated",
    "lonely",
    "tired",
    "overwhelmed",
    "stressed",
    "ashamed",
    "guilty",
    "irritable",
    "numb",
    "bored",
    "scared",
    "confused",
    "restless",
    "hurt",
    "empty",
];

/// Whether `emotion` (normalised) is built in.
pub fn is_built_in(emotion: &str) -> bool {
    BUILT_IN_EMOTIONS.contains(&emotion)
}

/// Remembers the user's own emotion words among `emotions`.
pub(crate) fn remember_custom(
    tx: &Transaction<'_>,
    emotions: &[String],
    now_ms: i64,
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO custom_emotions (name, created_at_ms) VALUES (?1, ?2)",
    )?;
    for emotion in emotions.iter().filter(|e| !is_built_in(e)) {
        insert.execute(params![emotion, now_ms])?;
    }
    Ok(())
}

/// The user's own emotion words, alphabetically.
pub(crate) fn custom_emotions(tx: &Transaction<'_>) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached("SELECT name FROM custom_emotions ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every tag used on a check-in, with how often, most used first.
pub(crate) fn tags_in_use(tx: &Transaction<'_>) -> Result<Vec<(String, u32)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT tag, count(*) AS n FROM checkin_tags GROUP BY tag ORDER BY n DESC, tag",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
