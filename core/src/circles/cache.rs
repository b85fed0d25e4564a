//! Loaded MLS groups kept in memory between transactions, so a message does not pay for
//! reading and decoding its group's whole state (the ratchet tree and the past epochs' secret
//! trees) from the database each time. That decoding was most of a message's cost.
//!
//! The database stays the truth; the cache only ever holds a group exactly as the last
//! committed transaction left it:
//! - [`GroupCache::take`] lends a group out of the cache: no other copy stays behind;
//! - [`GroupCache::keep`] hands it back, and it is *staged*: it becomes visible to later
//!   transactions only when the store reports this transaction committed. A rollback (or a
//!   crash of the closure) drops what was staged, and the next load reads the database;
//! - a group read from the database while another copy of it is out is not cached again in
//!   that transaction (neither copy), so a stale copy can never be handed back.
//!
//! openmls writes every change to storage as it makes it, so a group handed back after a
//! successful operation equals what the transaction wrote. Callers hand a group back only on
//! their success path and never inside a savepoint that may still roll back.
//!
//! Our per-circle signers ([`SignatureKeys`]) are kept the same way, by public key: a stored
//! key pair never changes, so the only rule is that one read in a transaction is kept only if
//! it commits. Reading and decoding the pair for every message sent was about 3% of a
//! message's cost, and building its signing key about 4% more.
//!
//! The cache lives as long as the profile is open and is emptied on close: the groups and
//! signers hold key material, as the database does, but in memory.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use openmls::group::MlsGroup;

use crate::store::TransactionObserver;
use hearth_mls_crypto::SignatureKeys;

/// At most this many groups stay loaded (a person is in a handful of circles).
const CAPACITY: usize = 32;

#[derive(Default)]
struct Inner {
    /// Groups as committed transactions left them.
    committed: HashMap<Vec<u8>, MlsGroup>,
    /// Groups handed back in the running transaction.
    staged: HashMap<Vec<u8>, MlsGroup>,
    /// Groups lent out in the running transaction and not handed back.
    lent: HashSet<Vec<u8>>,
    /// Groups that must not be cached by the running transaction.
    tainted: HashSet<Vec<u8>>,
    /// Our signers by public key, as committed transactions read them.
    signers: HashMap<Vec<u8>, Arc<SignatureKeys>>,
    /// Signers read in the running transaction.
    staged_signers: HashMap<Vec<u8>, Arc<SignatureKeys>>,
}

/// The groups of one open profile. Every access happens inside one of its store's
/// transactions, which are serialised, so the lock is never contended.
#[derive(Default)]
pub(crate) struct GroupCache {
    inner: Mutex<Inner>,
}

impl GroupCache {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Nothing here can be left half-changed by a panic: each method is one map operation.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Lends the group out if it is cached. `None` means: load it from the database, and
    /// [`GroupCache::loaded`] must be told.
    pub(crate) fn take(&self, group_id: &[u8]) -> Option<MlsGroup> {
        let mut inner = self.lock();
        let group = inner
            .staged
            .remove(group_id)
            .or_else(|| inner.committed.remove(group_id))?;
        inner.lent.insert(group_id.to_vec());
        Some(group)
    }

    /// A copy of the group was read from the database (or made there, by creating or joining
    /// it). If another copy is out, neither may come back in this transaction.
    pub(crate) fn loaded(&self, group_id: &[u8]) {
        let mut inner = self.lock();
        inner.committed.remove(group_id);
        inner.staged.remove(group_id);
        if !inner.lent.insert(group_id.to_vec()) {
            inner.tainted.insert(group_id.to_vec());
        }
    }

    /// Hands a group back after a successful operation; it is cached once the transaction
    /// commits.
    pub(crate) fn keep(&self, group_id: &[u8], group: MlsGroup) {
        let mut inner = self.lock();
        inner.lent.remove(group_id);
        if !inner.tainted.contains(group_id) {
            inner.staged.insert(group_id.to_vec(), group);
        }
    }

    /// Our signer for `public_key`, if one is cached (or was read in this transaction).
    pub(crate) fn signer(&self, public_key: &[u8]) -> Option<Arc<SignatureKeys>> {
        let inner = self.lock();
        inner
            .staged_signers
            .get(public_key)
            .or_else(|| inner.signers.get(public_key))
            .cloned()
    }

    /// A signer was read from the database in the running transaction.
    pub(crate) fn signer_loaded(&self, signer: Arc<SignatureKeys>) {
        let mut inner = self.lock();
        inner
            .staged_signers
            .insert(signer.public().to_vec(), signer);
    }

    /// Drops our signer for `public_key` (its key pair is being deleted). Should the deletion
    /// roll back, the next use reads the pair from the database again.
    pub(crate) fn forget_signer(&self, public_key: &[u8]) {
        let mut inner = self.lock();
        inner.signers.remove(public_key);
        inner.staged_signers.remove(public_key);
    }

    /// Drops every group and signer (the profile is closing or being deleted).
    pub(crate) fn clear(&self) {
        *self.lock() = Inner::default();
    }

    #[cfg(test)]
    fn cached(&self, group_id: &[u8]) -> bool {
        self.lock().committed.contains_key(group_id)
    }
}

impl TransactionObserver for GroupCache {
    fn began(&self) {
        let mut inner = self.lock();
        inner.staged.clear();
        inner.staged_signers.clear();
        inner.lent.clear();
        inner.tainted.clear();
    }

    fn ended(&self, committed: bool) {
        let mut inner = self.lock();
        let staged = std::mem::take(&mut inner.staged);
        if committed {
            for (id, group) in staged {
                if inner.committed.len() >= CAPACITY && !inner.committed.contains_key(&id) {
                    // Any one will do: the next use of it reads the database.
                    if let Some(evict) = inner.committed.keys().next().cloned() {
                        inner.committed.remove(&evict);
                    }
                }
                inner.committed.insert(id, group);
            }
            for (key, signer) in std::mem::take(&mut inner.staged_signers) {
                // One per circle we are in; bounded like the groups all the same.
                if inner.signers.len() >= CAPACITY {
                    inner.signers.clear();
                }
                inner.signers.insert(key, signer);
            }
        }
        inner.staged_signers.clear();
        inner.lent.clear();
        inner.tainted.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use openmls::prelude::{GroupId, MlsGroupCreateConfig};
    use openmls_traits::OpenMlsProvider as _;
    use rusqlite::Connection;

    use super::*;
    use crate::circles::keys::{self, CIPHERSUITE};
    use crate::circles::provider::{Mls, Provider};
    use crate::error::Error;

    const ID: &[u8] = b"a circle";

    /// An openmls group stored in an in-memory database, and a way to read fresh copies.
    struct Fixture {
        mls: Mls,
        conn: Connection,
    }

    impl Fixture {
        fn new() -> Fixture {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::circles::storage::migrate(&mut conn).unwrap();
            let fixture = Fixture {
                mls: Mls::default(),
                conn,
            };
            let provider = Provider::new(&fixture.mls, &fixture.conn);
            let (signer, credential, _) = keys::new_identity(&provider).unwrap();
            let config = MlsGroupCreateConfig::builder()
                .ciphersuite(CIPHERSUITE)
                .build();
            MlsGroup::new_with_group_id(
                &provider,
                &signer,
                &config,
                GroupId::from_slice(ID),
                credential,
            )
            .unwrap();
            fixture
        }

        /// A copy of the group as stored.
        fn copy(&self) -> MlsGroup {
            let provider = Provider::new(&self.mls, &self.conn);
            MlsGroup::load(provider.storage(), &GroupId::from_slice(ID))
                .unwrap()
                .unwrap()
        }
    }

    #[test]
    fn a_group_handed_back_is_cached_only_once_its_transaction_commits() {
        let f = Fixture::new();
        let cache = GroupCache::default();

        cache.began();
        cache.loaded(ID);
        cache.keep(ID, f.copy());
        assert!(!cache.cached(ID), "visible before the commit");
        cache.ended(true);
        assert!(cache.cached(ID));

        cache.began();
        let lent = cache.take(ID).expect("lent from the cache");
        cache.keep(ID, lent);
        cache.ended(false);
        assert!(
            !cache.cached(ID),
            "a rolled-back transaction's copy was kept"
        );
        cache.began();
        assert!(cache.take(ID).is_none());
        cache.ended(true);
    }

    #[test]
    fn a_signer_is_kept_once_the_transaction_that_read_it_commits() {
        let f = Fixture::new();
        let provider = Provider::new(&f.mls, &f.conn);
        let cache = f.mls.groups();
        let stored = SignatureKeys::generate().unwrap();
        stored.store(provider.storage()).unwrap();
        let key = stored.public().to_vec();

        cache.began();
        let read = keys::signer(&provider, &key).unwrap();
        assert_eq!(read.public(), key.as_slice());
        assert!(
            cache.signer(&key).is_some(),
            "found again in its transaction"
        );
        cache.ended(false);
        assert!(cache.signer(&key).is_none(), "kept after a rollback");

        cache.began();
        keys::signer(&provider, &key).unwrap();
        cache.ended(true);
        // Later transactions get the same key pair without reading it: gone from storage,
        // it is still found.
        SignatureKeys::delete(provider.storage(), &key).unwrap();
        cache.began();
        assert_eq!(
            keys::signer(&provider, &key).unwrap().public(),
            key.as_slice()
        );
        cache.ended(true);

        cache.clear();
        cache.began();
        assert!(matches!(
            keys::signer(&provider, &key),
            Err(Error::Corrupt { .. })
        ));
        cache.ended(true);
    }

    #[test]
    fn a_group_handed_back_is_lent_again_in_the_same_transaction() {
        let f = Fixture::new();
        let cache = GroupCache::default();
        cache.began();
        cache.loaded(ID);
        cache.keep(ID, f.copy());
        let again = cache.take(ID).expect("the staged copy");
        assert!(cache.take(ID).is_none(), "one copy out at a time");
        cache.keep(ID, again);
        cache.ended(true);
        assert!(cache.cached(ID));
    }

    #[test]
    fn two_copies_out_at_once_are_never_cached() {
        let f = Fixture::new();
        let cache = GroupCache::default();
        cache.began();
        cache.loaded(ID);
        let first = f.copy();
        cache.loaded(ID); // read again while `first` is out
        let second = f.copy();
        cache.keep(ID, second);
        cache.keep(ID, first);
        cache.ended(true);
        assert!(!cache.cached(ID));
        // The next transaction starts clean and may cache it again.
        cache.began();
        cache.loaded(ID);
        cache.keep(ID, f.copy());
        cache.ended(true);
        assert!(cache.cached(ID));
    }

    #[test]
    fn a_transaction_that_never_ended_leaves_nothing_behind() {
        let f = Fixture::new();
        let cache = GroupCache::default();
        cache.began();
        cache.loaded(ID);
        cache.keep(ID, f.copy());
        // The closure panicked: no `ended`. The next transaction must not commit that copy.
        cache.began();
        cache.ended(true);
        assert!(!cache.cached(ID));
    }

    #[test]
    fn the_cache_holds_a_bounded_number_of_groups_and_empties_on_clear() {
        let f = Fixture::new();
        let cache = GroupCache::default();
        for n in 0..CAPACITY + 5 {
            let id = n.to_be_bytes();
            cache.began();
            cache.loaded(&id);
            cache.keep(&id, f.copy());
            cache.ended(true);
            assert!(cache.cached(&id));
        }
        assert_eq!(cache.lock().committed.len(), CAPACITY);
        cache.clear();
        assert!(cache.lock().committed.is_empty());
    }
}
