//! Changing a profile's key or passphrase so that a process killed at any point leaves a
//! profile that opens with the old secret or the new one.
//!
//! The steps, and what a crash after each leaves:
//! 1. The key file gets the new parameters as `pending` → the database still has the old
//!    key; opening with the old secret works and drops `pending`.
//! 2. The database is exported, re-encrypted, to `profile.db.rekey` and flushed → old key as
//!    before; the half-written copy is removed at the next open.
//! 3. The live connection is checkpointed and closed, so no write-ahead log remains that
//!    belongs to the old file.
//! 4. The copy is renamed over `profile.db` (atomic) → the new key opens it through
//!    `pending`, which the next open promotes.
//! 5. The key file names only the new parameters.

use std::sync::MutexGuard;

use rusqlite::params;

use crate::error::{Error, Result};
use crate::secret::{KdfParams, ProfileSecret};
use crate::store::connection::{self, Keying, OpenMode};
use crate::store::keyfile::{KeyDerivation, KeyFile};
use crate::store::migrations;
use crate::store::page_format::PageFormat;
use crate::store::paths::{self, ProfilePaths};
use crate::store::Live;

/// Progress of a rekey, reported after each durable step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RekeyStep {
    /// The new key parameters are recorded as pending.
    Prepared,
    /// A re-encrypted copy of the database is written and flushed.
    Exported,
    /// The old database is checkpointed and closed.
    Closed,
    /// The re-encrypted copy replaced the database.
    Swapped,
    /// The key file names only the new parameters; the rekey is complete.
    Committed,
}

pub(super) fn run(
    paths: &ProfilePaths,
    guard: &mut MutexGuard<'_, Option<Live>>,
    new_secret: &ProfileSecret,
    kdf: KdfParams,
    progress: &mut dyn FnMut(RekeyStep),
) -> Result<()> {
    let old_key = guard.as_ref().ok_or(Error::Closed)?.key.clone();
    let mut keyfile = KeyFile::read(&paths.keyfile)?;
    let derivation = KeyDerivation::fresh_for(new_secret, kdf)?;
    let new_key = derivation.derive(new_secret)?.ok_or(Error::Internal(
        "fresh derivation does not match its secret",
    ))?;
    remove_copy(paths)?;

    keyfile.pending = Some(derivation.clone());
    keyfile.write(&paths.keyfile)?;
    progress(RekeyStep::Prepared);

    let exported_and_closed = export(paths, guard, &new_key, keyfile.page_format).and_then(|()| {
        progress(RekeyStep::Exported);
        close_live(paths, guard)
    });
    if let Err(e) = exported_and_closed {
        // Back to where we started: old database, old parameters, a live connection.
        let _ = remove_copy(paths);
        keyfile.pending = None;
        keyfile.write(&paths.keyfile)?;
        if guard.is_none() {
            let keying = Keying::Encrypted(&old_key, keyfile.page_format);
            let conn = connection::open(&paths.db, keying, OpenMode::Existing)?;
            **guard = Some(Live { conn, key: old_key });
        }
        return Err(e);
    }
    progress(RekeyStep::Closed);

    paths::rename_durably(&paths.rekey_db, &paths.db)?;
    progress(RekeyStep::Swapped);

    KeyFile::new(derivation, keyfile.page_format).write(&paths.keyfile)?;
    progress(RekeyStep::Committed);

    let keying = Keying::Encrypted(&new_key, keyfile.page_format);
    let mut conn = connection::open(&paths.db, keying, OpenMode::Existing)?;
    migrations::migrate(&mut conn)?;
    **guard = Some(Live { conn, key: new_key });
    Ok(())
}

/// Writes and flushes the re-encrypted copy; the live connection stays open and unchanged.
fn export(
    paths: &ProfilePaths,
    guard: &mut MutexGuard<'_, Option<Live>>,
    new_key: &crate::secret::DbKey,
    format: PageFormat,
) -> Result<()> {
    let live = guard.as_mut().ok_or(Error::Closed)?;
    let target = paths
        .rekey_db
        .to_str()
        .ok_or_else(|| Error::invalid("profile directory", "path is not valid UTF-8"))?;
    let key_spec = zeroize::Zeroizing::new(format!("x'{}'", new_key.to_hex().as_str()));
    let version = migrations::current_version(&live.conn)?;
    // The live connection was opened without the right to create files; an empty file is
    // an empty database that ATTACH can fill.
    std::fs::File::create(&paths.rekey_db)?;
    live.conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        params![target, key_spec.as_str()],
    )?;
    // An attached database starts from SQLCipher's defaults, not the main one's format.
    let exported = live
        .conn
        .execute_batch(&format.pragmas("rekeyed"))
        .and_then(|()| {
            live.conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
        })
        .and_then(|()| {
            live.conn
                .execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))
        });
    let detached = live.conn.execute_batch("DETACH DATABASE rekeyed");
    exported?;
    detached?;
    paths::sync_file(&paths.rekey_db)
}

/// Closes the live connection with an empty WAL.
fn close_live(paths: &ProfilePaths, guard: &mut MutexGuard<'_, Option<Live>>) -> Result<()> {
    let live = guard.as_mut().ok_or(Error::Closed)?;

    // Fold the WAL into the old file and leave rollback mode, which removes the WAL, so no
    // log of the old file can be replayed onto the new one after the swap.
    let busy: i64 = live
        .conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    if busy != 0 {
        return Err(Error::Busy);
    }
    live.conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    if let Some(Live { conn, .. }) = guard.take() {
        conn.close().map_err(|(_, e)| Error::from(e))?;
    }
    for companion in ProfilePaths::companions(&paths.db) {
        paths::remove_if_present(&companion)?;
    }
    Ok(())
}

/// Removes a leftover re-encrypted copy and its companion files.
fn remove_copy(paths: &ProfilePaths) -> Result<()> {
    paths::remove_if_present(&paths.rekey_db)?;
    for companion in ProfilePaths::companions(&paths.rekey_db) {
        paths::remove_if_present(&companion)?;
    }
    Ok(())
}

/// Called after a successful open: completes or abandons a rekey that a crash interrupted.
pub(super) fn finish_interrupted(
    paths: &ProfilePaths,
    keyfile: &KeyFile,
    opened_with_pending: bool,
) -> Result<()> {
    match (&keyfile.pending, opened_with_pending) {
        (Some(pending), true) => {
            // The swap happened: the new parameters are the real ones.
            KeyFile::new(pending.clone(), keyfile.page_format).write(&paths.keyfile)?;
            tracing::info!("finished an interrupted rekey");
        }
        (Some(_), false) => {
            remove_copy(paths)?;
            KeyFile::new(keyfile.current.clone(), keyfile.page_format).write(&paths.keyfile)?;
            tracing::info!("rolled back an interrupted rekey");
        }
        (None, _) => {
            if paths.rekey_db.exists() {
                remove_copy(paths)?;
            }
        }
    }
    Ok(())
}
