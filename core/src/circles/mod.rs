//! Circles: private groups end-to-end encrypted with MLS (openmls), stored in the profile's
//! SQLCipher database in the same transactions as the rows they produce.
//!
//! `group` holds the operations, `keys` the KeyPackages and per-circle signers, `profile` the
//! circle's shared description and roles, `payload` the plaintext format, `provider` the
//! openmls provider over our connection. Network I/O belongs to sync, not here.

pub(crate) mod group;
pub(crate) mod keys;
pub(crate) mod messages;
mod payload;
pub(crate) mod profile;
pub(crate) mod provider;

pub use group::{CircleSummary, Created, Outgoing, OutgoingCommit, Processed};
pub use messages::{CircleMessage, TEXT_MAX};
pub use profile::Role;
