//! Check-in records, the journal query, and the vocabulary offered when checking in.

use crate::error::HearthError;
use crate::time::{moment_to_core, ms, LocalDate, Moment};

/// A check-in as the person fills it in.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CheckinDraft {
    /// When it applies; none means now. At most a day ahead.
    #[uniffi(default = None)]
    pub at: Option<Moment>,
    /// Mood from 1 (very low) to 5 (very good).
    pub mood: u8,
    /// Energy from 1 to 5.
    #[uniffi(default = None)]
    pub energy: Option<u8>,
    /// Emotion words, built in or the person's own.
    #[uniffi(default = [])]
    pub emotions: Vec<String>,
    /// Activities and tags.
    #[uniffi(default = [])]
    pub tags: Vec<String>,
    /// Hours slept, 0 to 24.
    #[uniffi(default = None)]
    pub sleep_hours: Option<f64>,
    /// A private note.
    #[uniffi(default = None)]
    pub note: Option<String>,
}

/// A saved check-in.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Checkin {
    /// Stable random id.
    pub id: String,
    /// When it applies, with the offset the person's clock showed.
    pub at: Moment,
    /// The person's calendar day for it.
    pub local_date: LocalDate,
    /// Mood 1–5.
    pub mood: u8,
    /// Energy 1–5.
    pub energy: Option<u8>,
    /// Emotion words, normalised and sorted.
    pub emotions: Vec<String>,
    /// Tags, normalised and sorted.
    pub tags: Vec<String>,
    /// Hours slept.
    pub sleep_hours: Option<f64>,
    /// The note.
    pub note: Option<String>,
    /// When it was first saved (Unix milliseconds).
    pub created_at_ms: i64,
    /// When it was last changed (Unix milliseconds).
    pub updated_at_ms: i64,
}

/// Which check-ins or entries to list. Days are the person's calendar days, inclusive.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct JournalQuery {
    /// The first day included.
    #[uniffi(default = None)]
    pub since: Option<LocalDate>,
    /// The last day included.
    #[uniffi(default = None)]
    pub until: Option<LocalDate>,
    /// Only check-ins with this emotion (ignored for entries).
    #[uniffi(default = None)]
    pub emotion: Option<String>,
    /// Only check-ins with this tag (ignored for entries).
    #[uniffi(default = None)]
    pub tag: Option<String>,
    /// At most this many, newest first; none means all.
    #[uniffi(default = None)]
    pub limit: Option<u32>,
    /// Skip this many (paging).
    #[uniffi(default = 0)]
    pub offset: u32,
}

/// The emotion words to offer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EmotionVocabulary {
    /// Built in, in display order.
    pub built_in: Vec<String>,
    /// The person's own, alphabetically.
    pub custom: Vec<String>,
}

/// A tag and how many check-ins carry it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TagUsage {
    /// The tag.
    pub tag: String,
    /// How many check-ins carry it.
    pub count: u32,
}

impl TryFrom<CheckinDraft> for hearth_core::journal::CheckinDraft {
    type Error = HearthError;
    fn try_from(d: CheckinDraft) -> Result<Self, HearthError> {
        Ok(hearth_core::journal::CheckinDraft {
            at: moment_to_core(d.at)?,
            mood: Some(d.mood),
            energy: d.energy,
            emotions: d.emotions,
            tags: d.tags,
            sleep_hours: d.sleep_hours,
            note: d.note,
        })
    }
}

impl From<hearth_core::journal::Checkin> for Checkin {
    fn from(c: hearth_core::journal::Checkin) -> Self {
        Checkin {
            id: c.id,
            local_date: c.at.local_date().into(),
            at: c.at.into(),
            mood: c.mood,
            energy: c.energy,
            emotions: c.emotions,
            tags: c.tags,
            sleep_hours: c.sleep_hours,
            note: c.note,
            created_at_ms: ms(c.created_at),
            updated_at_ms: ms(c.updated_at),
        }
    }
}

impl TryFrom<JournalQuery> for hearth_core::journal::JournalQuery {
    type Error = HearthError;
    fn try_from(q: JournalQuery) -> Result<Self, HearthError> {
        Ok(hearth_core::journal::JournalQuery {
            from: q.since.map(|d| d.to_core("since")).transpose()?,
            to: q.until.map(|d| d.to_core("until")).transpose()?,
            emotion: q.emotion,
            tag: q.tag,
            limit: q.limit,
            offset: q.offset,
        })
    }
}

impl From<hearth_core::EmotionVocabulary> for EmotionVocabulary {
    fn from(v: hearth_core::EmotionVocabulary) -> Self {
        EmotionVocabulary {
            built_in: v.built_in,
            custom: v.custom,
        }
    }
}

impl From<hearth_core::TagUsage> for TagUsage {
    fn from(t: hearth_core::TagUsage) -> Self {
        TagUsage {
            tag: t.tag,
            count: t.count,
        }
    }
}
