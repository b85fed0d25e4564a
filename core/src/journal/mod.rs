//! The private mood journal: check-ins, journal entries, the emotion vocabulary,
//! full-text search and finding a record by the start of its id. Pure domain code over a SQLite transaction; no I/O of its own.

pub(crate) mod checkins;
pub(crate) mod entries;
pub(crate) mod ids;
mod model;
pub(crate) mod search;
pub(crate) mod validate;
pub(crate) mod vocabulary;

pub use ids::ID_PREFIX_MIN;
pub use model::{Checkin, CheckinDraft, Entry, EntryDraft, JournalQuery, SearchHit, SearchHitKind};
pub use validate::{ENTRY_MAX_CHARS, LABELS_MAX, LABEL_MAX_CHARS, NOTE_MAX_CHARS};
pub use vocabulary::BUILT_IN_EMOTIONS;
