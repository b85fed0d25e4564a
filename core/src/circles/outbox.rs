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

use super::provider::Mls;
use hearth_protocol::{Bytes, CloseMailbox, CommitAuth, CreateMailbox, PostMessage, PostWelcome};
use openmls::prelude::tls_codec::Serialize as _;
use openmls_traits::signatures::Signer as _;
use rusqlite::{params, OptionalExtension, Transaction};

use super::commit::{self, CommitEffect};
use super::group::{self, capability, profile};
use super::intents;
use super::payload::Payload;
use super::provider::Provider;
use super::state::CircleState;
use crate::error::{Error, Result};

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

/// The outbox id of the request that opens the mailbox.
pub const OPEN_MAILBOX: i64 = 0;
/// The outbox id of the request that deletes the mailbox of a circle we closed.
pub const CLOSE_MAILBOX: i64 = -1;

/// An outbox item and the request that sends it.
#[derive(Clone, Debug)]
pub struct OutboxItem {
    /// What names it when the relay's answer is reported: its outbox row's ticket, random,
    /// positive and never used for another item (0 for the request that opens the mailbox,
    /// -1 for the one that deletes it).
    pub id: i64,
    /// The circle.
    pub group_id: Vec<u8>,
    /// The request.
    pub post: Post,
}

/// What sync should do next for a circle.
#[derive(Clone, Debug)]
pub enum Next {
    /// Send this.
    Post(OutboxItem),
    /// Claim this device's KeyPackage from the relay for an add, then hand it to
    /// [`crate::Client::key_package_claimed`].
    ClaimKeyPackage {
        /// The add waiting for it.
        intent_id: i64,
        /// Whose KeyPackage.
        device_id: String,
    },
    /// Nothing can be sent now.
    Idle,
}

/// A commit's Welcome goes to a device's inbox (by device id) or, for a person who used an
/// invite code, back through that invite (this prefix and the nameplate).
const INVITE_DESTINATION: &str = "invite:";

/// The Welcome destination of an invite's person.
pub(crate) fn invite_destination(nameplate: &str) -> String {
    format!("{INVITE_DESTINATION}{nameplate}")
}

/// Queues a payload to encrypt when it is its turn.
pub(crate) fn queue_payload(
    tx: &Transaction<'_>,
    group_id: &[u8],
    payload: &Payload,
    now_ms: i64,
) -> Result<()> {
    let message_id = payload.is_message().then(|| payload.id().to_string());
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, payload, message_id, is_post, created_at_ms) VALUES (?1, 'payload', ?2, ?3, ?4, ?5)")?.execute(params![group_id, serde_json::to_string(payload)?, message_id, payload.is_post(), now_ms],
    )?;
    Ok(())
}

/// Queues our proposal (made for the current epoch).
pub(crate) fn queue_proposal(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sealed: Sealed,
    intent_id: i64,
    now_ms: i64,
) -> Result<()> {
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, epoch, client_id, message, intent_id, created_at_ms)
         VALUES (?1, 'proposal', ?2, ?3, ?4, ?5, ?6)")?.execute(params![group_id, sealed.epoch as i64, sealed.client_id, sealed.message, intent_id, now_ms],
    )?;
    Ok(())
}

/// Queues our commit, with the Welcome and the device it goes to once accepted.
pub(crate) fn queue_commit(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sealed: Sealed,
    welcome: Option<(Vec<u8>, String)>,
    intent_id: Option<i64>,
    now_ms: i64,
) -> Result<()> {
    let auth = sealed
        .commit
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let (welcome, welcome_to) = welcome.unzip();
    tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, epoch, client_id, message, commit_auth, welcome, welcome_to, intent_id, created_at_ms)
         VALUES (?1, 'commit', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(params![group_id, sealed.epoch as i64, sealed.client_id, sealed.message, auth, welcome, welcome_to, intent_id, now_ms],
    )?;
    Ok(())
}

struct Row {
    /// Its place in the queue (used again once the queue has emptied).
    id: i64,
    /// What names it to the relay's answer (see [`OutboxItem::id`]).
    ticket: i64,
    kind: String,
    payload: Option<String>,
    /// For a payload shown as a message of its own: that message's id.
    message_id: Option<String>,
    epoch: Option<i64>,
    client_id: Option<Vec<u8>>,
    message: Option<Vec<u8>>,
    commit_auth: Option<String>,
    welcome_to: Option<String>,
    intent_id: Option<i64>,
    created_at_ms: i64,
}

const ROW_COLUMNS: &str =
    "id, ticket, kind, payload, message_id, epoch, client_id, message, commit_auth, welcome_to, intent_id, created_at_ms";

impl Row {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            id: r.get(0)?,
            ticket: r.get(1)?,
            kind: r.get(2)?,
            payload: r.get(3)?,
            message_id: r.get(4)?,
            epoch: r.get(5)?,
            client_id: r.get(6)?,
            message: r.get(7)?,
            commit_auth: r.get(8)?,
            welcome_to: r.get(9)?,
            intent_id: r.get(10)?,
            created_at_ms: r.get(11)?,
        })
    }
}

/// The circle's oldest outbox row of these kinds.
fn first(tx: &Transaction<'_>, group_id: &[u8], kinds: &str) -> Result<Option<Row>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM circle_outbox WHERE group_id = ?1 AND kind IN ({kinds}) ORDER BY id LIMIT 1"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .query_row([group_id], Row::read)
        .optional()?)
}

fn message_post(group_id: &[u8], capability: Vec<u8>, row: &Row) -> Result<OutboxItem> {
    let corrupt = Error::Corrupt {
        detail: "outbox row",
    };
    Ok(OutboxItem {
        id: row.ticket,
        group_id: group_id.to_vec(),
        post: Post::Message(PostMessage {
            client_id: Bytes(row.client_id.clone().ok_or(corrupt)?),
            capability: Bytes(capability),
            message: Bytes(row.message.clone().ok_or(Error::Corrupt {
                detail: "outbox row",
            })?),
            commit: row
                .commit_auth
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
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
        super::moderation::posting_blocked(tx, group_id, &profile, &row.signature_key, now_ms)
    })?
    .is_some();
    if !row.mailbox_open {
        let (epoch, cap, committers) = group::with_group(&provider, group_id, |group| {
            Ok((
                group.epoch().as_u64(),
                capability(mls, group)?,
                profile(group)?.committers(),
            ))
        })?;
        return Ok(Next::Post(OutboxItem {
            id: 0,
            group_id: group_id.to_vec(),
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
        }));
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
        if let Some(row) = first(tx, group_id, "'commit', 'proposal'")? {
            let current = row.epoch == Some(epoch) && (row.kind == "proposal" || commit_pending);
            if current {
                return Ok(Next::Post(message_post(group_id, cap, &row)?));
            }
            // Made for an epoch that has passed: void. Make the change again.
            drop_stale(tx, mls, group_id, &row)?;
            continue;
        }
        if let Some(row) = first(tx, group_id, "'welcome'")? {
            let corrupt = || Error::Corrupt {
                detail: "outbox welcome",
            };
            return Ok(Next::Post(OutboxItem {
                id: row.ticket,
                group_id: group_id.to_vec(),
                post: Post::Welcome {
                    device_id: row.welcome_to.clone().ok_or_else(corrupt)?,
                    body: PostWelcome {
                        id: Bytes(row.client_id.clone().ok_or_else(corrupt)?),
                        welcome: Bytes(row.message.clone().ok_or_else(corrupt)?),
                    },
                },
            }));
        }
        let payloads = if posts_held {
            "'payload') AND (is_post = 0"
        } else {
            "'payload'"
        };
        if let Some(row) = first(tx, group_id, payloads)? {
            if row.epoch == Some(epoch) {
                return Ok(Next::Post(message_post(group_id, cap, &row)?));
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

/// The request that deletes the mailbox of a circle we closed, signed with our per-circle
/// key (a committer's, as the relay checks) for the epoch the closing commit began.
fn close_mailbox(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<OutboxItem> {
    let provider = Provider::new(mls, tx);
    let (epoch, cap) = group::with_group(&provider, group_id, |group| {
        Ok((group.epoch().as_u64(), capability(mls, group)?))
    })?;
    let signer = super::keys::signer(&provider, &group::our_key(tx, group_id)?)?;
    let signature = signer
        .sign(&hearth_protocol::close_signing_input(group_id, epoch))
        .map_err(|_| Error::Internal("the closing could not be signed"))?;
    Ok(OutboxItem {
        id: CLOSE_MAILBOX,
        group_id: group_id.to_vec(),
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
    let Some(row) = first(tx, group_id, "'payload'")? else {
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
    let plaintext = row.payload.as_deref().ok_or(Error::Corrupt {
        detail: "outbox payload",
    })?;
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

/// Forgets a commit or proposal of ours that can no longer be posted, and queues its change
/// again.
fn drop_stale(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], row: &Row) -> Result<()> {
    if row.kind == "commit" {
        commit::discard(tx, mls, group_id)?;
    }
    tx.prepare_cached("DELETE FROM circle_outbox WHERE id = ?1")?
        .execute([row.id])?;
    if let Some(intent) = row.intent_id {
        intents::requeue(tx, intent)?;
    }
    Ok(())
}

/// The row of the item the relay answered. An answer for an item that is gone (settled by
/// another process's sync, say) names nothing, as tickets are never used again.
fn row(tx: &Transaction<'_>, group_id: &[u8], ticket: i64) -> Result<Row> {
    let sql =
        format!("SELECT {ROW_COLUMNS} FROM circle_outbox WHERE group_id = ?1 AND ticket = ?2");
    tx.prepare_cached(&sql)?
        .query_row(params![group_id, ticket], Row::read)
        .optional()?
        .ok_or(Error::NotFound {
            what: "outbox item",
        })
}

/// The mailbox of a circle we closed is gone from the relay: nothing is left to send, and the
/// key that signed its deletion goes too.
fn mailbox_deleted(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    tx.prepare_cached("UPDATE circles SET mailbox_delete_pending = 0 WHERE group_id = ?1")?
        .execute([group_id])?;
    super::keys::forget_signer(tx, mls, group_id)
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

/// The relay accepted item `id` (an [`OutboxItem::id`]) at `relay_seq` (0 for a mailbox or a
/// Welcome). A commit is merged now, and its Welcome queued for the added member's inbox.
pub(crate) fn accepted(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    id: i64,
    (relay_seq, received_at_s): (u64, u64),
    now_ms: i64,
) -> Result<Option<CommitEffect>> {
    if id == OPEN_MAILBOX {
        tx.prepare_cached("UPDATE circles SET mailbox_open = 1 WHERE group_id = ?1")?
            .execute([group_id])?;
        return Ok(None);
    }
    if id == CLOSE_MAILBOX {
        mailbox_deleted(tx, mls, group_id)?;
        return Ok(None);
    }
    let row = row(tx, group_id, id)?;
    // A commit's Welcome, the row's largest column, is read only for a commit.
    let welcome: Option<Vec<u8>> = if row.kind == "commit" {
        tx.prepare_cached("SELECT welcome FROM circle_outbox WHERE id = ?1")?
            .query_row([row.id], |r| r.get(0))?
    } else {
        None
    };
    tx.prepare_cached("DELETE FROM circle_outbox WHERE id = ?1")?
        .execute([row.id])?;
    if row.kind == "welcome" {
        return Ok(None);
    }
    record_own_post(tx, group_id, relay_seq)?;
    match row.kind.as_str() {
        "payload" => {
            if let Some(message_id) = &row.message_id {
                tx.prepare_cached(
                    "UPDATE circle_messages SET relay_seq = ?3 WHERE group_id = ?1 AND id = ?2",
                )?
                .execute(params![group_id, message_id, relay_seq as i64])?;
            } else if let Some(payload) = row.payload.as_deref() {
                // Our own moderation takes its place in the relay's order too.
                let placed = Placed {
                    group_id,
                    relay_seq,
                    received_at_s,
                    now_ms,
                };
                own_moderation_placed(tx, &placed, &serde_json::from_str(payload)?)?;
            }
            Ok(None)
        }
        "proposal" => {
            if let Some(intent) = row.intent_id {
                intents::sent(tx, intent, row.epoch.unwrap_or_default())?;
            }
            Ok(None)
        }
        _ => {
            if let Some(intent) = row.intent_id {
                intents::committed(tx, intent)?;
            }
            let invite = row
                .welcome_to
                .as_deref()
                .and_then(|to| to.strip_prefix(INVITE_DESTINATION));
            if let (Some(nameplate), Some(welcome)) = (invite, &welcome) {
                crate::invites::facilitator::welcome_ready(tx, nameplate, welcome.clone(), now_ms)?;
            } else if let (Some(welcome), Some(to)) = (welcome, row.welcome_to) {
                tx.prepare_cached("INSERT INTO circle_outbox (group_id, kind, client_id, message, welcome_to, created_at_ms)
                     VALUES (?1, 'welcome', ?2, ?3, ?4, ?5)")?.execute(params![group_id, group::random_id(mls)?, welcome, to, now_ms],
                )?;
            }
            commit::merge_own(tx, mls, group_id, relay_seq, now_ms).map(Some)
        }
    }
}

/// Where the relay placed one of our posts.
struct Placed<'a> {
    group_id: &'a [u8],
    relay_seq: u64,
    received_at_s: u64,
    now_ms: i64,
}

/// Our own pin and timeout, placed by the relay: a timeout runs from the relay's clock, and
/// covers what the relay orders after it, on our phone as on everyone's.
fn own_moderation_placed(
    tx: &Transaction<'_>,
    placed: &Placed<'_>,
    payload: &Payload,
) -> Result<()> {
    match payload {
        Payload::Pin {
            target,
            unpin: false,
            ..
        } => {
            super::messages::pin(tx, placed.group_id, target, Some(placed.relay_seq))?;
        }
        Payload::Timeout {
            member,
            seconds,
            reason,
            ..
        } => {
            let member = hex::decode(member).map_err(|_| Error::Corrupt {
                detail: "outbox payload",
            })?;
            let me = group::our_key(tx, placed.group_id)?;
            let arrival = super::moderation::Arrival {
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
            let timeout = super::moderation::Timeout {
                member: &member,
                seconds: *seconds,
                reason,
            };
            super::moderation::set_timeout(tx, &arrival, &timeout)?;
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
    let row = first(tx, group_id, "'commit'")?
        .ok_or(Error::Internal("a pending commit without its outbox row"))?;
    accepted(tx, mls, group_id, row.ticket, (relay_seq, 0), now_ms)?
        .ok_or(Error::Internal("a commit without an effect"))
}

/// The relay refused item `id` because the circle moved to a later epoch first: a commit or
/// proposal is dropped and its change queued again; a message is encrypted again later.
/// Sync then fetches and processes what it missed.
pub(crate) fn stale(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], id: i64) -> Result<()> {
    let row = row(tx, group_id, id)?;
    match row.kind.as_str() {
        "commit" | "proposal" => drop_stale(tx, mls, group_id, &row),
        "payload" => {
            tx.prepare_cached("UPDATE circle_outbox SET epoch = NULL, client_id = NULL, message = NULL WHERE id = ?1")?.execute([row.id],
            )?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The relay refused item `id` for good (for example a commit by a key it does not know as a
/// committer, or a Welcome for a device that is gone): it is dropped, its change forgotten,
/// and the circle's history says so. Returns why, for the app.
pub(crate) fn refused(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    id: i64,
    now_ms: i64,
) -> Result<()> {
    if id == OPEN_MAILBOX {
        return Ok(()); // the mailbox is retried: it cannot be refused for good by accident
    }
    if id == CLOSE_MAILBOX {
        // Refused for good (someone else closed it first, or it is gone): nothing is left.
        return mailbox_deleted(tx, mls, group_id);
    }
    let row = row(tx, group_id, id)?;
    tx.prepare_cached("DELETE FROM circle_outbox WHERE id = ?1")?
        .execute([row.id])?;
    if row.kind == "commit" {
        commit::discard(tx, mls, group_id)?;
        if let Some(nameplate) = row
            .welcome_to
            .as_deref()
            .and_then(|to| to.strip_prefix(INVITE_DESTINATION))
        {
            crate::invites::facilitator::admission_failed(tx, nameplate, now_ms)?;
        }
    }
    if let Some(intent) = row.intent_id {
        intents::forget(tx, intent)?;
    }
    let text = match row.kind.as_str() {
        "welcome" => "A new member's invitation could not be delivered.",
        "payload" => "A message could not be sent.",
        _ => "A change to the circle was refused by the relay.",
    };
    super::messages::note(tx, mls, group_id, text, now_ms)
}
