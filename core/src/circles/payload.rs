//! What travels inside a circle's application messages (encrypted by MLS; padded by openmls).
//! Every payload carries a random `id`, so a copy sent again is recognised.

use serde::{Deserialize, Serialize};

/// One application message's plaintext.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Payload {
    /// A text message.
    Text {
        id: String,
        body: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<String>,
        sent_at_ms: i64,
    },
    /// A check-in shared as a card.
    Checkin {
        id: String,
        card: super::card::CheckinCard,
        sent_at_ms: i64,
    },
    /// A goal's week shared as a card.
    Goal {
        id: String,
        card: crate::goals::GoalCard,
        sent_at_ms: i64,
    },
    /// A member's display name in this circle (sent on joining and when members join).
    Intro {
        id: String,
        display_name: String,
        sent_at_ms: i64,
        /// The guidelines version the member accepted (told again with every introduction,
        /// so members who join later know it too).
        #[serde(default, skip_serializing_if = "is_zero")]
        accepted: u32,
        /// Hex of the member's per-circle report key (X25519): reports are sealed to the
        /// keys of whoever facilitates, so every member announces one.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        report_key: String,
    },
    /// A reaction to a message, or its withdrawal.
    Reaction {
        id: String,
        target: String,
        emoji: String,
        #[serde(default)]
        remove: bool,
    },
    /// New text for one of the sender's own messages.
    Edit {
        id: String,
        target: String,
        body: String,
        sent_at_ms: i64,
    },
    /// Deletes one of the sender's own messages for everyone.
    Delete { id: String, target: String },
    /// The sender accepts the circle's guidelines at this version.
    Accept { id: String, version: u32 },
    /// A facilitator removes a message for everyone (a tombstone stays in its place).
    Remove { id: String, target: String },
    /// A facilitator pins a message, or unpins it.
    Pin {
        id: String,
        target: String,
        #[serde(default)]
        unpin: bool,
    },
    /// A facilitator pauses a member's posting (hex of their per-circle key) for `seconds`
    /// from when the relay received this; 0 ends a timeout early.
    Timeout {
        id: String,
        member: String,
        seconds: u64,
        #[serde(default)]
        reason: String,
    },
    /// A letter about a one-to-one talk, sealed to one member (hex; see `crate::talks`).
    Letter { id: String, sealed: String },
    /// A facilitator opens or ends breakout groups: one slot per member, each sealed to
    /// that member's report key (hex; see `crate::breakouts`).
    Breakouts { id: String, slots: Vec<String> },
    /// A post in a breakout group, sealed under the group's key (hex): only its members
    /// and the facilitators can open it.
    BreakoutPost { id: String, sealed: String },
    /// Between a circle's facilitators, about its join requests: one slot per facilitator
    /// and co-facilitator but the sender, each sealed to their report key (hex; see
    /// `crate::finding::desk`).
    RequestDesk { id: String, slots: Vec<String> },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The longest id a payload may carry or name (ids this app makes are 32 hex digits; a
/// member's key, named by a timeout, is 64).
pub(crate) const ID_MAX: usize = 64;

/// Whether `id` could be an id: 1 to [`ID_MAX`] hex digits.
fn plausible_id(id: &str) -> bool {
    (1..=ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Payload {
    /// Whether every id it carries or names is plausible (a misbehaving member cannot make
    /// every phone store and index hundreds of kilobytes under one id).
    pub(crate) fn ids_are_plausible(&self) -> bool {
        let named: Option<&str> = match self {
            Payload::Text { reply_to, .. } => reply_to.as_deref(),
            Payload::Reaction { target, .. }
            | Payload::Edit { target, .. }
            | Payload::Delete { target, .. }
            | Payload::Remove { target, .. }
            | Payload::Pin { target, .. } => Some(target),
            Payload::Timeout { member, .. } => Some(member),
            Payload::Checkin { .. }
            | Payload::Goal { .. }
            | Payload::Intro { .. }
            | Payload::Accept { .. }
            | Payload::Letter { .. }
            | Payload::Breakouts { .. }
            | Payload::BreakoutPost { .. }
            | Payload::RequestDesk { .. } => None,
        };
        plausible_id(self.id()) && named.is_none_or(plausible_id)
    }

    /// The payload's own id (carried against re-sent copies).
    pub(crate) fn id(&self) -> &str {
        match self {
            Payload::Text { id, .. }
            | Payload::Checkin { id, .. }
            | Payload::Goal { id, .. }
            | Payload::Intro { id, .. }
            | Payload::Reaction { id, .. }
            | Payload::Edit { id, .. }
            | Payload::Delete { id, .. }
            | Payload::Accept { id, .. }
            | Payload::Remove { id, .. }
            | Payload::Pin { id, .. }
            | Payload::Timeout { id, .. }
            | Payload::Letter { id, .. }
            | Payload::Breakouts { id, .. }
            | Payload::RequestDesk { id, .. }
            | Payload::BreakoutPost { id, .. } => id,
        }
    }

    /// Whether it is stored and shown as a message of its own (a text or a shared card),
    /// which the outbox ties to its row until the relay places it.
    pub(crate) fn is_message(&self) -> bool {
        matches!(
            self,
            Payload::Text { .. } | Payload::Checkin { .. } | Payload::Goal { .. }
        )
    }

    /// Whether this is a post: what a timeout or guidelines not yet accepted hold back.
    pub(crate) fn is_post(&self) -> bool {
        matches!(
            self,
            Payload::Text { .. }
                | Payload::Checkin { .. }
                | Payload::Goal { .. }
                | Payload::Reaction { .. }
                | Payload::Edit { .. }
                | Payload::BreakoutPost { .. }
        )
    }

    /// What a circle's rules judge in it: the words it shows (a text, an edit, a card's
    /// summary) and where they go (the message itself, or the message an edit changes), and
    /// whether it is a new post. None for everything else.
    pub(crate) fn judged_words(&self) -> Option<(String, &str, bool)> {
        match self {
            Payload::Text { id, body, .. } => Some((body.clone(), id, true)),
            Payload::Checkin { id, card, .. } => Some((card.summary(), id, true)),
            Payload::Goal { id, card, .. } => Some((card.summary(), id, true)),
            Payload::Edit { target, body, .. } => Some((body.clone(), target, false)),
            _ => None,
        }
    }
}
