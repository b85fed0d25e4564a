//! The talks this phone knows (`talks`) and the people it blocked (`talk_blocks`).

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{BlockedPerson, Talk, TalkId, TalkState};
use crate::circles::state::CircleState;
use crate::circles::GroupId;
use crate::error::Result;

/// One row of `talks`, as the flow works with it.
pub(super) struct TalkRow {
    pub id: TalkId,
    pub origin: Vec<u8>,
    pub peer: Vec<u8>,
    pub peer_name: String,
    pub asked_by_us: bool,
    pub state: TalkState,
    pub peer_talk_key: Option<Vec<u8>>,
    pub key_package: Option<Vec<u8>>,
    pub talk_group: Option<Vec<u8>>,
}

const COLUMNS: &str =
    "id, origin, peer, peer_name, asked_by_us, state, peer_talk_key, key_package, talk_group";

fn talk_row(r: &Row<'_>) -> rusqlite::Result<TalkRow> {
    Ok(TalkRow {
        id: r.get(0)?,
        origin: r.get(1)?,
        peer: r.get(2)?,
        peer_name: r.get(3)?,
        asked_by_us: r.get(4)?,
        state: r.get(5)?,
        peer_talk_key: r.get(6)?,
        key_package: r.get(7)?,
        talk_group: r.get(8)?,
    })
}

/// The talk with this id.
pub(super) fn by_id(tx: &Transaction<'_>, id: &TalkId) -> Result<Option<TalkRow>> {
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM talks WHERE id = ?1"))?
        .query_row([id], talk_row)
        .optional()?)
}

/// The talk with this id, between us and `peer` in `origin`.
pub(super) fn with_peer(
    tx: &Transaction<'_>,
    id: &TalkId,
    origin: &[u8],
    peer: &[u8],
) -> Result<Option<TalkRow>> {
    Ok(by_id(tx, id)?.filter(|t| t.origin == origin && t.peer == peer))
}

/// Our talks with `peer` of `origin` still asked or open, newest first.
pub(super) fn live_with(tx: &Transaction<'_>, origin: &[u8], peer: &[u8]) -> Result<Vec<TalkRow>> {
    let rows = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM talks WHERE origin = ?1 AND peer = ?2 AND state IN (?3, ?4)
             ORDER BY created_at_ms DESC"
        ))?
        .query_map(
            params![origin, peer, TalkState::Asked, TalkState::Open],
            talk_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // An open talk whose circle has ended is over.
    let mut live = Vec::new();
    for row in rows {
        if row.state == TalkState::Asked || circle_active(tx, row.talk_group.as_deref())? {
            live.push(row);
        }
    }
    Ok(live)
}

/// The talk whose two-person circle this is.
pub(super) fn by_group(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Option<TalkRow>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM talks WHERE talk_group = ?1"
        ))?
        .query_row([group_id], talk_row)
        .optional()?)
}

/// Requests from others waiting for our answer.
pub(super) fn waiting_for_us(tx: &Transaction<'_>) -> Result<usize> {
    Ok(tx
        .prepare_cached("SELECT COUNT(*) FROM talks WHERE asked_by_us = 0 AND state = ?1")?
        .query_row([TalkState::Asked], |r| r.get(0))?)
}

/// Records a talk asked for (by us or of us).
pub(super) fn insert(tx: &Transaction<'_>, row: &TalkRow, note: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO talks (id, origin, peer, peer_name, asked_by_us, state, note, peer_talk_key,
             key_package, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        row.id,
        row.origin,
        row.peer,
        row.peer_name,
        row.asked_by_us,
        row.state,
        note,
        row.peer_talk_key,
        row.key_package,
        now_ms
    ])?;
    Ok(())
}

/// Moves a talk on: its state, and once accepted its circle; the KeyPackage goes with any
/// answer.
pub(super) fn answer(
    tx: &Transaction<'_>,
    id: &TalkId,
    state: TalkState,
    talk_group: Option<&[u8]>,
    now_ms: i64,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE talks SET state = ?2, talk_group = COALESCE(?3, talk_group), key_package = NULL,
             answered_at_ms = ?4
         WHERE id = ?1",
    )?
    .execute(params![id, state, talk_group, now_ms])?;
    Ok(())
}

/// Remembers the other person's talk key, once a letter of theirs told it.
pub(super) fn learn_talk_key(tx: &Transaction<'_>, id: &TalkId, key: &[u8]) -> Result<()> {
    tx.prepare_cached("UPDATE talks SET peer_talk_key = ?2 WHERE id = ?1")?
        .execute(params![id, key])?;
    Ok(())
}

/// The talk key of the member `peer` of `origin`, when a letter of theirs told it.
pub(super) fn known_talk_key(
    tx: &Transaction<'_>,
    origin: &[u8],
    peer: &[u8],
) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .prepare_cached(
            "SELECT peer_talk_key FROM talks WHERE origin = ?1 AND peer = ?2
               AND peer_talk_key IS NOT NULL
             ORDER BY created_at_ms DESC LIMIT 1",
        )?
        .query_row(params![origin, peer], |r| r.get(0))
        .optional()?)
}

/// Whether we blocked the person with this talk key.
pub(super) fn is_blocked(tx: &Transaction<'_>, talk_key: &[u8]) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM talk_blocks WHERE talk_key = ?1)")?
        .query_row([talk_key], |r| r.get(0))?)
}

/// Blocks the person with this talk key; their requests still waiting go, unanswered.
pub(super) fn add_block(
    tx: &Transaction<'_>,
    talk_key: &[u8],
    name: &str,
    now_ms: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO talk_blocks (talk_key, display_name, blocked_at_ms) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![talk_key, name, now_ms])?;
    tx.prepare_cached(
        "UPDATE talks SET state = ?2, key_package = NULL, answered_at_ms = ?3
         WHERE peer_talk_key = ?1 AND asked_by_us = 0 AND state = ?4",
    )?
    .execute(params![
        talk_key,
        TalkState::Declined,
        now_ms,
        TalkState::Asked
    ])?;
    Ok(())
}

/// Lifts a block.
pub(crate) fn unblock(tx: &Transaction<'_>, talk_key: &[u8]) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM talk_blocks WHERE talk_key = ?1")?
        .execute([talk_key])?
        > 0)
}

/// The people we blocked, most recent first.
pub(crate) fn blocked(tx: &Transaction<'_>) -> Result<Vec<BlockedPerson>> {
    Ok(tx
        .prepare_cached(
            "SELECT talk_key, display_name, blocked_at_ms FROM talk_blocks
             ORDER BY blocked_at_ms DESC",
        )?
        .query_map([], |r| {
            Ok(BlockedPerson {
                key: r.get(0)?,
                display_name: r.get(1)?,
                blocked_at_ms: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn circle_active(tx: &Transaction<'_>, group_id: Option<&[u8]>) -> Result<bool> {
    let Some(group_id) = group_id else {
        return Ok(true); // accepted, its circle not made yet
    };
    match crate::circles::group::circle_row(tx, group_id) {
        Ok(row) => Ok(row.state == CircleState::Active),
        Err(crate::Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Every talk this phone knows, newest first; `origin` narrows them to one circle's.
/// `circle_name` names the circle a talk began in (empty once this phone has lost it).
pub(crate) fn list(
    tx: &Transaction<'_>,
    origin: Option<&[u8]>,
    circle_name: impl Fn(&[u8]) -> String,
) -> Result<Vec<Talk>> {
    let rows: Vec<(Talk, Option<Vec<u8>>)> = tx
        .prepare_cached(
            "SELECT id, origin, peer_name, asked_by_us, state, note, talk_group, created_at_ms,
                 answered_at_ms
             FROM talks WHERE ?1 IS NULL OR origin = ?1
             ORDER BY created_at_ms DESC, id",
        )?
        .query_map([origin], |r| {
            let origin: Vec<u8> = r.get(1)?;
            let talk_group: Option<Vec<u8>> = r.get(6)?;
            Ok((
                Talk {
                    id: r.get(0)?,
                    circle_name: circle_name(&origin),
                    circle: GroupId::from_bytes(origin),
                    with_name: r.get(2)?,
                    asked_by_me: r.get(3)?,
                    state: r.get(4)?,
                    note: r.get(5)?,
                    talk_circle: talk_group.clone().map(GroupId::from_bytes),
                    asked_at_ms: r.get(7)?,
                    answered_at_ms: r.get(8)?,
                },
                talk_group,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut talks = Vec::with_capacity(rows.len());
    for (mut talk, group) in rows {
        if talk.state == TalkState::Open && !circle_active(tx, group.as_deref())? {
            talk.state = TalkState::Ended;
        }
        talks.push(talk);
    }
    Ok(talks)
}

/// The other person's name, when this circle is a talk of ours.
pub(crate) fn talk_with(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Option<String>> {
    Ok(by_group(tx, group_id)?.map(|t| t.peer_name))
}

/// The circle a talk began in and the other person's key there, when this circle is a talk.
pub(crate) fn origin_of(
    tx: &Transaction<'_>,
    group_id: &[u8],
) -> Result<Option<(GroupId, Vec<u8>)>> {
    Ok(by_group(tx, group_id)?.map(|t| (GroupId::from_bytes(t.origin), t.peer)))
}
