//! openmls's crypto and randomness for the one ciphersuite Hearth speaks, and the signature
//! key pair Hearth stores for each circle membership.
//!
//! DESIGN fixes one ciphersuite, `MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519`
//! (0x0003). openmls_rust_crypto serves every suite openmls knows, chosen at run time, so
//! the shipped library carried P-256, P-384, AES-GCM, ML-KEM, X-Wing and ML-DSA and two
//! generations of the SHA-2 and HMAC crates that nothing here ever calls. [`SuiteCrypto`]
//! serves 0x0003 alone and refuses anything else with openmls's own "unsupported" errors:
//!
//! - SHA-256, HMAC, HKDF and ChaCha20-Poly1305 from ring (already linked for TLS);
//! - Ed25519 from ed25519-dalek, verified strictly, exactly as openmls_rust_crypto did;
//! - HPKE (RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) from the
//!   `hpke` crate;
//! - randomness from the operating system, through ring.
//!
//! Every function is checked against openmls_rust_crypto in this crate's tests, both ways,
//! and keys it made before still open here: profiles made before this crate keep working.

mod crypto;
mod hpke;
mod keys;
mod random;
mod signature;
mod symmetric;

pub use crypto::SuiteCrypto;
pub use keys::SignatureKeys;

use openmls_traits::types::{
    AeadType, Ciphersuite, CryptoError, HashType, HpkeAeadType, HpkeConfig, HpkeKdfType,
    HpkeKemType, SignatureScheme,
};

/// The one ciphersuite: X25519, ChaCha20-Poly1305, SHA-256, Ed25519.
pub const CIPHERSUITE: Ciphersuite =
    Ciphersuite::MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;

/// Refuses every hash but the suite's.
fn sha256_only(hash: HashType) -> Result<(), CryptoError> {
    match hash {
        HashType::Sha2_256 => Ok(()),
        HashType::Sha2_384 | HashType::Sha2_512 => Err(CryptoError::UnsupportedHashAlgorithm),
    }
}

/// Refuses every AEAD but the suite's.
fn chacha_only(aead: AeadType) -> Result<(), CryptoError> {
    match aead {
        AeadType::ChaCha20Poly1305 => Ok(()),
        AeadType::Aes128Gcm | AeadType::Aes256Gcm => Err(CryptoError::UnsupportedAeadAlgorithm),
    }
}

/// Refuses every signature scheme but the suite's.
fn ed25519_only(scheme: SignatureScheme) -> Result<(), CryptoError> {
    if scheme == SignatureScheme::ED25519 {
        Ok(())
    } else {
        Err(CryptoError::UnsupportedSignatureScheme)
    }
}

/// Refuses every HPKE configuration but the suite's.
fn suite_hpke_only(config: HpkeConfig) -> Result<(), CryptoError> {
    match config {
        HpkeConfig(
            HpkeKemType::DhKem25519,
            HpkeKdfType::HkdfSha256,
            HpkeAeadType::ChaCha20Poly1305,
        ) => Ok(()),
        _ => Err(CryptoError::UnsupportedCiphersuite),
    }
}
