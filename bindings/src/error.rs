//! [`HearthError`]: the one error the app sees. Each variant says what the app should do;
//! none carries user content (no notes, names, passphrases or keys), so any of them can be
//! logged or shown as it is.

/// Everything that can go wrong in a Hearth call. The variant tells the app what to do next.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HearthError {
    /// The key or passphrase does not open this profile; nothing on disk changed.
    /// Ask again; never create a new profile over it.
    #[error("the key or passphrase does not open this profile")]
    WrongKey,
    /// This build cannot encrypt its database. Nothing was opened; this is a build defect.
    #[error("database encryption is unavailable in this build")]
    EncryptionUnavailable,
    /// No profile exists at this location. Offer onboarding.
    #[error("no profile exists at this location")]
    ProfileNotFound,
    /// A profile already exists at this location and was left untouched. Open it instead.
    #[error("a profile already exists at this location")]
    ProfileExists,
    /// The profile was closed or deleted. Open it again.
    #[error("the profile is closed")]
    Closed,
    /// A newer version of Hearth wrote this profile. Ask the person to update the app.
    #[error(
        "the profile needs a newer version of the app (schema {found}, supported {supported})"
    )]
    UpdateRequired {
        /// The schema version found.
        found: u32,
        /// The newest schema this build reads.
        supported: u32,
    },
    /// The profile's data is damaged. Offer to restore a backup; never overwrite silently.
    #[error("the profile's data is damaged ({detail})")]
    Corrupt {
        /// Which part (no user content).
        detail: String,
    },
    /// A value the app passed is not acceptable. Show `reason` next to `field`.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field or argument.
        field: String,
        /// The rule it broke (never the value itself).
        reason: String,
    },
    /// The record no longer exists (perhaps deleted elsewhere). Refresh the screen.
    #[error("{what} not found")]
    NotFound {
        /// What kind of record.
        what: String,
    },
    /// The profile is busy. Retry shortly.
    #[error("the profile is busy; try again")]
    Busy,
    /// The device is out of space; nothing was half-written. Ask the person to free space.
    #[error("the device storage is full")]
    StorageFull,
    /// The database reported an unexpected error. Retry once, then report it.
    #[error("storage error (code {code})")]
    Storage {
        /// SQLite's extended result code, or -1.
        code: i32,
    },
    /// A file could not be read or written. Check permissions and space.
    #[error("file error: {kind}")]
    File {
        /// The kind of failure, e.g. "permission denied".
        kind: String,
    },
    /// The backup's passphrase is wrong. Nothing was imported; ask again.
    #[error("wrong passphrase for this backup")]
    BackupWrongPassphrase,
    /// The backup file is damaged or was altered. Nothing was imported.
    #[error("the backup file is damaged or was altered")]
    BackupDamaged,
    /// The backup was made by a newer version of Hearth. Nothing was imported; update the app.
    #[error("the backup needs a newer version of the app (format {version})")]
    BackupUnsupportedVersion {
        /// The format version found.
        version: u8,
    },
    /// Our role in this circle does not allow the action (for example a member removing
    /// someone, or the only facilitator leaving). Explain; nothing changed.
    #[error("not permitted in this circle: {action}")]
    NotPermitted {
        /// The action that was refused.
        action: String,
    },
    /// A circle message was refused (unreadable, malformed or replayed). The circle is
    /// unchanged; nothing to do.
    #[error("a circle message was refused: {reason}")]
    MessageRejected {
        /// Why (no content).
        reason: String,
    },
    /// A change to a circle broke its roles and was not applied. Show it to the person.
    #[error("a circle change broke its roles: {reason}")]
    RoleViolation {
        /// What was broken (no content).
        reason: String,
    },
    /// This device is no longer a member of the circle (it left or was removed). Show the
    /// circle as read-only.
    #[error("no longer a member of this circle")]
    NotAMember,
    /// The circle's guidelines must be accepted first (they are new to us, or changed):
    /// show them and call `accept_guidelines(version)`. Posting waits until then.
    #[error("the circle's guidelines (version {version}) must be accepted before posting")]
    GuidelinesNotAccepted {
        /// The version to show and accept.
        version: u32,
    },
    /// A facilitator paused our posting until `until_ms` (Unix ms); show the circle's
    /// `paused_reason`. Reading and leaving still work.
    #[error("posting is paused by a facilitator until {until_ms}")]
    TimedOut {
        /// When posting is possible again.
        until_ms: i64,
    },
    /// One of the circle's rules holds this post back: nothing was sent. Show the
    /// facilitator's `explanation` and keep the draft; for a posting rate, `until_ms` (Unix
    /// ms) says when posting is possible again.
    #[error("one of the circle's rules holds this post back")]
    HeldByRule {
        /// Which sort of rule.
        kind: crate::rules::RuleKind,
        /// The rule's explanation.
        explanation: String,
        /// When a post would no longer break a posting-rate rule.
        until_ms: Option<i64>,
    },
    /// The circle was closed by its facilitator: show it read-only.
    #[error("the circle was closed")]
    CircleClosed,
    /// A circle directory's signature does not check out against the organisation's key:
    /// altered on the way, or not theirs. Show nothing from it and say so.
    #[error("the circle directory is not signed by the organisation's key")]
    DirectoryNotTrusted,
    /// The relay could not be reached, or its answer was lost. Show "offline"; sync tries
    /// again by itself and nothing is lost.
    #[error("the relay cannot be reached")]
    Network,
    /// The relay is busy and asked for a pause: show "the relay is busy" and when the next
    /// try is (`retry_after_s` seconds); sync waits that long by itself.
    #[error("the relay is busy; the next try is in {retry_after_s} s")]
    RelayBusy {
        /// Seconds until the next try.
        retry_after_s: u64,
    },
    /// The circle moved on at the relay before our post, again and again; sync catches up
    /// and tries again on its next pass. Nothing to show beyond "sending".
    #[error("the circle moved on at the relay")]
    StaleEpoch,
    /// The relay already has what we tried to create.
    #[error("the relay already has this")]
    Conflict,
    /// The relay gave a KeyPackage for a device that the device did not sign: the add was
    /// dropped (the circle's history says so). Tell the person the device could not be
    /// verified; adding again later may work.
    #[error("the KeyPackage given for that device was not signed by it")]
    KeyPackageNotTheirs,
    /// The relay refused the request and will keep refusing it; `code` is its error code
    /// (for example `not_committer`, `unavailable`, `closed`).
    #[error("the relay refused the request ({code})")]
    RelayRefused {
        /// The relay's error code.
        code: String,
    },
    /// An id prefix matches several records: ask for more of it. `candidates` are the ids
    /// that match (never content).
    #[error("the {what} id is ambiguous")]
    AmbiguousId {
        /// What kind of record was looked up.
        what: String,
        /// The ids that match.
        candidates: Vec<String>,
    },
    /// A bug in Hearth (including a panic, caught before it could crash the app).
    /// Show a generic apology and offer to report it.
    #[error("internal error: {detail}")]
    Internal {
        /// Where it happened (no user content).
        detail: String,
    },
}

impl HearthError {
    /// A refused argument that only this layer checks (the core names its own).
    pub(crate) fn invalid(field: &str, reason: &str) -> Self {
        HearthError::InvalidInput {
            field: field.to_owned(),
            reason: reason.to_owned(),
        }
    }

    pub(crate) fn internal(detail: &str) -> Self {
        HearthError::Internal {
            detail: detail.to_owned(),
        }
    }
}

impl From<hearth_core::Error> for HearthError {
    fn from(e: hearth_core::Error) -> Self {
        use hearth_core::Error as E;
        match e {
            E::WrongKey => HearthError::WrongKey,
            E::EncryptionUnavailable => HearthError::EncryptionUnavailable,
            E::ProfileNotFound => HearthError::ProfileNotFound,
            E::ProfileExists => HearthError::ProfileExists,
            E::Closed => HearthError::Closed,
            E::SchemaTooNew { found, supported } => {
                HearthError::UpdateRequired { found, supported }
            }
            E::Corrupt { detail } => HearthError::Corrupt {
                detail: detail.to_owned(),
            },
            E::InvalidInput { field, reason } => HearthError::InvalidInput {
                field: field.to_owned(),
                reason,
            },
            E::NotFound { what } => HearthError::NotFound {
                what: what.to_owned(),
            },
            E::Busy => HearthError::Busy,
            E::StorageFull => HearthError::StorageFull,
            E::Storage { code } => HearthError::Storage { code },
            E::Io { kind } => HearthError::File {
                kind: kind.to_string(),
            },
            E::BackupWrongPassphrase => HearthError::BackupWrongPassphrase,
            E::BackupDamaged => HearthError::BackupDamaged,
            E::BackupUnsupportedVersion { version } => {
                HearthError::BackupUnsupportedVersion { version }
            }
            E::NotPermitted { action } => HearthError::NotPermitted {
                action: action.to_owned(),
            },
            E::MessageRejected { reason } => HearthError::MessageRejected {
                reason: reason.to_owned(),
            },
            E::RoleViolation { reason } => HearthError::RoleViolation {
                reason: reason.to_owned(),
            },
            E::NotAMember => HearthError::NotAMember,
            E::GuidelinesNotAccepted { version } => HearthError::GuidelinesNotAccepted { version },
            E::TimedOut { until_ms } => HearthError::TimedOut { until_ms },
            E::HeldByRule {
                kind,
                explanation,
                until_ms,
            } => HearthError::HeldByRule {
                kind: kind.into(),
                explanation,
                until_ms,
            },
            E::CircleClosed => HearthError::CircleClosed,
            E::DirectoryNotTrusted => HearthError::DirectoryNotTrusted,
            E::Network => HearthError::Network,
            E::RelayBusy { retry_after_s } => HearthError::RelayBusy { retry_after_s },
            E::StaleEpoch => HearthError::StaleEpoch,
            E::Conflict => HearthError::Conflict,
            E::KeyPackageNotTheirs => HearthError::KeyPackageNotTheirs,
            E::RelayRefused { code } => HearthError::RelayRefused {
                code: code.as_str().to_owned(),
            },
            E::AmbiguousId { what, candidates } => HearthError::AmbiguousId {
                what: what.to_owned(),
                candidates,
            },
            E::Internal(detail) => HearthError::internal(detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_the_field_and_rule_but_no_value() {
        let e: HearthError = hearth_core::Error::InvalidInput {
            field: "mood",
            reason: "from 1 to 5".into(),
        }
        .into();
        assert!(matches!(
            &e,
            HearthError::InvalidInput { field, reason } if field == "mood" && reason == "from 1 to 5"
        ));
        assert_eq!(e.to_string(), "invalid mood: from 1 to 5");
    }

    #[test]
    fn circle_errors_keep_what_the_app_acts_on() {
        let e: HearthError = hearth_core::Error::Network.into();
        assert!(matches!(e, HearthError::Network));
        let e: HearthError = hearth_core::Error::RelayBusy { retry_after_s: 7 }.into();
        assert!(matches!(e, HearthError::RelayBusy { retry_after_s: 7 }));
        let e: HearthError = hearth_core::Error::RelayRefused {
            code: hearth_core::RelayErrorCode::NotCommitter,
        }
        .into();
        assert!(matches!(e, HearthError::RelayRefused { code } if code == "not_committer"));
        let e: HearthError = hearth_core::Error::NotPermitted { action: "remove" }.into();
        assert!(matches!(e, HearthError::NotPermitted { action } if action == "remove"));
        let e: HearthError = hearth_core::Error::NotAMember.into();
        assert!(matches!(e, HearthError::NotAMember));
    }

    #[test]
    fn io_errors_name_their_kind() {
        let e: HearthError =
            hearth_core::Error::from(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
                .into();
        assert!(matches!(e, HearthError::File { kind } if kind == "permission denied"));
    }
}
