//! The openmls provider over the profile's own SQLCipher connection.
//!
//! openmls writes its group state through `openmls_sqlite_storage` on the same connection the
//! journal uses, inside the transaction the caller holds, so an MLS state change, the rows it
//! produces and the relay cursor commit together (openmls itself opens no transactions).

use openmls_rust_crypto::RustCrypto;
use openmls_sqlite_storage::{Codec, SqliteStorageProvider};
use openmls_traits::OpenMlsProvider;
use rusqlite::Connection;

/// How openmls values are encoded in its tables. JSON: the format openmls documents and the
/// spike measured; changing it later needs a data migration, so it is fixed here.
#[derive(Default)]
pub(crate) struct JsonCodec;

impl Codec for JsonCodec {
    type Error = serde_json::Error;

    fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Self::Error> {
        serde_json::to_vec(value)
    }

    fn from_slice<T: serde::de::DeserializeOwned>(slice: &[u8]) -> Result<T, Self::Error> {
        serde_json::from_slice(slice)
    }
}

/// openmls's storage on our connection.
pub(crate) type Storage<'a> = SqliteStorageProvider<JsonCodec, &'a Connection>;

/// Crypto and randomness from RustCrypto; storage on the caller's transaction.
pub(crate) struct Provider<'a> {
    crypto: &'a RustCrypto,
    storage: Storage<'a>,
}

impl<'a> Provider<'a> {
    /// A provider writing through `conn` (a transaction's connection).
    pub(crate) fn new(crypto: &'a RustCrypto, conn: &'a Connection) -> Self {
        Provider {
            crypto,
            storage: SqliteStorageProvider::new(conn),
        }
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
        self.crypto
    }

    fn rand(&self) -> &Self::RandProvider {
        self.crypto
    }
}

/// Creates or upgrades openmls's own tables (its migrations are idempotent).
pub(crate) fn migrate(conn: &mut Connection) -> crate::error::Result<()> {
    SqliteStorageProvider::<JsonCodec, &mut Connection>::new(conn)
        .run_migrations()
        .map_err(|e| {
            tracing::error!(error = %e, "openmls storage migration failed");
            crate::error::Error::Internal("the group storage could not be prepared")
        })
}
