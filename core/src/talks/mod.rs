//! One-to-one talks (as Messenger and 7 Cups offer them): from inside a circle, a member asks
//! a facilitator (or another member, where the circle allows it) for a private conversation;
//! the other accepts or declines. Accepted, it becomes a two-person circle of its own.
//!
//! - `letter`: the request and its answers, signed and sealed to the other person's
//!   per-circle report key, carried as ordinary messages of the circle they share. The
//!   asker's KeyPackage travels in the request and the Welcome in the answer: no device id,
//!   no code, and the relay sees only one more mailbox, opened by the person who accepted,
//!   under keys that appear nowhere else.
//! - `identity`: our talk key, the same in every circle and told only to the people we ask
//!   or answer, so a block holds across every circle shared with them.
//! - `store`: the talks this phone knows and the people it blocked; `flow`: asking,
//!   answering, ending and blocking.
//!
//! A talk is a circle with `talk` set in its profile: both people are facilitators from the
//! start (either can end it), nobody else can be added, no roles change; reports from it go
//! to the facilitators of the circle it began in.

mod flow;
mod identity;
mod letter;
mod store;

use std::fmt;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::circles::GroupId;
use crate::error::{Error, Result};

pub(crate) use flow::{
    accept, ask, block, decline, ended_here, receive_letter, welcome_failed, welcome_ready,
    withdraw,
};
pub(crate) use store::{blocked, list, origin_of, talk_with, unblock};

/// The longest note a request may carry, in characters.
pub const TALK_NOTE_MAX: usize = 500;

/// How many requests from others may wait for an answer on this phone at once (more are
/// refused until some are answered).
pub const TALK_REQUESTS_WAITING_MAX: usize = 50;

/// The name a talk's circle carries (each phone shows the other person's name instead).
pub(crate) const TALK_CIRCLE_NAME: &str = "Private talk";

/// A talk's id: 32 hex digits the asker chose.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TalkId(String);

impl TalkId {
    /// The id in these hex digits; `InvalidInput` otherwise.
    pub fn parse(text: &str) -> Result<TalkId> {
        let text = text.trim().to_ascii_lowercase();
        if text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(TalkId(text))
        } else {
            Err(Error::invalid("talk", "not a talk id"))
        }
    }

    /// The id as hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TalkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TalkId({})", self.0)
    }
}

impl fmt::Display for TalkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToSql for TalkId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for TalkId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        String::column_result(value).map(TalkId)
    }
}

/// Where a talk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TalkState {
    /// Asked, not answered yet.
    Asked,
    /// Accepted: the two-person circle is open (or opening).
    Open,
    /// The person asked said not now.
    Declined,
    /// The asker took the request back.
    Withdrawn,
    /// Either person ended it, or blocked the other.
    Ended,
}

crate::store::stored_enum!(TalkState, "talk state", {
    TalkState::Asked => "asked",
    TalkState::Open => "open",
    TalkState::Declined => "declined",
    TalkState::Withdrawn => "withdrawn",
    TalkState::Ended => "ended",
});

/// A talk as this phone knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Talk {
    /// Its id.
    pub id: TalkId,
    /// The circle it was asked for in.
    pub circle: GroupId,
    /// That circle's name (empty once this phone no longer has it).
    pub circle_name: String,
    /// The other person's name in that circle.
    pub with_name: String,
    /// Whether we asked (or were asked).
    pub asked_by_me: bool,
    /// Where it stands.
    pub state: TalkState,
    /// The asker's note (may be empty).
    pub note: String,
    /// The two-person circle, once accepted.
    pub talk_circle: Option<GroupId>,
    /// When it was asked for (Unix ms, this phone's clock).
    pub asked_at_ms: i64,
    /// When it was answered, withdrawn or ended.
    pub answered_at_ms: Option<i64>,
}

/// Someone this phone blocked from asking for talks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedPerson {
    /// Their talk key (names them in `unblock`).
    pub key: Vec<u8>,
    /// Their name when they were blocked.
    pub display_name: String,
    /// When (Unix ms).
    pub blocked_at_ms: i64,
}
