//! The relay's settings, with the defaults `hearth relay` starts with.

use std::time::Duration;

/// How the relay behaves; every limit in one place.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    /// Mailbox messages and Welcomes older than this are deleted (default 30 days).
    pub retention: Duration,
    /// An invite record is deleted this long after its expiry, used or not (default 1 day),
    /// so a facilitator's phone that was offline when the code was used can still finish.
    pub invite_grace: Duration,
    /// How long an uploaded KeyPackage is served (default 28 days).
    pub key_package_ttl: Duration,
    /// How often the retention sweep runs.
    pub sweep_every: Duration,
    /// Largest request body accepted, in bytes (default 1 MiB: a Welcome to 200 members is
    /// about 90 KiB in base64).
    pub max_body: usize,
    /// Requests per second allowed per client address, sustained.
    pub rate_per_second: u32,
    /// Requests allowed in a burst per client address.
    pub rate_burst: u32,
    /// Most one-time KeyPackages a device may hold.
    pub max_key_packages: u32,
    /// Most messages returned by one fetch.
    pub max_fetch: u32,
    /// How long a session token is valid.
    pub session_ttl: Duration,
    /// How long a challenge nonce is valid.
    pub challenge_ttl: Duration,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            retention: Duration::from_secs(30 * 24 * 3600),
            invite_grace: Duration::from_secs(24 * 3600),
            key_package_ttl: Duration::from_secs(28 * 24 * 3600),
            sweep_every: Duration::from_secs(3600),
            max_body: 1 << 20,
            rate_per_second: 50,
            rate_burst: 200,
            max_key_packages: 200,
            max_fetch: 500,
            session_ttl: Duration::from_secs(3600),
            challenge_ttl: Duration::from_secs(120),
        }
    }
}
