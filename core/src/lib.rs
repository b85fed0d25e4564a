//! hearth-core: all of Hearth's product logic, shared by the CLI, the bindings and the shells.
//!
//! The entry point is [`Client`], one per profile. Its methods take and return owned values;
//! every failure is an [`Error`] whose variant says what the caller should do.

pub mod breakouts;
pub mod circles;
mod client;
mod error;
pub mod events;
pub mod export;
pub mod finding;
pub mod goals;
mod identity;
pub mod insights;
pub mod instruments;
pub mod invites;
pub mod journal;
mod moment;
pub mod reminders;
pub mod safety;
pub mod sample;
mod sealed;
mod secret;
mod settings;
mod store;
pub mod sync;
pub mod talks;

pub use circles::{
    CircleMember, CircleMessage, CircleState, CircleSummary, GroupId, MessageId, Processed, Role,
};
pub use client::{
    Client, EmotionVocabulary, ProfileOptions, RelayAccount, TagUsage, TopicCount,
    KEY_PACKAGES_MAX, MESSAGES_PAGE_MAX, SEARCH_LIMIT_MAX,
};
#[cfg(feature = "test-hooks")]
pub use client::{HandedOver, InviteExchangeForTest};
pub use error::{Error, Result, AMBIGUOUS_CANDIDATES_MAX};
/// The relay's error codes, as [`Error::RelayRefused`] carries them.
pub use hearth_protocol::ErrorCode as RelayErrorCode;
pub use identity::{DeviceIdentity, DISPLAY_NAME_MAX_CHARS};
pub use moment::Moment;
pub use secret::{DbKey, KdfParams, ProfileSecret};
/// Tests only: the variable naming the write a crash test stops a phone at.
#[cfg(feature = "test-hooks")]
pub use store::crash_points::ABORT_AT_WRITE;
pub use store::RekeyStep;
