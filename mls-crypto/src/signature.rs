//! Ed25519: making a key pair, signing and verifying, exactly as openmls_rust_crypto did
//! (ed25519-dalek; strict verification, which refuses malleable and small-order signatures).

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey, SECRET_KEY_LENGTH, SIGNATURE_LENGTH};
use openmls_traits::types::CryptoError;
use zeroize::Zeroizing;

use crate::random;

/// A new key pair: the 32-byte secret and the 32-byte public key.
pub(crate) fn generate() -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let secret: Zeroizing<[u8; SECRET_KEY_LENGTH]> = Zeroizing::new(random::array()?);
    let key = SigningKey::from_bytes(&secret);
    Ok((
        key.as_bytes().to_vec(),
        key.verifying_key().to_bytes().to_vec(),
    ))
}

/// The signature of `data` by the 32-byte secret `key`.
pub(crate) fn sign(key: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let key = SigningKey::try_from(key).map_err(|_| CryptoError::CryptoLibraryError)?;
    Ok(key.sign(data).to_bytes().to_vec())
}

/// Checks `signature` over `data` by `public`.
pub(crate) fn verify(public: &[u8], data: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let public = VerifyingKey::try_from(public).map_err(|_| CryptoError::CryptoLibraryError)?;
    let signature: [u8; SIGNATURE_LENGTH] = signature
        .try_into()
        .map_err(|_| CryptoError::CryptoLibraryError)?;
    public
        .verify_strict(data, &ed25519_dalek::Signature::from(signature))
        .map_err(|_| CryptoError::InvalidSignature)
}
