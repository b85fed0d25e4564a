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
    /// A member's display name in this circle (sent on joining and when members join).
    Intro {
        id: String,
        display_name: String,
        sent_at_ms: i64,
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
}

impl Payload {
    /// The payload's own random id.
    pub(crate) fn id(&self) -> &str {
        match self {
            Payload::Text { id, .. }
            | Payload::Intro { id, .. }
            | Payload::Reaction { id, .. }
            | Payload::Edit { id, .. }
            | Payload::Delete { id, .. } => id,
        }
    }
}
