//! Sync: keeps this device's circles in step with the relay. It is the only part of the core
//! that knows about the network and tokio; the circle logic it drives lives in
//! [`crate::circles`] and is reached through [`SyncSteps`], each step one transaction, so a
//! crash or a lost connection at any point is picked up where it stopped.
//!
//! `transport` is the relay API as a trait (so tests can inject faults), `http` its real
//! implementation, `engine` what sync does, `steps` the transactions it drives, `backoff` how
//! it waits after failures, `locks` what keeps two passes over one circle apart.

mod backoff;
mod directory;
mod engine;
mod gateway;
mod http;
mod locks;
mod relay_url;
mod steps;
mod transport;

pub use backoff::Backoff;
pub use directory::refresh_directory;
pub use engine::{SyncConfig, SyncEngine};
pub use gateway::PushGatewayClient;
pub use http::HttpTransport;
pub(crate) use locks::SyncLocks;
pub use relay_url::{RelayUrl, RelayUrlError};
pub use steps::{SignedKeyPackage, SyncSteps};
pub use transport::{LiveSubscription, Transport, TransportError};

/// Sync's connection to the relay, as the app shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// Connecting or catching up.
    Syncing,
    /// Caught up and listening for new messages.
    Online,
    /// The relay cannot be reached; retrying after `retry_in_ms`.
    Offline {
        /// When the next attempt is.
        retry_in_ms: u64,
    },
}
