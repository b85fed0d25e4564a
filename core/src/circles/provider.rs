//! The openmls provider over the profile's own SQLCipher connection.
//!
//! openmls writes its group state through `openmls_sqlite_storage` on the same connection the
//! journal uses, inside the transaction the caller holds, so an MLS state change, the rows it
//! produces and the relay cursor commit together (openmls itself opens no transactions).

use std::sync::Arc;

use openmls_rust_crypto::RustCrypto;
use openmls_sqlite_storage::{Codec, SqliteStorageProvider};
use openmls_traits::OpenMlsProvider;
use rusqlite::Connection;

use super::cache::GroupCache;

/// How openmls values are encoded in its tables: MessagePack with field names (rmp-serde),
/// self-describing like JSON (openmls's types need that) but binary.
/// (JSON, which the spike used, writes every key byte as a decimal number: loading a
/// 200-member group's tree spent most of a commit parsing them.) Changing it later needs a
/// data migration, so it is fixed here. Public so the benchmark's bare-openmls baseline
/// stores exactly as the core does.
#[derive(Default)]
pub struct BinaryCodec;

impl Codec for BinaryCodec {
    type Error = CodecError;

    fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Self::Error> {
        rmp_serde::to_vec_named(value).map_err(|_| CodecError)
    }

    fn from_slice<T: serde::de::DeserializeOwned>(slice: &[u8]) -> Result<T, Self::Error> {
        rmp_serde::from_slice(slice).map_err(|_| CodecError)
    }
}

/// A value could not be encoded or decoded (no detail: it could hold key material).
#[derive(Debug, thiserror::Error)]
#[error("openmls storage value could not be encoded or decoded")]
pub struct CodecError;

/// openmls's storage on our connection.
pub(crate) type Storage<'a> = SqliteStorageProvider<BinaryCodec, &'a Connection>;

/// What every MLS operation of a profile needs beside its transaction: openmls's crypto and
/// randomness, and the groups kept loaded between transactions.
#[derive(Default)]
pub(crate) struct Mls {
    crypto: RustCrypto,
    groups: Arc<GroupCache>,
}

impl Mls {
    /// openmls's crypto and randomness.
    pub(crate) fn crypto(&self) -> &RustCrypto {
        &self.crypto
    }

    /// The loaded groups (the store tells them about each transaction).
    pub(crate) fn groups(&self) -> &Arc<GroupCache> {
        &self.groups
    }
}

/// Crypto and randomness from RustCrypto; storage on the caller's transaction.
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
    type CryptoProvider = RustCrypto;
    type RandProvider = RustCrypto;
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

/// Creates or upgrades openmls's own tables (its migrations are idempotent).
pub(crate) fn migrate(conn: &mut Connection) -> crate::error::Result<()> {
    SqliteStorageProvider::<BinaryCodec, &mut Connection>::new(conn)
        .run_migrations()
        .map_err(|e| {
            tracing::error!(error = %e, "openmls storage migration failed");
            crate::error::Error::Internal("the group storage could not be prepared")
        })
}
