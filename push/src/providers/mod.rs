//! The push services a wake goes through, behind one trait: UnifiedPush (Web Push: RFC 8030
//! delivery, RFC 8291 encryption, RFC 8292 VAPID), and FCM and APNs. Every wake carries the
//! same content-free body ([`hearth_protocol::WAKE_BODY`]).

pub mod address;
pub mod apns;
pub mod fcm;
pub mod jwt;
pub mod unified_push;

use hearth_protocol::PushEndpoint;
use std::time::Duration;

/// What became of one wake.
#[derive(Debug, PartialEq, Eq)]
pub enum SendError {
    /// The push service says the registration is gone (404 or 410): forget it.
    Gone,
    /// The push service asks us to slow down (429): try again after this long.
    RateLimited {
        /// From its `Retry-After`, or a minute.
        retry_after: Duration,
    },
    /// The endpoint is not one the gateway may call (a private or loopback address not
    /// allow-listed, not `https://`, malformed).
    NotAllowed,
    /// The push service refused it for another reason (its status).
    Refused(u16),
    /// The push service could not be reached.
    Unreachable,
    /// No provider of this kind is set up on this gateway.
    NotConfigured,
}

/// A push service.
pub trait Provider: Send + Sync + 'static {
    /// Sends one content-free wake to `endpoint`.
    fn wake(
        &self,
        endpoint: &PushEndpoint,
    ) -> impl std::future::Future<Output = Result<(), SendError>> + Send;
}

/// The `Retry-After` of a 429, in seconds, or a minute.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(60), |s| {
            Duration::from_secs(s.clamp(1, 3600))
        })
}

/// Sorts a push service's answer.
pub fn outcome(response: &reqwest::Response) -> Result<(), SendError> {
    match response.status().as_u16() {
        200..=299 => Ok(()),
        404 | 410 => Err(SendError::Gone),
        429 => Err(SendError::RateLimited {
            retry_after: retry_after(response.headers()),
        }),
        other => Err(SendError::Refused(other)),
    }
}
