//! The one error type of hearth-core.
//!
//! Each variant tells the app what to do next (ask for the key again, fix a field, retry,
//! restore a backup). Messages never carry user content: no notes, names, passphrases or
//! key bytes, so an error can be logged or shown as it is.

use std::io;

/// Everything that can go wrong in hearth-core. Deliberately not `#[non_exhaustive]`: the
/// bindings match every variant, so a new one fails to compile there until it is mapped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The raw key or passphrase does not open this profile. Nothing was changed on disk.
    #[error("the key or passphrase does not open this profile")]
    WrongKey,
    /// This build cannot encrypt its database (SQLCipher is not linked). Nothing was opened.
    #[error("database encryption is unavailable in this build")]
    EncryptionUnavailable,
    /// There is no profile in the given directory.
    #[error("no profile exists at this location")]
    ProfileNotFound,
    /// A profile (or files of one) already exists in the given directory; it was not touched.
    #[error("a profile already exists at this location")]
    ProfileExists,
    /// The profile was closed or deleted; open it again.
    #[error("the profile is closed")]
    Closed,
    /// The profile was written by a newer version of Hearth; update the app.
    #[error("the profile was written by a newer version (schema {found}, this build knows up to {supported})")]
    SchemaTooNew {
        /// Schema version found in the database.
        found: u32,
        /// Newest schema version this build knows.
        supported: u32,
    },
    /// The profile's files are damaged. Restore from a backup; never overwrite silently.
    #[error("the profile's data is damaged ({detail})")]
    Corrupt {
        /// Which part is damaged (no user content).
        detail: &'static str,
    },
    /// A value given by the caller is not acceptable. Fix `field` and try again.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The name of the field or argument.
        field: &'static str,
        /// Why it was refused (limits and rules, never the value itself).
        reason: String,
    },
    /// The thing asked for does not exist (it may have been deleted).
    #[error("{what} not found")]
    NotFound {
        /// What kind of thing was looked up.
        what: &'static str,
    },
    /// Another writer holds the database; try again shortly.
    #[error("the profile is busy; try again")]
    Busy,
    /// The disk is full; free space and try again. Nothing was half-written.
    #[error("the disk is full")]
    StorageFull,
    /// The database reported an unexpected error (SQLite result code given).
    #[error("storage error (code {code})")]
    Storage {
        /// SQLite's extended result code, or -1 when there is none.
        code: i32,
    },
    /// A file operation failed.
    #[error("file error: {kind}")]
    Io {
        /// What kind of I/O failure it was.
        kind: io::ErrorKind,
    },
    /// The backup's passphrase is wrong. Nothing was imported.
    #[error("wrong passphrase for this backup")]
    BackupWrongPassphrase,
    /// The backup file is truncated, damaged or was altered. Nothing was imported.
    #[error("the backup file is damaged or was altered")]
    BackupDamaged,
    /// The backup was made by a newer version of Hearth. Nothing was imported.
    #[error("unsupported backup format version {version}")]
    BackupUnsupportedVersion {
        /// The format version found in the file.
        version: u8,
    },
    /// The caller's role in the circle does not allow this action (see DESIGN's role table).
    #[error("not permitted in this circle: {action}")]
    NotPermitted {
        /// The action that was refused.
        action: &'static str,
    },
    /// A message received for a circle was refused (not decryptable, malformed, replayed, or
    /// a commit that breaks the circle's roles). The circle itself is unchanged.
    #[error("a circle message was refused: {reason}")]
    MessageRejected {
        /// Why (no message content).
        reason: &'static str,
    },
    /// A commit broke the circle's roles (for example a member's, or a co-facilitator
    /// renaming the circle): it was not applied. Show it; the circle may need a new start.
    #[error("a circle change broke its roles: {reason}")]
    RoleViolation {
        /// What was broken (no content).
        reason: &'static str,
    },
    /// This device is no longer a member of the circle (removed, or it left).
    #[error("no longer a member of this circle")]
    NotAMember,
    /// The circle's guidelines changed (or were never accepted here): show them and call
    /// `accept_guidelines` with this version; posting waits until then.
    #[error("the circle's guidelines (version {version}) must be accepted before posting")]
    GuidelinesNotAccepted {
        /// The version to show and accept.
        version: u32,
    },
    /// A facilitator paused this member's posting until `until_ms` (Unix ms, this phone's
    /// clock). Reading, reacting to nothing and leaving still work; posting waits.
    #[error("posting is paused by a facilitator until {until_ms}")]
    TimedOut {
        /// When posting is possible again.
        until_ms: i64,
    },
    /// One of the circle's own rules holds this post back: nothing was sent. Show the
    /// facilitator's `explanation` and keep the draft so it can be changed; for a posting
    /// rate, `until_ms` (Unix ms, this phone's clock) says when posting is possible again.
    #[error("one of the circle's rules holds this post back")]
    HeldByRule {
        /// Which sort of rule.
        kind: crate::circles::RuleKind,
        /// The rule's explanation, in the facilitator's words.
        explanation: String,
        /// When a post would no longer break a posting-rate rule.
        until_ms: Option<i64>,
    },
    /// The circle was closed by its facilitator: it can be read, nothing more can be sent.
    #[error("the circle was closed")]
    CircleClosed,
    /// A circle directory's signature does not check out against the organisation key this
    /// phone was given: it was altered, or is not that organisation's. Show nothing from it.
    #[error("the circle directory is not signed by the organisation's key")]
    DirectoryNotTrusted,
    /// The relay could not be reached, or its answer was lost. Sync tries again by itself;
    /// nothing is lost (everything waits in the outbox). Show "offline".
    #[error("the relay cannot be reached")]
    Network,
    /// The relay is busy (too many requests) and asked for a pause: sync waits at least
    /// `retry_after_s` seconds before it tries again. Show "the relay is busy".
    #[error("the relay is busy; the next try is in {retry_after_s} s")]
    RelayBusy {
        /// How long the relay asked us to wait, in seconds.
        retry_after_s: u64,
    },
    /// The circle moved on at the relay before our post arrived, again and again: sync
    /// catches up and tries again on its next pass. Nothing is lost.
    #[error("the circle moved on at the relay; it catches up on the next pass")]
    StaleEpoch,
    /// The relay already holds what we tried to create (for example a mailbox id).
    #[error("the relay already has this")]
    Conflict,
    /// The KeyPackage the relay gave for a device was not signed by that device (the relay,
    /// or someone holding the device's session, tried to put their own in its place): the
    /// add was dropped, and the circle's history says so.
    #[error("the KeyPackage given for that device was not signed by it; the add was dropped")]
    KeyPackageNotTheirs,
    /// The relay refused the request and will keep refusing it; `code` says why.
    #[error("the relay refused the request ({})", .code.as_str())]
    RelayRefused {
        /// The relay's error code.
        code: hearth_protocol::ErrorCode,
    },
    /// An id prefix matches more than one record: ask for more of it. The candidates are
    /// the matching ids (never content), at most [`AMBIGUOUS_CANDIDATES_MAX`].
    #[error("{what} id is ambiguous: it could be {}", .candidates.join(", "))]
    AmbiguousId {
        /// What kind of record was looked up.
        what: &'static str,
        /// The ids that match.
        candidates: Vec<String>,
    },
    /// A bug in Hearth; please report it. The description holds no user content.
    #[error("internal error: {0}")]
    Internal(&'static str),
}

/// The most candidates an [`Error::AmbiguousId`] lists.
pub const AMBIGUOUS_CANDIDATES_MAX: usize = 10;

/// Shorthand used throughout hearth-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::InvalidInput`].
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::StorageFull => Error::StorageFull,
            kind => Error::Io { kind },
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::Busy,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    Error::Corrupt { detail: "database" }
                }
                ErrorCode::DiskFull => Error::StorageFull,
                _ => Error::Storage {
                    code: f.extended_code,
                },
            },
            // Row decoding problems mean the stored data does not match the schema.
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => Error::Corrupt { detail: "row" },
            _ => Error::Storage { code: -1 },
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(_: serde_json::Error) -> Self {
        // The JSON handled by core is always our own stored or exported data.
        Error::Corrupt {
            detail: "stored document",
        }
    }
}
