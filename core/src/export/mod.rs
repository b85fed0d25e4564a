//! Getting the journal out, and back in: CSV for a clinician, the full JSON document, and
//! the encrypted backup file that imports into a fresh profile.

pub(crate) mod backup;
pub(crate) mod csv;
mod document;
pub(crate) mod import;

pub use backup::{BACKUP_VERSION, MIN_PASSPHRASE_CHARS};
pub use csv::CSV_HEADER;
pub use document::{ImportSummary, JournalDocument, FORMAT_NAME, FORMAT_VERSION};
