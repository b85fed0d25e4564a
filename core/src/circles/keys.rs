//! KeyPackages: each with a fresh per-circle signature key and a random credential identity
//! (a pseudonym, never a name), so nothing links one circle membership to another.

use std::sync::Arc;

use super::provider::Mls;
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::tls_codec::Serialize as _;
use openmls::prelude::*;
use openmls_traits::random::OpenMlsRand;
use openmls_traits::storage::StorageProvider as _;
use rusqlite::{params, OptionalExtension, Transaction};

use super::profile::capabilities;
use super::provider::Provider;
use crate::error::{Error, Result};
use hearth_mls_crypto::SignatureKeys;

/// DESIGN's ciphersuite: X25519, ChaCha20-Poly1305, SHA-256, Ed25519.
pub(crate) use hearth_mls_crypto::CIPHERSUITE;

/// Length of a member's random credential identity.
const PSEUDONYM_LEN: usize = 16;

/// How long our KeyPackages are valid: openmls's usual twelve weeks, set on each one so that
/// [`forget_expired_key_packages`] agrees with them. Committers refuse an expired one.
const KEY_PACKAGE_LIFETIME_S: u64 = 12 * 7 * 24 * 3600;

/// How long a Welcome made with one of our KeyPackages just before it expired may still wait
/// in our inbox: the relay keeps what it stores for thirty days unless told otherwise.
const WELCOME_WAIT_S: u64 = 30 * 24 * 3600;

/// A fresh signer and the credential that names it by a random pseudonym.
pub(crate) fn new_identity(
    provider: &Provider<'_>,
) -> Result<(SignatureKeys, CredentialWithKey, Vec<u8>)> {
    let signer = SignatureKeys::generate()
        .map_err(|_| Error::Internal("a signature key could not be made"))?;
    signer.store(provider.storage())?;
    let pseudonym = provider
        .rand()
        .random_vec(PSEUDONYM_LEN)
        .map_err(|_| Error::Internal("the random generator failed"))?;
    let credential = CredentialWithKey {
        credential: BasicCredential::new(pseudonym.clone()).into(),
        signature_key: signer.public().to_vec().into(),
    };
    Ok((signer, credential, pseudonym))
}

/// Makes a KeyPackage to publish, remembering which signer it carries. A last-resort one may
/// be used more than once and is replaced as soon as it is used.
pub(crate) fn new_key_package(
    tx: &Transaction<'_>,
    mls: &Mls,
    last_resort: bool,
    now_ms: i64,
) -> Result<Vec<u8>> {
    let provider = Provider::new(mls, tx);
    let (signer, credential, pseudonym) = new_identity(&provider)?;
    let mut builder = KeyPackage::builder()
        .leaf_node_capabilities(capabilities())
        .key_package_lifetime(Lifetime::new(KEY_PACKAGE_LIFETIME_S));
    if last_resort {
        builder = builder.mark_as_last_resort();
    }
    let bundle = builder
        .build(CIPHERSUITE, &provider, &signer, credential)
        .map_err(|_| Error::Internal("a KeyPackage could not be made"))?;
    // Kept in its TLS encoding, the only way openmls builds one back from bytes.
    let hash_ref = bundle
        .key_package()
        .hash_ref(provider.crypto())
        .ok()
        .and_then(|hash_ref| hash_ref.tls_serialize_detached().ok())
        .ok_or(Error::Internal("a KeyPackage could not be hashed"))?;
    tx.prepare_cached("INSERT INTO circle_key_packages (signature_key, pseudonym, last_resort, created_at_ms, hash_ref) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![signer.public(), pseudonym, last_resort, now_ms, hash_ref],
    )?;
    bundle
        .key_package()
        .tls_serialize_detached()
        .map_err(|_| Error::Internal("a KeyPackage could not be encoded"))
}

/// The pseudonym of one of our KeyPackages, found by its signature key, and whether it was a
/// last-resort one. Used once a Welcome for it arrives.
pub(crate) fn our_key_package(
    tx: &Transaction<'_>,
    signature_key: &[u8],
) -> Result<Option<(Vec<u8>, bool)>> {
    Ok(tx
        .prepare_cached(
            "SELECT pseudonym, last_resort FROM circle_key_packages WHERE signature_key = ?1",
        )?
        .query_row([signature_key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Deletes what our KeyPackages that expired long enough ago leave behind: the record, the
/// private keys openmls keeps for it (init and leaf keys), and its signing key unless a
/// circle joined through it still uses it (see [`key_needed`]). Unused KeyPackages expire at
/// the relay and are replaced; without this their keys would stay here for good. Returns how
/// many went.
pub(crate) fn forget_expired_key_packages(
    tx: &Transaction<'_>,
    mls: &Mls,
    now_ms: i64,
) -> Result<usize> {
    let kept_ms = ((KEY_PACKAGE_LIFETIME_S + WELCOME_WAIT_S) * 1000) as i64;
    let expired: Vec<(Vec<u8>, Option<Vec<u8>>)> = tx
        .prepare_cached(
            "SELECT signature_key, hash_ref FROM circle_key_packages WHERE created_at_ms < ?1",
        )?
        .query_map([now_ms.saturating_sub(kept_ms)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let provider = Provider::new(mls, tx);
    for (key, hash_ref) in &expired {
        forget_key_package(tx, key)?;
        if let Some(hash_ref) = hash_ref {
            let hash_ref =
                KeyPackageRef::tls_deserialize_exact(hash_ref).map_err(|_| Error::Corrupt {
                    detail: "circle KeyPackage record",
                })?;
            provider.storage().delete_key_package(&hash_ref)?;
        }
        if !key_needed(tx, key, None)? {
            delete_signer(&provider, key)?;
        }
    }
    Ok(expired.len())
}

/// Whether a signing key is still needed by something other than circle `except`: a circle
/// we are still in (a last-resort KeyPackage, used more than once, brings us into several
/// circles with one key) or a KeyPackage of ours that may still bring us into one.
fn key_needed(tx: &Transaction<'_>, key: &[u8], except: Option<&[u8]>) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circles WHERE signature_key = ?1 AND group_id IS NOT ?2
                 AND state = 'active' AND (closed_at_ms IS NULL OR mailbox_delete_pending = 1))
             OR EXISTS (SELECT 1 FROM circle_key_packages WHERE signature_key = ?1)",
        )?
        .query_row(params![key, except], |r| r.get(0))?)
}

/// Deletes a signing key from openmls's storage and from the cache.
fn delete_signer(provider: &Provider<'_>, key: &[u8]) -> Result<()> {
    provider.groups().forget_signer(key);
    SignatureKeys::delete(provider.storage(), key)?;
    Ok(())
}

/// Forgets a used one-time KeyPackage's record.
pub(crate) fn forget_key_package(tx: &Transaction<'_>, signature_key: &[u8]) -> Result<()> {
    tx.prepare_cached("DELETE FROM circle_key_packages WHERE signature_key = ?1")?
        .execute([signature_key])?;
    Ok(())
}

/// Reads and validates a KeyPackage someone published (signature, lifetime, ciphersuite).
pub(crate) fn read_key_package(mls: &Mls, bytes: &[u8]) -> Result<KeyPackage> {
    let kp = KeyPackageIn::tls_deserialize_exact(bytes).map_err(|_| Error::MessageRejected {
        reason: "the KeyPackage is malformed",
    })?;
    let kp = kp
        .validate(mls.crypto(), ProtocolVersion::Mls10)
        .map_err(|_| Error::MessageRejected {
            reason: "the KeyPackage is not valid",
        })?;
    if kp.ciphersuite() != CIPHERSUITE {
        return Err(Error::MessageRejected {
            reason: "the KeyPackage uses another ciphersuite",
        });
    }
    Ok(kp)
}

/// Deletes our signing key for a circle whose membership is over: we left or were removed,
/// the circle closed (for the facilitator who closed it, once the relay deleted its mailbox),
/// or a new membership replaces this one. It will never sign again for this circle, and key
/// material is kept no longer than it is needed: it goes unless another circle or a
/// KeyPackage still needs it ([`key_needed`]). The circle's row keeps the public key, which
/// names our messages in its history.
pub(crate) fn forget_signer(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    let key = super::group::our_key(tx, group_id)?;
    if key_needed(tx, &key, Some(group_id))? {
        return Ok(());
    }
    delete_signer(&Provider::new(mls, tx), &key)
}

/// Our signer for a circle: cached, or from openmls's storage.
pub(crate) fn signer(provider: &Provider<'_>, signature_key: &[u8]) -> Result<Arc<SignatureKeys>> {
    if let Some(signer) = provider.groups().signer(signature_key) {
        return Ok(signer);
    }
    // A pair that does not decode (not Ed25519, or its public key not its secret's) is as
    // corrupt as a missing one.
    let signer = SignatureKeys::read(provider.storage(), signature_key)
        .ok()
        .flatten()
        .ok_or(Error::Corrupt {
            detail: "circle signature key",
        })?;
    let signer = Arc::new(signer);
    provider.groups().signer_loaded(signer.clone());
    Ok(signer)
}
