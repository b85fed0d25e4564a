//! What every handler shares: the store, the settings, the live hub and the rate limiter.

use crate::config::RelayConfig;
use crate::hub::Hub;
use crate::limits::RateLimit;
use crate::store::Store;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio_util::sync::CancellationToken;

/// Shared by all handlers.
pub struct AppState<S: Store> {
    /// Where records live.
    pub store: S,
    /// Limits and retention.
    pub config: RelayConfig,
    /// Live push to WebSocket subscribers.
    pub hub: Hub,
    /// Per-address request limits (in memory only).
    pub rate: RateLimit,
    /// Cancelled at shutdown, so live connections end and shutdown completes.
    pub shutdown: CancellationToken,
    /// Counters and timings for `/metrics`.
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    /// Queues wakes for the push gateway.
    pub waker: crate::wake::Waker,
    /// Places for requests being worked on ([`RelayConfig::max_in_flight`]).
    pub in_flight: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Unix seconds now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
