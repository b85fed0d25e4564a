//! Firebase Cloud Messaging (HTTP v1): a data-only, high-priority message with a collapse
//! key, authorised by an OAuth access token that a service account's key obtains from
//! Google's token endpoint (an RS256 assertion), kept until a minute before it expires.

use super::jwt::{pkcs8_from_pem, Rs256};
use super::{Provider, SendError};
use hearth_protocol::PushEndpoint;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The scope FCM sending needs.
const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
/// The form's grant type, URL-encoded.
const GRANT: &str = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";

/// A service account, from its JSON key file, and where to send.
#[derive(Clone)]
pub struct FcmConfig {
    /// The Firebase project.
    pub project_id: String,
    /// The service account's email (the assertion's issuer).
    pub client_email: String,
    /// Its private key (PEM, PKCS#8).
    pub private_key_pem: String,
    /// Google's token endpoint (from the key file).
    pub token_uri: String,
    /// The FCM API's base URL (`https://fcm.googleapis.com`; a stand-in in tests).
    pub api_base: String,
}

impl std::fmt::Debug for FcmConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FcmConfig")
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl FcmConfig {
    /// From a service account key file's JSON.
    pub fn from_service_account(json: &str) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_str(json).map_err(|_| "the service account file is not JSON")?;
        let field = |name: &str| {
            v[name]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("the service account file has no {name}"))
        };
        Ok(FcmConfig {
            project_id: field("project_id")?,
            client_email: field("client_email")?,
            private_key_pem: field("private_key")?,
            token_uri: field("token_uri")?,
            api_base: "https://fcm.googleapis.com".into(),
        })
    }
}

/// Sends wakes through FCM.
pub struct Fcm {
    http: reqwest::Client,
    config: FcmConfig,
    key: Rs256,
    token: Mutex<Option<(String, Instant)>>,
}

impl Fcm {
    /// A sender for `config`; refused when its key is not a PKCS#8 RSA key.
    pub fn new(http: reqwest::Client, config: FcmConfig) -> Result<Self, String> {
        let der = pkcs8_from_pem(&config.private_key_pem).map_err(|e| e.to_string())?;
        let key = Rs256::from_pkcs8(&der).map_err(|e| e.to_string())?;
        Ok(Fcm {
            http,
            config,
            key,
            token: Mutex::new(None),
        })
    }

    async fn access_token(&self) -> Result<String, SendError> {
        let mut cached = self.token.lock().await;
        if let Some((token, until)) = cached.as_ref() {
            if *until > Instant::now() {
                return Ok(token.clone());
            }
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let assertion = self
            .key
            .sign(&serde_json::json!({
                "iss": self.config.client_email, "scope": SCOPE, "aud": self.config.token_uri,
                "iat": now, "exp": now + 3600,
            }))
            .map_err(|_| SendError::NotConfigured)?;
        let response = self
            .http
            .post(&self.config.token_uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("grant_type={GRANT}&assertion={assertion}"))
            .send()
            .await
            .map_err(|_| SendError::Unreachable)?;
        if !response.status().is_success() {
            return Err(SendError::Refused(response.status().as_u16()));
        }
        let answer: serde_json::Value =
            response.json().await.map_err(|_| SendError::Unreachable)?;
        let token = answer["access_token"]
            .as_str()
            .ok_or(SendError::Refused(502))?
            .to_string();
        let lifetime = answer["expires_in"].as_u64().unwrap_or(3600);
        // Renewed a minute before it runs out.
        let until = Instant::now() + Duration::from_secs(lifetime.saturating_sub(60));
        *cached = Some((token.clone(), until));
        Ok(token)
    }
}

impl Provider for Fcm {
    async fn wake(&self, endpoint: &PushEndpoint) -> Result<(), SendError> {
        let PushEndpoint::Fcm { token } = endpoint else {
            return Err(SendError::NotConfigured);
        };
        let access = self.access_token().await?;
        let url = format!(
            "{}/v1/projects/{}/messages:send",
            self.config.api_base.trim_end_matches('/'),
            self.config.project_id
        );
        // Data only (no notification): the app wakes, syncs and words its own notification.
        let body = serde_json::json!({ "message": {
            "token": token,
            "data": { "hearth": "wake" },
            "android": { "priority": "HIGH", "collapse_key": "wake", "ttl": "3600s" },
        }});
        let response = self
            .http
            .post(url)
            .bearer_auth(access)
            .json(&body)
            .send()
            .await
            .map_err(|_| SendError::Unreachable)?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            // UNREGISTERED: the app was uninstalled or the token replaced.
            404 => Err(SendError::Gone),
            // The access token expired early: get a new one next time.
            401 => {
                *self.token.lock().await = None;
                Err(SendError::Refused(401))
            }
            429 | 503 => Err(SendError::RateLimited {
                retry_after: super::retry_after(response.headers()),
            }),
            other => Err(SendError::Refused(other)),
        }
    }
}
