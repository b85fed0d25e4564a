//! Journal entry records and search hits.

use crate::error::HearthError;
use crate::time::{moment_to_core, ms, LocalDate, Moment};

/// A journal entry as the person writes it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EntryDraft {
    /// When it applies; none means now.
    #[uniffi(default = None)]
    pub at: Option<Moment>,
    /// The text (required, up to 100,000 characters).
    pub body: String,
    /// The prompt it answers, if any.
    #[uniffi(default = None)]
    pub prompt: Option<String>,
    /// The check-in it belongs to, if any.
    #[uniffi(default = None)]
    pub checkin_id: Option<String>,
}

/// A saved journal entry.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Entry {
    /// Stable random id.
    pub id: String,
    /// When it applies.
    pub at: Moment,
    /// The person's calendar day for it.
    pub local_date: LocalDate,
    /// The text.
    pub body: String,
    /// The prompt it answers.
    pub prompt: Option<String>,
    /// The linked check-in (cleared when that check-in is deleted).
    pub checkin_id: Option<String>,
    /// When it was first saved (Unix milliseconds).
    pub created_at_ms: i64,
    /// When it was last changed (Unix milliseconds).
    pub updated_at_ms: i64,
}

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SearchHitKind {
    /// A check-in's note matched.
    Checkin,
    /// A journal entry matched.
    Entry,
}

/// One full-text search result.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SearchHit {
    /// Check-in or entry.
    pub kind: SearchHitKind,
    /// Its id.
    pub id: String,
    /// When it applies.
    pub at: Moment,
    /// A short excerpt around the match, with matched words in `[` `]`.
    pub snippet: String,
}

impl TryFrom<EntryDraft> for hearth_core::journal::EntryDraft {
    type Error = HearthError;
    fn try_from(d: EntryDraft) -> Result<Self, HearthError> {
        Ok(hearth_core::journal::EntryDraft {
            at: moment_to_core(d.at)?,
            body: d.body,
            prompt: d.prompt,
            checkin_id: d.checkin_id,
        })
    }
}

impl From<hearth_core::journal::Entry> for Entry {
    fn from(e: hearth_core::journal::Entry) -> Self {
        Entry {
            id: e.id,
            local_date: e.at.local_date().into(),
            at: e.at.into(),
            body: e.body,
            prompt: e.prompt,
            checkin_id: e.checkin_id,
            created_at_ms: ms(e.created_at),
            updated_at_ms: ms(e.updated_at),
        }
    }
}

impl From<hearth_core::journal::SearchHit> for SearchHit {
    fn from(h: hearth_core::journal::SearchHit) -> Self {
        SearchHit {
            kind: match h.kind {
                hearth_core::journal::SearchHitKind::Checkin => SearchHitKind::Checkin,
                hearth_core::journal::SearchHitKind::Entry => SearchHitKind::Entry,
            },
            id: h.id,
            at: h.at.into(),
            snippet: h.snippet,
        }
    }
}
