//! Asking for a talk, answering, ending and blocking: each step one transaction, its letter
//! queued in the circle the talk began in.

use rusqlite::{params, OptionalExtension, Transaction};

use super::letter::{self, Letter, Opened};
use super::store::{self, TalkRow};
use super::{
    identity, TalkId, TalkState, TALK_CIRCLE_NAME, TALK_NOTE_MAX, TALK_REQUESTS_WAITING_MAX,
};
use crate::circles::group::{self, random_id};
use crate::circles::intents::{self, Intent};
use crate::circles::membership::{self, Joining};
use crate::circles::profile::CircleProfile;
use crate::circles::{keys, outbox, reports, Mls, Payload, Processed, Role};
use crate::error::{Error, Result};

fn refused(reason: &'static str) -> Error {
    Error::MessageRejected { reason }
}

/// A member's name in a circle, as they introduced themselves.
fn member_name(tx: &Transaction<'_>, group_id: &[u8], key: &[u8]) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached(
            "SELECT display_name FROM circle_members WHERE group_id = ?1 AND signature_key = ?2",
        )?
        .query_row(params![group_id, key], |r| r.get(0))
        .optional()?)
}

/// Our own name in a circle.
fn our_name(tx: &Transaction<'_>, group_id: &[u8]) -> Result<String> {
    Ok(tx
        .prepare_cached("SELECT display_name FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?)
}

/// Seals `letter` to `peer` of `origin` and queues it there.
fn send(
    tx: &Transaction<'_>,
    mls: &Mls,
    origin: &[u8],
    peer: &[u8],
    letter: &Letter,
    now_ms: i64,
) -> Result<()> {
    let recipient = reports::member_report_key(tx, origin, peer)?.ok_or(Error::invalid(
        "member",
        "they have not introduced themselves in the circle yet",
    ))?;
    let me = group::our_key(tx, origin)?;
    let sealed = letter::seal(
        mls,
        origin,
        &me,
        &identity::talk_key(tx)?,
        &recipient,
        letter,
    )?;
    let payload = Payload::Letter {
        id: hex::encode(random_id(mls)?),
        sealed: hex::encode(sealed),
    };
    outbox::queue_payload(tx, origin, &payload, now_ms)
}

/// Asks the member with key `peer` of `origin` for a talk; returns its id (the one already
/// waiting, when we asked them before).
pub(crate) fn ask(
    tx: &Transaction<'_>,
    mls: &Mls,
    origin: &[u8],
    peer: &[u8],
    note: &str,
    now_ms: i64,
) -> Result<TalkId> {
    let note = check_note(note)?;
    let (profile, me) = group::open_profile(tx, mls, origin)?;
    if peer == me.as_slice() {
        return Err(Error::invalid("member", "that is you"));
    }
    let name = member_name(tx, origin, peer)?.ok_or(Error::NotFound { what: "member" })?;
    if !profile.may_ask_to_talk(&me, peer) {
        return Err(Error::NotPermitted {
            action: "ask a member for a one-to-one talk here (this circle allows it with its facilitators)",
        });
    }
    let live = store::live_with(tx, origin, peer)?;
    if live.iter().any(|t| t.state == TalkState::Open) {
        return Err(Error::invalid(
            "member",
            "you already have a talk with them",
        ));
    }
    if let Some(waiting) = live.into_iter().find(|t| t.asked_by_us) {
        return Ok(waiting.id);
    }
    let blocked = store::known_talk_key(tx, origin, peer)?
        .map(|key| store::is_blocked(tx, &key))
        .transpose()?
        .unwrap_or(false);
    if blocked {
        return Err(Error::invalid(
            "member",
            "you blocked them: unblock them first",
        ));
    }
    let key_package = keys::new_key_package(tx, mls, false, now_ms)?;
    let id = TalkId(hex::encode(random_id(mls)?));
    let letter = Letter::Request {
        talk: id.to_string(),
        key_package: hex::encode(&key_package),
        note: note.to_string(),
    };
    send(tx, mls, origin, peer, &letter, now_ms)?;
    let row = TalkRow {
        id: id.clone(),
        origin: origin.to_vec(),
        peer: peer.to_vec(),
        peer_name: name,
        asked_by_us: true,
        state: TalkState::Asked,
        peer_talk_key: None,
        key_package: Some(key_package),
        talk_group: None,
    };
    store::insert(tx, &row, note, now_ms)?;
    Ok(id)
}

fn check_note(note: &str) -> Result<&str> {
    let note = note.trim();
    if note.chars().count() > TALK_NOTE_MAX {
        return Err(Error::invalid(
            "note",
            format!("must be at most {TALK_NOTE_MAX} characters"),
        ));
    }
    if note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::invalid(
            "note",
            "must not contain control characters",
        ));
    }
    Ok(note)
}

/// A talk of ours waiting in this state, asked by us or of us.
fn waiting(tx: &Transaction<'_>, id: &TalkId, asked_by_us: bool) -> Result<TalkRow> {
    store::by_id(tx, id)?
        .filter(|t| t.state == TalkState::Asked && t.asked_by_us == asked_by_us)
        .ok_or(Error::NotFound {
            what: if asked_by_us {
                "talk request of ours still waiting"
            } else {
                "talk request waiting for an answer"
            },
        })
}

/// Accepts a request: makes the two-person circle, with both of us facilitators and the
/// guidelines of the circle it began in, and queues the asker's add (its Welcome goes back
/// sealed once the relay took the commit). Returns the new circle's id.
pub(crate) fn accept(tx: &Transaction<'_>, mls: &Mls, id: &TalkId, now_ms: i64) -> Result<Vec<u8>> {
    let talk = waiting(tx, id, false)?;
    let (origin_profile, _) = group::open_profile(tx, mls, &talk.origin)?;
    let key_package = talk.key_package.as_deref().ok_or(Error::Corrupt {
        detail: "talk request",
    })?;
    let asker = keys::read_key_package(mls, key_package)?
        .leaf_node()
        .signature_key()
        .as_slice()
        .to_vec();
    let mut profile = CircleProfile::new(TALK_CIRCLE_NAME, "", &origin_profile.guidelines);
    profile.talk = true;
    profile.set_role(hex::encode(&asker), Role::Facilitator);
    let display_name = our_name(tx, &talk.origin)?;
    let group_id = membership::create(tx, mls, profile, &display_name, now_ms)?;
    let intent = Intent::AddTalker {
        talk: id.to_string(),
        key_package: hex::encode(key_package),
    };
    intents::queue(tx, &group_id, &intent, now_ms)?;
    store::answer(tx, id, TalkState::Open, Some(&group_id), now_ms)?;
    Ok(group_id)
}

/// The commit adding the asker was accepted: their Welcome goes to them, sealed, in the
/// circle where they asked.
pub(crate) fn welcome_ready(
    tx: &Transaction<'_>,
    mls: &Mls,
    id: &str,
    welcome: &[u8],
    now_ms: i64,
) -> Result<()> {
    let Some(talk) = store::by_id(tx, &TalkId(id.to_string()))? else {
        return Ok(());
    };
    let letter = Letter::Accepted {
        talk: id.to_string(),
        welcome: hex::encode(welcome),
    };
    if !send_if_reachable(tx, mls, &talk, &letter, now_ms)? {
        store::answer(tx, &talk.id, TalkState::Ended, None, now_ms)?;
    }
    Ok(())
}

/// Sends a letter about `talk` to its other person; false when the circle it began in is
/// gone from this phone (left, closed, the other person gone), so they cannot be reached.
fn send_if_reachable(
    tx: &Transaction<'_>,
    mls: &Mls,
    talk: &TalkRow,
    letter: &Letter,
    now_ms: i64,
) -> Result<bool> {
    match send(tx, mls, &talk.origin, &talk.peer, letter, now_ms) {
        Ok(()) => Ok(true),
        Err(Error::NotAMember | Error::CircleClosed | Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The commit that would have added the asker was refused for good: they hear it did not
/// work out, as a decline.
pub(crate) fn welcome_failed(tx: &Transaction<'_>, mls: &Mls, id: &str, now_ms: i64) -> Result<()> {
    let Some(talk) = store::by_id(tx, &TalkId(id.to_string()))? else {
        return Ok(());
    };
    store::answer(tx, &talk.id, TalkState::Ended, None, now_ms)?;
    let letter = Letter::Declined {
        talk: id.to_string(),
    };
    send_if_reachable(tx, mls, &talk, &letter, now_ms).map(|_| ())
}

/// Declines a request; the asker's phone says so, kindly.
pub(crate) fn decline(tx: &Transaction<'_>, mls: &Mls, id: &TalkId, now_ms: i64) -> Result<()> {
    let letter = Letter::Declined {
        talk: id.to_string(),
    };
    close_waiting(tx, mls, id, TalkState::Declined, &letter, now_ms)
}

/// Takes back a request of ours not answered yet.
pub(crate) fn withdraw(tx: &Transaction<'_>, mls: &Mls, id: &TalkId, now_ms: i64) -> Result<()> {
    let letter = Letter::Withdrawn {
        talk: id.to_string(),
    };
    close_waiting(tx, mls, id, TalkState::Withdrawn, &letter, now_ms)
}

/// Ends a request still waiting without a talk (we decline theirs, or withdraw ours) and
/// tells the other person.
fn close_waiting(
    tx: &Transaction<'_>,
    mls: &Mls,
    id: &TalkId,
    state: TalkState,
    letter: &Letter,
    now_ms: i64,
) -> Result<()> {
    let talk = waiting(tx, id, state == TalkState::Withdrawn)?;
    store::answer(tx, id, state, None, now_ms)?;
    send(tx, mls, &talk.origin, &talk.peer, letter, now_ms)
}

/// Ending a talk's circle on this phone (the close is queued by the caller): the talk is
/// over.
pub(crate) fn ended_here(tx: &Transaction<'_>, group_id: &[u8], now_ms: i64) -> Result<()> {
    if let Some(talk) = store::by_group(tx, group_id)? {
        store::answer(tx, &talk.id, TalkState::Ended, None, now_ms)?;
    }
    Ok(())
}

/// Blocks the other person of a talk (asked, open or over): they cannot ask us again from
/// any circle we share. Requests of theirs still waiting go unanswered; an open talk is
/// returned for the caller to end. Nobody is told.
pub(crate) fn block(tx: &Transaction<'_>, id: &TalkId, now_ms: i64) -> Result<Option<Vec<u8>>> {
    let talk = store::by_id(tx, id)?.ok_or(Error::NotFound { what: "talk" })?;
    let key = talk.peer_talk_key.ok_or(Error::invalid(
        "talk",
        "they have not answered yet: withdraw the request instead",
    ))?;
    store::add_block(tx, &key, &talk.peer_name, now_ms)?;
    if talk.state == TalkState::Asked && talk.asked_by_us {
        store::answer(tx, id, TalkState::Withdrawn, None, now_ms)?;
    }
    Ok(talk.talk_group.filter(|_| talk.state == TalkState::Open))
}

/// A letter arrived in circle `origin` from the member `sender`: opened when it is for us
/// and acted on; `Processed::NotForUs` otherwise (or when its sender is blocked).
pub(crate) fn receive_letter(
    tx: &Transaction<'_>,
    mls: &Mls,
    origin: &[u8],
    sender: &[u8],
    sealed_hex: &str,
    now_ms: i64,
) -> Result<Processed> {
    if sealed_hex.len() > 2 * letter::SEALED_MAX {
        return Err(refused("a sealed letter too large"));
    }
    let sealed = hex::decode(sealed_hex).map_err(|_| refused("a sealed letter that is not hex"))?;
    let ours = reports::our_key_pair(tx, mls, origin)?;
    let Some(opened) = letter::open(mls, origin, &ours, &sealed)? else {
        return Ok(Processed::NotForUs);
    };
    if opened.from != sender {
        return Err(refused("a letter passed on by someone else"));
    }
    if store::is_blocked(tx, &opened.talk_key)? {
        return Ok(Processed::NotForUs);
    }
    let id = TalkId::parse(opened.letter.talk()).map_err(|_| refused("a letter without a talk"))?;
    match &opened.letter {
        Letter::Request {
            key_package, note, ..
        } => requested(tx, mls, origin, &opened, id, key_package, note, now_ms),
        Letter::Accepted { welcome, .. } => {
            accepted(tx, mls, origin, &opened, &id, welcome, now_ms)
        }
        // They declined our request, or took theirs back.
        Letter::Declined { .. } => closed(tx, origin, &opened, &id, TalkState::Declined, now_ms),
        Letter::Withdrawn { .. } => closed(tx, origin, &opened, &id, TalkState::Withdrawn, now_ms),
    }
}

/// The other person answered a request without a talk: ours declined, or theirs withdrawn.
fn closed(
    tx: &Transaction<'_>,
    origin: &[u8],
    opened: &Opened,
    id: &TalkId,
    state: TalkState,
    now_ms: i64,
) -> Result<Processed> {
    let asked_by_us = state == TalkState::Declined;
    let talk = store::with_peer(tx, id, origin, &opened.from)?
        .filter(|t| t.state == TalkState::Asked && t.asked_by_us == asked_by_us)
        .ok_or(refused("an answer to no request"))?;
    store::learn_talk_key(tx, &talk.id, &opened.talk_key)?;
    store::answer(tx, &talk.id, state, None, now_ms)?;
    Ok(Processed::Talk)
}

#[allow(clippy::too_many_arguments)]
fn requested(
    tx: &Transaction<'_>,
    mls: &Mls,
    origin: &[u8],
    opened: &Opened,
    id: TalkId,
    key_package: &str,
    note: &str,
    now_ms: i64,
) -> Result<Processed> {
    let (profile, me) = group::open_profile(tx, mls, origin)?;
    if !profile.may_ask_to_talk(&opened.from, &me) {
        return Err(refused("a talk request this circle does not allow"));
    }
    if check_note(note).is_err() {
        return Err(refused("a talk request with a note out of bounds"));
    }
    let key_package =
        hex::decode(key_package).map_err(|_| refused("a talk request without a KeyPackage"))?;
    keys::read_key_package(mls, &key_package)?;
    if store::by_id(tx, &id)?.is_some() {
        return Ok(Processed::Duplicate);
    }
    if store::live_with(tx, origin, &opened.from)?
        .iter()
        .any(|t| !t.asked_by_us)
    {
        return Err(refused("a second talk request while one waits"));
    }
    if store::waiting_for_us(tx)? >= TALK_REQUESTS_WAITING_MAX {
        return Err(refused("too many talk requests waiting"));
    }
    let name = member_name(tx, origin, &opened.from)?.unwrap_or_else(|| "A member".into());
    let row = TalkRow {
        id,
        origin: origin.to_vec(),
        peer: opened.from.clone(),
        peer_name: name,
        asked_by_us: false,
        state: TalkState::Asked,
        peer_talk_key: Some(opened.talk_key.clone()),
        key_package: Some(key_package),
        talk_group: None,
    };
    store::insert(tx, &row, note.trim(), now_ms)?;
    Ok(Processed::Talk)
}

fn accepted(
    tx: &Transaction<'_>,
    mls: &Mls,
    origin: &[u8],
    opened: &Opened,
    id: &TalkId,
    welcome: &str,
    now_ms: i64,
) -> Result<Processed> {
    let talk = store::with_peer(tx, id, origin, &opened.from)?
        .filter(|t| t.state == TalkState::Asked && t.asked_by_us)
        .ok_or(refused("an answer to no request"))?;
    let welcome = hex::decode(welcome).map_err(|_| refused("a Welcome that is not hex"))?;
    let display_name = our_name(tx, origin)?;
    let group_id = membership::join(tx, mls, &welcome, &display_name, Joining::Talk, now_ms)?;
    store::learn_talk_key(tx, &talk.id, &opened.talk_key)?;
    store::answer(tx, &talk.id, TalkState::Open, Some(&group_id), now_ms)?;
    Ok(Processed::TalkOpened(group_id))
}
