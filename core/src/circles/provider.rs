//! The openmls provider over the profile's own SQLCipher connection.
//!
//! openmls writes its group state through `openmls_sqlite_storage` on the same connection the
//! journal uses, inside the transaction the caller holds, so an MLS state change, the rows it
//! produces and the relay cursor commit together (openmls itself opens no transactions).

use std::sync::Arc;

use hearth_mls_crypto::SuiteCrypto;
use openmls_sqlite_storage::SqliteStorageProvider;
use openmls_traits::OpenMlsProvider;
use rusqlite::Connection;

use super::cache::GroupCache;
use super::storage::Storage;

/// What every MLS operation of a profile needs beside its transaction: openmls's crypto and
/// randomness, and the groups kept loaded between transactions.
#[derive(Default)]
pub(crate) struct Mls {
    crypto: SuiteCrypto,
    groups: Arc<GroupCache>,
}

impl Mls {
    /// openmls's crypto and randomness.
    pub(crate) fn crypto(&self) -> &SuiteCrypto {
        &self.crypto
    }

    /// The loaded groups (the store tells them about each transaction).
    pub(crate) fn groups(&self) -> &Arc<GroupCache> {
        &self.groups
    }
}

/// Crypto and randomness for the one ciphersuite ([`SuiteCrypto`]); storage on the caller's transaction.
pub(crate) struct Provider<'a> {
    mls: &'a Mls,
    storage: Storage<'a>,
}

impl<'a> Provider<'a> {
    /// A provider writing through `conn` (a transaction's connection).
    pub(crate) fn new(mls: &'a Mls, conn: &'a Connection) -> Self {
        Provider {
            mls,
            storage: SqliteStorageProvider::new(conn),
        }
    }

    /// The loaded groups.
    pub(crate) fn groups(&self) -> &'a GroupCache {
        &self.mls.groups
    }
}

impl<'a> OpenMlsProvider for Provider<'a> {
    type CryptoProvider = SuiteCrypto;
    type RandProvider = SuiteCrypto;
    type StorageProvider = Storage<'a>;

    fn storage(&self) -> &Self::StorageProvider {
        &self.storage
    }

    fn crypto(&self) -> &Self::CryptoProvider {
        &self.mls.crypto
    }

    fn rand(&self) -> &Self::RandProvider {
        &self.mls.crypto
    }
}
