//! The outbox: what this device still has to post to a circle's mailbox, kept in the
//! database so it survives restarts. Sync asks for the [`next`] post, sends it, and reports
//! back ([`accepted`], [`stale`], [`refused`]); each report is one transaction.
//!
//! Order: the mailbox is opened first (circles we created); then our commit or proposal;
//! then Welcomes for members our accepted commits added; then our messages; then queued
//! changes. A message is encrypted for the epoch current when it is its turn (openmls refuses
//! to encrypt while a commit or a proposal is pending, so a message waits for them): at once
//! when nothing waits before it ([`seal_if_alone`], the usual case), otherwise in [`next`]; a
//! message sealed for an epoch that passed before it was posted is sealed again.
//!
//! `row` is the stored row (its kind, a Welcome's destination), `next` what to send next,
//! `answer` what the relay's answer does.

mod answer;
mod next;
mod row;

use hearth_protocol::{CloseMailbox, CommitAuth, CreateMailbox, PostMessage, PostWelcome};
use rusqlite::{params, Transaction};

use super::intents::IntentId;
use super::payload::Payload;
use crate::error::Result;
use crate::store::stored_id;
use row::OutboxKind;

pub(crate) use answer::{accepted, accepted_by_echo, refused, stale, Placed};
pub(crate) use next::{next, seal_if_alone};
pub(crate) use row::WelcomeTo;

/// A sealed (encrypted) post.
pub(crate) struct Sealed {
    pub epoch: u64,
    pub client_id: Vec<u8>,
    pub message: Vec<u8>,
    pub commit: Option<CommitAuth>,
}

/// One request for the relay.
#[derive(Clone, Debug)]
pub enum Post {
    /// Open the circle's mailbox (circles we created).
    OpenMailbox(CreateMailbox),
    /// Post to the circle's mailbox (the group id).
    Message(PostMessage),
    /// Delete the mailbox of a circle we closed.
    CloseMailbox(CloseMailbox),
    /// Deliver a Welcome to a device's inbox.
    Welcome {
        /// The device to welcome.
        device_id: String,
        /// The request.
        body: PostWelcome,
    },
}

stored_id!(
    /// An outbox row's ticket: random, positive and never used for another row, so a late
    /// answer from the relay names the row it was for, or nothing.
    Ticket
);

/// Which request the relay answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutboxId {
    /// The request that opens the mailbox (circles we created).
    OpenMailbox,
    /// The request that deletes the mailbox of a circle we closed.
    CloseMailbox,
    /// An outbox row: a commit, a proposal, a message or a Welcome.
    Row(Ticket),
}

/// An outbox item and the request that sends it.
#[derive(Clone, Debug)]
pub struct OutboxItem {
    /// What names it when the relay's answer is reported.
    pub id: OutboxId,
    /// The circle.
    pub group_id: super::GroupId,
    /// The request.
    pub post: Post,
}

/// What sync should do next for a circle.
#[derive(Clone, Debug)]
pub enum Next {
    /// Send this.
    Post(OutboxItem),
    /// Claim this device's KeyPackage from the relay for an add, then hand it to
    /// [`crate::sync::SyncSteps::key_package_claimed`].
    ClaimKeyPackage {
        /// The add waiting for it.
        intent_id: IntentId,
        /// Whose KeyPackage.
        device_id: String,
    },
    /// Nothing can be sent now.
    Idle,
}

/// Queues a payload to encrypt when it is its turn.
pub(crate) fn queue_payload(
    tx: &Transaction<'_>,
    group_id: &[u8],
    payload: &Payload,
    now_ms: i64,
) -> Result<()> {
    let message_id = payload.is_message().then(|| payload.id().to_string());
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, payload, message_id, is_post, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?.execute(params![group_id, OutboxKind::Payload, serde_json::to_string(payload)?, message_id, payload.is_post(), now_ms],
    )?;
    Ok(())
}

/// Queues our proposal (made for the current epoch).
pub(crate) fn queue_proposal(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sealed: Sealed,
    intent_id: IntentId,
    now_ms: i64,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, epoch, client_id, message, intent_id, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![group_id, OutboxKind::Proposal, sealed.epoch as i64, sealed.client_id, sealed.message, intent_id, now_ms],
    )?;
    Ok(())
}

/// Queues our commit, with the Welcome and the device it goes to once accepted.
pub(crate) fn queue_commit(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sealed: Sealed,
    welcome: Option<(Vec<u8>, WelcomeTo)>,
    intent_id: Option<IntentId>,
    now_ms: i64,
) -> Result<()> {
    let auth = sealed
        .commit
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let (welcome, welcome_to) = welcome.unzip();
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, epoch, client_id, message, commit_auth, welcome, welcome_to, intent_id, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?.execute(params![group_id, OutboxKind::Commit, sealed.epoch as i64, sealed.client_id, sealed.message, auth, welcome, welcome_to, intent_id, now_ms],
    )?;
    Ok(())
}
