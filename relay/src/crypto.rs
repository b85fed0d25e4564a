//! The relay's few cryptographic needs, all from ring: Ed25519 verification, SHA-256, and
//! random nonces and tokens.

use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{UnparsedPublicKey, ED25519};

/// Length of an Ed25519 public key.
pub const ED25519_KEY_LEN: usize = 32;

/// Whether `signature` is `public_key`'s Ed25519 signature of `message`.
pub fn verify_ed25519(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    public_key.len() == ED25519_KEY_LEN
        && UnparsedPublicKey::new(&ED25519, public_key)
            .verify(message, signature)
            .is_ok()
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

/// `n` random bytes from the system generator.
pub fn random(n: usize) -> Result<Vec<u8>, ring::error::Unspecified> {
    let mut out = vec![0u8; n];
    SystemRandom::new().fill(&mut out)?;
    Ok(out)
}

/// A device id: the first 16 bytes of SHA-256 of its public key, in hex.
pub fn device_id(public_key: &[u8]) -> String {
    hearth_protocol::device_id_of(public_key)
}
