//! Per-address rate limits, kept in memory under a keyed hash of the address, so no IP
//! address is stored or logged; the hash key is random per process.

use crate::client_addr::client_ip;
use crate::error::Refusal;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hearth_protocol::ErrorCode;
use ring::hmac;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// A token bucket per client address.
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<[u8; 16]>,
    key: hmac::Key,
}

impl RateLimit {
    /// `per_second` sustained, `burst` at once, per address.
    pub fn new(per_second: u32, burst: u32) -> Result<Self, ring::error::Unspecified> {
        let one = NonZeroU32::MIN;
        let quota = Quota::per_second(NonZeroU32::new(per_second).unwrap_or(one))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(one));
        let secret = crate::crypto::random(32)?;
        Ok(RateLimit {
            limiter: RateLimiter::keyed(quota),
            key: hmac::Key::new(hmac::HMAC_SHA256, &secret),
        })
    }

    /// Whether a request from `ip` may go ahead now; if not, how long until it may.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let tag = hmac::sign(&self.key, &client_of(ip));
        let mut key = [0u8; 16];
        key.copy_from_slice(&tag.as_ref()[..16]);
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets idle addresses, so memory stays flat.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

/// A 429 `rate_limited` answer whose `Retry-After` says when to try again (whole seconds, at
/// least one), as the phones' transport reads it.
pub fn too_many(reason: &str, retry_after_s: u64) -> Response {
    let mut response = Refusal::new(ErrorCode::RateLimited, reason).into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after_s.max(1)));
    response
}

/// Whose quota a request counts against: an IPv4 address, or an IPv6 /64 (one household or
/// phone is handed a whole /64, so counting single IPv6 addresses would be no limit at all).
fn client_of(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets()[..8].to_vec(),
        },
    }
}

/// Middleware: refuses with 429 once an address exceeds its quota, saying in `Retry-After`
/// (whole seconds, at least one) when the next request will be let through.
pub async fn rate_limit<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    request: Request,
    next: Next,
) -> Response {
    // Served without connection info (in-process router tests), there is no address to limit.
    if let Some(ConnectInfo(addr)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = client_ip(addr.ip(), request.headers(), &state.config.trusted_proxies);
        if let Err(wait) = state.rate.check(client) {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return too_many("too many requests; retry shortly", seconds);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_64_is_one_client_and_an_ipv4_mapped_address_is_its_ipv4() {
        let one = RateLimit::new(1, 1).unwrap();
        let at = |ip: &str| ip.parse::<IpAddr>().unwrap();
        assert!(one.check(at("2001:db8:1:2::1")).is_ok());
        // Another address in the same /64: the same client, already at its burst.
        assert!(one.check(at("2001:db8:1:2:ffff::9")).is_err());
        // Another /64: another client.
        assert!(one.check(at("2001:db8:1:3::1")).is_ok());
        assert!(one.check(at("192.0.2.7")).is_ok());
        assert!(one.check(at("::ffff:192.0.2.7")).is_err());
    }
}
