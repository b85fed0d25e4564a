//! Fixed-size sealing under a 32-byte key: what travels through the relay's invite mailbox
//! (under a key from the PAKE) and the body of a report (under a one-time key sealed to the
//! facilitators). ChaCha20-Poly1305, padded to a fixed size, so the relay learns nothing from
//! it, not even how long a display name or a comment is.
//!
//! Layout: a 12-byte random nonce, then the ciphertext of (4-byte big-endian length, the
//! plaintext, zeros up to the size) and its 16-byte tag. Claims are one size; answers (a
//! Welcome grows with the circle) take the smallest of a few sizes that fits.

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

use hearth_protocol::ANSWER_SIZES;
#[cfg(test)]
use hearth_protocol::CLAIM_SIZE;

const OVERHEAD: usize = NONCE_LEN + 4 + aead::MAX_TAG_LEN;

/// The sealed message could not be opened: a wrong key (a wrong code) or damage on the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the sealed message could not be opened")]
pub(crate) struct Unopenable;

fn key(raw: &[u8; 32]) -> Result<LessSafeKey> {
    UnboundKey::new(&CHACHA20_POLY1305, raw)
        .map(LessSafeKey::new)
        .map_err(|_| Error::Internal("the sealing key could not be used"))
}

/// Seals `plaintext` into exactly `size` bytes. `aad` binds it to its context (an invite, a
/// circle).
pub(crate) fn seal(
    raw_key: &[u8; 32],
    aad: &[u8],
    plaintext: &[u8],
    size: usize,
) -> Result<Vec<u8>> {
    let room = size.saturating_sub(OVERHEAD);
    if plaintext.len() > room {
        return Err(Error::invalid("sealed message", "too large to send"));
    }
    let length = u32::try_from(plaintext.len())
        .map_err(|_| Error::invalid("sealed message", "too large to send"))?;
    let mut nonce = [0u8; NONCE_LEN];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut nonce)
        .map_err(|_| Error::Internal("the random generator failed"))?;
    let mut body = Zeroizing::new(Vec::with_capacity(size - NONCE_LEN));
    body.extend_from_slice(&length.to_be_bytes());
    body.extend_from_slice(plaintext);
    body.resize(size - NONCE_LEN - aead::MAX_TAG_LEN, 0);
    key(raw_key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut *body,
        )
        .map_err(|_| Error::Internal("the message could not be sealed"))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&body);
    Ok(out)
}

/// Seals an answer into the smallest answer size it fits.
pub(crate) fn seal_answer(raw_key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let size = ANSWER_SIZES
        .into_iter()
        .find(|s| plaintext.len() + OVERHEAD <= *s)
        .ok_or_else(|| Error::invalid("invite answer", "too large to send"))?;
    seal(raw_key, aad, plaintext, size)
}

/// Opens what [`seal`] made under the same key and `aad`.
pub(crate) fn open(
    raw_key: &[u8; 32],
    aad: &[u8],
    sealed: &[u8],
) -> std::result::Result<Zeroizing<Vec<u8>>, Unopenable> {
    if sealed.len() < OVERHEAD {
        return Err(Unopenable);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Unopenable)?;
    let mut body = Zeroizing::new(ciphertext.to_vec());
    let plain = key(raw_key)
        .map_err(|_| Unopenable)?
        .open_in_place(nonce, Aad::from(aad), &mut body)
        .map_err(|_| Unopenable)?;
    let (length, rest) = plain.split_at(4);
    let length = u32::from_be_bytes([length[0], length[1], length[2], length[3]]) as usize;
    let message = rest.get(..length).ok_or(Unopenable)?;
    Ok(Zeroizing::new(message.to_vec()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const KEY: [u8; 32] = [3; 32];

    #[test]
    fn sealed_messages_have_a_fixed_size_and_open_only_with_their_key_and_invite() {
        let short = seal(&KEY, b"7KQ2M9", b"Sam", CLAIM_SIZE).unwrap();
        let long = seal(&KEY, b"7KQ2M9", &[7; 3000], CLAIM_SIZE).unwrap();
        assert_eq!((short.len(), long.len()), (CLAIM_SIZE, CLAIM_SIZE));
        assert_eq!(&*open(&KEY, b"7KQ2M9", &short).unwrap(), b"Sam");
        assert_eq!(&*open(&KEY, b"7KQ2M9", &long).unwrap(), &[7; 3000][..]);
        assert_eq!(open(&[4; 32], b"7KQ2M9", &short), Err(Unopenable));
        assert_eq!(open(&KEY, b"AAAAAA", &short), Err(Unopenable));
        let mut damaged = short.clone();
        damaged[100] ^= 1;
        assert_eq!(open(&KEY, b"7KQ2M9", &damaged), Err(Unopenable));
        assert_eq!(open(&KEY, b"7KQ2M9", &short[..20]), Err(Unopenable));
        assert_ne!(
            short,
            seal(&KEY, b"7KQ2M9", b"Sam", CLAIM_SIZE).unwrap(),
            "fresh nonce"
        );
    }

    #[test]
    fn answers_take_the_smallest_size_that_fits_and_too_large_is_refused() {
        assert_eq!(seal_answer(&KEY, b"n", &[1; 100]).unwrap().len(), 4096);
        assert_eq!(seal_answer(&KEY, b"n", &[1; 5000]).unwrap().len(), 16384);
        let big = seal_answer(&KEY, b"n", &[1; 200_000]).unwrap();
        assert_eq!(big.len(), 262144);
        assert_eq!(open(&KEY, b"n", &big).unwrap().len(), 200_000);
        assert!(matches!(
            seal_answer(&KEY, b"n", &[1; 262144]),
            Err(Error::InvalidInput { .. })
        ));
        assert!(matches!(
            seal(&KEY, b"n", &[1; CLAIM_SIZE], CLAIM_SIZE),
            Err(Error::InvalidInput { .. })
        ));
    }
}
