//! The private mood journal: check-ins, journal entries, the emotion vocabulary and
//! full-text search. Pure domain code over a SQLite transaction; no I/O of its own.

pub(crate) mod checkins;
pub(crate) mod entries;
mod model;
pub(crate) mod search;
pub(crate) mod validate;
pub(crate) mod vocabulary;

pub use model::{Checkin, CheckinDraft, Entry, EntryDraft, JournalQuery, SearchHit, SearchHitKind};
pub use validate::{ENTRY_MAX_CHARS, LABELS_MAX, LABEL_MAX_CHARS, NOTE_MAX_CHARS};
pub use vocabulary::BUILT_IN_EMOTIONS;
