//! The journal's records: what callers send (drafts) and what they get back.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::moment::Moment;

/// A check-in as the user fills it in. Only `mood` is required.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckinDraft {
    /// When it applies; `None` means now.
    pub at: Option<Moment>,
    /// Mood from 1 (very low) to 5 (very good). Required.
    pub mood: Option<u8>,
    /// Energy from 1 to 5.
    pub energy: Option<u8>,
    /// Emotion words, built-in or the user's own.
    pub emotions: Vec<String>,
    /// Activities and tags.
    pub tags: Vec<String>,
    /// Hours slept, 0 to 24.
    pub sleep_hours: Option<f64>,
    /// A private note.
    pub note: Option<String>,
}

/// A stored check-in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkin {
    /// Stable random id.
    pub id: String,
    /// When it applies, with the user's offset then.
    pub at: Moment,
    /// Mood 1–5.
    pub mood: u8,
    /// Energy 1–5.
    pub energy: Option<u8>,
    /// Normalised emotion words, sorted.
    pub emotions: Vec<String>,
    /// Normalised tags, sorted.
    pub tags: Vec<String>,
    /// Hours slept.
    pub sleep_hours: Option<f64>,
    /// The note.
    pub note: Option<String>,
    /// When it was first saved.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// A journal entry as the user writes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntryDraft {
    /// When it applies; `None` means now.
    pub at: Option<Moment>,
    /// The text. Required.
    pub body: String,
    /// The prompt it answers, if any.
    pub prompt: Option<String>,
    /// A check-in it belongs to, if any.
    pub checkin_id: Option<String>,
}

/// A stored journal entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable random id.
    pub id: String,
    /// When it applies.
    pub at: Moment,
    /// The text.
    pub body: String,
    /// The prompt it answers.
    pub prompt: Option<String>,
    /// The linked check-in (cleared if that check-in is deleted).
    pub checkin_id: Option<String>,
    /// When it was first saved.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// Which check-ins or entries to list. Dates are the user's calendar days, inclusive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JournalQuery {
    /// First day included.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
    /// Only check-ins with this emotion (ignored for entries).
    pub emotion: Option<String>,
    /// Only check-ins with this tag (ignored for entries).
    pub tag: Option<String>,
    /// At most this many, newest first; `None` means all.
    pub limit: Option<u32>,
    /// Skip this many (paging).
    pub offset: u32,
}

/// What a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchHitKind {
    /// A check-in's note matched.
    Checkin,
    /// A journal entry matched.
    Entry,
}

/// One full-text search result.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// Check-in or entry.
    pub kind: SearchHitKind,
    /// Its id.
    pub id: String,
    /// When it applies.
    pub at: Moment,
    /// A short excerpt around the match, with matches in `[` `]`.
    pub snippet: String,
}
