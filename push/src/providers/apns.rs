//! Apple Push Notification service, token authentication over HTTP/2: a background push
//! (`content-available`, priority 5, collapsed as `wake`), authorised by an ES256 provider
//! token made from the team's `.p8` key and renewed every 50 minutes (Apple refuses tokens
//! older than an hour and renewed more often than every 20 minutes).

use super::jwt::{pkcs8_from_pem, Es256};
use super::{Provider, SendError};
use hearth_protocol::PushEndpoint;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// How long a provider token is used.
const TOKEN_LIFE: Duration = Duration::from_secs(50 * 60);

/// The team's key and the app it pushes to.
#[derive(Clone)]
pub struct ApnsConfig {
    /// The Apple developer team id (the token's issuer).
    pub team_id: String,
    /// The key's id.
    pub key_id: String,
    /// The `.p8` key (PEM, PKCS#8 P-256).
    pub private_key_pem: String,
    /// The app's bundle id (`apns-topic`).
    pub topic: String,
    /// `https://api.push.apple.com` (or the sandbox; a stand-in in tests).
    pub api_base: String,
}

impl std::fmt::Debug for ApnsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApnsConfig")
            .field("team_id", &self.team_id)
            .field("topic", &self.topic)
            .finish_non_exhaustive()
    }
}

/// Sends wakes through APNs.
pub struct Apns {
    http: reqwest::Client,
    config: ApnsConfig,
    key: Es256,
    token: Mutex<Option<(String, Instant)>>,
}

impl Apns {
    /// A sender for `config` on an HTTP/2 client; refused when its key is not P-256 PKCS#8.
    pub fn new(http: reqwest::Client, config: ApnsConfig) -> Result<Self, String> {
        let der = pkcs8_from_pem(&config.private_key_pem).map_err(|e| e.to_string())?;
        let key = Es256::from_pkcs8(&der, &config.key_id).map_err(|e| e.to_string())?;
        Ok(Apns {
            http,
            config,
            key,
            token: Mutex::new(None),
        })
    }

    async fn provider_token(&self) -> Result<String, SendError> {
        let mut cached = self.token.lock().await;
        if let Some((token, made)) = cached.as_ref() {
            if made.elapsed() < TOKEN_LIFE {
                return Ok(token.clone());
            }
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let token = self
            .key
            .sign(&serde_json::json!({ "iss": self.config.team_id, "iat": now }))
            .map_err(|_| SendError::NotConfigured)?;
        *cached = Some((token.clone(), Instant::now()));
        Ok(token)
    }
}

impl Provider for Apns {
    async fn wake(&self, endpoint: &PushEndpoint) -> Result<(), SendError> {
        let PushEndpoint::Apns { token } = endpoint else {
            return Err(SendError::NotConfigured);
        };
        let provider = self.provider_token().await?;
        let expires = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() + 3600)
            .unwrap_or(0);
        let url = format!(
            "{}/3/device/{token}",
            self.config.api_base.trim_end_matches('/')
        );
        let response = self
            .http
            .post(url)
            .header("authorization", format!("bearer {provider}"))
            .header("apns-topic", &self.config.topic)
            .header("apns-push-type", "background")
            .header("apns-priority", "5")
            .header("apns-collapse-id", "wake")
            .header("apns-expiration", expires.to_string())
            .json(&serde_json::json!({ "aps": { "content-available": 1 } }))
            .send()
            .await
            .map_err(|_| SendError::Unreachable)?;
        let status = response.status().as_u16();
        match status {
            200..=299 => Ok(()),
            410 => Err(SendError::Gone),
            429 => Err(SendError::RateLimited {
                retry_after: super::retry_after(response.headers()),
            }),
            400 | 403 => {
                let reason: serde_json::Value = response.json().await.unwrap_or_default();
                match reason["reason"].as_str() {
                    Some("BadDeviceToken" | "Unregistered" | "DeviceTokenNotForTopic") => {
                        Err(SendError::Gone)
                    }
                    Some("ExpiredProviderToken") => {
                        *self.token.lock().await = None;
                        Err(SendError::Refused(status))
                    }
                    _ => Err(SendError::Refused(status)),
                }
            }
            other => Err(SendError::Refused(other)),
        }
    }
}
