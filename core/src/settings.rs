//! Small documents kept in the `settings` table: the reminder settings, the reminder seed,
//! how wakes show (notification settings), and a crisis directory newer than the bundled
//! one.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::circles::NotificationSettings;
use crate::error::{Error, Result};
use crate::reminders::ReminderSettings;
use crate::secret::random_bytes;

const REMINDERS: &str = "reminders";
const REMINDER_SEED: &str = "reminder_seed";
const CRISIS_DIRECTORY: &str = "crisis_directory";
const NOTIFICATIONS: &str = "notifications";

fn get(tx: &Transaction<'_>, key: &str) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn set(tx: &Transaction<'_>, key: &str, value: &[u8]) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}

/// The reminder settings, if the user set them.
pub(crate) fn reminders(tx: &Transaction<'_>) -> Result<Option<ReminderSettings>> {
    get(tx, REMINDERS)?
        .map(|bytes| serde_json::from_slice(&bytes).map_err(Error::from))
        .transpose()
}

/// Stores validated reminder settings.
pub(crate) fn set_reminders(tx: &Transaction<'_>, s: &ReminderSettings) -> Result<()> {
    let bytes = serde_json::to_vec(s).map_err(|_| Error::Internal("reminder settings"))?;
    set(tx, REMINDERS, &bytes)
}

/// How wakes show; the defaults until the person changed them.
pub(crate) fn notifications(tx: &Transaction<'_>) -> Result<NotificationSettings> {
    get(tx, NOTIFICATIONS)?
        .map(|bytes| serde_json::from_slice(&bytes).map_err(Error::from))
        .transpose()
        .map(Option::unwrap_or_default)
}

/// Stores validated notification settings.
pub(crate) fn set_notifications(tx: &Transaction<'_>, s: &NotificationSettings) -> Result<()> {
    let bytes = serde_json::to_vec(s).map_err(|_| Error::Internal("notification settings"))?;
    set(tx, NOTIFICATIONS, &bytes)
}

/// The secret seed of random reminder times, created on first use.
pub(crate) fn reminder_seed(tx: &Transaction<'_>) -> Result<Vec<u8>> {
    if let Some(seed) = get(tx, REMINDER_SEED)? {
        return Ok(seed);
    }
    let seed = random_bytes::<32>()?.to_vec();
    set(tx, REMINDER_SEED, &seed)?;
    Ok(seed)
}

/// The crisis directory installed over the bundled one, as its JSON text.
pub(crate) fn crisis_directory(tx: &Transaction<'_>) -> Result<Option<String>> {
    get(tx, CRISIS_DIRECTORY)?
        .map(|bytes| {
            String::from_utf8(bytes).map_err(|_| Error::Corrupt {
                detail: "crisis directory",
            })
        })
        .transpose()
}

/// Stores a checked crisis directory's JSON text.
pub(crate) fn set_crisis_directory(tx: &Transaction<'_>, json: &str) -> Result<()> {
    set(tx, CRISIS_DIRECTORY, json.as_bytes())
}
