//! What travels sealed in drops: a person's join request, and a facilitator's answer.

use hearth_protocol::Bytes;
use serde::{Deserialize, Serialize};

/// A request to join, sealed to the circle's request key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JoinRequest {
    /// The circle as the directory names it (one inbox may serve several listings).
    pub circle: String,
    /// The name the person gives.
    pub name: String,
    /// What they want the facilitators to know.
    pub note: String,
    /// Where the answer goes: an inbox of theirs on the same relay.
    pub reply_inbox: Bytes,
    /// The key the answer is sealed to (X25519).
    pub reply_key: Bytes,
}

/// A facilitator's answer, sealed to the asker's reply key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum JoinAnswer {
    /// Welcome: a one-time code for the circle, and a word from the facilitator.
    Invite { code: String, message: String },
    /// Not this time, said kindly.
    Decline { message: String },
}
