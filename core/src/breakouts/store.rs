//! The breakout groups this phone holds and the posts in them; the sweep that deletes both
//! once time is up.

use rusqlite::{params, OptionalExtension, Transaction};
use zeroize::Zeroizing;

use super::seal::Grant;
use super::{Breakout, BreakoutMember, BreakoutMessage};
use crate::circles::{group, GroupId};
use crate::error::{Error, Result};

/// Deletes every group whose time is up, and its posts; the circles they were in.
pub(crate) fn sweep(tx: &Transaction<'_>, now_ms: i64) -> Result<Vec<GroupId>> {
    let circles: Vec<GroupId> = tx
        .prepare_cached("SELECT DISTINCT group_id FROM breakouts WHERE ends_at_ms <= ?1")?
        .query_map([now_ms], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM breakout_messages WHERE breakout_id IN
           (SELECT id FROM breakouts WHERE ends_at_ms <= ?1)",
        [now_ms],
    )?;
    tx.execute("DELETE FROM breakouts WHERE ends_at_ms <= ?1", [now_ms])?;
    Ok(circles)
}

/// Deletes these groups of a circle now, and their posts.
pub(crate) fn delete(tx: &Transaction<'_>, group_id: &[u8], ids: &[String]) -> Result<usize> {
    let mut gone = 0;
    for id in ids {
        let removed = tx.execute(
            "DELETE FROM breakouts WHERE id = ?1 AND group_id = ?2",
            params![id, group_id],
        )?;
        if removed > 0 {
            tx.execute("DELETE FROM breakout_messages WHERE breakout_id = ?1", [id])?;
        }
        gone += removed;
    }
    Ok(gone)
}

/// Keeps a group this phone was told of (again: no change).
pub(crate) fn keep(
    tx: &Transaction<'_>,
    group_id: &[u8],
    grant: &Grant,
    key: &[u8],
    ends_at_ms: i64,
    mine: bool,
) -> Result<()> {
    tx.execute(
        "INSERT INTO breakouts (id, group_id, name, key, members, ends_at_ms, mine)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        params![
            grant.id,
            group_id,
            grant.name,
            key,
            serde_json::to_string(&grant.members)?,
            ends_at_ms,
            mine
        ],
    )?;
    Ok(())
}

fn members_of(json: &str) -> Result<Vec<BreakoutMember>> {
    serde_json::from_str(json).map_err(|_| Error::Corrupt {
        detail: "breakout members",
    })
}

/// The groups of a circle this phone holds, still running at `now_ms`: ours first.
pub(crate) fn list(tx: &Transaction<'_>, group_id: &[u8], now_ms: i64) -> Result<Vec<Breakout>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, name, members, ends_at_ms, mine FROM breakouts
         WHERE group_id = ?1 AND ends_at_ms > ?2 ORDER BY mine DESC, name, id",
    )?;
    let rows = stmt.query_map(params![group_id, now_ms], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, members, ends_at_ms, mine) = row?;
        out.push(Breakout {
            id,
            circle: GroupId::from_bytes(group_id.to_vec()),
            name,
            members: members_of(&members)?,
            ends_at_ms,
            mine,
        });
    }
    Ok(out)
}

/// The key and members of a running group of this circle.
pub(crate) fn key_of(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
    now_ms: i64,
) -> Result<(Zeroizing<Vec<u8>>, Vec<BreakoutMember>)> {
    let row: Option<(Vec<u8>, String)> = tx
        .query_row(
            "SELECT key, members FROM breakouts WHERE group_id = ?1 AND id = ?2 AND ends_at_ms > ?3",
            params![group_id, id, now_ms],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (key, members) = row.ok_or(Error::NotFound {
        what: "breakout group",
    })?;
    Ok((Zeroizing::new(key), members_of(&members)?))
}

/// Every running group's id and key in this circle (to try a sealed post with).
pub(crate) fn keys(
    tx: &Transaction<'_>,
    group_id: &[u8],
    now_ms: i64,
) -> Result<Vec<(String, Zeroizing<Vec<u8>>)>> {
    let mut stmt =
        tx.prepare_cached("SELECT id, key FROM breakouts WHERE group_id = ?1 AND ends_at_ms > ?2")?;
    let rows = stmt.query_map(params![group_id, now_ms], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Zeroizing::new(r.get::<_, Vec<u8>>(1)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps a post (again: no change).
pub(crate) fn add_message(
    tx: &Transaction<'_>,
    breakout: &str,
    id: &str,
    sender: &[u8],
    body: &str,
    sent_at_ms: i64,
    now_ms: i64,
) -> Result<bool> {
    Ok(tx.execute(
        "INSERT INTO breakout_messages (breakout_id, id, sender, body, sent_at_ms, received_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![breakout, id, sender, body, sent_at_ms, now_ms],
    )? > 0)
}

/// The posts in a running group of this circle, oldest first.
pub(crate) fn messages(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
    now_ms: i64,
) -> Result<Vec<BreakoutMessage>> {
    let (_, members) = key_of(tx, group_id, id, now_ms)?;
    let me = group::our_key(tx, group_id)?;
    let mut stmt = tx.prepare_cached(
        "SELECT m.id, m.sender, m.body, m.sent_at_ms, c.display_name
         FROM breakout_messages m
         LEFT JOIN circle_members c ON c.group_id = ?2 AND c.signature_key = m.sender
         WHERE m.breakout_id = ?1 ORDER BY m.received_at_ms, m.sent_at_ms, m.id",
    )?;
    let rows = stmt.query_map(params![id, group_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, sender, body, sent_at_ms, known) = row?;
        let listed = members
            .iter()
            .find(|m| m.key == hex::encode(&sender))
            .map(|m| m.name.clone());
        out.push(BreakoutMessage {
            id,
            sender_name: listed.or(known).unwrap_or_default(),
            is_mine: sender == me,
            body,
            sent_at_ms,
        });
    }
    Ok(out)
}

/// Our own name in a circle.
pub(crate) fn our_name(tx: &Transaction<'_>, group_id: &[u8]) -> Result<String> {
    Ok(tx
        .prepare_cached("SELECT display_name FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?)
}
