//! UnifiedPush: an encrypted (RFC 8291, aes128gcm) content-free message, VAPID-signed
//! (RFC 8292), POSTed to the device's endpoint (RFC 8030), following the UnifiedPush server
//! rules: at most 4 KiB, no redirect followed, 404 or 410 drops the registration, 429 backs
//! off, and only public `https://` endpoints unless an address range is allow-listed.

use super::address::allowed;
use super::{outcome, Provider, SendError};
use hearth_protocol::{PushEndpoint, WAKE_BODY};
use ipnet::IpNet;
use std::sync::Arc;
use std::time::Duration;
use web_push_native::jwt_simple::algorithms::ES256KeyPair;
use web_push_native::{Auth, WebPushBuilder};

/// The most a UnifiedPush message may be.
const MAX_MESSAGE: usize = 4096;
/// How long a push server keeps an undelivered wake: a wake older than this is pointless.
const TTL: Duration = Duration::from_secs(3600);

/// Sends wakes through UnifiedPush servers.
pub struct UnifiedPush {
    http: reqwest::Client,
    vapid: Arc<ES256KeyPair>,
    contact: String,
    allow: Vec<IpNet>,
}

impl UnifiedPush {
    /// A sender signing with `vapid`, naming `contact` (a `mailto:` or `https:` URL) in its
    /// VAPID claims, allowed to call `allow` beside public addresses.
    pub fn new(
        http: reqwest::Client,
        vapid: Arc<ES256KeyPair>,
        contact: String,
        allow: Vec<IpNet>,
    ) -> Self {
        UnifiedPush {
            http,
            vapid,
            contact,
            allow,
        }
    }

    /// Checks an endpoint before it is registered or called: a URL, `https://` (or an
    /// allow-listed address), every address it resolves to allowed, and keys that parse.
    pub async fn check(&self, endpoint: &PushEndpoint) -> Result<(), SendError> {
        self.builder(endpoint).await.map(|_| ())
    }

    /// A checked endpoint's request builder and URL.
    async fn builder(
        &self,
        endpoint: &PushEndpoint,
    ) -> Result<(WebPushBuilder, String), SendError> {
        let PushEndpoint::UnifiedPush {
            endpoint,
            p256dh,
            auth,
        } = endpoint
        else {
            return Err(SendError::NotConfigured);
        };
        let public = web_push_native::p256::PublicKey::from_sec1_bytes(p256dh.as_slice())
            .map_err(|_| SendError::NotAllowed)?;
        if auth.len() != 16 {
            return Err(SendError::NotAllowed);
        }
        let url = url::Url::parse(endpoint).map_err(|_| SendError::NotAllowed)?;
        let host = url.host_str().ok_or(SendError::NotAllowed)?;
        let port = url.port_or_known_default().ok_or(SendError::NotAllowed)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let addresses: Vec<_> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|_| SendError::Unreachable)?
            .map(|a| a.ip())
            .collect();
        if addresses.is_empty() || !addresses.iter().all(|ip| allowed(*ip, &self.allow)) {
            return Err(SendError::NotAllowed);
        }
        let allow_listed = addresses
            .iter()
            .all(|ip| self.allow.iter().any(|net| net.contains(ip)));
        if url.scheme() != "https" && !(url.scheme() == "http" && allow_listed) {
            return Err(SendError::NotAllowed);
        }
        let uri = endpoint.parse().map_err(|_| SendError::NotAllowed)?;
        let builder = WebPushBuilder::new(uri, public, Auth::clone_from_slice(auth.as_slice()));
        Ok((builder, endpoint.clone()))
    }
}

impl Provider for UnifiedPush {
    async fn wake(&self, endpoint: &PushEndpoint) -> Result<(), SendError> {
        let (builder, url) = self.builder(endpoint).await?;
        let request = builder
            .with_valid_duration(TTL)
            .with_vapid(&self.vapid, &self.contact)
            .build(WAKE_BODY)
            .map_err(|_| SendError::NotAllowed)?;
        if request.body().len() > MAX_MESSAGE {
            return Err(SendError::NotAllowed);
        }
        let (parts, body) = request.into_parts();
        let response = self
            .http
            .post(url)
            .headers(parts.headers)
            // A newer wake replaces one still waiting at the push server (RFC 8030 §5.4).
            .header("Topic", "wake")
            .header("Urgency", "high")
            .body(body)
            .send()
            .await
            .map_err(|_| SendError::Unreachable)?;
        outcome(&response)
    }
}
