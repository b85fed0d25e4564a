//! Sealing a drop for one key: a join request to a circle's request key, an answer to the
//! asker's reply key. Every drop is [`DROP_SIZE`] bytes: a one-time body key sealed by HPKE
//! (RFC 9180, the circles' suite) to the recipient, then the body sealed under it and padded
//! ([`crate::sealed`]), both bound to the inbox it is left in. The relay sees one size, always.

use openmls_traits::types::HpkeKeyPair;
use zeroize::Zeroizing;

use crate::circles::{report_seal, Mls};
use crate::error::{Error, Result};
use crate::sealed;

pub(crate) use hearth_protocol::DROP_SIZE;

/// HPKE's `info`: what the sealed key is for.
const INFO: &[u8] = b"hearth/drop-key/v1";
/// An X25519 KEM output, then the sealed 32-byte key and its 16-byte tag.
const SLOT_LEN: usize = 32 + 32 + 16;
/// The one-time body key's length.
const KEY_LEN: usize = 32;

/// Seals `plaintext` for `recipient` (an X25519 public key) to be left in `inbox`.
pub(crate) fn seal(mls: &Mls, inbox: &[u8], recipient: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let body_key = report_seal::new_seed(mls)?;
    let raw: [u8; KEY_LEN] = body_key
        .as_slice()
        .try_into()
        .map_err(|_| Error::Internal("a body key has the wrong size"))?;
    let raw = Zeroizing::new(raw);
    let mut out = report_seal::hpke_seal(mls, INFO, recipient, inbox, &body_key)?;
    if out.len() != SLOT_LEN {
        return Err(Error::Internal("a drop's key slot has the wrong size"));
    }
    out.extend_from_slice(&sealed::seal(&raw, inbox, plaintext, DROP_SIZE - SLOT_LEN)?);
    Ok(out)
}

/// Opens a drop left in `inbox` with our key pair: `None` when it is not for us, damaged, or
/// not a drop at all (anyone may leave anything in an inbox).
pub(crate) fn open(
    mls: &Mls,
    inbox: &[u8],
    ours: &HpkeKeyPair,
    drop: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if drop.len() != DROP_SIZE {
        return None;
    }
    let (slot, body) = drop.split_at(SLOT_LEN);
    let key = Zeroizing::new(report_seal::hpke_open(mls, INFO, ours, inbox, slot)?);
    let raw: [u8; KEY_LEN] = key.as_slice().try_into().ok()?;
    sealed::open(&Zeroizing::new(raw), inbox, body).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_drop_is_one_size_and_opens_only_for_its_key_in_its_inbox() {
        let mls = Mls::default();
        let ours = report_seal::key_pair(&mls, &[5; 32]).unwrap();
        let theirs = report_seal::key_pair(&mls, &[6; 32]).unwrap();
        let short = seal(&mls, b"inbox-a", &ours.public, b"hello").unwrap();
        let long = seal(&mls, b"inbox-a", &ours.public, &[7; 1900]).unwrap();
        assert_eq!((short.len(), long.len()), (DROP_SIZE, DROP_SIZE));
        assert_eq!(&*open(&mls, b"inbox-a", &ours, &short).unwrap(), b"hello");
        assert_eq!(
            &*open(&mls, b"inbox-a", &ours, &long).unwrap(),
            &[7; 1900][..]
        );
        assert!(open(&mls, b"inbox-a", &theirs, &short).is_none());
        assert!(open(&mls, b"inbox-b", &ours, &short).is_none());
        let mut damaged = short.clone();
        damaged[1000] ^= 1;
        assert!(open(&mls, b"inbox-a", &ours, &damaged).is_none());
        assert!(open(&mls, b"inbox-a", &ours, &[0; DROP_SIZE]).is_none());
        assert!(seal(&mls, b"inbox-a", &ours.public, &[7; 2000]).is_err());
    }
}
