//! Circle mailboxes: creation with the committers' keys, posting, fetching and live push.
//!
//! A mailbox is named by the circle's random MLS group id and reached without any device
//! identity; access is a per-epoch capability whose hash the committer registers.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// What an MLS message in a mailbox is, as the relay reads it from the framing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An application message (chat, reactions, edits...).
    Application,
    /// A proposal (a member's own update or leave).
    Proposal,
    /// A commit: moves the mailbox to the next epoch.
    Commit,
}

/// `POST /v1/mailboxes`: opens a mailbox for a new circle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateMailbox {
    /// The circle's MLS group id (16 to 64 random bytes).
    pub mailbox_id: Bytes,
    /// The epoch the circle is in now.
    pub epoch: u64,
    /// SHA-256 of the capability for that epoch.
    pub capability_hash: Bytes,
    /// Per-circle Ed25519 public keys allowed to commit (facilitators, co-facilitators).
    pub committers: Vec<Bytes>,
}

/// Proof that a commit comes from a committer, and what it changes at the relay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommitAuth {
    /// The signing committer's public key (must be registered for the mailbox).
    pub committer: Bytes,
    /// Ed25519 over [`crate::commit_signing_input`].
    pub signature: Bytes,
    /// SHA-256 of the next epoch's capability.
    pub next_capability_hash: Bytes,
    /// The committer set from the next epoch on, when this commit changes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committers: Option<Vec<Bytes>>,
}

/// `POST /v1/mailboxes/{mailbox_id}/messages`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostMessage {
    /// Client-chosen id (16 bytes): posting the same id again returns the first answer.
    pub client_id: Bytes,
    /// The capability of the message's epoch (the mailbox's current epoch).
    pub capability: Bytes,
    /// The TLS-serialized MLS PrivateMessage.
    pub message: Bytes,
    /// Required for commits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitAuth>,
    /// The sender's own wake ticket in this mailbox (its id), so the sender's phone is not
    /// woken by its own message. The relay learns that this ticket's holder posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_wake: Option<Bytes>,
}

/// Where a posted message landed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Posted {
    /// Its place in the mailbox's one total order.
    pub seq: u64,
    /// Its epoch.
    pub epoch: u64,
    /// Whether this id was posted before (this is the first answer again).
    pub duplicate: bool,
    /// Unix seconds when the relay received it (the clock timeouts are judged by).
    #[serde(default)]
    pub received_at: u64,
}

/// `POST /v1/mailboxes/{mailbox_id}/close`: a committer deletes the mailbox of a circle whose
/// closing commit the relay accepted. Its messages and capabilities go; fetching, posting
/// and following it are answered `closed` from then on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CloseMailbox {
    /// The mailbox's current epoch (the one the closing commit began).
    pub epoch: u64,
    /// That epoch's capability.
    pub capability: Bytes,
    /// The closing committer's per-circle public key (registered for that epoch).
    pub committer: Bytes,
    /// Ed25519 over [`crate::close_signing_input`].
    pub signature: Bytes,
}

/// `GET /v1/mailboxes/{mailbox_id}/messages` query; the capability goes in the
/// `x-hearth-capability` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct FetchQuery {
    /// The epoch the capability is for; only that epoch's messages are returned.
    pub epoch: u64,
    /// Return messages with a sequence number above this.
    #[serde(default)]
    pub after: u64,
    /// At most this many (the relay caps it).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One message as the relay delivers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Delivery {
    /// The mailbox.
    pub mailbox_id: Bytes,
    /// Its place in the mailbox's total order.
    pub seq: u64,
    /// Its epoch.
    pub epoch: u64,
    /// What it is.
    pub kind: MessageKind,
    /// The TLS-serialized MLS message.
    pub message: Bytes,
    /// Unix seconds when the relay received it.
    pub received_at: u64,
}

/// A page of one epoch's messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Fetched {
    /// In sequence order.
    pub messages: Vec<Delivery>,
    /// The mailbox's current epoch.
    pub current_epoch: u64,
    /// Whether more of this epoch's messages follow.
    pub more: bool,
}

/// What a client sends on the live WebSocket (`/v1/live`), as JSON text frames. The socket
/// carries no device identity; each subscription is authorized by its epoch's capability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveRequest {
    /// Start (or move) a subscription: deliver the epoch's messages after `after`, then new
    /// ones as they arrive. After the epoch's commit, send this again for the next epoch.
    Subscribe {
        /// The mailbox.
        mailbox_id: Bytes,
        /// The epoch the capability is for.
        epoch: u64,
        /// That epoch's capability.
        capability: Bytes,
        /// Deliver messages after this sequence number.
        after: u64,
    },
    /// Stop a subscription.
    Unsubscribe {
        /// The mailbox.
        mailbox_id: Bytes,
    },
}

/// What the relay sends on the live WebSocket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveFrame {
    /// A message of a subscribed epoch.
    Message(Delivery),
    /// The subscription's epoch ended with a commit (delivered before this frame);
    /// subscribe again with the next epoch's capability.
    EpochEnded {
        /// The mailbox.
        mailbox_id: Bytes,
        /// The epoch that ended.
        epoch: u64,
    },
    /// A subscription was refused or ended; the client may fall back to fetching.
    Refused {
        /// The mailbox.
        mailbox_id: Bytes,
        /// Why.
        error: crate::ApiError,
    },
}
