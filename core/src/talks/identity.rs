//! Our talk key: one Ed25519 key per profile, made when first needed and kept (as its seed)
//! in the encrypted database. Letters are signed with it, so the people we ask or answer
//! can recognise us, and block us, in any circle we share with them; nobody else learns it.

use ring::signature::Ed25519KeyPair;
use rusqlite::{OptionalExtension, Transaction};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Our talk key (made now when there is none yet).
pub(crate) fn talk_key(tx: &Transaction<'_>) -> Result<Ed25519KeyPair> {
    let stored: Option<Vec<u8>> = tx
        .prepare_cached("SELECT seed FROM talk_identity WHERE only = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let seed = match stored {
        Some(seed) => Zeroizing::new(seed),
        None => {
            let rng = ring::rand::SystemRandom::new();
            let seed: [u8; 32] = ring::rand::generate(&rng)
                .map_err(|_| Error::Internal("the random generator failed"))?
                .expose();
            let seed = Zeroizing::new(seed.to_vec());
            tx.prepare_cached("INSERT INTO talk_identity (only, seed) VALUES (1, ?1)")?
                .execute([&*seed])?;
            seed
        }
    };
    Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|_| Error::Corrupt { detail: "talk key" })
}
