//! Randomness for openmls (key material, nonces, pseudonyms): the operating system's
//! generator through ring, with no state of our own to seed, share or lock.

use openmls_traits::types::CryptoError;
use ring::rand::{SecureRandom, SystemRandom};

/// `N` random bytes.
pub(crate) fn array<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    fill(&mut bytes)?;
    Ok(bytes)
}

/// `len` random bytes.
pub(crate) fn vec(len: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0u8; len];
    fill(&mut bytes)?;
    Ok(bytes)
}

fn fill(bytes: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new()
        .fill(bytes)
        .map_err(|_| CryptoError::InsufficientRandomness)
}
