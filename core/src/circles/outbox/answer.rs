//! What the relay's answer to one of our posts does: accepted (a commit merged, its Welcome
//! sent on, our own moderation placed in the relay's order), stale (the change made again),
//! or refused for good (dropped, and the circle's history says so).

use rusqlite::{params, Transaction};

use super::row::{self, by_ticket, first, Only, OutboxKind, Row, WelcomeTo};
use super::OutboxId;
use crate::circles::commit::{self, CommitEffect};
use crate::circles::events::{CircleEvent, Undelivered};
use crate::circles::group;
use crate::circles::intents;
use crate::circles::payload::Payload;
use crate::circles::provider::Mls;
use crate::error::{Error, Result};
use crate::invites::facilitator;

impl WelcomeTo {
    /// The commit that made `welcome` was accepted: it goes to a device's inbox (queued
    /// here) or back through the invite (the invite's answer carries it).
    fn deliver(
        self,
        tx: &Transaction<'_>,
        mls: &Mls,
        group_id: &[u8],
        welcome: Vec<u8>,
        now_ms: i64,
    ) -> Result<()> {
        match self {
            WelcomeTo::Invite(nameplate) => {
                facilitator::welcome_ready(tx, &nameplate, welcome, now_ms)
            }
            WelcomeTo::Talk(talk) => crate::talks::welcome_ready(tx, mls, &talk, &welcome, now_ms),
            to @ WelcomeTo::Device(_) => {
                tx.prepare_cached(
                    "INSERT INTO circle_outbox (group_id, kind, client_id, message, welcome_to, created_at_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    group_id,
                    OutboxKind::Welcome,
                    group::random_id(mls)?,
                    welcome,
                    to,
                    now_ms
                ])?;
                Ok(())
            }
        }
    }

    /// The commit that would have welcomed them was refused: an invite's person hears so,
    /// and so does a talk's.
    pub(crate) fn failed(&self, tx: &Transaction<'_>, mls: &Mls, now_ms: i64) -> Result<()> {
        match self {
            WelcomeTo::Invite(nameplate) => facilitator::admission_failed(tx, nameplate, now_ms),
            WelcomeTo::Talk(talk) => crate::talks::welcome_failed(tx, mls, talk, now_ms),
            WelcomeTo::Device(_) => Ok(()),
        }
    }
}

/// Forgets a commit or proposal of ours that can no longer be posted, and queues its change
/// again.
pub(super) fn drop_stale(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    row: &Row,
) -> Result<()> {
    if row.kind == OutboxKind::Commit {
        commit::discard(tx, mls, group_id)?;
    }
    row::delete(tx, row)?;
    if let Some(intent) = row.intent_id {
        intents::requeue(tx, intent)?;
    }
    Ok(())
}

/// The mailbox of a circle we closed is gone from the relay: nothing is left to send, and the
/// key that signed its deletion goes too.
fn mailbox_deleted(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    tx.prepare_cached("UPDATE circles SET mailbox_delete_pending = 0 WHERE group_id = ?1")?
        .execute([group_id])?;
    crate::circles::keys::forget_signer(tx, mls, group_id)
}

/// Records where the relay put one of our posts, so its echo is skipped (we hold its
/// plaintext, and openmls cannot decrypt our own messages). When it comes right after the
/// relay cursor (nothing unread before it, the usual case) the cursor simply moves past it;
/// otherwise it is remembered until the cursor passes it (see `receive::set_cursor`).
fn record_own_post(tx: &Transaction<'_>, group_id: &[u8], relay_seq: u64) -> Result<()> {
    let moved = tx
        .prepare_cached(
            "UPDATE circles SET relay_cursor = ?2 WHERE group_id = ?1 AND relay_cursor = ?2 - 1",
        )?
        .execute(params![group_id, relay_seq as i64])?;
    if moved == 0 {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO circle_own_posts (group_id, relay_seq) VALUES (?1, ?2)",
        )?
        .execute(params![group_id, relay_seq as i64])?;
    }
    Ok(())
}

/// Where the relay placed one of our posts.
pub(crate) struct Placed<'a> {
    pub group_id: &'a [u8],
    /// Its sequence number (0 for a mailbox or a Welcome, which have none).
    pub relay_seq: u64,
    /// When the relay received it (Unix seconds, its clock; 0 from an older relay).
    pub received_at_s: u64,
    pub now_ms: i64,
}

/// The relay accepted item `id`. A commit is merged now, and its Welcome sent on to the
/// added member.
pub(crate) fn accepted(
    tx: &Transaction<'_>,
    mls: &Mls,
    id: OutboxId,
    placed: &Placed<'_>,
) -> Result<Option<CommitEffect>> {
    let group_id = placed.group_id;
    let ticket = match id {
        OutboxId::OpenMailbox => {
            tx.prepare_cached("UPDATE circles SET mailbox_open = 1 WHERE group_id = ?1")?
                .execute([group_id])?;
            return Ok(None);
        }
        OutboxId::CloseMailbox => {
            mailbox_deleted(tx, mls, group_id)?;
            return Ok(None);
        }
        OutboxId::Row(ticket) => ticket,
    };
    let row = by_ticket(tx, group_id, ticket)?;
    // A commit's Welcome, the row's largest column, is read only for a commit.
    let welcome: Option<Vec<u8>> = if row.kind == OutboxKind::Commit {
        tx.prepare_cached("SELECT welcome FROM circle_outbox WHERE id = ?1")?
            .query_row([row.id], |r| r.get(0))?
    } else {
        None
    };
    row::delete(tx, &row)?;
    match row.kind {
        OutboxKind::Welcome => Ok(None),
        OutboxKind::Payload => {
            record_own_post(tx, group_id, placed.relay_seq)?;
            if let Some(message_id) = &row.message_id {
                tx.prepare_cached(
                    "UPDATE circle_messages SET relay_seq = ?3 WHERE group_id = ?1 AND id = ?2",
                )?
                .execute(params![
                    group_id,
                    message_id,
                    placed.relay_seq as i64
                ])?;
            } else if let Some(payload) = row.payload.as_deref() {
                // Our own moderation takes its place in the relay's order too.
                own_moderation_placed(tx, placed, &serde_json::from_str(payload)?)?;
            }
            Ok(None)
        }
        OutboxKind::Proposal => {
            record_own_post(tx, group_id, placed.relay_seq)?;
            if let Some(intent) = row.intent_id {
                intents::sent(tx, intent, row.epoch.unwrap_or_default())?;
            }
            Ok(None)
        }
        OutboxKind::Commit => {
            record_own_post(tx, group_id, placed.relay_seq)?;
            if let Some(intent) = row.intent_id {
                intents::committed(tx, intent)?;
            }
            if let (Some(to), Some(welcome)) = (row.welcome_to, welcome) {
                to.deliver(tx, mls, group_id, welcome, placed.now_ms)?;
            }
            commit::merge_own(tx, mls, group_id, placed.relay_seq, placed.now_ms).map(Some)
        }
    }
}

/// Our own pin and timeout, placed by the relay: a timeout runs from the relay's clock, and
/// covers what the relay orders after it, on our phone as on everyone's.
fn own_moderation_placed(
    tx: &Transaction<'_>,
    placed: &Placed<'_>,
    payload: &Payload,
) -> Result<()> {
    use crate::circles::moderation;
    match payload {
        Payload::Pin {
            target,
            unpin: false,
            ..
        } => {
            crate::circles::messages::pin(tx, placed.group_id, target, Some(placed.relay_seq))?;
        }
        Payload::Timeout {
            member,
            seconds,
            reason,
            ..
        } => {
            // Every other phone refuses a timeout of nobody or outside the limits (only a
            // tampered outbox holds one), so ours does not apply it either.
            let Ok(member) = hex::decode(member) else {
                return Ok(());
            };
            let me = group::our_key(tx, placed.group_id)?;
            let arrival = moderation::Arrival {
                group_id: placed.group_id,
                relay_seq: placed.relay_seq,
                // An answer from an older relay carries no time: our clock stands in.
                received_at_s: if placed.received_at_s == 0 {
                    (placed.now_ms / 1000) as u64
                } else {
                    placed.received_at_s
                },
                sender: &me,
                now_ms: placed.now_ms,
            };
            let timeout = moderation::Timeout {
                member: &member,
                seconds: *seconds,
                reason,
            };
            if timeout.within_limits(&me) {
                moderation::set_timeout(tx, &arrival, &timeout)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Our pending commit came back from the relay although its answer was lost: it was
/// accepted, so it is handled as if the answer had arrived.
pub(crate) fn accepted_by_echo(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    relay_seq: u64,
    now_ms: i64,
) -> Result<CommitEffect> {
    let row = first(tx, group_id, Only::Kinds(&[OutboxKind::Commit]))?
        .ok_or(Error::Internal("a pending commit without its outbox row"))?;
    let placed = Placed {
        group_id,
        relay_seq,
        received_at_s: 0,
        now_ms,
    };
    accepted(tx, mls, OutboxId::Row(row.ticket), &placed)?
        .ok_or(Error::Internal("a commit without an effect"))
}

/// The relay refused item `id` because the circle moved to a later epoch first: a commit or
/// proposal is dropped and its change queued again; a message is encrypted again later.
/// Sync then fetches and processes what it missed.
pub(crate) fn stale(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], id: OutboxId) -> Result<()> {
    let OutboxId::Row(ticket) = id else {
        // The mailbox requests carry no epoch of ours: they are simply sent again.
        return Ok(());
    };
    let row = by_ticket(tx, group_id, ticket)?;
    match row.kind {
        OutboxKind::Commit | OutboxKind::Proposal => drop_stale(tx, mls, group_id, &row),
        OutboxKind::Payload => {
            tx.prepare_cached(
                "UPDATE circle_outbox SET epoch = NULL, client_id = NULL, message = NULL WHERE id = ?1",
            )?
            .execute([row.id])?;
            Ok(())
        }
        // A Welcome goes to a device's inbox, which has no epoch.
        OutboxKind::Welcome => Ok(()),
    }
}

/// The relay refused item `id` for good (for example a commit by a key it does not know as a
/// committer, or a Welcome for a device that is gone): it is dropped, its change forgotten,
/// and the circle's history says which kind of post it was.
pub(crate) fn refused(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    id: OutboxId,
    now_ms: i64,
) -> Result<()> {
    let ticket = match id {
        // The mailbox is retried: it cannot be refused for good by accident.
        OutboxId::OpenMailbox => return Ok(()),
        // Refused for good (someone else closed it first, or it is gone): nothing is left.
        OutboxId::CloseMailbox => return mailbox_deleted(tx, mls, group_id),
        OutboxId::Row(ticket) => ticket,
    };
    let row = by_ticket(tx, group_id, ticket)?;
    row::delete(tx, &row)?;
    if row.kind == OutboxKind::Commit {
        commit::discard(tx, mls, group_id)?;
        if let Some(to) = &row.welcome_to {
            to.failed(tx, mls, now_ms)?;
        }
    }
    if let Some(intent) = row.intent_id {
        intents::forget(tx, intent)?;
    }
    let what = match row.kind {
        OutboxKind::Welcome => Undelivered::Invitation,
        OutboxKind::Payload => Undelivered::Message,
        OutboxKind::Commit | OutboxKind::Proposal => Undelivered::Change,
    };
    crate::circles::messages::note(
        tx,
        mls,
        group_id,
        &CircleEvent::NotDelivered { what },
        now_ms,
    )
}
