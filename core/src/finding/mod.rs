//! Finding a circle (as HealthUnlocked and CommonGround offer it): an organisation publishes a
//! signed directory of circles open to requests; a person browses it by topic and asks to
//! join one; a facilitator answers with an invite code or a kind no.
//!
//! - `directory`: the signed file, checked against the organisation key this phone pinned.
//! - `drop_seal`: every request and answer is one fixed-size blob sealed by HPKE to one key,
//!   left in a relay drop inbox ([`hearth_protocol::DROP_SIZE`]).
//! - `notes`: what a request and an answer say.
//! - `asking`: the person's side: the requests sent, the reply inbox each waits on.
//! - `answering`: the facilitator's side: a circle's request inbox and what arrived there.
//! - `desk`: that inbox shared by every facilitator and co-facilitator of the circle, and
//!   each answer told to the others.
//! - `directories`: the directories this phone trusts and the circles they list.
//!
//! The relay learns that an inbox received a blob of the one size, and when: not who asked,
//! for which circle, what they said, or whether they were let in. The request carries only
//! the name and note the person chose, and an inbox of theirs that nothing else names.

pub(crate) mod answering;
pub(crate) mod asking;
pub(crate) mod desk;
pub(crate) mod directories;
pub mod directory;
mod drop_seal;
mod keys;
mod notes;

pub(crate) use answering::AnswerWork;
pub(crate) use asking::AskWork;
pub use directories::{DirectorySource, FoundCircle, DIRECTORIES_MAX};
pub use directory::{Directory, ListedCircle};

use crate::circles::GroupId;
use crate::error::{Error, Result};
use crate::store::{stored_enum, stored_id};

/// The longest note a request may carry, in characters.
pub const REQUEST_NOTE_MAX: usize = 600;
/// The longest word a facilitator sends with an answer, in characters.
pub const ANSWER_MESSAGE_MAX: usize = 500;
/// How many requests may wait for an answer on a facilitator's phone, per circle (more are
/// set aside, unread, until some are answered: the relay's daily quota bounds them too).
pub const REQUESTS_WAITING_MAX: usize = 100;

stored_id!(
    /// A join request this phone sent.
    SentRequestId
);

stored_id!(
    /// A join request that arrived in one of this phone's request inboxes.
    ReceivedRequestId
);

/// Where a request this phone sent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentRequestState {
    /// Waiting to be left in the circle's request inbox (the next sync).
    Sending,
    /// Left there; no answer yet.
    Waiting,
    /// A facilitator sent a code: join with it.
    Invited,
    /// A facilitator said not this time.
    Declined,
    /// The circle no longer takes requests (its inbox is gone from the relay).
    Undeliverable,
    /// Joined with the code (the join itself shows under the circles).
    Joined,
}

stored_enum!(SentRequestState, "sent request state", {
    SentRequestState::Sending => "sending",
    SentRequestState::Waiting => "waiting",
    SentRequestState::Invited => "invited",
    SentRequestState::Declined => "declined",
    SentRequestState::Undeliverable => "undeliverable",
    SentRequestState::Joined => "joined",
});

/// A join request this phone sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentRequest {
    /// Its id.
    pub id: SentRequestId,
    /// The organisation whose directory listed the circle.
    pub organisation: String,
    /// The circle as the directory names it.
    pub circle_id: String,
    /// Its name there.
    pub circle_name: String,
    /// What the person wrote.
    pub note: String,
    /// Where it stands.
    pub state: SentRequestState,
    /// The code a facilitator sent (while [`SentRequestState::Invited`]).
    pub code: Option<String>,
    /// The facilitator's word with the answer (may be empty).
    pub message: Option<String>,
    /// When it was written (Unix ms).
    pub sent_at_ms: i64,
    /// When the answer arrived.
    pub answered_at_ms: Option<i64>,
}

/// Where a request that arrived stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceivedRequestState {
    /// Nobody has answered it yet.
    Waiting,
    /// A code went to the person.
    Invited,
    /// They were told not this time.
    Declined,
}

stored_enum!(ReceivedRequestState, "received request state", {
    ReceivedRequestState::Waiting => "waiting",
    ReceivedRequestState::Invited => "invited",
    ReceivedRequestState::Declined => "declined",
});

/// A join request that arrived for a circle this phone opened to requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// Its id.
    pub id: ReceivedRequestId,
    /// The circle.
    pub circle: GroupId,
    /// The listing it came through (the directory's name for the circle).
    pub listing: String,
    /// The name the person gave.
    pub name: String,
    /// What they wrote.
    pub note: String,
    /// Where it stands.
    pub state: ReceivedRequestState,
    /// The code's nameplate, once invited (its invite shows with the circle's codes).
    pub nameplate: Option<String>,
    /// When it arrived (Unix ms).
    pub received_at_ms: i64,
    /// When it was answered.
    pub answered_at_ms: Option<i64>,
    /// The name of the other facilitator who answered it (`None`: not answered, or answered
    /// on this phone).
    pub answered_by: Option<String>,
}

/// A circle this phone opened to requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInbox {
    /// The circle.
    pub circle: GroupId,
    /// Whether the relay has opened it yet.
    pub ready: bool,
    /// Its entry for the organisation's directory (JSON, `id`, `description`, `topics`,
    /// `schedule` and `languages` left for the organisation to fill in).
    pub listing_entry: String,
}

/// Checks a text field of a directory, request or answer: its length in characters, and no
/// control characters but line breaks (whoever wrote it, a modified app included).
pub(crate) fn bounded(
    value: &str,
    field: &'static str,
    chars: std::ops::RangeInclusive<usize>,
) -> Result<()> {
    if !chars.contains(&value.chars().count()) {
        let (least, most) = (chars.start(), chars.end());
        return Err(Error::invalid(
            field,
            if *least == 0 {
                format!("at most {most} characters")
            } else {
                format!("{least} to {most} characters")
            },
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::invalid(field, "holds control characters"));
    }
    Ok(())
}

/// What a person typed, trimmed and [`bounded`] to at most `max` characters.
pub(crate) fn typed(value: &str, field: &'static str, max: usize) -> Result<String> {
    let value = value.trim();
    bounded(value, field, 0..=max)?;
    Ok(value.to_string())
}
