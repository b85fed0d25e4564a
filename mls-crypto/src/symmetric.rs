//! SHA-256, HMAC-SHA256, HKDF-SHA256 and ChaCha20-Poly1305: the MLS key schedule, its
//! secret tree and every message's encryption. From ring, whose assembly versions of these
//! run on every phone Hearth supports.

use openmls_traits::types::CryptoError;
use ring::{aead, digest, hkdf, hmac};
use tls_codec::SecretVLBytes;

/// SHA-256's output length, which HKDF-SHA256's pseudorandom key must reach.
const HASH_LEN: usize = 32;

/// The longest HKDF-SHA256 output (RFC 5869: 255 blocks).
const HKDF_MAX_OUTPUT: usize = 255 * HASH_LEN;

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> Vec<u8> {
    digest::digest(&digest::SHA256, data).as_ref().to_vec()
}

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> SecretVLBytes {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    hmac::sign(&key, message).as_ref().into()
}

/// HKDF-Extract: the pseudorandom key is HMAC(salt, ikm) (RFC 5869, section 2.2).
pub(crate) fn hkdf_extract(salt: &[u8], ikm: &[u8]) -> SecretVLBytes {
    hmac_sha256(salt, ikm)
}

/// The length ring is asked to expand to.
struct OutputLength(usize);

impl hkdf::KeyType for OutputLength {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-Expand of `prk` to `length` bytes. A key shorter than a hash, or an output longer
/// than RFC 5869 allows, is refused, as openmls_rust_crypto refused them.
pub(crate) fn hkdf_expand(
    prk: &[u8],
    info: &[u8],
    length: usize,
) -> Result<SecretVLBytes, CryptoError> {
    if prk.len() < HASH_LEN || length > HKDF_MAX_OUTPUT {
        return Err(CryptoError::HkdfOutputLengthInvalid);
    }
    let prk = hkdf::Prk::new_less_safe(hkdf::HKDF_SHA256, prk);
    let mut okm = zeroize::Zeroizing::new(vec![0u8; length]);
    prk.expand(&[info], OutputLength(length))
        .and_then(|expanded| expanded.fill(&mut okm))
        .map_err(|_| CryptoError::HkdfOutputLengthInvalid)?;
    Ok(okm.as_slice().into())
}

/// The ChaCha20-Poly1305 key and nonce, or the library error openmls expects for bad ones.
fn key_and_nonce(
    key: &[u8],
    nonce: &[u8],
) -> Result<(aead::LessSafeKey, aead::Nonce), CryptoError> {
    let key = aead::UnboundKey::new(&aead::CHACHA20_POLY1305, key)
        .map_err(|_| CryptoError::CryptoLibraryError)?;
    let nonce = aead::Nonce::try_assume_unique_for_key(nonce)
        .map_err(|_| CryptoError::CryptoLibraryError)?;
    Ok((aead::LessSafeKey::new(key), nonce))
}

/// Encrypts `plaintext`: the ciphertext followed by its 16-byte tag.
pub(crate) fn seal(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let (key, nonce) = key_and_nonce(key, nonce)?;
    let mut sealed = Vec::with_capacity(plaintext.len() + aead::CHACHA20_POLY1305.tag_len());
    sealed.extend_from_slice(plaintext);
    key.seal_in_place_append_tag(nonce, aead::Aad::from(aad), &mut sealed)
        .map_err(|_| CryptoError::CryptoLibraryError)?;
    Ok(sealed)
}

/// Decrypts a ciphertext followed by its tag; a wrong key, nonce, AAD or tag is
/// `AeadDecryptionError`.
pub(crate) fn open(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let (key, nonce) = key_and_nonce(key, nonce)?;
    let mut buffer = sealed.to_vec();
    let plaintext_len = key
        .open_in_place(nonce, aead::Aad::from(aad), &mut buffer)
        .map_err(|_| CryptoError::AeadDecryptionError)?
        .len();
    buffer.truncate(plaintext_len);
    Ok(buffer)
}
