//! The facilitator's side: a circle opened to requests has a request inbox at the relay, whose
//! keys live on this phone; sync reads it, the requests that open are kept here, and each is
//! answered with a one-time code (admitting whoever uses it) or a kind no, sealed to the
//! asker's reply inbox.

use hearth_protocol::{InboxCall, InboxDrop, InboxOwnerCall};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use zeroize::Zeroizing;

use super::desk::{self, Answered};
use super::directory::entry_for;
use super::keys::{owner_call, owner_public, InboxKeys};
use super::notes::{JoinAnswer, JoinRequest};
use super::{
    bounded, drop_seal, typed, ReceivedRequest, ReceivedRequestId, ReceivedRequestState,
    RequestInbox, ANSWER_MESSAGE_MAX, REQUESTS_WAITING_MAX, REQUEST_NOTE_MAX,
};
use crate::circles::{group, report_seal, GroupId, Mls};
use crate::error::{Error, Result};
use crate::invites::{facilitator, InviteOptions};
use crate::store::stored_enum;

/// Where a circle's request inbox stands at the relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InboxState {
    /// Not opened there yet.
    Opening,
    /// Open: requests may arrive.
    Open,
    /// Closed to requests here: to be closed at the relay.
    Closing,
}

stored_enum!(InboxState, "request inbox state", {
    InboxState::Opening => "opening",
    InboxState::Open => "open",
    InboxState::Closing => "closing",
});

/// What sync should do next for the circles opened to requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AnswerWork {
    /// Open a circle's request inbox.
    Open { inbox: Vec<u8>, owner: Vec<u8> },
    /// Read it.
    Fetch {
        group_id: GroupId,
        inbox: Vec<u8>,
        call: InboxOwnerCall,
    },
    /// Close it (its drops go with it).
    Close {
        group_id: GroupId,
        inbox: Vec<u8>,
        call: InboxOwnerCall,
    },
    /// Leave an answer in an asker's reply inbox.
    Answer {
        id: ReceivedRequestId,
        inbox: Vec<u8>,
        client_id: Vec<u8>,
        sealed: Vec<u8>,
    },
}

/// Refuses anyone who may not add people to the circle (so may not answer its requests).
fn may_invite(tx: &Transaction<'_>, mls: &Mls, group_id: &GroupId) -> Result<String> {
    let (profile, me) = group::open_profile(tx, mls, group_id)?;
    profile.refuse_in_talk("open a one-to-one talk to requests")?;
    if !profile.role_of(&me).commits() {
        return Err(Error::NotPermitted {
            action: "open the circle to requests or answer them",
        });
    }
    Ok(profile.name)
}

/// Opens a circle to requests (again: the inbox it has). Sync opens it at the relay.
pub(crate) fn open(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &GroupId,
    relay: &str,
    now_ms: i64,
) -> Result<RequestInbox> {
    may_invite(tx, mls, group_id)?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM request_inboxes WHERE group_id = ?1 AND state <> 'closing')",
        [group_id],
        |r| r.get(0),
    )?;
    if !exists {
        let keys = InboxKeys::new(mls)?;
        tx.execute(
            "INSERT INTO request_inboxes (group_id, inbox_id, owner_seed, hpke_seed, state,
               opened_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                group_id,
                keys.inbox,
                &*keys.owner_seed,
                &*keys.hpke_seed,
                InboxState::Opening,
                now_ms
            ],
        )?;
    }
    inbox(tx, mls, group_id, relay)?.ok_or(Error::Internal("a new request inbox was not found"))
}

/// A circle's request inbox on this phone, if it is open to requests.
pub(crate) fn inbox(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &GroupId,
    relay: &str,
) -> Result<Option<RequestInbox>> {
    let row: Option<(Vec<u8>, Vec<u8>, InboxState)> = tx
        .query_row(
            "SELECT inbox_id, hpke_seed, state FROM request_inboxes
             WHERE group_id = ?1 AND state <> 'closing'",
            [group_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((inbox, hpke_seed, state)) = row else {
        return Ok(None);
    };
    let key = report_seal::key_pair(mls, &Zeroizing::new(hpke_seed))?.public;
    let name = group::open_profile(tx, mls, group_id)?.0.name;
    let entry = entry_for(relay, &inbox, &key, &name);
    Ok(Some(RequestInbox {
        circle: group_id.clone(),
        ready: state == InboxState::Open,
        listing_entry: serde_json::to_string_pretty(&entry)?,
    }))
}

/// Closes a circle to requests: sync closes its inbox at the relay, and the other
/// facilitators are told. Requests already here stay, and can still be answered.
pub(crate) fn close(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &GroupId,
    now_ms: i64,
) -> Result<()> {
    may_invite(tx, mls, group_id)?;
    let inbox: Vec<u8> = tx
        .query_row(
            "UPDATE request_inboxes SET state = 'closing'
             WHERE group_id = ?1 AND state <> 'closing' RETURNING inbox_id",
            [group_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "request inbox",
        })?;
    desk::tell_closed(tx, mls, group_id, &inbox, now_ms)
}

/// What sync should do next.
pub(crate) fn work(tx: &Transaction<'_>, now_ms: i64) -> Result<Vec<AnswerWork>> {
    let mut out = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT group_id, inbox_id, owner_seed, state, cursor FROM request_inboxes
             ORDER BY group_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, GroupId>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                Zeroizing::new(r.get::<_, Vec<u8>>(2)?),
                r.get::<_, InboxState>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (group_id, inbox, seed, state, cursor) = row?;
            out.push(match state {
                InboxState::Opening => AnswerWork::Open {
                    owner: owner_public(&seed)?,
                    inbox,
                },
                InboxState::Open => AnswerWork::Fetch {
                    group_id,
                    call: owner_call(
                        &seed,
                        InboxCall::Fetch,
                        &inbox,
                        cursor.max(0) as u64,
                        now_ms,
                    )?,
                    inbox,
                },
                InboxState::Closing => AnswerWork::Close {
                    group_id,
                    call: owner_call(&seed, InboxCall::Close, &inbox, 0, now_ms)?,
                    inbox,
                },
            });
        }
    }
    let mut stmt = tx.prepare_cached(
        // A code goes out only once the relay holds its invite, so it works when it lands.
        "SELECT id, reply_inbox, answer_client_id, answer FROM requests_received r
         WHERE answer IS NOT NULL AND (nameplate IS NULL OR NOT EXISTS (
           SELECT 1 FROM circle_invites i WHERE i.nameplate = r.nameplate
             AND i.state = 'unpublished'))
         ORDER BY id",
    )?;
    let answers = stmt.query_map([], |r| {
        Ok(AnswerWork::Answer {
            id: r.get(0)?,
            inbox: r.get(1)?,
            client_id: r.get(2)?,
            sealed: r.get(3)?,
        })
    })?;
    for answer in answers {
        out.push(answer?);
    }
    Ok(out)
}

/// The relay opened a circle's request inbox.
pub(crate) fn opened(tx: &Transaction<'_>, inbox: &[u8]) -> Result<()> {
    tx.execute(
        "UPDATE request_inboxes SET state = 'open' WHERE inbox_id = ?1 AND state = 'opening'",
        [inbox],
    )?;
    Ok(())
}

/// The relay closed a circle's request inbox, or holds none (it swept one nobody read for
/// its whole retention time): the circle is no longer open to requests here. Requests that
/// arrived stay.
pub(crate) fn closed(tx: &Transaction<'_>, group_id: &GroupId, inbox: &[u8]) -> Result<()> {
    tx.execute(
        "DELETE FROM request_inbox_given WHERE inbox_id = ?1",
        [inbox],
    )?;
    tx.execute(
        "DELETE FROM request_inboxes WHERE group_id = ?1 AND inbox_id = ?2",
        params![group_id, inbox],
    )?;
    Ok(())
}

/// Takes the drops read from a circle's request inbox: each that opens as a request is kept
/// (anything else anyone left there is passed over). Returns how many requests were new.
pub(crate) fn arrived(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &GroupId,
    inbox: &[u8],
    drops: &[InboxDrop],
    now_ms: i64,
) -> Result<usize> {
    let hpke_seed: Vec<u8> = tx
        .query_row(
            "SELECT hpke_seed FROM request_inboxes WHERE group_id = ?1 AND inbox_id = ?2",
            params![group_id, inbox],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "request inbox",
        })?;
    let ours = report_seal::key_pair(mls, &Zeroizing::new(hpke_seed))?;
    let mut new = 0;
    for drop in drops {
        let waiting: usize = tx.query_row(
            "SELECT COUNT(*) FROM requests_received WHERE group_id = ?1 AND state = 'waiting'",
            [group_id],
            |r| r.get(0),
        )?;
        if waiting >= REQUESTS_WAITING_MAX {
            break; // the rest stay at the relay until some are answered
        }
        let seq = i64::try_from(drop.seq).unwrap_or(i64::MAX);
        tx.execute(
            "UPDATE request_inboxes SET cursor = MAX(cursor, ?2) WHERE inbox_id = ?1",
            params![inbox, seq],
        )?;
        let Some(request) = drop_seal::open(mls, inbox, &ours, &drop.drop.0)
            .and_then(|plain| serde_json::from_slice::<JoinRequest>(&plain).ok())
            .filter(well_formed)
        else {
            continue;
        };
        new += tx.execute(
            "INSERT INTO requests_received (group_id, inbox_id, seq, circle_ref, name, note,
               reply_inbox, reply_key, state, received_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (inbox_id, seq) DO NOTHING",
            params![
                group_id,
                inbox,
                seq,
                request.circle,
                request.name.trim(),
                request.note.trim(),
                request.reply_inbox.0,
                request.reply_key.0,
                ReceivedRequestState::Waiting,
                now_ms
            ],
        )?;
    }
    Ok(new)
}

/// Whether a request that opened is within every bound (a modified app may send anything).
fn well_formed(request: &JoinRequest) -> bool {
    bounded(
        request.name.trim(),
        "name",
        1..=crate::DISPLAY_NAME_MAX_CHARS,
    )
    .is_ok()
        && bounded(&request.note, "note", 0..=REQUEST_NOTE_MAX).is_ok()
        && request.circle.len() <= 64
        && request.reply_inbox.len() == 32
        && request.reply_key.len() == 32
}

fn received_from_row(r: &Row<'_>) -> rusqlite::Result<ReceivedRequest> {
    Ok(ReceivedRequest {
        id: r.get(0)?,
        circle: r.get(1)?,
        listing: r.get(2)?,
        name: r.get(3)?,
        note: r.get(4)?,
        state: r.get(5)?,
        nameplate: r.get(6)?,
        received_at_ms: r.get(7)?,
        answered_at_ms: r.get(8)?,
        answered_by: r.get(9)?,
    })
}

/// A request's columns, with the name of another facilitator who answered it (`r` is the
/// request, `m` the circle member who answered).
const RECEIVED_COLUMNS: &str = "r.id, r.group_id, r.circle_ref, r.name, r.note, r.state,
    r.nameplate, r.received_at_ms, r.answered_at_ms,
    CASE WHEN r.answered_by IS NULL THEN NULL
         ELSE COALESCE(m.display_name, 'another facilitator') END";

/// The requests that arrived for a circle (or every circle), waiting ones first, then newest.
pub(crate) fn list(
    tx: &Transaction<'_>,
    group_id: Option<&GroupId>,
) -> Result<Vec<ReceivedRequest>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {RECEIVED_COLUMNS} FROM requests_received r
         LEFT JOIN circle_members m ON m.group_id = r.group_id
           AND m.signature_key = r.answered_by
         WHERE ?1 IS NULL OR r.group_id = ?1
         ORDER BY r.state <> 'waiting', r.received_at_ms DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([group_id], received_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How a facilitator answers a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reply {
    /// Send a one-time code that admits whoever uses it.
    Invite,
    /// Say not this time.
    Decline,
}

/// Answers a waiting request: seals the answer for sync to leave in the asker's reply inbox.
pub(crate) fn answer(
    tx: &Transaction<'_>,
    mls: &Mls,
    id: ReceivedRequestId,
    reply: Reply,
    message: &str,
    now_ms: i64,
) -> Result<GroupId> {
    let request = tx
        .query_row(
            "SELECT group_id, name, state, reply_inbox, reply_key, inbox_id, seq, circle_ref,
               note, received_at_ms FROM requests_received WHERE id = ?1",
            [id],
            |r| {
                Ok(Waiting {
                    group_id: r.get(0)?,
                    name: r.get(1)?,
                    state: r.get(2)?,
                    reply_inbox: r.get(3)?,
                    reply_key: r.get(4)?,
                    inbox: r.get(5)?,
                    seq: r.get(6)?,
                    circle: r.get(7)?,
                    note: r.get(8)?,
                    received_at_ms: r.get(9)?,
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "join request",
        })?;
    let Waiting {
        group_id,
        name,
        reply_inbox,
        reply_key,
        ..
    } = &request;
    if request.state != ReceivedRequestState::Waiting {
        return Err(Error::invalid("join request", "already answered"));
    }
    let message = typed(message, "message", ANSWER_MESSAGE_MAX)?;
    may_invite(tx, mls, group_id)?;
    let (answer, state, nameplate) = match reply {
        Reply::Invite => {
            let options = InviteOptions {
                auto_admit: true,
                label: format!("Asked to join: {name}"),
                ..InviteOptions::default()
            };
            let (code, _) = facilitator::create(tx, mls, group_id, &options, now_ms)?;
            let answer = JoinAnswer::Invite {
                code: code.text().to_string(),
                message: message.clone(),
            };
            (
                answer,
                ReceivedRequestState::Invited,
                Some(code.nameplate()),
            )
        }
        Reply::Decline => (
            JoinAnswer::Decline {
                message: message.clone(),
            },
            ReceivedRequestState::Declined,
            None,
        ),
    };
    let plain = Zeroizing::new(serde_json::to_vec(&answer)?);
    let sealed = drop_seal::seal(mls, reply_inbox, reply_key, &plain)?;
    let client_id = report_seal::new_seed(mls)?[..16].to_vec();
    tx.execute(
        "UPDATE requests_received SET state = ?2, nameplate = ?3, answer = ?4,
           answer_client_id = ?5, answered_at_ms = ?6
         WHERE id = ?1",
        params![id, state, nameplate, sealed, client_id, now_ms],
    )?;
    let told = Answered {
        inbox: &request.inbox,
        seq: request.seq,
        circle: &request.circle,
        name,
        note: &request.note,
        invited: state == ReceivedRequestState::Invited,
        received_at_ms: request.received_at_ms,
        answered_at_ms: now_ms,
    };
    desk::tell_answered(tx, mls, group_id, &told)?;
    Ok(request.group_id)
}

/// A request waiting for an answer, as `answer` reads it.
struct Waiting {
    group_id: GroupId,
    name: String,
    state: ReceivedRequestState,
    reply_inbox: Vec<u8>,
    reply_key: Vec<u8>,
    inbox: Vec<u8>,
    seq: i64,
    circle: String,
    note: String,
    received_at_ms: i64,
}

/// The relay took an answer (or will never take it: the asker closed their inbox).
pub(crate) fn answer_left(tx: &Transaction<'_>, id: ReceivedRequestId) -> Result<()> {
    tx.execute(
        "UPDATE requests_received SET answer = NULL, answer_client_id = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}
