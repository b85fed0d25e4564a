//! An outbox row as stored: what kind of post it holds, where a commit's Welcome goes, and
//! the queries that find a circle's rows.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension, Transaction};

use super::Ticket;
use crate::error::{Error, Result};
use crate::store::stored_enum;

/// What an outbox row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutboxKind {
    /// A payload (message, reaction, moderation...) encrypted when it is its turn.
    Payload,
    /// Our proposal (a leave or a key update), made for one epoch.
    Proposal,
    /// Our commit, made for one epoch, with the Welcome for the members it adds.
    Commit,
    /// A Welcome for a device's inbox, queued once the commit that made it was accepted.
    Welcome,
}

stored_enum!(OutboxKind, "outbox kind", {
    OutboxKind::Payload => "payload",
    OutboxKind::Proposal => "proposal",
    OutboxKind::Commit => "commit",
    OutboxKind::Welcome => "welcome",
});

/// Where a commit's Welcome goes once the relay accepted the commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WelcomeTo {
    /// A device's Welcome inbox (its relay device id).
    Device(String),
    /// Back through the invite code this nameplate names, to the person who used it.
    Invite(String),
    /// Sealed to the person who asked for this one-to-one talk (its id), in the circle
    /// where they asked.
    Talk(String),
}

/// Stored in `welcome_to`: a device id as is (32 hex digits, never with a colon), an invite
/// or a talk as its prefix and its nameplate or id.
const INVITE_PREFIX: &str = "invite:";
const TALK_PREFIX: &str = "talk:";

impl ToSql for WelcomeTo {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            WelcomeTo::Device(id) => id.as_str().into(),
            WelcomeTo::Invite(nameplate) => format!("{INVITE_PREFIX}{nameplate}").into(),
            WelcomeTo::Talk(id) => format!("{TALK_PREFIX}{id}").into(),
        })
    }
}

impl FromSql for WelcomeTo {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        if let Some(id) = text.strip_prefix(TALK_PREFIX).filter(|id| !id.is_empty()) {
            return Ok(WelcomeTo::Talk(id.into()));
        }
        match text.strip_prefix(INVITE_PREFIX) {
            Some(nameplate) if !nameplate.is_empty() => Ok(WelcomeTo::Invite(nameplate.into())),
            None if !text.is_empty() && !text.contains(':') => Ok(WelcomeTo::Device(text.into())),
            _ => Err(FromSqlError::Other(Box::new(Error::Corrupt {
                detail: "outbox welcome destination",
            }))),
        }
    }
}

/// One outbox row, without the Welcome a commit carries (its largest column, read only when
/// the commit is accepted).
pub(super) struct Row {
    /// Its place in the queue (used again once the queue has emptied).
    pub id: i64,
    /// What names it to the relay's answer.
    pub ticket: Ticket,
    pub kind: OutboxKind,
    pub payload: Option<String>,
    /// For a payload shown as a message of its own: that message's id.
    pub message_id: Option<String>,
    pub epoch: Option<i64>,
    pub client_id: Option<Vec<u8>>,
    pub message: Option<Vec<u8>>,
    pub commit_auth: Option<String>,
    pub welcome_to: Option<WelcomeTo>,
    pub intent_id: Option<super::super::intents::IntentId>,
    pub created_at_ms: i64,
}

const ROW_COLUMNS: &str = "id, ticket, kind, payload, message_id, epoch, client_id, message, \
     commit_auth, welcome_to, intent_id, created_at_ms";

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

    /// A column the row's kind requires, or `Corrupt`.
    pub fn required<T: Clone>(&self, column: &Option<T>) -> Result<T> {
        column.clone().ok_or(Error::Corrupt {
            detail: "outbox row",
        })
    }
}

/// Which of a circle's rows [`first`] looks at.
pub(super) enum Only {
    /// Rows of these kinds.
    Kinds(&'static [OutboxKind]),
    /// Payloads that are not posts (reactions, moderation...): what a member whose posts are
    /// held may still send.
    NonPostPayloads,
}

/// The circle's oldest outbox row of these kinds.
pub(super) fn first(tx: &Transaction<'_>, group_id: &[u8], only: Only) -> Result<Option<Row>> {
    let (kinds, extra) = match only {
        Only::Kinds(kinds) => (kinds, ""),
        Only::NonPostPayloads => (&[OutboxKind::Payload][..], " AND is_post = 0"),
    };
    let placeholders = (0..kinds.len())
        .map(|i| format!("?{}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM circle_outbox
         WHERE group_id = ?1 AND kind IN ({placeholders}){extra} ORDER BY id LIMIT 1"
    );
    let values =
        std::iter::once(&group_id as &dyn ToSql).chain(kinds.iter().map(|k| k as &dyn ToSql));
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), Row::read)
        .optional()?)
}

/// The row of the item the relay answered. An answer for an item that is gone (settled by
/// another process's sync, say) names nothing, as tickets are never used again.
pub(super) fn by_ticket(tx: &Transaction<'_>, group_id: &[u8], ticket: Ticket) -> Result<Row> {
    let sql =
        format!("SELECT {ROW_COLUMNS} FROM circle_outbox WHERE group_id = ?1 AND ticket = ?2");
    tx.prepare_cached(&sql)?
        .query_row(rusqlite::params![group_id, ticket], Row::read)
        .optional()?
        .ok_or(Error::NotFound {
            what: "outbox item",
        })
}

/// Removes a row.
pub(super) fn delete(tx: &Transaction<'_>, row: &Row) -> Result<()> {
    tx.prepare_cached("DELETE FROM circle_outbox WHERE id = ?1")?
        .execute([row.id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outbox_kind_round_trips_and_an_unknown_one_is_corrupt() {
        crate::store::round_trips::<OutboxKind>();
    }

    #[test]
    fn welcome_destinations_round_trip_and_a_damaged_one_is_corrupt() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        for to in [
            WelcomeTo::Device("0123456789abcdef0123456789abcdef".into()),
            WelcomeTo::Invite("4821".into()),
            WelcomeTo::Talk("00112233445566778899aabbccddeeff".into()),
        ] {
            let back: WelcomeTo = db.query_row("SELECT ?1", [&to], |r| r.get(0)).unwrap();
            assert_eq!(back, to);
        }
        for damaged in ["", "invite:", "mailbox:4821"] {
            let read: Result<WelcomeTo> = db
                .query_row("SELECT ?1", [damaged], |r| r.get(0))
                .map_err(Error::from);
            assert!(matches!(read, Err(Error::Corrupt { .. })), "{damaged:?}");
        }
    }
}
