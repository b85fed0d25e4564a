//! Breakout groups (as Zoom, Discord and Teams offer them): during a meeting a facilitator
//! splits the circle into small groups (2 to 5 people, by hand or at random) for a set time.
//!
//! Each group is keyed from the circle: the facilitator's phone makes a random key per group
//! and sends one `Breakouts` message to the circle with a slot per member, each sealed by HPKE
//! to that member's report key (as talk letters are). A member's slot holds only their own
//! group; a facilitator's or co-facilitator's holds every group; a member left out gets an
//! empty slot, so every slot looks alike and nobody learns the groups from the message. Posts
//! in a group are ordinary circle messages sealed under its key: the rest of the circle's
//! phones cannot open them and keep nothing.
//!
//! Time is up by the relay's clock (when it received the opening message, plus the minutes
//! asked for), the same on every phone: each phone then deletes the group's key and every
//! post in it (at the next look or sync pass). A facilitator can end them all earlier.
//!
//! - `split`: even groups at random; `seal`: the slots and the posts; `store`: the groups
//!   and posts this phone holds, and the sweep; `flow`: starting, posting, ending, receiving.

mod flow;
mod seal;
mod split;
mod store;

pub(crate) use flow::{end, post, start};
pub(crate) use flow::{receive_notice, receive_post};
pub use flow::{BreakoutPlan, BREAKOUT_MINUTES_MAX, BREAKOUT_MINUTES_MIN};
pub(crate) use store::{list, messages, sweep};

use crate::circles::GroupId;

/// The fewest people in a breakout group.
pub const GROUP_MIN: usize = 2;
/// The most people in a breakout group.
pub const GROUP_MAX: usize = 5;

/// A breakout group this phone holds the key of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakout {
    /// Its id (32 hex digits).
    pub id: String,
    /// The circle it was made in.
    pub circle: GroupId,
    /// Its name ("Group 1").
    pub name: String,
    /// Who is in it: per-circle key and name.
    pub members: Vec<BreakoutMember>,
    /// When time is up (Unix ms, the relay's clock).
    pub ends_at_ms: i64,
    /// Whether we are in it (a facilitator holds every group's key, in it or not).
    pub mine: bool,
}

/// Someone in a breakout group.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BreakoutMember {
    /// Hex of their per-circle key.
    pub key: String,
    /// Their name in the circle.
    pub name: String,
}

/// A post in a breakout group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakoutMessage {
    /// Its id.
    pub id: String,
    /// Who sent it (their name in the circle).
    pub sender_name: String,
    /// Whether we sent it.
    pub is_mine: bool,
    /// The text.
    pub body: String,
    /// When the sender wrote it (Unix ms, their clock).
    pub sent_at_ms: i64,
}
