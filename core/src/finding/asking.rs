//! The person's side of a join request: written and sealed once, then carried by sync (open
//! the reply inbox, leave the request, read the reply inbox until an answer comes, close it).

use hearth_protocol::{Bytes, InboxCall, InboxDrop, InboxOwnerCall};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use zeroize::Zeroizing;

use super::directories;
use super::keys::{owner_call, owner_public, InboxKeys};
use super::notes::{JoinAnswer, JoinRequest};
use super::{drop_seal, typed, SentRequest, SentRequestId, SentRequestState, REQUEST_NOTE_MAX};
use crate::circles::Mls;
use crate::error::{Error, Result};
use crate::store::stored_enum;

/// Where a request's reply inbox stands at the relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReplyState {
    /// Not opened there yet.
    Opening,
    /// Open: answers may be left in it.
    Open,
    /// Answered (or undeliverable): to be closed.
    Closing,
    /// Gone from the relay.
    Closed,
}

stored_enum!(ReplyState, "reply inbox state", {
    ReplyState::Opening => "opening",
    ReplyState::Open => "open",
    ReplyState::Closing => "closing",
    ReplyState::Closed => "closed",
});

/// What sync should do next for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AskWork {
    /// Open the reply inbox for its owner key.
    OpenReply {
        id: SentRequestId,
        inbox: Vec<u8>,
        owner: Vec<u8>,
    },
    /// Leave the sealed request in the circle's request inbox.
    Leave {
        id: SentRequestId,
        inbox: Vec<u8>,
        client_id: Vec<u8>,
        sealed: Vec<u8>,
    },
    /// Read the reply inbox.
    Fetch {
        id: SentRequestId,
        inbox: Vec<u8>,
        call: InboxOwnerCall,
    },
    /// Close the reply inbox.
    Close {
        id: SentRequestId,
        inbox: Vec<u8>,
        call: InboxOwnerCall,
    },
}

/// Writes and seals a request to join a listed circle; sync leaves it. Asking again while
/// one is on its way or waiting gives that one.
pub(crate) fn ask(
    tx: &Transaction<'_>,
    mls: &Mls,
    org_key: &[u8],
    circle_id: &str,
    name: &str,
    note: &str,
    now_ms: i64,
) -> Result<SentRequestId> {
    let found = directories::listed(tx, org_key, circle_id)?;
    let name = typed(name, "name", crate::DISPLAY_NAME_MAX_CHARS)?;
    if name.is_empty() {
        return Err(Error::invalid("name", "say what to call you"));
    }
    let note = typed(note, "note", REQUEST_NOTE_MAX)?;
    let pending: Option<SentRequestId> = tx
        .query_row(
            "SELECT id FROM requests_sent WHERE org_key = ?1 AND circle_ref = ?2
               AND state IN ('sending', 'waiting')",
            params![org_key, circle_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = pending {
        return Ok(id);
    }
    let reply = InboxKeys::new(mls)?;
    let request = JoinRequest {
        circle: found.circle.id.clone(),
        name,
        note: note.clone(),
        reply_inbox: Bytes(reply.inbox.clone()),
        reply_key: Bytes(reply.hpke(mls)?.public),
    };
    let plain = Zeroizing::new(serde_json::to_vec(&request)?);
    let sealed = drop_seal::seal(mls, &found.circle.inbox.0, &found.circle.key.0, &plain)
        .map_err(|_| Error::invalid("note", "too long to send"))?;
    let client_id = crate::circles::report_seal::new_seed(mls)?[..16].to_vec();
    tx.execute(
        "INSERT INTO requests_sent (org_key, organisation, circle_ref, circle_name, note, sealed,
           client_id, target_inbox, reply_inbox, reply_owner_seed, reply_hpke_seed,
           reply_state, state, sent_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            org_key,
            found.organisation,
            found.circle.id,
            found.circle.name,
            note,
            sealed,
            client_id,
            found.circle.inbox.0,
            reply.inbox,
            &*reply.owner_seed,
            &*reply.hpke_seed,
            ReplyState::Opening,
            SentRequestState::Sending,
            now_ms
        ],
    )?;
    Ok(SentRequestId(tx.last_insert_rowid()))
}

/// The relay this request's circle takes requests at.
pub(crate) fn relay_of(tx: &Transaction<'_>, org_key: &[u8], circle_id: &str) -> Result<String> {
    Ok(directories::listed(tx, org_key, circle_id)?.circle.relay)
}

fn sent_from_row(r: &Row<'_>) -> rusqlite::Result<SentRequest> {
    Ok(SentRequest {
        id: r.get(0)?,
        organisation: r.get(1)?,
        circle_id: r.get(2)?,
        circle_name: r.get(3)?,
        note: r.get(4)?,
        state: r.get(5)?,
        code: r.get(6)?,
        message: r.get(7)?,
        sent_at_ms: r.get(8)?,
        answered_at_ms: r.get(9)?,
    })
}

const SENT_COLUMNS: &str = "id, organisation, circle_ref, circle_name, note, state, code,
    message, sent_at_ms, answered_at_ms";

/// The requests this phone sent, newest first.
pub(crate) fn list(tx: &Transaction<'_>) -> Result<Vec<SentRequest>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {SENT_COLUMNS} FROM requests_sent WHERE forgotten = 0 ORDER BY sent_at_ms DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], sent_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One request this phone sent.
pub(crate) fn get(tx: &Transaction<'_>, id: SentRequestId) -> Result<SentRequest> {
    tx.query_row(
        &format!("SELECT {SENT_COLUMNS} FROM requests_sent WHERE id = ?1 AND forgotten = 0"),
        [id],
        sent_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "join request",
    })
}

/// The request was used to join (its code went to the invite flow).
pub(crate) fn mark_joined(tx: &Transaction<'_>, id: SentRequestId) -> Result<()> {
    tx.execute(
        "UPDATE requests_sent SET state = ?2, code = NULL WHERE id = ?1",
        params![id, SentRequestState::Joined],
    )?;
    Ok(())
}

/// Forgets a request: one still on its way or waiting is withdrawn (its reply inbox closes,
/// so an answer has nowhere to land).
pub(crate) fn forget(tx: &Transaction<'_>, id: SentRequestId) -> Result<()> {
    get(tx, id)?;
    tx.execute(
        "UPDATE requests_sent SET state = CASE WHEN state IN ('sending', 'waiting')
           THEN 'undeliverable' ELSE state END,
           reply_state = CASE reply_state WHEN 'open' THEN 'closing'
             WHEN 'opening' THEN 'closed' ELSE reply_state END,
           forgotten = 1, note = '', code = NULL, message = NULL
         WHERE id = ?1",
        [id],
    )?;
    tx.execute(
        "DELETE FROM requests_sent WHERE id = ?1 AND reply_state = 'closed'",
        [id],
    )?;
    Ok(())
}

/// What sync should do next for every request still in flight.
pub(crate) fn work(tx: &Transaction<'_>, now_ms: i64) -> Result<Vec<AskWork>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, state, reply_state, reply_inbox, reply_owner_seed, reply_cursor,
           target_inbox, client_id, sealed
         FROM requests_sent WHERE reply_state <> 'closed' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, SentRequestId>(0)?,
            r.get::<_, SentRequestState>(1)?,
            r.get::<_, ReplyState>(2)?,
            r.get::<_, Vec<u8>>(3)?,
            Zeroizing::new(r.get::<_, Vec<u8>>(4)?),
            r.get::<_, i64>(5)?,
            r.get::<_, Vec<u8>>(6)?,
            r.get::<_, Vec<u8>>(7)?,
            r.get::<_, Vec<u8>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, state, reply, inbox, seed, cursor, target, client_id, sealed) = row?;
        let cursor = cursor.max(0) as u64;
        let work = match (reply, state) {
            (ReplyState::Opening, _) => AskWork::OpenReply {
                id,
                owner: owner_public(&seed)?,
                inbox,
            },
            (ReplyState::Open, SentRequestState::Sending) => AskWork::Leave {
                id,
                inbox: target,
                client_id,
                sealed,
            },
            (ReplyState::Open, SentRequestState::Waiting) => AskWork::Fetch {
                id,
                call: owner_call(&seed, InboxCall::Fetch, &inbox, cursor, now_ms)?,
                inbox,
            },
            (ReplyState::Open | ReplyState::Closing, _) => AskWork::Close {
                id,
                call: owner_call(&seed, InboxCall::Close, &inbox, 0, now_ms)?,
                inbox,
            },
            (ReplyState::Closed, _) => continue,
        };
        out.push(work);
    }
    Ok(out)
}

fn set_reply_state(tx: &Transaction<'_>, id: SentRequestId, state: ReplyState) -> Result<()> {
    tx.execute(
        "UPDATE requests_sent SET reply_state = ?2 WHERE id = ?1",
        params![id, state],
    )?;
    Ok(())
}

/// The relay opened the reply inbox.
pub(crate) fn reply_opened(tx: &Transaction<'_>, id: SentRequestId) -> Result<()> {
    set_reply_state(tx, id, ReplyState::Open)
}

/// The relay closed the reply inbox (or holds none): a forgotten request goes with it.
pub(crate) fn reply_closed(tx: &Transaction<'_>, id: SentRequestId) -> Result<()> {
    set_reply_state(tx, id, ReplyState::Closed)?;
    tx.execute(
        "DELETE FROM requests_sent WHERE id = ?1 AND forgotten = 1",
        [id],
    )?;
    Ok(())
}

/// The relay took the request (or already had it), or refused it for good.
pub(crate) fn left(tx: &Transaction<'_>, id: SentRequestId, delivered: bool) -> Result<()> {
    let state = if delivered {
        SentRequestState::Waiting
    } else {
        SentRequestState::Undeliverable
    };
    tx.execute(
        "UPDATE requests_sent SET state = ?2 WHERE id = ?1 AND state = 'sending'",
        params![id, state],
    )?;
    Ok(())
}

/// Drops read from the reply inbox: the first answer that opens is taken (anything else
/// anyone left there is passed over). Returns whether an answer arrived.
pub(crate) fn replies(
    tx: &Transaction<'_>,
    mls: &Mls,
    id: SentRequestId,
    drops: &[InboxDrop],
    now_ms: i64,
) -> Result<bool> {
    let (inbox, hpke_seed, state): (Vec<u8>, Vec<u8>, SentRequestState) = tx.query_row(
        "SELECT reply_inbox, reply_hpke_seed, state FROM requests_sent WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let hpke_seed = Zeroizing::new(hpke_seed);
    let ours = crate::circles::report_seal::key_pair(mls, &hpke_seed)?;
    let Some(last) = drops.iter().map(|d| d.seq).max() else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE requests_sent SET reply_cursor = MAX(reply_cursor, ?2) WHERE id = ?1",
        params![id, i64::try_from(last).unwrap_or(i64::MAX)],
    )?;
    if state != SentRequestState::Waiting {
        return Ok(false);
    }
    let answer = drops.iter().find_map(|d| {
        let plain = drop_seal::open(mls, &inbox, &ours, &d.drop.0)?;
        serde_json::from_slice::<JoinAnswer>(&plain).ok()
    });
    let (state, code, message) = match answer {
        None => return Ok(false),
        Some(JoinAnswer::Invite { code, message }) => {
            if crate::invites::InviteCode::parse(&code).is_err() {
                return Ok(false); // not a code: nothing to join with
            }
            (SentRequestState::Invited, Some(code), message)
        }
        Some(JoinAnswer::Decline { message }) => (SentRequestState::Declined, None, message),
    };
    let message = typed(&message, "message", super::ANSWER_MESSAGE_MAX).unwrap_or_default();
    tx.execute(
        "UPDATE requests_sent SET state = ?2, code = ?3, message = ?4, answered_at_ms = ?5,
           reply_state = 'closing'
         WHERE id = ?1",
        params![id, state, code, message, now_ms],
    )?;
    Ok(true)
}
