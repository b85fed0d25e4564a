//! The full journal as one JSON document: what "export JSON" writes and what an encrypted
//! backup carries inside. Versioned, so later readers know what they hold.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::goals::GoalRecord;
use crate::instruments::SurveyResult;
use crate::journal::{Checkin, Entry};
use crate::reminders::ReminderSettings;

/// The `format` field of every journal document.
pub const FORMAT_NAME: &str = "hearth-journal";
/// The newest document version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Everything in a journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalDocument {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The document version.
    pub version: u32,
    /// When it was written.
    pub exported_at: Timestamp,
    /// The profile's display name.
    pub display_name: String,
    /// Every check-in, oldest first.
    pub checkins: Vec<Checkin>,
    /// Every journal entry, oldest first.
    pub entries: Vec<Entry>,
    /// Every questionnaire result, oldest first.
    pub surveys: Vec<SurveyResult>,
    /// The user's own emotion words.
    pub custom_emotions: Vec<String>,
    /// Reminder settings, if set.
    pub reminders: Option<ReminderSettings>,
    /// Every goal with its log (documents written before goals existed have none).
    #[serde(default)]
    pub goals: Vec<GoalRecord>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Check-ins that were new.
    pub checkins_added: u32,
    /// Check-ins replaced by a newer edit from the import.
    pub checkins_updated: u32,
    /// Journal entries that were new.
    pub entries_added: u32,
    /// Journal entries replaced by a newer edit.
    pub entries_updated: u32,
    /// Questionnaire results that were new.
    pub surveys_added: u32,
    /// Goals that were new (with their logs).
    pub goals_added: u32,
    /// Goals here already whose fields or days the import brought newer edits of.
    pub goals_updated: u32,
    /// Records already present and not older here (nothing to do).
    pub unchanged: u32,
}
