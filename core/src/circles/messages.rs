//! A circle's stored messages: writing text and system events, applying reactions, edits and
//! deletions, and reading them back in the relay's order.

use super::provider::Mls;
use rusqlite::{params, OptionalExtension, Transaction};

use super::group::message_id;
use crate::error::Result;
use crate::store::stored_enum;

/// Longest text message, in characters.
pub const TEXT_MAX: usize = 10_000;
/// Longest reaction (one emoji, possibly with modifiers), in characters.
pub const EMOJI_MAX: usize = 16;
/// Different reactions one member may leave on one message.
pub const REACTIONS_PER_MEMBER_MAX: u32 = 3;

/// What a line of a circle's history is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// A member's message (text, or a check-in card).
    Text,
    /// An event this phone wrote into the history (someone joined, the name changed...).
    System,
}

// The SQL in this module filters on the stored value 'text' directly.
stored_enum!(MessageKind, "message kind", {
    MessageKind::Text => "text",
    MessageKind::System => "system",
});

/// A stored circle message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleMessage {
    /// Local row number (stable; the order is the relay's, see `relay_seq`).
    pub seq: i64,
    /// The sender's random message id.
    pub id: super::MessageId,
    /// A member's message or a system event.
    pub kind: MessageKind,
    /// The text (empty once deleted, and for system events).
    pub body: String,
    /// What happened, for a system event (each UI words it).
    pub event: Option<super::events::CircleEvent>,
    /// The sender's display name in this circle, if known (none for system events).
    pub sender_name: Option<String>,
    /// The sender's per-circle key (none for system events): what mute and the member list
    /// name them by.
    pub sender_key: Option<Vec<u8>>,
    /// Whether we sent it.
    pub from_me: bool,
    /// The message it replies to.
    pub reply_to: Option<super::MessageId>,
    /// The relay's sequence number, once known (none while it waits to be sent).
    pub relay_seq: Option<u64>,
    /// The epoch it was sent in.
    pub epoch: u64,
    /// When the sender says it was sent (Unix ms).
    pub sent_at_ms: i64,
    /// When it was last edited, if it was.
    pub edited_at_ms: Option<i64>,
    /// Whether it was deleted (by its sender, or by a facilitator).
    pub deleted: bool,
    /// Whether a facilitator removed it for everyone (show "removed by a facilitator").
    pub removed_by_facilitator: bool,
    /// Whether a facilitator pinned it.
    pub pinned: bool,
    /// Whether its sender is muted on this phone (show it collapsed).
    pub muted: bool,
    /// Whether this phone found risk language (suicide, self-harm, harm to others) in a
    /// message someone else sent: offer crisis support gently, never a diagnosis. Checked on
    /// this phone only, with the rule pack in use; nobody else learns of it.
    pub risk: bool,
    /// A check-in shared as a card (`body` holds its summary): draw the card.
    pub checkin: Option<super::card::CheckinCard>,
    /// A goal's week shared as a card (`body` holds its summary): draw the card.
    pub goal: Option<crate::goals::GoalCard>,
    /// Reactions: each emoji with how many members chose it and whether we did.
    pub reactions: Vec<Reaction>,
    /// The circle rule it broke, as this phone judged it: one that should have held it
    /// (show it collapsed, with the reason, to everyone), or one that flags it (kept on
    /// facilitators' phones and the sender's).
    pub breach: Option<super::rules::RuleBreach>,
}

/// One emoji's reactions to a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reaction {
    /// The emoji.
    pub emoji: String,
    /// How many members reacted with it.
    pub count: u32,
    /// Whether we are one of them.
    pub mine: bool,
}

/// One message row to store.
pub(crate) struct NewMessage<'a> {
    pub group_id: &'a [u8],
    pub id: &'a str,
    pub relay_seq: Option<u64>,
    pub epoch: u64,
    pub sender: Option<&'a [u8]>,
    pub kind: MessageKind,
    pub body: &'a str,
    pub reply_to: Option<&'a str>,
    pub sent_at_ms: i64,
    /// A shared card (JSON of a [`super::SharedCard`]); `body` is its summary.
    pub card: Option<&'a str>,
    /// A system event (its `body` is empty).
    pub event: Option<&'a super::events::CircleEvent>,
}

/// Stores a message once: a second copy with the same id is ignored (false).
pub(crate) fn store(tx: &Transaction<'_>, m: NewMessage<'_>, now_ms: i64) -> Result<bool> {
    let inserted = tx.prepare_cached("INSERT INTO circle_messages (group_id, id, relay_seq, epoch, sender, kind, body, reply_to, sent_at_ms, received_at_ms, card, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (group_id, id) DO NOTHING")?.execute(params![
            m.group_id,
            m.id,
            m.relay_seq.map(|s| s as i64),
            m.epoch as i64,
            m.sender,
            m.kind,
            m.body,
            m.reply_to,
            m.sent_at_ms,
            now_ms,
            m.card,
            m.event
        ],
    )?;
    Ok(inserted == 1)
}

/// Stores a system event at `relay_seq` (the delivery that caused it; 0 for local events
/// that come before anything from the relay).
pub(crate) fn system(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    relay_seq: u64,
    epoch: u64,
    event: &super::events::CircleEvent,
    now_ms: i64,
) -> Result<()> {
    let id = message_id(mls, now_ms)?;
    store(
        tx,
        NewMessage {
            group_id,
            id: &id,
            relay_seq: Some(relay_seq),
            epoch,
            sender: None,
            kind: MessageKind::System,
            body: "",
            reply_to: None,
            sent_at_ms: now_ms,
            card: None,
            event: Some(event),
        },
        now_ms,
    )?;
    Ok(())
}

/// A system event about something this device did or could not do, placed after what was
/// processed so far.
pub(crate) fn note(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    event: &super::events::CircleEvent,
    now_ms: i64,
) -> Result<()> {
    let provider = super::provider::Provider::new(mls, tx);
    let epoch = super::group::with_group(&provider, group_id, |group| Ok(group.epoch().as_u64()))?;
    let cursor = super::group::circle_row(tx, group_id)?.relay_cursor;
    system(tx, mls, group_id, cursor, epoch, event, now_ms)
}

/// The sender of message `id`, if it exists.
pub(crate) fn sender_of(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .prepare_cached(
            "SELECT sender FROM circle_messages WHERE group_id = ?1 AND id = ?2 AND kind = 'text'",
        )?
        .query_row(params![group_id, id], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
        .flatten())
}

/// Adds or withdraws `sender`'s reaction.
pub(crate) fn react(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
    sender: &[u8],
    emoji: &str,
    remove: bool,
) -> Result<bool> {
    if remove {
        tx.prepare_cached("DELETE FROM circle_reactions WHERE group_id = ?1 AND message_id = ?2 AND sender = ?3 AND emoji = ?4")?.execute(params![group_id, target, sender, emoji],
        )?;
        return Ok(true);
    }
    let (theirs, this_one): (u32, bool) = tx
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(MAX(emoji = ?4), 0) FROM circle_reactions
             WHERE group_id = ?1 AND message_id = ?2 AND sender = ?3",
        )?
        .query_row(params![group_id, target, sender, emoji], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if this_one {
        return Ok(true);
    }
    if theirs >= REACTIONS_PER_MEMBER_MAX {
        return Ok(false);
    }
    tx.prepare_cached("INSERT INTO circle_reactions (group_id, message_id, sender, emoji) VALUES (?1, ?2, ?3, ?4)")?.execute(params![group_id, target, sender, emoji],
    )?;
    Ok(true)
}

/// Replaces the text of `sender`'s message `target`; false if it is not theirs or is gone.
pub(crate) fn edit(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
    sender: &[u8],
    body: &str,
    at_ms: i64,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE circle_messages SET body = ?4, edited_at_ms = ?5
         WHERE group_id = ?1 AND id = ?2 AND sender = ?3 AND kind = 'text' AND deleted = 0 AND card IS NULL",
        )?
        .execute(params![group_id, target, sender, body, at_ms])?
        == 1)
}

/// Deletes `sender`'s message `target` (its text and reactions); false if not theirs.
pub(crate) fn delete(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
    sender: &[u8],
) -> Result<bool> {
    tombstone(tx, group_id, target, Some(sender))
}

/// Removes message `target` for everyone on a facilitator's word: its text and reactions go,
/// a tombstone stays, and it is no longer pinned. False when we do not have it.
pub(crate) fn remove_for_everyone(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
) -> Result<bool> {
    tombstone(tx, group_id, target, None)
}

/// Empties text message `target` (only `sender`'s, when given: a deletion by its author;
/// otherwise a facilitator's removal, marked so), unpins it and drops its reactions.
fn tombstone(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
    sender: Option<&[u8]>,
) -> Result<bool> {
    let emptied = tx
        .prepare_cached(
            "UPDATE circle_messages SET body = '', card = NULL, deleted = 1, pinned_at_seq = NULL,
               removed_by_facilitator = removed_by_facilitator OR ?3 IS NULL
             WHERE group_id = ?1 AND id = ?2 AND kind = 'text' AND (?3 IS NULL OR sender = ?3)",
        )?
        .execute(params![group_id, target, sender])?
        == 1;
    if emptied {
        tx.prepare_cached("DELETE FROM circle_reactions WHERE group_id = ?1 AND message_id = ?2")?
            .execute(params![group_id, target])?;
    }
    Ok(emptied)
}

/// Pins message `target` at relay position `at`, or unpins it (`None`). False when we do not
/// have it (or it was deleted).
pub(crate) fn pin(
    tx: &Transaction<'_>,
    group_id: &[u8],
    target: &str,
    at: Option<u64>,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE circle_messages SET pinned_at_seq = ?3
             WHERE group_id = ?1 AND id = ?2 AND kind = 'text' AND deleted = 0",
        )?
        .execute(params![group_id, target, at.map(|s| s as i64)])?
        == 1)
}

/// The pinned messages, most recently pinned first.
pub(crate) fn pinned(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<CircleMessage>> {
    let sql = format!(
        "{SELECT_MESSAGES} AND m.pinned_at_seq IS NOT NULL ORDER BY m.pinned_at_seq DESC, m.seq DESC"
    );
    query(tx, group_id, &sql, params![group_id])
}

/// The posts that broke one of the circle's rules and wait for a facilitator's look, newest
/// first.
pub(crate) fn flagged(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<CircleMessage>> {
    let sql = format!(
        "{SELECT_MESSAGES} AND m.rule_breach IS NOT NULL AND m.breach_dismissed = 0 AND m.deleted = 0
         ORDER BY m.relay_seq IS NULL DESC, m.relay_seq DESC, m.seq DESC"
    );
    query(tx, group_id, &sql, params![group_id])
}

/// Records the circle's disappearing-messages timer for this phone's reads and sweeps.
pub(crate) fn set_disappearing(
    tx: &Transaction<'_>,
    group_id: &[u8],
    seconds: Option<u64>,
) -> Result<()> {
    tx.prepare_cached("UPDATE circles SET disappear_after_s = ?2 WHERE group_id = ?1")?
        .execute(params![group_id, seconds.map(|s| s as i64)])?;
    Ok(())
}

/// Deletes the texts (and their reactions) that disappeared by `now_ms`; returns how many.
pub(crate) fn expire(tx: &Transaction<'_>, group_id: &[u8], now_ms: i64) -> Result<usize> {
    let Some(seconds): Option<i64> = tx
        .prepare_cached("SELECT disappear_after_s FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?
    else {
        return Ok(0);
    };
    let before = now_ms.saturating_sub(seconds.saturating_mul(1000));
    tx.prepare_cached(
        "DELETE FROM circle_reactions WHERE group_id = ?1 AND message_id IN
           (SELECT id FROM circle_messages WHERE group_id = ?1 AND kind = 'text' AND received_at_ms < ?2)",
    )?
    .execute(params![group_id, before])?;
    Ok(tx
        .prepare_cached(
            "DELETE FROM circle_messages WHERE group_id = ?1 AND kind = 'text' AND received_at_ms < ?2",
        )?
        .execute(params![group_id, before])?)
}

/// "1 hour", "7 days": a timer as people say it.
pub(crate) fn describe_seconds(seconds: u64) -> String {
    let (n, unit) = match seconds {
        s if s % 86_400 == 0 => (s / 86_400, "day"),
        s if s % 3_600 == 0 => (s / 3_600, "hour"),
        s => (s.div_ceil(60), "minute"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Marks everything up to relay position `relay_seq` read.
pub(crate) fn mark_read(tx: &Transaction<'_>, group_id: &[u8], relay_seq: u64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circles SET last_read_seq = MAX(last_read_seq, ?2) WHERE group_id = ?1",
    )?
    .execute(params![group_id, relay_seq as i64])?;
    Ok(())
}

/// The columns of a message row (`?1` is the group id), completed by a condition and order.
const SELECT_MESSAGES: &str =
    "SELECT m.seq, m.id, m.kind, m.body, cm.display_name, m.sender = c.signature_key, m.reply_to, m.relay_seq,
            m.epoch, m.sent_at_ms, m.edited_at_ms, m.deleted, m.removed_by_facilitator,
            m.pinned_at_seq IS NOT NULL, mu.signature_key IS NOT NULL, m.sender, m.card, m.event,
            m.rule_breach
     FROM circle_messages m JOIN circles c ON c.group_id = m.group_id
     LEFT JOIN circle_members cm ON cm.group_id = m.group_id AND cm.signature_key = m.sender
     LEFT JOIN circle_mutes mu ON mu.group_id = m.group_id AND mu.signature_key = m.sender
     WHERE m.group_id = ?1
       AND (c.disappear_after_s IS NULL OR m.kind != 'text'
            OR m.received_at_ms >= CAST(strftime('%s', 'now') AS INTEGER) * 1000 - c.disappear_after_s * 1000)";

/// Messages in the relay's order (system events sit at the delivery that caused them), then
/// our own posts the relay has not placed yet, in the order we wrote them. A page starts
/// after relay position `after`; the next page starts after the last one's `relay_seq`.
pub(crate) fn list(
    tx: &Transaction<'_>,
    group_id: &[u8],
    after: u64,
    limit: u32,
) -> Result<Vec<CircleMessage>> {
    let sql = format!(
        "{SELECT_MESSAGES} AND (m.relay_seq > ?2 OR m.relay_seq IS NULL OR (?2 = 0 AND m.relay_seq = 0))
         ORDER BY m.relay_seq IS NULL, m.relay_seq, m.seq LIMIT ?3"
    );
    query(tx, group_id, &sql, params![group_id, after as i64, limit])
}

/// One message by its id, as the lists show it.
pub(crate) fn get(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
) -> Result<Option<CircleMessage>> {
    let sql = format!("{SELECT_MESSAGES} AND m.id = ?2");
    Ok(query(tx, group_id, &sql, params![group_id, id])?.pop())
}

/// The newest `limit` messages (what a chat screen opens on), in the same order as [`list`].
pub(crate) fn latest(
    tx: &Transaction<'_>,
    group_id: &[u8],
    limit: u32,
) -> Result<Vec<CircleMessage>> {
    // The exact reverse of list's order, then turned back.
    let sql = format!(
        "{SELECT_MESSAGES} ORDER BY m.relay_seq IS NULL DESC, m.relay_seq DESC, m.seq DESC LIMIT ?2"
    );
    let mut newest_first = query(tx, group_id, &sql, params![group_id, limit])?;
    newest_first.reverse();
    Ok(newest_first)
}

/// Runs a message query and fills in each text's reactions.
fn query(
    tx: &Transaction<'_>,
    group_id: &[u8],
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<CircleMessage>> {
    let mut stmt = tx.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        let card = r
            .get::<_, Option<String>>(16)?
            .and_then(|card| serde_json::from_str::<super::SharedCard>(&card).ok());
        let (checkin, goal) = match card {
            Some(super::SharedCard::Checkin(c)) => (Some(c), None),
            Some(super::SharedCard::Goal(g)) => (None, Some(g)),
            None => (None, None),
        };
        Ok(CircleMessage {
            seq: r.get(0)?,
            id: r.get(1)?,
            kind: r.get(2)?,
            body: r.get(3)?,
            event: r.get(17)?,
            sender_name: r.get(4)?,
            from_me: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
            reply_to: r.get(6)?,
            relay_seq: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
            epoch: r.get::<_, i64>(8)? as u64,
            sent_at_ms: r.get(9)?,
            edited_at_ms: r.get(10)?,
            deleted: r.get(11)?,
            removed_by_facilitator: r.get(12)?,
            pinned: r.get(13)?,
            muted: r.get(14)?,
            sender_key: r.get(15)?,
            checkin,
            goal,
            risk: false,
            reactions: Vec::new(),
            breach: r
                .get::<_, Option<String>>(18)?
                .and_then(|b| serde_json::from_str(&b).ok()),
        })
    })?;
    let mut messages = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for m in messages
        .iter_mut()
        .filter(|m| m.kind == MessageKind::Text && !m.from_me && !m.deleted)
    {
        m.risk = crate::safety::assess(&m.body).is_risk();
    }
    let mut reactions = tx.prepare_cached(
        "SELECT r.emoji, COUNT(*), MAX(r.sender = c.signature_key)
         FROM circle_reactions r JOIN circles c ON c.group_id = r.group_id
         WHERE r.group_id = ?1 AND r.message_id = ?2 GROUP BY r.emoji ORDER BY MIN(r.rowid)",
    )?;
    for m in messages
        .iter_mut()
        .filter(|m| m.kind == MessageKind::Text && !m.deleted)
    {
        m.reactions = reactions
            .query_map(params![group_id, m.id], |r| {
                Ok(Reaction {
                    emoji: r.get(0)?,
                    count: r.get(1)?,
                    mine: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(messages)
}

#[cfg(test)]
mod kind_tests {
    #[test]
    fn every_message_kind_round_trips_and_an_unknown_one_is_corrupt() {
        crate::store::round_trips::<super::MessageKind>();
    }
}
