//! A circle's request desk, shared by everyone who facilitates it: the request inbox's keys
//! go to each facilitator and co-facilitator, sealed by HPKE to their report key inside a
//! circle message (members' phones see a message they cannot open), so a request reaches all
//! of them; and whoever answers tells the others, so nobody is answered twice.
//!
//! Each sync pass gives the keys to whoever facilitates and has not had them from this phone
//! (a co-facilitator appointed later, a facilitator whose report key arrived late), and takes
//! them from this phone when its person no longer facilitates or left the circle. An
//! honest phone deletes what it was given when it is demoted; a modified one could keep
//! reading until the inbox is closed and opened anew (which needs a new directory entry).

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::answering::InboxState;
use super::{bounded, REQUEST_NOTE_MAX};
use crate::circles::moderation::Arrival;
use crate::circles::profile::CircleProfile;
use crate::circles::{group, outbox, reports, slots, views, GroupId, Mls, Payload, Processed};
use crate::error::{Error, Result};

/// HPKE's `info` for a desk slot.
const INFO: &[u8] = b"hearth/request-desk/v1";
/// The largest sealed slot taken in, in bytes (a note with the longest name and request).
const SLOT_MAX: usize = 8192;

/// What one facilitator's slot says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum DeskNote {
    /// The circle's request inbox (hex of its id and two seeds), and whom the sender gave
    /// it to (hex of their per-circle keys), so they are not given it again from here.
    Inbox {
        inbox: String,
        owner_seed: String,
        hpke_seed: String,
        given: Vec<String>,
    },
    /// The inbox is closed to requests (the sender closes it at the relay).
    Closed { inbox: String },
    /// A request that arrived there was answered by the sender.
    Answered {
        inbox: String,
        seq: i64,
        circle: String,
        name: String,
        note: String,
        invited: bool,
        received_at_ms: i64,
        answered_at_ms: i64,
    },
}

/// A request that was answered, as the facilitators tell each other.
pub(crate) struct Answered<'a> {
    pub inbox: &'a [u8],
    pub seq: i64,
    pub circle: &'a str,
    pub name: &'a str,
    pub note: &'a str,
    pub invited: bool,
    pub received_at_ms: i64,
    pub answered_at_ms: i64,
}

/// The others who facilitate the circle and whose report key we know: (their per-circle
/// key, their report key).
fn other_facilitators(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    now_ms: i64,
) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    for member in views::members(tx, mls, group_id, now_ms)? {
        if member.is_me || !member.role.commits() {
            continue;
        }
        if let Some(report_key) = reports::member_report_key(tx, group_id, &member.key)? {
            out.push((member.key, report_key));
        }
    }
    Ok(out)
}

/// Queues one desk message with `note` sealed to each of `to` (nothing when nobody).
fn send(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    to: &[(Vec<u8>, Vec<u8>)],
    note: &DeskNote,
    now_ms: i64,
) -> Result<()> {
    if to.is_empty() {
        return Ok(());
    }
    let plain = serde_json::to_vec(note)?;
    let to = to
        .iter()
        .map(|(_, report_key)| (report_key.clone(), Zeroizing::new(plain.clone())))
        .collect();
    let slots = slots::seal_each(mls, group_id, INFO, to)?;
    let payload = Payload::RequestDesk {
        id: hex::encode(group::random_id(mls)?),
        slots,
    };
    outbox::queue_payload(tx, group_id, &payload, now_ms)
}

/// Tells the other facilitators the inbox is closed.
pub(crate) fn tell_closed(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    inbox: &[u8],
    now_ms: i64,
) -> Result<()> {
    let to = other_facilitators(tx, mls, group_id, now_ms)?;
    let note = DeskNote::Closed {
        inbox: hex::encode(inbox),
    };
    send(tx, mls, group_id, &to, &note, now_ms)
}

/// Tells the other facilitators a request was answered here.
pub(crate) fn tell_answered(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    answered: &Answered<'_>,
) -> Result<()> {
    let to = other_facilitators(tx, mls, group_id, answered.answered_at_ms)?;
    let note = DeskNote::Answered {
        inbox: hex::encode(answered.inbox),
        seq: answered.seq,
        circle: answered.circle.to_string(),
        name: answered.name.to_string(),
        note: answered.note.to_string(),
        invited: answered.invited,
        received_at_ms: answered.received_at_ms,
        answered_at_ms: answered.answered_at_ms,
    };
    send(tx, mls, group_id, &to, &note, answered.answered_at_ms)
}

/// Whether our person still facilitates the circle (`false` when we left it, were removed,
/// or it was closed).
fn still_facilitating(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<bool> {
    match group::open_profile(tx, mls, group_id) {
        Ok((profile, me)) => Ok(profile.role_of(&me).commits()),
        Err(Error::CircleClosed | Error::NotAMember | Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Forgets a circle's desk on this phone: its inbox's keys and the requests that arrived.
fn forget(tx: &Transaction<'_>, group_id: &[u8]) -> Result<()> {
    tx.execute(
        "DELETE FROM request_inbox_given WHERE inbox_id IN
           (SELECT inbox_id FROM request_inboxes WHERE group_id = ?1)",
        [group_id],
    )?;
    tx.execute(
        "DELETE FROM request_inboxes WHERE group_id = ?1",
        [group_id],
    )?;
    tx.execute(
        "DELETE FROM requests_received WHERE group_id = ?1",
        [group_id],
    )?;
    Ok(())
}

/// A circle's request inbox held on this phone.
struct Held {
    group_id: GroupId,
    inbox: Vec<u8>,
    owner_seed: Zeroizing<Vec<u8>>,
    hpke_seed: Zeroizing<Vec<u8>>,
    state: InboxState,
}

/// One pass over the circles whose requests this phone reads: each open inbox's keys go to
/// the facilitators who have not had them from here, and a circle our person no longer
/// facilitates is forgotten. Returns whether anything changed.
pub(crate) fn pass(tx: &Transaction<'_>, mls: &Mls, now_ms: i64) -> Result<bool> {
    let held: Vec<Held> = {
        let mut stmt = tx.prepare_cached(
            "SELECT group_id, inbox_id, owner_seed, hpke_seed, state FROM request_inboxes
             ORDER BY group_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Held {
                group_id: r.get(0)?,
                inbox: r.get(1)?,
                owner_seed: Zeroizing::new(r.get(2)?),
                hpke_seed: Zeroizing::new(r.get(3)?),
                state: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed = false;
    for Held {
        group_id,
        inbox,
        owner_seed,
        hpke_seed,
        state,
    } in held
    {
        if !still_facilitating(tx, mls, &group_id)? {
            forget(tx, &group_id)?;
            changed = true;
            continue;
        }
        // Keys are given once the relay holds the inbox, and never for one being closed.
        if state != InboxState::Open {
            continue;
        }
        let everyone = other_facilitators(tx, mls, &group_id, now_ms)?;
        let mut to = Vec::new();
        for (key, report_key) in &everyone {
            let given: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM request_inbox_given
                 WHERE inbox_id = ?1 AND member = ?2)",
                params![inbox, key],
                |r| r.get(0),
            )?;
            if !given {
                to.push((key.clone(), report_key.clone()));
            }
        }
        if to.is_empty() {
            continue;
        }
        let note = DeskNote::Inbox {
            inbox: hex::encode(&inbox),
            owner_seed: hex::encode(&*owner_seed),
            hpke_seed: hex::encode(&*hpke_seed),
            given: everyone.iter().map(|(key, _)| hex::encode(key)).collect(),
        };
        send(tx, mls, &group_id, &to, &note, now_ms)?;
        for (key, _) in &to {
            record_given(tx, &inbox, key)?;
        }
        changed = true;
    }
    Ok(changed)
}

fn record_given(tx: &Transaction<'_>, inbox: &[u8], member: &[u8]) -> Result<()> {
    tx.execute(
        "INSERT INTO request_inbox_given (inbox_id, member) VALUES (?1, ?2)
         ON CONFLICT DO NOTHING",
        params![inbox, member],
    )?;
    Ok(())
}

fn rejected(reason: &'static str) -> Error {
    Error::MessageRejected { reason }
}

/// Hex of exactly 32 bytes.
fn key32(text: &str) -> Result<Vec<u8>> {
    hex::decode(text)
        .ok()
        .filter(|k| k.len() == 32)
        .ok_or(rejected("a request desk note with a malformed key"))
}

/// A desk message arrived: open our slot, if one is ours and our person facilitates, and
/// take what it says.
pub(crate) fn receive(
    tx: &Transaction<'_>,
    mls: &Mls,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    slots: &[String],
) -> Result<Processed> {
    let (group_id, sender) = (arrival.group_id, arrival.sender);
    if !profile.role_of(sender).commits() {
        return Err(rejected(
            "a request desk note from someone who may not send one",
        ));
    }
    let me = group::our_key(tx, group_id)?;
    if !profile.role_of(&me).commits() {
        return Ok(Processed::NotForUs);
    }
    let plain = slots::open_ours(tx, mls, group_id, INFO, slots, SLOT_MAX)?;
    let note = plain.and_then(|plain| serde_json::from_slice::<DeskNote>(&plain).ok());
    match note {
        None => Ok(Processed::NotForUs),
        Some(DeskNote::Inbox {
            inbox,
            owner_seed,
            hpke_seed,
            given,
        }) => {
            let inbox = key32(&inbox)?;
            take_inbox(
                tx,
                group_id,
                &inbox,
                &owner_seed,
                &hpke_seed,
                arrival.now_ms,
            )?;
            record_given(tx, &inbox, sender)?;
            for key in given.iter().take(slots::SLOTS_MAX) {
                if let Ok(key) = hex::decode(key) {
                    record_given(tx, &inbox, &key)?;
                }
            }
            Ok(Processed::Requests)
        }
        Some(DeskNote::Closed { inbox }) => {
            let inbox = key32(&inbox)?;
            tx.execute(
                "DELETE FROM request_inboxes WHERE group_id = ?1 AND inbox_id = ?2",
                params![group_id, inbox],
            )?;
            tx.execute(
                "DELETE FROM request_inbox_given WHERE inbox_id = ?1",
                [&inbox],
            )?;
            Ok(Processed::Requests)
        }
        Some(DeskNote::Answered {
            inbox,
            seq,
            circle,
            name,
            note,
            invited,
            received_at_ms,
            answered_at_ms,
        }) => {
            let inbox = key32(&inbox)?;
            let plausible = seq > 0
                && circle.len() <= 64
                && bounded(name.trim(), "name", 1..=crate::DISPLAY_NAME_MAX_CHARS).is_ok()
                && bounded(&note, "note", 0..=REQUEST_NOTE_MAX).is_ok();
            if !plausible {
                return Err(rejected("a request desk note out of bounds"));
            }
            let answer = Answered {
                inbox: &inbox,
                seq,
                circle: &circle,
                name: name.trim(),
                note: note.trim(),
                invited,
                received_at_ms,
                answered_at_ms,
            };
            take_answer(tx, group_id, sender, &answer)
        }
    }
}

/// Keeps an inbox given to us, unless we read another for the circle (two facilitators who
/// opened it at once each keep their own; a closed one is told before a new one is given).
fn take_inbox(
    tx: &Transaction<'_>,
    group_id: &[u8],
    inbox: &[u8],
    owner_seed: &str,
    hpke_seed: &str,
    now_ms: i64,
) -> Result<()> {
    let owner_seed = Zeroizing::new(key32(owner_seed)?);
    let hpke_seed = Zeroizing::new(key32(hpke_seed)?);
    let held: Option<Vec<u8>> = tx
        .query_row(
            "SELECT inbox_id FROM request_inboxes WHERE group_id = ?1 AND state <> 'closing'",
            [group_id],
            |r| r.get(0),
        )
        .optional()?;
    if held.is_some() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO request_inboxes (group_id, inbox_id, owner_seed, hpke_seed, state,
           opened_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (inbox_id) DO NOTHING",
        params![
            group_id,
            inbox,
            &*owner_seed,
            &*hpke_seed,
            InboxState::Open,
            now_ms
        ],
    )?;
    Ok(())
}

/// Marks a request another facilitator answered: the one here if it arrived, or a record
/// of it that keeps it from showing as waiting when it does. An answer given here stands.
fn take_answer(
    tx: &Transaction<'_>,
    group_id: &[u8],
    by: &[u8],
    answer: &Answered<'_>,
) -> Result<Processed> {
    let ours: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM request_inboxes WHERE group_id = ?1 AND inbox_id = ?2)
             OR EXISTS (SELECT 1 FROM requests_received WHERE group_id = ?1 AND inbox_id = ?2)",
        params![group_id, answer.inbox],
        |r| r.get(0),
    )?;
    if !ours {
        return Ok(Processed::NotForUs);
    }
    let state = if answer.invited {
        super::ReceivedRequestState::Invited
    } else {
        super::ReceivedRequestState::Declined
    };
    tx.execute(
        "INSERT INTO requests_received (group_id, inbox_id, seq, circle_ref, name, note,
           reply_inbox, reply_key, state, received_at_ms, answered_at_ms, answered_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, x'', x'', ?7, ?8, ?9, ?10)
         ON CONFLICT (inbox_id, seq) DO UPDATE SET state = excluded.state,
           answered_at_ms = excluded.answered_at_ms, answered_by = excluded.answered_by
         WHERE requests_received.state = 'waiting' AND requests_received.group_id = ?1",
        params![
            group_id,
            answer.inbox,
            answer.seq,
            answer.circle,
            answer.name,
            answer.note,
            state,
            answer.received_at_ms,
            answer.answered_at_ms,
            by
        ],
    )?;
    Ok(Processed::Requests)
}
