//! The gateway's settings.

use ipnet::IpNet;
use std::time::Duration;

/// How the gateway behaves.
#[derive(Clone)]
pub struct GatewayConfig {
    /// Tokens relays present to hand over tickets (`Authorization: Bearer`); anyone else is
    /// refused, so strangers cannot make the gateway wake phones.
    pub relay_tokens: Vec<String>,
    /// At most one wake per device per this long.
    pub coalesce: Duration,
    /// Address ranges UnifiedPush endpoints may be in beside public addresses (tests:
    /// loopback).
    pub allow: Vec<IpNet>,
    /// Who runs the gateway, for VAPID claims (`mailto:` or `https:`).
    pub contact: String,
    /// Tickets one wake request carries at most.
    pub max_batch: usize,
    /// Registration requests (add, change, delete) one address may make per minute, after
    /// a burst of as many: a phone registers rarely, and a flood would fill the store.
    pub registrations_per_minute: u32,
    /// FCM, when the gateway sends through it.
    pub fcm: Option<crate::providers::fcm::FcmConfig>,
    /// APNs, when the gateway sends through it.
    pub apns: Option<crate::providers::apns::ApnsConfig>,
}

impl std::fmt::Debug for GatewayConfig {
    // The relay tokens are credentials: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayConfig")
            .field("relay_tokens", &self.relay_tokens.len())
            .field("coalesce", &self.coalesce)
            .field("allow", &self.allow)
            .field("contact", &self.contact)
            .field("registrations_per_minute", &self.registrations_per_minute)
            .finish()
    }
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            relay_tokens: Vec::new(),
            coalesce: Duration::from_secs(30),
            allow: Vec::new(),
            contact: "mailto:admin@localhost".into(),
            max_batch: 1000,
            registrations_per_minute: 20,
            fcm: None,
            apns: None,
        }
    }
}
