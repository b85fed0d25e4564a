//! Per-address rate limits for Hearth's servers (the relay and the push gateway), kept in
//! memory under a keyed hash of the address, so no IP address is stored or logged; the hash
//! key is random per process.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use std::net::IpAddr;
use std::num::NonZeroU32;
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
        Self::with_quota(
            Quota::per_second(NonZeroU32::new(per_second).unwrap_or(one))
                .allow_burst(NonZeroU32::new(burst).unwrap_or(one)),
        )
    }

    /// `per_minute` sustained, `burst` at once, per address: for rare requests such as
    /// registering a device.
    pub fn per_minute(per_minute: u32, burst: u32) -> Result<Self, ring::error::Unspecified> {
        let one = NonZeroU32::MIN;
        Self::with_quota(
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(one))
                .allow_burst(NonZeroU32::new(burst).unwrap_or(one)),
        )
    }

    fn with_quota(quota: Quota) -> Result<Self, ring::error::Unspecified> {
        let mut secret = [0u8; 32];
        SystemRandom::new().fill(&mut secret)?;
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

/// `wait` as the whole seconds a `Retry-After` header gives (rounded up, at least one).
pub fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
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

    #[test]
    fn a_slow_quota_says_how_long_to_wait_in_whole_seconds() {
        let rare = RateLimit::per_minute(6, 2).unwrap();
        let ip: IpAddr = "198.51.100.4".parse().unwrap();
        assert!(rare.check(ip).is_ok());
        assert!(rare.check(ip).is_ok());
        let wait = rare.check(ip).unwrap_err();
        assert!(wait <= Duration::from_secs(10), "{wait:?}");
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(9_200)), 10);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
    }
}
