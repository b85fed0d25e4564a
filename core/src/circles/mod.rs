//! Circles: private groups end-to-end encrypted with MLS (openmls), stored in the profile's
//! SQLCipher database in the same transactions as the rows they produce.
//!
//! `group` holds a circle's group and what the app reads about it, `commit` every change (only
//! committers make them; every client checks them), `intents` the changes waiting their turn,
//! `outbox` what waits for the relay, `receive` what comes from it, `messages` the stored
//! history, `moderation` guidelines acceptance, facilitators' removals, pins, timeouts and
//! mutes, `keys` the KeyPackages and per-circle keys, `signer` our signing key for a circle,
//! `profile` the circle's shared description and roles, `payload` the plaintext format,
//! `provider` the openmls provider over our connection, `cache` the groups and signers kept
//! loaded between transactions. Network I/O belongs to sync, not here.

mod cache;
pub(crate) mod card;
pub(crate) mod commit;
pub(crate) mod group;
pub(crate) mod intents;
pub(crate) mod keys;
pub(crate) mod messages;
pub(crate) mod moderation;
pub(crate) mod outbox;
mod payload;
pub(crate) mod profile;
pub(crate) mod provider;
pub(crate) mod receive;
mod report_seal;
pub(crate) mod reports;
pub(crate) mod sessions;
mod signer;
pub(crate) mod state;
pub(crate) mod storage;

pub use card::{CheckinCard, ShareChoice};
pub use commit::CommitEffect;
pub use group::{CircleMember, CircleSummary, MailboxPosition, PAST_EPOCH_MAX_AGE};
pub use messages::{CircleMessage, Reaction, EMOJI_MAX, TEXT_MAX};
pub use moderation::{TIMEOUT_MAX_S, TIMEOUT_REASON_MAX};
pub use outbox::{Next, OutboxItem, Post};
pub(crate) use payload::Payload;
pub use profile::{Role, DISAPPEAR_MAX_S, DISAPPEAR_MIN_S};
pub(crate) use provider::Mls;
pub use receive::Processed;
pub use reports::{CircleReport, ReportReason, SentReport, REPORT_COMMENT_MAX};
pub use sessions::{
    CircleSession, Repeat, SessionOccurrence, OCCURRENCES_MAX, REMINDER_LEAD_MINUTES, SESSIONS_MAX,
    SESSION_MINUTES, SESSION_TITLE_MAX,
};
pub use state::CircleState;
pub use storage::{BinaryCodec, CodecError};
