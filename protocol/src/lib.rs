//! The relay's wire protocol, shared by the relay and the core's sync.
//!
//! Everything here is what the relay may see: random ids, public keys, epochs, opaque MLS
//! bytes, sequence numbers. Nothing here is secret, and nothing names a person or a circle.
//! All paths are under [`API_PREFIX`]; binary values travel as unpadded base64url strings
//! ([`Bytes`]).

mod bytes;
mod devices;
mod error;
mod inboxes;
mod invites;
mod mailbox;
mod reports;
mod signing;
mod wake;

pub use bytes::Bytes;
pub use devices::*;
pub use error::{ApiError, ErrorCode};
pub use inboxes::*;
pub use invites::*;
pub use mailbox::*;
pub use reports::*;
pub use signing::*;
pub use wake::*;

/// The version prefix of every relay path.
pub const API_PREFIX: &str = "/v1";

/// The header that carries a per-epoch mailbox capability on fetches.
pub const CAPABILITY_HEADER: &str = "x-hearth-capability";
