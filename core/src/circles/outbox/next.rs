//! What to send next for a circle: the mailbox, then our commit or proposal, then Welcomes,
//! then messages (sealed in turn), then the next queued change.

use hearth_protocol::{Bytes, CloseMailbox, CreateMailbox, PostMessage, PostWelcome};
use openmls::prelude::tls_codec::Serialize as _;
use openmls_traits::signatures::Signer as _;
use rusqlite::{params, Transaction};

use super::row::{self, first, Only, OutboxKind, Row};
use super::{Next, OutboxId, OutboxItem, Post};
use crate::circles::group::{self, capability, profile};
use crate::circles::intents;
use crate::circles::provider::{Mls, Provider};
use crate::circles::state::CircleState;
use crate::circles::GroupId;
use crate::error::{Error, Result};

/// Posts that wait their turn before messages: ours, made for one epoch.
const CHANGES: &[OutboxKind] = &[OutboxKind::Commit, OutboxKind::Proposal];

fn message_post(
    group_id: &[u8],
    capability: Vec<u8>,
    row: &Row,
    own_ticket: Option<Vec<u8>>,
) -> Result<OutboxItem> {
    Ok(OutboxItem {
        id: OutboxId::Row(row.ticket),
        group_id: GroupId::from_bytes(group_id),
        post: Post::Message(PostMessage {
            client_id: Bytes(row.required(&row.client_id)?),
            capability: Bytes(capability),
            message: Bytes(row.required(&row.message)?),
            commit: row
                .commit_auth
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
            skip_wake: own_ticket.map(Bytes),
        }),
    })
}

/// The next thing to send for a circle, sealing a message or making a queued change when it
/// is their turn (in this transaction, so a crash after it posts the same bytes again).
pub(crate) fn next(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], now_ms: i64) -> Result<Next> {
    let row = group::circle_row(tx, group_id)?;
    if row.state == CircleState::Closed && row.mailbox_delete_pending {
        return close_mailbox(tx, mls, group_id).map(Next::Post);
    }
    if !row.state.is_active() {
        return Ok(Next::Idle);
    }
    let provider = Provider::new(mls, tx);
    let posts_held = group::with_group(&provider, group_id, |group| {
        let profile = profile(group)?;
        crate::circles::moderation::posting_blocked(
            tx,
            group_id,
            &profile,
            &row.signature_key,
            now_ms,
        )
    })?
    .is_some();
    if !row.mailbox_open {
        return open_mailbox(&provider, mls, group_id).map(Next::Post);
    }
    // Bounded: each round either returns or removes or creates one row.
    for _ in 0..16 {
        // Read what this round needs and hand the group back: the steps below load it
        // again themselves.
        let (epoch, commit_pending, operational, cap) =
            group::with_group(&provider, group_id, |group| {
                Ok((
                    group.epoch().as_u64() as i64,
                    group.pending_commit().is_some(),
                    group.pending_commit().is_none() && group.pending_proposals().next().is_none(),
                    capability(mls, group)?,
                ))
            })?;
        if let Some(row) = first(tx, group_id, Only::Kinds(CHANGES))? {
            let current =
                row.epoch == Some(epoch) && (row.kind == OutboxKind::Proposal || commit_pending);
            if current {
                return Ok(Next::Post(message_post(
                    group_id,
                    cap,
                    &row,
                    crate::circles::wakes::own_ticket(tx, group_id)?,
                )?));
            }
            // Made for an epoch that has passed: void. Make the change again.
            super::answer::drop_stale(tx, mls, group_id, &row)?;
            continue;
        }
        if let Some(row) = first(tx, group_id, Only::Kinds(&[OutboxKind::Welcome]))? {
            let Some(row::WelcomeTo::Device(device_id)) = row.welcome_to.clone() else {
                return Err(Error::Corrupt {
                    detail: "outbox welcome",
                });
            };
            return Ok(Next::Post(OutboxItem {
                id: OutboxId::Row(row.ticket),
                group_id: GroupId::from_bytes(group_id),
                post: Post::Welcome {
                    device_id,
                    body: PostWelcome {
                        id: Bytes(row.required(&row.client_id)?),
                        welcome: Bytes(row.required(&row.message)?),
                    },
                },
            }));
        }
        let payloads = if posts_held {
            Only::NonPostPayloads
        } else {
            Only::Kinds(&[OutboxKind::Payload])
        };
        if let Some(row) = first(tx, group_id, payloads)? {
            if row.epoch == Some(epoch) {
                return Ok(Next::Post(message_post(
                    group_id,
                    cap,
                    &row,
                    crate::circles::wakes::own_ticket(tx, group_id)?,
                )?));
            }
            // A change asked for before this message is made first (an Add before a
            // welcome message: the new member reads it).
            if operational && !intents::due_before(tx, group_id, row.created_at_ms)? {
                seal_payload(tx, mls, group_id, &row)?;
                continue;
            }
        }
        match intents::perform_next(tx, mls, group_id, now_ms)? {
            intents::Performed::Queued => continue,
            intents::Performed::NeedsKeyPackage {
                intent_id,
                device_id,
            } => {
                return Ok(Next::ClaimKeyPackage {
                    intent_id,
                    device_id,
                })
            }
            intents::Performed::Nothing => return Ok(Next::Idle),
        }
    }
    Ok(Next::Idle)
}

/// The request that opens the mailbox of a circle we created, for its current epoch.
fn open_mailbox(provider: &Provider<'_>, mls: &Mls, group_id: &[u8]) -> Result<OutboxItem> {
    let (epoch, cap, committers) = group::with_group(provider, group_id, |group| {
        Ok((
            group.epoch().as_u64(),
            capability(mls, group)?,
            profile(group)?.committers(),
        ))
    })?;
    Ok(OutboxItem {
        id: OutboxId::OpenMailbox,
        group_id: GroupId::from_bytes(group_id),
        post: Post::OpenMailbox(CreateMailbox {
            mailbox_id: Bytes(group_id.to_vec()),
            epoch,
            capability_hash: Bytes(
                ring::digest::digest(&ring::digest::SHA256, &cap)
                    .as_ref()
                    .to_vec(),
            ),
            committers: committers.into_iter().map(Bytes).collect(),
        }),
    })
}

/// The request that deletes the mailbox of a circle we closed, signed with our per-circle
/// key (a committer's, as the relay checks) for the epoch the closing commit began.
fn close_mailbox(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<OutboxItem> {
    let provider = Provider::new(mls, tx);
    let (epoch, cap) = group::with_group(&provider, group_id, |group| {
        Ok((group.epoch().as_u64(), capability(mls, group)?))
    })?;
    let signer = crate::circles::keys::signer(&provider, &group::our_key(tx, group_id)?)?;
    let signature = signer
        .sign(&hearth_protocol::close_signing_input(group_id, epoch))
        .map_err(|_| Error::Internal("the closing could not be signed"))?;
    Ok(OutboxItem {
        id: OutboxId::CloseMailbox,
        group_id: GroupId::from_bytes(group_id),
        post: Post::CloseMailbox(CloseMailbox {
            epoch,
            capability: Bytes(cap),
            committer: Bytes(signer.public().to_vec()),
            signature: Bytes(signature),
        }),
    })
}

/// Seals the message just queued when nothing waits before it in the circle's outbox and no
/// change is due first, so posting it is only a read. Otherwise [`next`] seals it in turn.
pub(crate) fn seal_if_alone(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    let waiting: i64 = tx
        .prepare_cached("SELECT COUNT(*) FROM circle_outbox WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?;
    if waiting != 1 {
        return Ok(());
    }
    let Some(row) = first(tx, group_id, Only::Kinds(&[OutboxKind::Payload]))? else {
        return Ok(());
    };
    let provider = Provider::new(mls, tx);
    let operational = group::with_group(&provider, group_id, |group| {
        Ok(group.pending_commit().is_none() && group.pending_proposals().next().is_none())
    })?;
    if row.epoch.is_none() && operational && !intents::due_before(tx, group_id, row.created_at_ms)?
    {
        seal_payload(tx, mls, group_id, &row)?;
    }
    Ok(())
}

/// Encrypts a queued payload for the current epoch and keeps the result in its row.
fn seal_payload(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], row: &Row) -> Result<()> {
    let (provider, mut group, signer) = group::active_group(tx, mls, group_id)?;
    let plaintext = row.required(&row.payload)?;
    let message = group
        .create_message(&provider, &*signer, plaintext.as_bytes())
        .map_err(|_| Error::Internal("the message could not be encrypted"))?
        .tls_serialize_detached()
        .map_err(|_| Error::Internal("the message could not be encoded"))?;
    tx.prepare_cached(
        "UPDATE circle_outbox SET epoch = ?2, client_id = ?3, message = ?4 WHERE id = ?1",
    )?
    .execute(params![
        row.id,
        group.epoch().as_u64() as i64,
        group::random_id(mls)?,
        message
    ])?;
    group::keep(&provider, group_id, group);
    Ok(())
}
