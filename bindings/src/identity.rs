//! [`DeviceIdentity`]: who this device is, as the settings screen shows it.

/// This device's identity.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DeviceIdentity {
    /// The Ed25519 public key (32 bytes).
    pub public_key: Vec<u8>,
    /// The name the person chose.
    pub display_name: String,
    /// A short fingerprint to compare aloud: four groups of four hex digits.
    pub fingerprint: String,
    /// When the identity was created (Unix milliseconds).
    pub created_at_ms: i64,
}

impl From<hearth_core::DeviceIdentity> for DeviceIdentity {
    fn from(d: hearth_core::DeviceIdentity) -> Self {
        DeviceIdentity {
            public_key: d.public_key,
            display_name: d.display_name,
            fingerprint: d.fingerprint,
            created_at_ms: crate::time::ms(d.created_at),
        }
    }
}
