//! The device identity: an Ed25519 signing key created on first open and kept in the
//! encrypted profile, with the display name the user chose and a short fingerprint that two
//! people can compare.

use jiff::Timestamp;
use ring::digest::{digest, SHA256};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use rusqlite::{params, OptionalExtension, Transaction};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The longest display name.
pub const DISPLAY_NAME_MAX_CHARS: usize = 64;

/// Who this device is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceIdentity {
    /// The Ed25519 public key.
    pub public_key: Vec<u8>,
    /// The name the user chose.
    pub display_name: String,
    /// The first 8 bytes of SHA-256 of the public key, as four groups of four hex digits.
    pub fingerprint: String,
    /// When the identity was created.
    pub created_at: Timestamp,
}

/// Checks and tidies a display name.
pub(crate) fn validate_display_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid("display name", "must not be empty"));
    }
    if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
        return Err(Error::invalid(
            "display name",
            format!("longer than {DISPLAY_NAME_MAX_CHARS} characters"),
        ));
    }
    // The same check as a circle's name: a member must not be able to look like another
    // (a facilitator, say) by hiding characters or turning the text around.
    if has_hidden_characters(&name) {
        return Err(Error::invalid(
            "display name",
            "must not contain control, invisible or direction characters",
        ));
    }
    Ok(name)
}

/// Whether `text` holds control, zero-width or direction characters (what can disguise a
/// name, or a reason shown beside one).
pub(crate) fn has_hidden_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() || is_invisible_or_bidi(c))
}

/// Zero-width and bidirectional-control characters, which can disguise a name.
fn is_invisible_or_bidi(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether a claimed KeyPackage is `device_id`'s own: the key given hashes to that id and
/// signed the KeyPackage (`key_package_signing_input`). Anything else may be a KeyPackage of
/// someone else's, handed over by the relay or by a holder of the device's session.
pub(crate) fn signed_by_device(
    device_id: &str,
    claimed: &hearth_protocol::ClaimedKeyPackage,
) -> bool {
    let key = claimed.device_key.as_slice();
    hearth_protocol::device_id_of(key) == device_id
        && ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
            .verify(
                &hearth_protocol::key_package_signing_input(
                    device_id,
                    claimed.key_package.as_slice(),
                ),
                claimed.signature.as_slice(),
            )
            .is_ok()
}

/// The fingerprint of a public key.
pub fn fingerprint(public_key: &[u8]) -> String {
    let hash = digest(&SHA256, public_key);
    hash.as_ref()[..8]
        .chunks(2)
        .map(hex::encode_upper)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Creates the identity unless one exists. Returns whether it was created.
pub(crate) fn ensure(tx: &Transaction<'_>, display_name: &str, now_ms: i64) -> Result<bool> {
    let exists: Option<i64> = tx
        .query_row("SELECT id FROM device_identity WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| Error::Internal("key generation"))?;
    let pkcs8 = Zeroizing::new(pkcs8.as_ref().to_vec());
    let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| Error::Internal("key generation"))?;
    tx.execute(
        "INSERT INTO device_identity (id, signing_key, public_key, display_name, created_at_ms)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![
            pkcs8.as_slice(),
            pair.public_key().as_ref(),
            display_name,
            now_ms
        ],
    )?;
    Ok(true)
}

/// The identity.
pub(crate) fn load(tx: &Transaction<'_>) -> Result<DeviceIdentity> {
    let (public_key, display_name, created): (Vec<u8>, String, i64) = tx
        .query_row(
            "SELECT public_key, display_name, created_at_ms FROM device_identity WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::Corrupt {
            detail: "device identity missing",
        })?;
    Ok(DeviceIdentity {
        fingerprint: fingerprint(&public_key),
        public_key,
        display_name,
        created_at: Timestamp::from_millisecond(created).map_err(|_| Error::Corrupt {
            detail: "identity time",
        })?,
    })
}

/// Signs `message` with the device key (the relay's challenge-response).
pub(crate) fn sign(tx: &Transaction<'_>, message: &[u8]) -> Result<Vec<u8>> {
    let pkcs8: Zeroizing<Vec<u8>> = Zeroizing::new(tx.query_row(
        "SELECT signing_key FROM device_identity WHERE id = 1",
        [],
        |r| r.get(0),
    )?);
    let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| Error::Corrupt {
        detail: "device signing key",
    })?;
    Ok(pair.sign(message).as_ref().to_vec())
}

/// Changes the display name.
pub(crate) fn set_display_name(tx: &Transaction<'_>, name: &str) -> Result<()> {
    tx.execute(
        "UPDATE device_identity SET display_name = ?1 WHERE id = 1",
        [name],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_short_and_stable() {
        let f = fingerprint(b"public key");
        assert_eq!(f.len(), 19);
        assert_eq!(f, fingerprint(b"public key"));
        assert_ne!(f, fingerprint(b"other key"));
    }

    #[test]
    fn display_names_are_tidied_and_bounded() {
        assert_eq!(validate_display_name("  Sam   R ").unwrap(), "Sam R");
        assert!(validate_display_name(" ").is_err());
        assert!(validate_display_name(&"x".repeat(65)).is_err());
    }
}
