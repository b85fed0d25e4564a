//! A membership's Ed25519 signature key pair: made, stored in openmls's storage, read back
//! and used to sign.
//!
//! It is stored exactly as openmls_basic_credential's `SignatureKeyPair` was (the same
//! storage id and the same serde fields), so keys written before this crate are read, and
//! the signing key is built once when the pair is read: building it derives the public key
//! again, a scalar multiplication that cost as much as a signature.

use ed25519_dalek::{Signer as _, SigningKey, SECRET_KEY_LENGTH};
use openmls_traits::signatures::{Signer, SignerError};
use openmls_traits::storage::{traits, Entity, Key, StorageProvider, CURRENT_VERSION};
use openmls_traits::types::{CryptoError, SignatureScheme};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::random;

/// One membership's signing key and its public key.
pub struct SignatureKeys {
    /// Zeroized on drop (ed25519-dalek's `zeroize` feature).
    key: SigningKey,
    public: [u8; ed25519_dalek::PUBLIC_KEY_LENGTH],
}

impl std::fmt::Debug for SignatureKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureKeys").finish_non_exhaustive()
    }
}

impl SignatureKeys {
    /// A new random key pair.
    pub fn generate() -> Result<SignatureKeys, CryptoError> {
        let secret: Zeroizing<[u8; SECRET_KEY_LENGTH]> = Zeroizing::new(random::array()?);
        Ok(SignatureKeys::from_secret(&secret))
    }

    fn from_secret(secret: &[u8; SECRET_KEY_LENGTH]) -> SignatureKeys {
        let key = SigningKey::from_bytes(secret);
        let public = key.verifying_key().to_bytes();
        SignatureKeys { key, public }
    }

    /// The public key: how circles, the relay and storage name this signer.
    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// Writes the pair to openmls's storage.
    pub fn store<S: StorageProvider<CURRENT_VERSION>>(&self, storage: &S) -> Result<(), S::Error> {
        storage.write_signature_key_pair(&StorageId::of(&self.public), self)
    }

    /// The stored pair whose public key is `public`, if there is one. A stored pair that is
    /// not Ed25519, or whose public key is not its secret's, fails to read.
    pub fn read<S: StorageProvider<CURRENT_VERSION>>(
        storage: &S,
        public: &[u8],
    ) -> Result<Option<SignatureKeys>, S::Error> {
        storage.signature_key_pair(&StorageId::of(public))
    }

    /// Deletes the stored pair whose public key is `public`.
    pub fn delete<S: StorageProvider<CURRENT_VERSION>>(
        storage: &S,
        public: &[u8],
    ) -> Result<(), S::Error> {
        storage.delete_signature_key_pair(&StorageId::of(public))
    }
}

impl Signer for SignatureKeys {
    fn sign(&self, payload: &[u8]) -> Result<Vec<u8>, SignerError> {
        Ok(self.key.sign(payload).to_bytes().to_vec())
    }

    fn signature_scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }
}

/// Where a pair is stored: its public key, a label and the scheme, as
/// openmls_basic_credential named them.
#[derive(Serialize)]
struct StorageId {
    value: Vec<u8>,
}

impl StorageId {
    fn of(public: &[u8]) -> StorageId {
        const LABEL: &[u8] = b"RustCryptoSignatureKey";
        let mut value = Vec::with_capacity(public.len() + LABEL.len() + 2);
        value.extend_from_slice(public);
        value.extend_from_slice(LABEL);
        value.extend_from_slice(&(SignatureScheme::ED25519 as u16).to_be_bytes());
        StorageId { value }
    }
}

impl Key<CURRENT_VERSION> for StorageId {}
impl traits::SignaturePublicKey<CURRENT_VERSION> for StorageId {}
impl Entity<CURRENT_VERSION> for SignatureKeys {}
impl traits::SignatureKeyPair<CURRENT_VERSION> for SignatureKeys {}

/// The stored form, field for field openmls_basic_credential's: the secret as a sequence of
/// bytes, the public key, the scheme.
#[derive(Serialize)]
struct StoredRef<'a> {
    private: &'a [u8],
    public: &'a [u8],
    signature_scheme: SignatureScheme,
}

#[derive(Deserialize)]
struct Stored {
    private: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
    signature_scheme: SignatureScheme,
}

impl Serialize for SignatureKeys {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredRef {
            private: self.key.as_bytes(),
            public: &self.public,
            signature_scheme: SignatureScheme::ED25519,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SignatureKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let stored = Stored::deserialize(deserializer)?;
        if stored.signature_scheme != SignatureScheme::ED25519 {
            return Err(D::Error::custom("not an Ed25519 key pair"));
        }
        let secret: &[u8; SECRET_KEY_LENGTH] = stored
            .private
            .as_slice()
            .try_into()
            .map_err(|_| D::Error::custom("an Ed25519 secret key has 32 bytes"))?;
        let keys = SignatureKeys::from_secret(secret);
        if keys.public.as_slice() != stored.public {
            return Err(D::Error::custom("the public key is not the secret key's"));
        }
        Ok(keys)
    }
}
