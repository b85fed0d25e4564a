//! The encrypted profile store: one SQLCipher database per profile, its key file, and the
//! life cycle around them (create, open, migrate, rekey, delete everything).
//!
//! One connection is the single writer; every operation runs in one transaction through
//! [`Store::write`] or [`Store::read`].

mod cipher_log;
mod connection;
#[cfg(feature = "test-hooks")]
pub mod crash_points;
mod keyfile;
pub(crate) mod migrations;
mod page_format;
mod paths;
mod rekey;
pub(crate) mod rows;
mod stored_enum;
mod stored_id;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::secret::{DbKey, KdfParams, ProfileSecret};
use connection::{Keying, OpenMode};
use keyfile::{KeyDerivation, KeyFile};
use page_format::PageFormat;
use paths::ProfilePaths;

pub use rekey::RekeyStep;
#[cfg(test)]
pub(crate) use stored_enum::tests::round_trips;
pub(crate) use stored_enum::{stored_enum, StoredEnum};
pub(crate) use stored_id::stored_id;

/// An open connection and the key that opened it (kept to reopen after a failed rekey).
struct Live {
    conn: Connection,
    key: DbKey,
}

/// Hears where each transaction starts and how it ends, while the store's lock is held (so
/// in-memory state kept beside the database can follow exactly what was committed).
pub(crate) trait TransactionObserver: Send + Sync {
    /// A transaction began.
    fn began(&self);
    /// It ended: committed, or rolled back.
    fn ended(&self, committed: bool);
}

/// The profile database. `Send + Sync`; operations are serialised on one connection.
pub(crate) struct Store {
    paths: ProfilePaths,
    live: Mutex<Option<Live>>,
    observer: Option<Arc<dyn TransactionObserver>>,
}

impl Store {
    /// Creates a new profile in `dir`. Refuses to touch a directory that holds a database.
    pub fn create(dir: &Path, secret: &ProfileSecret, kdf: KdfParams) -> Result<Store> {
        let paths = ProfilePaths::new(dir);
        let mut existing = vec![paths.db.clone(), paths.rekey_db.clone()];
        existing.extend(ProfilePaths::companions(&paths.db));
        if existing.iter().any(|p| p.exists()) {
            return Err(Error::ProfileExists);
        }
        paths::create_private_dir(dir)?;
        let derivation = KeyDerivation::fresh_for(secret, kdf)?;
        let key = derivation.derive(secret)?.ok_or(Error::Internal(
            "fresh derivation does not match its secret",
        ))?;
        // The key file is written first: a crash before the database exists leaves no data,
        // and the next `create` may replace it.
        let format = PageFormat::NEW_PROFILE;
        KeyFile::new(derivation, format).write(&paths.keyfile)?;
        let keying = Keying::Encrypted(&key, format);
        let mut conn = connection::open(&paths.db, keying, OpenMode::Create)?;
        migrations::migrate(&mut conn)?;
        Ok(Store::live(paths, conn, key))
    }

    /// Opens an existing profile. A wrong secret gives [`Error::WrongKey`] and writes nothing.
    pub fn open(dir: &Path, secret: &ProfileSecret) -> Result<Store> {
        let paths = ProfilePaths::new(dir);
        let keyfile = KeyFile::read(&paths.keyfile)?;
        if !paths.db.exists() {
            return Err(Error::ProfileNotFound);
        }
        for (derivation, is_pending) in keyfile.candidates() {
            let Some(key) = derivation.derive(secret)? else {
                continue;
            };
            let keying = Keying::Encrypted(&key, keyfile.page_format);
            match connection::open(&paths.db, keying, OpenMode::Existing) {
                Ok(mut conn) => {
                    rekey::finish_interrupted(&paths, &keyfile, is_pending)?;
                    migrations::migrate(&mut conn)?;
                    return Ok(Store::live(paths, conn, key));
                }
                Err(Error::WrongKey) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::WrongKey)
    }

    /// Opens or creates an unencrypted profile, only for the benchmark of encryption's cost.
    #[cfg(feature = "bench-plaintext")]
    pub fn open_plaintext(dir: &Path) -> Result<Store> {
        let paths = ProfilePaths::new(dir);
        paths::create_private_dir(dir)?;
        let mut conn = connection::open(&paths.db, Keying::Plaintext, OpenMode::Create)?;
        migrations::migrate(&mut conn)?;
        Ok(Store::live(paths, conn, DbKey::from_bytes(&[0; 32])?))
    }

    fn live(paths: ProfilePaths, conn: Connection, key: DbKey) -> Store {
        Store {
            paths,
            live: Mutex::new(Some(Live { conn, key })),
            observer: None,
        }
    }

    /// The store, telling `observer` about every transaction from now on.
    pub fn observed_by(mut self, observer: Arc<dyn TransactionObserver>) -> Store {
        self.observer = Some(observer);
        self
    }

    fn lock(&self) -> MutexGuard<'_, Option<Live>> {
        // A panic inside an operation drops its transaction, which rolls back; the
        // connection itself is still sound, so a poisoned lock is taken over.
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in one write transaction (taken immediately, so writers never deadlock).
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, f)
    }

    /// Runs `f` in one read transaction, so multi-query reads see one snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, f)
    }

    fn transaction<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock();
        let live = guard.as_mut().ok_or(Error::Closed)?;
        let tx = live.conn.transaction_with_behavior(behavior)?;
        if let Some(observer) = &self.observer {
            observer.began();
        }
        // On error `tx` is dropped unused, which rolls it back.
        let result = f(&tx).and_then(|out| {
            #[cfg(feature = "test-hooks")]
            let point = matches!(behavior, TransactionBehavior::Immediate)
                .then(crash_points::before_commit);
            tx.commit().map_err(Error::from)?;
            #[cfg(feature = "test-hooks")]
            if let Some(n) = point {
                crash_points::after_commit(n);
            }
            Ok(out)
        });
        if let Some(observer) = &self.observer {
            observer.ended(result.is_ok());
        }
        result
    }

    /// Re-encrypts the profile under a new secret, crash-safely (see [`rekey`]).
    pub fn rekey(
        &self,
        new_secret: &ProfileSecret,
        kdf: KdfParams,
        progress: &mut dyn FnMut(RekeyStep),
    ) -> Result<()> {
        let mut guard = self.lock();
        rekey::run(&self.paths, &mut guard, new_secret, kdf, progress)
    }

    /// Closes the connection; later calls get [`Error::Closed`].
    pub fn close(&self) {
        self.lock().take();
    }

    /// Closes the profile and removes every file it owns, then its directory if empty.
    pub fn delete_everything(&self) -> Result<()> {
        let mut guard = self.lock();
        guard.take();
        for file in self.paths.all_files() {
            paths::remove_if_present(&file)?;
        }
        paths::sync_parent(&self.paths.db)?;
        // Only an empty directory goes; anything the user put beside the profile stays.
        let _ = std::fs::remove_dir(&self.paths.dir);
        Ok(())
    }
}
