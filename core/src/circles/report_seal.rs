//! Sealing a report so only a circle's facilitators and co-facilitators can open it.
//!
//! A report is one fixed size, [`REPORT_SIZE`] bytes, whoever it is for and however long its
//! comment: [`SLOTS`] key slots, then the body. The body is sealed under a fresh one-time key
//! ([`crate::sealed`]); each slot carries that key sealed by HPKE (RFC 9180, the circle's
//! ciphersuite: X25519, HKDF-SHA256, ChaCha20-Poly1305) to one recipient's per-circle report
//! key. Unused slots are random bytes, so the number of recipients does not show. A recipient
//! tries each slot with its own key. Both layers are bound to the circle's group id.

use openmls_traits::crypto::OpenMlsCrypto;
use openmls_traits::random::OpenMlsRand;
use openmls_traits::types::{HpkeCiphertext, HpkeKeyPair};
use zeroize::Zeroizing;

use super::keys::CIPHERSUITE;
use super::provider::Mls;
use crate::error::{Error, Result};
use crate::sealed;

pub(crate) use hearth_protocol::REPORT_SIZE;

/// Recipients one report can be sealed to (a circle's facilitators and co-facilitators).
pub(crate) const SLOTS: usize = 8;
/// An X25519 KEM output, then the sealed 32-byte key and its 16-byte tag.
const SLOT_LEN: usize = 32 + 32 + 16;
/// HPKE's `info`: what the sealed key is for.
const INFO: &[u8] = b"hearth/report-key/v1";
/// Room for the sealed body.
const BODY_SIZE: usize = REPORT_SIZE - SLOTS * SLOT_LEN;
/// Length of a report key seed and of the one-time body key.
const KEY_LEN: usize = 32;

fn random(mls: &Mls, len: usize) -> Result<Vec<u8>> {
    mls.crypto()
        .random_vec(len)
        .map_err(|_| Error::Internal("the random generator failed"))
}

/// A fresh seed for a per-circle report key.
pub(crate) fn new_seed(mls: &Mls) -> Result<Zeroizing<Vec<u8>>> {
    random(mls, KEY_LEN).map(Zeroizing::new)
}

/// The report key pair a seed stands for.
pub(crate) fn key_pair(mls: &Mls, seed: &[u8]) -> Result<HpkeKeyPair> {
    mls.crypto()
        .derive_hpke_keypair(CIPHERSUITE.hpke_config(), seed)
        .map_err(|_| Error::Internal("the report key could not be derived"))
}

/// An X25519 KEM output's length.
const KEM_OUTPUT_LEN: usize = 32;

/// Seals `plaintext` by HPKE (the circle's suite) to one `recipient` public key for `info`,
/// bound to `aad`: the KEM output, then the ciphertext. Reports seal their key slots with
/// it, and `crate::talks` its letters.
pub(crate) fn hpke_seal(
    mls: &Mls,
    info: &[u8],
    recipient: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let sealed = mls
        .crypto()
        .hpke_seal(CIPHERSUITE.hpke_config(), recipient, info, aad, plaintext)
        .map_err(|_| Error::Internal("a key could not be sealed"))?;
    Ok([sealed.kem_output.as_slice(), sealed.ciphertext.as_slice()].concat())
}

/// Opens what [`hpke_seal`] made, with our key pair: `None` when it was not for us, or was
/// damaged.
pub(crate) fn hpke_open(
    mls: &Mls,
    info: &[u8],
    ours: &HpkeKeyPair,
    aad: &[u8],
    sealed: &[u8],
) -> Option<Vec<u8>> {
    if sealed.len() < KEM_OUTPUT_LEN {
        return None;
    }
    let (kem_output, ciphertext) = sealed.split_at(KEM_OUTPUT_LEN);
    let sealed = HpkeCiphertext {
        kem_output: kem_output.into(),
        ciphertext: ciphertext.into(),
    };
    mls.crypto()
        .hpke_open(CIPHERSUITE.hpke_config(), &sealed, &ours.private, info, aad)
        .ok()
}

/// Seals `plaintext` for `recipients` (public report keys, at most [`SLOTS`]) in the circle
/// `group_id`.
pub(crate) fn seal(
    mls: &Mls,
    group_id: &[u8],
    recipients: &[Vec<u8>],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    if recipients.is_empty() || recipients.len() > SLOTS {
        return Err(Error::Internal("a report needs 1 to 8 recipients"));
    }
    let body_key = Zeroizing::new(random(mls, KEY_LEN)?);
    let mut raw_key = Zeroizing::new([0u8; KEY_LEN]);
    raw_key.copy_from_slice(&body_key);
    let mut out = Vec::with_capacity(REPORT_SIZE);
    for recipient in recipients {
        let slot = hpke_seal(mls, INFO, recipient, group_id, &body_key)?;
        if slot.len() != SLOT_LEN {
            return Err(Error::Internal("a report key slot has the wrong size"));
        }
        out.extend_from_slice(&slot);
    }
    out.extend_from_slice(&random(mls, (SLOTS - recipients.len()) * SLOT_LEN)?);
    out.extend_from_slice(&sealed::seal(&raw_key, group_id, plaintext, BODY_SIZE)?);
    Ok(out)
}

/// The largest plaintext a report can carry.
pub(crate) const PLAINTEXT_MAX: usize = BODY_SIZE - 12 - 4 - 16;

/// Opens a report with our report key: `None` when it is not for us (or was damaged).
pub(crate) fn open(
    mls: &Mls,
    group_id: &[u8],
    ours: &HpkeKeyPair,
    report: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if report.len() != REPORT_SIZE {
        return None;
    }
    let (slots, body) = report.split_at(SLOTS * SLOT_LEN);
    slots.chunks_exact(SLOT_LEN).find_map(|slot| {
        let key = Zeroizing::new(hpke_open(mls, INFO, ours, group_id, slot)?);
        let raw: [u8; KEY_LEN] = key.as_slice().try_into().ok()?;
        let raw = Zeroizing::new(raw);
        sealed::open(&raw, group_id, body).ok()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_report_is_one_size_and_opens_only_for_its_recipients_in_its_circle() {
        let mls = Mls::default();
        let pairs: Vec<HpkeKeyPair> = (0..3)
            .map(|_| key_pair(&mls, &new_seed(&mls).unwrap()).unwrap())
            .collect();
        let to: Vec<Vec<u8>> = pairs[..2].iter().map(|p| p.public.clone()).collect();
        let short = seal(&mls, b"circle-1", &to, b"spam").unwrap();
        let long = seal(&mls, b"circle-1", &to[..1], &[7; PLAINTEXT_MAX]).unwrap();
        assert_eq!((short.len(), long.len()), (REPORT_SIZE, REPORT_SIZE));
        assert_eq!(
            &*open(&mls, b"circle-1", &pairs[0], &short).unwrap(),
            b"spam"
        );
        assert_eq!(
            &*open(&mls, b"circle-1", &pairs[1], &short).unwrap(),
            b"spam"
        );
        assert!(
            open(&mls, b"circle-1", &pairs[2], &short).is_none(),
            "not a recipient"
        );
        assert!(
            open(&mls, b"circle-2", &pairs[0], &short).is_none(),
            "another circle"
        );
        assert_eq!(
            open(&mls, b"circle-1", &pairs[0], &long).unwrap().len(),
            PLAINTEXT_MAX
        );
        let mut damaged = short.clone();
        damaged[REPORT_SIZE - 100] ^= 1;
        assert!(open(&mls, b"circle-1", &pairs[0], &damaged).is_none());
        assert!(seal(&mls, b"circle-1", &to, &[7; PLAINTEXT_MAX + 1]).is_err());
        assert!(seal(&mls, b"circle-1", &[], b"x").is_err());
        // The same seed gives the same key (it is kept as a seed).
        let seed = new_seed(&mls).unwrap();
        assert_eq!(
            key_pair(&mls, &seed).unwrap().public,
            key_pair(&mls, &seed).unwrap().public
        );
    }
}
