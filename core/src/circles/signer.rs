//! Our per-circle signer: the Ed25519 key pair openmls stores for a membership, with its
//! signing key built once.
//!
//! openmls_basic_credential's `SignatureKeyPair` builds an `ed25519_dalek::SigningKey` from
//! its secret bytes for every signature, which derives the public key again: a scalar
//! multiplication that cost as much as the signature itself (about 4% of sending and
//! receiving one message). [`CircleSigner`] does that once, when the pair is first read, and
//! the group cache keeps it. The pair in openmls's storage stays the only stored copy, and
//! is deleted when the membership ends (`keys::forget_signer`).

use ed25519_dalek::Signer as _;
use openmls::prelude::tls_codec::{Deserialize as _, SecretVLBytes, Serialize as _};
use openmls::prelude::SignatureScheme;
use openmls_basic_credential::SignatureKeyPair;
use openmls_traits::signatures::{Signer, SignerError};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// One membership's signing key, ready to sign.
pub(crate) struct CircleSigner {
    /// Zeroized on drop (ed25519-dalek's `zeroize` feature).
    key: ed25519_dalek::SigningKey,
    public: [u8; ed25519_dalek::PUBLIC_KEY_LENGTH],
}

impl CircleSigner {
    /// The signer for a stored key pair, checked to have the pair's public key.
    pub(crate) fn new(pair: &SignatureKeyPair) -> Result<CircleSigner> {
        let corrupt = || Error::Corrupt {
            detail: "circle signature key",
        };
        if pair.signature_scheme() != SignatureScheme::ED25519 {
            return Err(corrupt());
        }
        // The pair hands out its secret only in its TLS encoding, which starts with it: a
        // variable-length vector. Both copies are wiped when dropped.
        let encoded = Zeroizing::new(
            pair.tls_serialize_detached()
                .map_err(|_| Error::Internal("a signature key could not be encoded"))?,
        );
        let secret = SecretVLBytes::tls_deserialize(&mut encoded.as_slice())
            .map_err(|_| Error::Internal("a signature key could not be decoded"))?;
        let secret: &ed25519_dalek::SecretKey =
            secret.as_slice().try_into().map_err(|_| corrupt())?;
        let key = ed25519_dalek::SigningKey::from_bytes(secret);
        let public = key.verifying_key().to_bytes();
        // Also what proves the secret was read from where it sits in the encoding.
        if public.as_slice() != pair.public() {
            return Err(corrupt());
        }
        Ok(CircleSigner { key, public })
    }

    /// The public key: how circles, the relay and storage name this signer.
    pub(crate) fn public(&self) -> &[u8] {
        &self.public
    }
}

impl Signer for CircleSigner {
    fn sign(&self, payload: &[u8]) -> std::result::Result<Vec<u8>, SignerError> {
        Ok(self.key.sign(payload).to_bytes().to_vec())
    }

    fn signature_scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use openmls_rust_crypto::RustCrypto;
    use openmls_traits::crypto::OpenMlsCrypto;
    use openmls_traits::types::SignatureScheme;

    #[test]
    fn signs_exactly_as_the_stored_key_pair_does() {
        let pair = SignatureKeyPair::new(SignatureScheme::ED25519).unwrap();
        let signer = CircleSigner::new(&pair).unwrap();
        assert_eq!(signer.public(), pair.public());
        assert_eq!(signer.signature_scheme(), SignatureScheme::ED25519);
        let payload = b"a circle message's signed content";
        // Ed25519 is deterministic: the same key signs the same bytes identically.
        let ours = signer.sign(payload).unwrap();
        assert_eq!(ours, pair.sign(payload).unwrap());
        let crypto = RustCrypto::default();
        crypto
            .verify_signature(SignatureScheme::ED25519, payload, pair.public(), &ours)
            .unwrap();
        assert!(crypto
            .verify_signature(
                SignatureScheme::ED25519,
                b"other bytes",
                pair.public(),
                &ours
            )
            .is_err());
    }

    #[test]
    fn a_pair_whose_public_key_is_not_its_secrets_is_refused() {
        let secret = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let other = ed25519_dalek::SigningKey::from_bytes(&[8; 32]);
        let mismatched = SignatureKeyPair::from_raw(
            SignatureScheme::ED25519,
            secret.to_bytes().to_vec(),
            other.verifying_key().to_bytes().to_vec(),
        );
        assert!(matches!(
            CircleSigner::new(&mismatched),
            Err(Error::Corrupt { .. })
        ));
        let matched = SignatureKeyPair::from_raw(
            SignatureScheme::ED25519,
            secret.to_bytes().to_vec(),
            secret.verifying_key().to_bytes().to_vec(),
        );
        assert!(CircleSigner::new(&matched).is_ok());
    }

    #[test]
    fn another_signature_scheme_is_refused() {
        let pair = SignatureKeyPair::new(SignatureScheme::ECDSA_SECP256R1_SHA256).unwrap();
        assert!(matches!(
            CircleSigner::new(&pair),
            Err(Error::Corrupt { .. })
        ));
    }
}
