//! The facilitator inbox of a circle's mailbox: sealed reports that only the circle's
//! facilitators and co-facilitators can open.
//!
//! A member posts a report with the mailbox capability (no device identity), so the relay
//! cannot tell who reported; every report is exactly [`REPORT_SIZE`] bytes, so its length
//! tells nothing either. Only a registered committer can fetch them, by a fresh signature.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The size of every sealed report, in bytes.
pub const REPORT_SIZE: usize = 4096;

/// How far (seconds) a report fetch's signing time may be from the relay's clock.
pub const REPORT_FETCH_WINDOW_S: u64 = 300;

/// `POST /v1/mailboxes/{mailbox_id}/reports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostReport {
    /// Client-chosen id (16 bytes): posting the same id again returns the first answer.
    pub client_id: Bytes,
    /// An epoch the relay still keeps for this mailbox.
    pub epoch: u64,
    /// That epoch's capability.
    pub capability: Bytes,
    /// The sealed report, exactly [`REPORT_SIZE`] bytes.
    pub report: Bytes,
}

/// Where a report landed in the facilitator inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReportPosted {
    /// Its place in this mailbox's facilitator inbox.
    pub seq: u64,
    /// Whether this id was posted before (this is the first answer again).
    pub duplicate: bool,
}

/// `POST /v1/mailboxes/{mailbox_id}/reports/fetch`: a committer reads the facilitator inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FetchReports {
    /// Return reports with a sequence number above this.
    pub after: u64,
    /// The committer's per-circle public key (registered for the mailbox now).
    pub committer: Bytes,
    /// Unix seconds when this was signed (within [`REPORT_FETCH_WINDOW_S`] of the relay).
    pub signed_at: u64,
    /// Ed25519 over [`crate::report_fetch_signing_input`].
    pub signature: Bytes,
}

/// One sealed report as the relay keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SealedReport {
    /// Its place in the facilitator inbox.
    pub seq: u64,
    /// The sealed bytes, [`REPORT_SIZE`] of them.
    pub report: Bytes,
    /// Unix seconds when the relay received it.
    pub received_at: u64,
}

/// A page of the facilitator inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Reports {
    /// In sequence order.
    pub reports: Vec<SealedReport>,
    /// Whether more follow.
    pub more: bool,
}
