//! Circles: private groups end-to-end encrypted with MLS (openmls), stored in the profile's
//! SQLCipher database in the same transactions as the rows they produce.
//!
//! Membership and state:
//! - `group`: a circle's MLS group loaded with our signer, and our row beside it; `ids`:
//!   the circle's id as a type;
//! - `membership`: creating a circle, joining from a Welcome, introducing ourselves, ending;
//! - `state`: where our membership stands (active, left, removed, closed, stalled);
//! - `views`: what the app and sync read (summary, members, authenticator, mailbox position);
//! - `profile`: the circle's shared description, roles, timer and meetings (`sessions`).
//!
//! Changes and traffic:
//! - `commit`: every change (only committers make them; every client checks them);
//! - `intents`: the changes waiting their turn;
//! - `outbox`: what waits for the relay, in order, and what the relay's answers do;
//! - `receive`: what comes from the relay;
//! - `payload`: the plaintext format; `card`: a check-in shared as a card.
//!
//! History and safety:
//! - `messages`: the stored history;
//! - `moderation`: guidelines acceptance, removals, pins, timeouts and mutes; `permissions`:
//!   what this person may do with a message or a member (the apps draw it);
//! - `reports`: reports to facilitators, sealed by `report_seal`;
//! - `rules`: the circle's own rules (phrases, links, a posting rate), judged on every phone.
//!
//! Keys and storage:
//! - `keys`: KeyPackages and per-circle keys (each membership's signing key is a
//!   `hearth_mls_crypto::SignatureKeys`);
//! - `provider`: the openmls provider over our connection, with `hearth_mls_crypto`'s crypto; `storage`: how openmls's state
//!   sits in the database; `cache`: the groups and signers kept loaded between transactions.
//!
//! Network I/O belongs to sync (`crate::sync`), not here.

mod cache;
pub(crate) mod card;
pub(crate) mod commit;
pub(crate) mod events;
pub(crate) mod group;
mod ids;
pub(crate) mod intents;
pub(crate) mod keys;
pub(crate) mod membership;
pub(crate) mod messages;
pub(crate) mod moderation;
pub(crate) mod notices;
pub(crate) mod outbox;
mod payload;
pub mod permissions;
pub(crate) mod profile;
pub(crate) mod programme;
pub(crate) mod provider;
pub(crate) mod receive;
pub(crate) mod report_seal;
pub(crate) mod reports;
pub(crate) mod rules;
pub(crate) mod sessions;
pub(crate) mod slots;
pub(crate) mod state;
pub(crate) mod storage;
pub(crate) mod views;
pub(crate) mod wakes;

pub(crate) use card::SharedCard;
pub use card::{CheckinCard, ShareChoice};
pub use commit::CommitEffect;
pub use events::{CircleEvent, DroppedChange, Undelivered, Who};
pub use group::PAST_EPOCH_MAX_AGE;
pub use ids::{GroupId, MessageId};
pub use intents::IntentId;
pub use messages::{
    CircleMessage, MessageKind, Reaction, EMOJI_MAX, REACTIONS_PER_MEMBER_MAX, TEXT_MAX,
};
pub use moderation::{TIMEOUT_MAX_S, TIMEOUT_REASON_MAX};
pub use notices::{wake_notification, NotificationSettings, QuietHours, WakeNotice};
pub use outbox::{Next, OutboxId, OutboxItem, Post, Ticket};
pub(crate) use payload::Payload;
pub use profile::{Role, DISAPPEAR_MAX_S, DISAPPEAR_MIN_S};
pub use programme::{
    example_programmes, Programme, ProgrammeTemplate, ProgrammeTopic, ProgrammeWeek,
    PROGRAMME_FILE_MAX_BYTES, PROGRAMME_PROMPTS_MAX, PROGRAMME_PROMPT_MAX, PROGRAMME_TEXT_MAX,
    PROGRAMME_TITLE_MAX, PROGRAMME_WEEKS_MAX,
};
pub(crate) use provider::Mls;
pub use receive::Processed;
pub use reports::{
    CircleReport, ReportReason, SentReport, TalkQuote, REPORT_COMMENT_MAX, TALK_QUOTE_MAX,
};
pub use rules::{
    CircleRule, RuleAction, RuleBreach, RuleCheck, RuleKind, RULES_MAX, RULE_DOMAINS_MAX,
    RULE_EXPLANATION_MAX, RULE_NEW_MEMBER_HOURS_MAX, RULE_PHRASES_MAX, RULE_PHRASE_MAX,
    RULE_RATE_MINUTES_MAX, RULE_RATE_POSTS_MAX,
};
pub use sessions::{
    CircleSession, Repeat, SessionOccurrence, OCCURRENCES_MAX, REMINDER_LEAD_MINUTES, SESSIONS_MAX,
    SESSION_MINUTES, SESSION_TITLE_MAX,
};
pub use state::{invitation_notice, CircleState};
pub use storage::{BinaryCodec, CodecError};
pub use views::{CircleMember, CircleSummary, MailboxPosition};
pub use wakes::{unified_push_endpoint, PushRegistration, TicketStep};
