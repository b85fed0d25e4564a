//! Letters: what two people say about a one-to-one talk, inside the circle where it was
//! asked for. A letter is signed with the sender's talk key, then sealed by HPKE (RFC 9180,
//! the circle's ciphersuite) to the recipient's per-circle report key and sent as an
//! ordinary application message, so the rest of the circle sees only that a member sent
//! something it cannot open, and the relay sees one more MLS message in that circle.
//!
//! The signed part names the sender's per-circle key: the recipient checks it is the MLS
//! sender, so nobody can pass on a letter someone else sealed as their own.

use openmls_traits::types::HpkeKeyPair;
use ring::signature::{Ed25519KeyPair, UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};

use crate::circles::{report_seal, Mls};
use crate::error::{Error, Result};

/// HPKE's `info` for a letter's sealing.
const INFO: &[u8] = b"hearth/talk-letter/v1";
/// Domain label of a letter's signature.
const SIGN_DOMAIN: &[u8] = b"hearth/talk-letter-signature/v1\0";
/// An X25519 KEM output's length.
const KEM_OUTPUT_LEN: usize = 32;
/// The largest sealed letter taken in, in bytes (a two-person Welcome is a few kilobytes).
pub(crate) const SEALED_MAX: usize = 64 * 1024;

/// What a letter says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Letter {
    /// May we talk one to one? With a KeyPackage of the asker's for the talk to add.
    Request {
        talk: String,
        /// Hex of the asker's KeyPackage (TLS encoding).
        key_package: String,
        note: String,
    },
    /// Yes: the Welcome to the two-person circle.
    Accepted {
        talk: String,
        /// Hex of the Welcome (TLS encoding).
        welcome: String,
    },
    /// Not now (said kindly by the app).
    Declined { talk: String },
    /// The asker takes the request back.
    Withdrawn { talk: String },
}

impl Letter {
    /// The talk it is about.
    pub(crate) fn talk(&self) -> &str {
        match self {
            Letter::Request { talk, .. }
            | Letter::Accepted { talk, .. }
            | Letter::Declined { talk }
            | Letter::Withdrawn { talk } => talk,
        }
    }
}

/// What is sealed: the letter exactly as signed, who sent it and their signature.
#[derive(Serialize, Deserialize)]
struct Signed {
    /// The letter's JSON.
    letter: String,
    /// Hex of the sender's per-circle key.
    from: String,
    /// Hex of the sender's talk key (Ed25519, the same in every circle).
    talk_key: String,
    /// Hex of the signature over [`signing_input`].
    signature: String,
}

/// A letter opened and checked.
pub(crate) struct Opened {
    pub letter: Letter,
    /// The sender's per-circle key (checked against the MLS sender by the caller).
    pub from: Vec<u8>,
    /// The sender's talk key (its signature verified).
    pub talk_key: Vec<u8>,
}

fn signing_input(group_id: &[u8], from: &[u8], letter: &[u8]) -> Vec<u8> {
    let mut out = SIGN_DOMAIN.to_vec();
    for part in [group_id, from] {
        out.extend_from_slice(&(part.len() as u32).to_be_bytes());
        out.extend_from_slice(part);
    }
    out.extend_from_slice(letter);
    out
}

/// Signs `letter` as the member `from` of circle `group_id` with our talk key, and seals it
/// to `recipient` (their per-circle report key).
pub(crate) fn seal(
    mls: &Mls,
    group_id: &[u8],
    from: &[u8],
    talk_key: &Ed25519KeyPair,
    recipient: &[u8],
    letter: &Letter,
) -> Result<Vec<u8>> {
    use ring::signature::KeyPair as _;
    let json = serde_json::to_string(letter)?;
    let signature = talk_key.sign(&signing_input(group_id, from, json.as_bytes()));
    let signed = serde_json::to_vec(&Signed {
        letter: json,
        from: hex::encode(from),
        talk_key: hex::encode(talk_key.public_key().as_ref()),
        signature: hex::encode(signature.as_ref()),
    })?;
    report_seal::hpke_seal(mls, INFO, recipient, group_id, &signed)
}

/// Opens a letter with our report key: `None` when it is not for us. A letter for us that
/// does not check out (a bad signature, damage) is refused.
pub(crate) fn open(
    mls: &Mls,
    group_id: &[u8],
    ours: &HpkeKeyPair,
    sealed: &[u8],
) -> Result<Option<Opened>> {
    if sealed.len() <= KEM_OUTPUT_LEN || sealed.len() > SEALED_MAX {
        return Err(refused("a sealed letter of an impossible size"));
    }
    let Some(plain) = report_seal::hpke_open(mls, INFO, ours, group_id, sealed) else {
        return Ok(None); // sealed to someone else
    };
    let signed: Signed =
        serde_json::from_slice(&plain).map_err(|_| refused("a letter that is not a letter"))?;
    let from = hex::decode(&signed.from).map_err(|_| refused("a letter from nobody"))?;
    let talk_key = hex::decode(&signed.talk_key).map_err(|_| refused("a letter without a key"))?;
    let signature = hex::decode(&signed.signature).map_err(|_| refused("an unsigned letter"))?;
    UnparsedPublicKey::new(&ED25519, &talk_key)
        .verify(
            &signing_input(group_id, &from, signed.letter.as_bytes()),
            &signature,
        )
        .map_err(|_| refused("a letter with a bad signature"))?;
    let letter: Letter =
        serde_json::from_str(&signed.letter).map_err(|_| refused("a letter of no known kind"))?;
    Ok(Some(Opened {
        letter,
        from,
        talk_key,
    }))
}

fn refused(reason: &'static str) -> Error {
    Error::MessageRejected { reason }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn talk_key() -> Ed25519KeyPair {
        let rng = ring::rand::SystemRandom::new();
        let seed: [u8; 32] = ring::rand::generate(&rng).unwrap().expose();
        Ed25519KeyPair::from_seed_unchecked(&seed).unwrap()
    }

    #[test]
    fn a_letter_opens_only_for_its_recipient_in_its_circle_and_names_its_signer() {
        use ring::signature::KeyPair as _;
        let mls = Mls::default();
        let pair = |mls: &Mls| report_seal::key_pair(mls, &report_seal::new_seed(mls).unwrap());
        let (ash, birch) = (pair(&mls).unwrap(), pair(&mls).unwrap());
        let key = talk_key();
        let letter = Letter::Declined {
            talk: "ab12".into(),
        };
        let sealed = seal(&mls, b"circle-1", &[7; 32], &key, &ash.public, &letter).unwrap();
        let opened = open(&mls, b"circle-1", &ash, &sealed).unwrap().unwrap();
        assert_eq!(opened.letter, letter);
        assert_eq!(opened.from, vec![7; 32]);
        assert_eq!(opened.talk_key, key.public_key().as_ref());
        assert!(open(&mls, b"circle-1", &birch, &sealed).unwrap().is_none());
        assert!(open(&mls, b"circle-2", &ash, &sealed).unwrap().is_none());
        let mut damaged = sealed.clone();
        damaged[40] ^= 1;
        assert!(open(&mls, b"circle-1", &ash, &damaged).unwrap().is_none());
        assert!(open(&mls, b"circle-1", &ash, &sealed[..10]).is_err());
    }
}
