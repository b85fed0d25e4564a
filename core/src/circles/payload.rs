//! What travels inside a circle's application messages (encrypted by MLS; padded by openmls).

use serde::{Deserialize, Serialize};

/// One application message's plaintext.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Payload {
    /// A text message; `id` is random, so a re-sent copy is recognised.
    Text {
        id: String,
        body: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<String>,
        sent_at_ms: i64,
    },
    /// A member's display name in this circle (sent on joining and when it changes).
    Intro {
        id: String,
        display_name: String,
        sent_at_ms: i64,
    },
}
