//! Device-scoped calls: registration, challenge-response sessions, the KeyPackage directory
//! and the Welcome inbox. These are the only calls that carry a device identity.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /v1/devices`: registers an Ed25519 public key (32 bytes). Idempotent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterDevice {
    /// The device's Ed25519 public key.
    pub public_key: Bytes,
}

/// The device's id at the relay: derived from its public key, so registering twice gives the
/// same id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceRegistered {
    /// Lowercase hex, 32 characters.
    pub device_id: String,
}

/// `POST /v1/devices/challenge`: asks for a one-time nonce to sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChallengeRequest {
    /// The registered device.
    pub device_id: String,
}

/// A nonce to sign, valid once and briefly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Challenge {
    /// 32 random bytes.
    pub nonce: Bytes,
    /// Unix seconds after which the nonce is refused.
    pub expires_at: u64,
}

/// `POST /v1/devices/session`: the signed nonce, exchanged for a session token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionRequest {
    /// The registered device.
    pub device_id: String,
    /// The nonce from [`Challenge`].
    pub nonce: Bytes,
    /// Ed25519 signature over [`crate::session_signing_input`].
    pub signature: Bytes,
}

/// A bearer token for device-scoped calls (`Authorization: Bearer <token>`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Session {
    /// Opaque; the relay keeps only its hash.
    pub token: String,
    /// Unix seconds after which a new challenge is needed.
    pub expires_at: u64,
}

/// Without the token: a session printed into a log must not open the device's session.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"(hidden)")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// `POST /v1/keypackages`: uploads one-time KeyPackages, and optionally a last-resort one
/// that replaces the previous.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UploadKeyPackages {
    /// TLS-serialized MLS KeyPackages, each served at most once.
    pub key_packages: Vec<Bytes>,
    /// The device's Ed25519 signature of each (`key_package_signing_input`), in order.
    pub signatures: Vec<Bytes>,
    /// Served only when no one-time KeyPackage is left, until replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_resort: Option<Bytes>,
    /// The device's signature of the last resort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_resort_signature: Option<Bytes>,
}

/// How many KeyPackages the device has at the relay, so it knows when to top up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KeyPackageCount {
    /// One-time KeyPackages not yet claimed or expired.
    pub available: u32,
    /// Whether a last-resort KeyPackage is on file.
    pub has_last_resort: bool,
    /// Whether the last-resort KeyPackage was served since it was uploaded (replace it).
    pub last_resort_used: bool,
}

/// `POST /v1/devices/{device_id}/keypackage`: claims one KeyPackage of that device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClaimedKeyPackage {
    /// The TLS-serialized KeyPackage.
    pub key_package: Bytes,
    /// The device's signature of it (`key_package_signing_input`).
    pub signature: Bytes,
    /// The device's Ed25519 public key, whose hash is its id: check both before adding.
    pub device_key: Bytes,
    /// Whether this is the device's last-resort KeyPackage (it may be served again).
    pub last_resort: bool,
}

/// `POST /v1/devices/{device_id}/welcomes`: leaves a Welcome in a device's inbox. Taken only
/// from the session that claimed one of that device's KeyPackages in the last day (one
/// Welcome per claim), so nobody can push circles at a device whose id they merely know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostWelcome {
    /// Client-chosen id (16 bytes); posting the same id twice stores one copy.
    pub id: Bytes,
    /// The TLS-serialized MLS Welcome message.
    pub welcome: Bytes,
}

/// One Welcome waiting in the caller's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InboxWelcome {
    /// The id the poster chose; acknowledge with it.
    pub id: Bytes,
    /// The TLS-serialized MLS Welcome message.
    pub welcome: Bytes,
    /// Unix seconds when the relay received it.
    pub received_at: u64,
}

/// `GET /v1/welcomes`: the caller's inbox, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Inbox {
    /// Waiting Welcomes, oldest first, at most a page of them.
    pub welcomes: Vec<InboxWelcome>,
    /// Whether more wait after this page (acknowledge these, then fetch again).
    #[serde(default)]
    pub more: bool,
}

/// `POST /v1/welcomes/ack`: removes processed Welcomes from the caller's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AckWelcomes {
    /// Ids of processed Welcomes.
    pub ids: Vec<Bytes>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_prints_without_its_token() {
        let session = Session {
            token: "s3cret-bearer".into(),
            expires_at: 7,
        };
        let printed = format!("{session:?}");
        assert!(!printed.contains("s3cret-bearer") && printed.contains("expires_at: 7"));
    }
}
