//! Drop inboxes: where people who share no circle leave each other sealed notes. A circle
//! open to requests lists one in an organisation's directory, and a person asking to join
//! leaves a sealed request there; the person asking opens one of their own, named inside
//! their request, for the answer (an invite code, or a kind no).
//!
//! Anyone who knows an inbox's id may leave a drop; only its owner reads or closes it, by
//! a fresh Ed25519 signature. Every drop is exactly [`DROP_SIZE`] bytes, so the relay
//! learns only that an inbox received a blob of the one size, and when. No device identity
//! is asked for or kept.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The size of every drop, in bytes.
pub const DROP_SIZE: usize = 2048;

/// How far (seconds) an owner's signing time may be from the relay's clock.
pub const INBOX_SIGNATURE_WINDOW_S: u64 = 300;

/// `PUT /v1/inboxes/{inbox_id}`: opens an inbox for the owner's key (again with the same key
/// is no change; another key is refused).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OpenInbox {
    /// The owner's Ed25519 public key.
    pub owner: Bytes,
}

/// `POST /v1/inboxes/{inbox_id}/drops`: leaves a sealed drop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LeaveDrop {
    /// Client-chosen id (16 bytes): leaving the same id again returns the first answer.
    pub client_id: Bytes,
    /// The sealed bytes, exactly [`DROP_SIZE`] of them.
    pub drop: Bytes,
}

/// Where a drop landed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DropLeft {
    /// Its place in the inbox.
    pub seq: u64,
    /// Whether this id was left before (this is the first answer again).
    pub duplicate: bool,
}

/// `POST /v1/inboxes/{inbox_id}/fetch` and `POST /v1/inboxes/{inbox_id}/close`: the owner,
/// by a signature over [`crate::inbox_signing_input`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InboxOwnerCall {
    /// Return drops with a sequence number above this (0 to close).
    pub after: u64,
    /// Unix seconds when this was signed (within [`INBOX_SIGNATURE_WINDOW_S`] of the relay).
    pub signed_at: u64,
    /// Ed25519 by the owner's key.
    pub signature: Bytes,
}

/// One drop as the relay keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InboxDrop {
    /// Its place in the inbox.
    pub seq: u64,
    /// The sealed bytes, [`DROP_SIZE`] of them.
    pub drop: Bytes,
    /// Unix seconds when the relay received it.
    pub received_at: u64,
}

/// A page of an inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Drops {
    /// In sequence order.
    pub drops: Vec<InboxDrop>,
    /// Whether more follow.
    pub more: bool,
}
