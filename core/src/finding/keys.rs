//! The keys of a drop inbox this phone owns (a circle's request inbox, or the reply inbox of
//! a request): a random id, an Ed25519 key that reads and closes it at the relay, and an
//! X25519 key drops to it are sealed to. Made here, kept in the encrypted database.

use hearth_protocol::{inbox_signing_input, Bytes, InboxCall, InboxOwnerCall};
use openmls_traits::types::HpkeKeyPair;
use ring::signature::{Ed25519KeyPair, KeyPair as _};
use zeroize::Zeroizing;

use crate::circles::{report_seal, Mls};
use crate::error::{Error, Result};

/// An inbox's id and secrets.
pub(crate) struct InboxKeys {
    pub inbox: Vec<u8>,
    pub owner_seed: Zeroizing<Vec<u8>>,
    pub hpke_seed: Zeroizing<Vec<u8>>,
}

impl InboxKeys {
    /// Fresh keys for a new inbox.
    pub(crate) fn new(mls: &Mls) -> Result<InboxKeys> {
        Ok(InboxKeys {
            inbox: report_seal::new_seed(mls)?.to_vec(),
            owner_seed: report_seal::new_seed(mls)?,
            hpke_seed: report_seal::new_seed(mls)?,
        })
    }

    /// The key pair drops are sealed to.
    pub(crate) fn hpke(&self, mls: &Mls) -> Result<HpkeKeyPair> {
        report_seal::key_pair(mls, &self.hpke_seed)
    }
}

/// The public key of an owner seed.
pub(crate) fn owner_public(owner_seed: &[u8]) -> Result<Vec<u8>> {
    Ok(owner_pair(owner_seed)?.public_key().as_ref().to_vec())
}

fn owner_pair(seed: &[u8]) -> Result<Ed25519KeyPair> {
    Ed25519KeyPair::from_seed_unchecked(seed).map_err(|_| Error::Corrupt {
        detail: "inbox owner key",
    })
}

/// The owner's signed call on `inbox`: read after `after`, or close.
pub(crate) fn owner_call(
    owner_seed: &[u8],
    call: InboxCall,
    inbox: &[u8],
    after: u64,
    now_ms: i64,
) -> Result<InboxOwnerCall> {
    let signed_at = (now_ms / 1000).max(0) as u64;
    let signature =
        owner_pair(owner_seed)?.sign(&inbox_signing_input(call, inbox, after, signed_at));
    Ok(InboxOwnerCall {
        after,
        signed_at,
        signature: Bytes(signature.as_ref().to_vec()),
    })
}
