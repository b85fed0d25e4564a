//! Reading a circle's stored messages.

use rusqlite::{params, Transaction};

use crate::error::Result;

/// Longest text message, in characters.
pub const TEXT_MAX: usize = 10_000;

/// A stored circle message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleMessage {
    /// Local row number (stable; the order is the relay's, see `relay_seq`).
    pub seq: i64,
    /// The sender's random message id.
    pub id: String,
    /// `text` or `system`.
    pub kind: String,
    /// The text.
    pub body: String,
    /// The sender's display name in this circle, if known (none for system events).
    pub sender_name: Option<String>,
    /// Whether we sent it.
    pub from_me: bool,
    /// The message it replies to.
    pub reply_to: Option<String>,
    /// The relay's sequence number, once known.
    pub relay_seq: Option<u64>,
    /// The epoch it was sent in.
    pub epoch: u64,
    /// When the sender says it was sent (Unix ms).
    pub sent_at_ms: i64,
}

/// Messages in the relay's order (system events sit at the delivery that caused them), then
/// our own posts the relay has not placed yet, in the order we wrote them.
pub(crate) fn list(
    tx: &Transaction<'_>,
    group_id: &[u8],
    after: u64,
    limit: u32,
) -> Result<Vec<CircleMessage>> {
    let mut stmt = tx.prepare_cached(
        "SELECT m.seq, m.id, m.kind, m.body, cm.display_name, m.sender = c.signature_key, m.reply_to, m.relay_seq,
                m.epoch, m.sent_at_ms
         FROM circle_messages m JOIN circles c ON c.group_id = m.group_id
         LEFT JOIN circle_members cm ON cm.group_id = m.group_id AND cm.signature_key = m.sender
         WHERE m.group_id = ?1 AND (m.relay_seq > ?2 OR m.relay_seq IS NULL)
         ORDER BY m.relay_seq IS NULL, m.relay_seq, m.seq LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![group_id, after as i64, limit], |r| {
        Ok(CircleMessage {
            seq: r.get(0)?,
            id: r.get(1)?,
            kind: r.get(2)?,
            body: r.get(3)?,
            sender_name: r.get(4)?,
            from_me: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
            reply_to: r.get(6)?,
            relay_seq: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
            epoch: r.get::<_, i64>(8)? as u64,
            sent_at_ms: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
