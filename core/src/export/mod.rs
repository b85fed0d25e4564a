//! Getting the journal out, and back in: CSV for a clinician, the full JSON document, the
//! encrypted backup file that imports into a fresh profile, and other mood apps' exports.

pub(crate) mod backup;
pub(crate) mod csv;
mod document;
pub(crate) mod foreign;
pub(crate) mod import;

pub use backup::{BACKUP_VERSION, MIN_PASSPHRASE_CHARS};
pub use csv::CSV_HEADER;
pub use document::{ImportSummary, JournalDocument, FORMAT_NAME, FORMAT_VERSION};
pub use foreign::{
    ForeignApp, ForeignImportOptions, ForeignImportSummary, ForeignPreview, LeftOut, MoodMapping,
    MoodWordUse, RowProblem, DAYLIO_DEFAULT_MOODS, FOREIGN_FILE_MAX_BYTES, FOREIGN_PROBLEMS_MAX,
    FOREIGN_ROWS_MAX,
};
