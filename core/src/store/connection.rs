//! Opening one SQLCipher connection: link check, key and page format, key verification, and
//! the pragmas every connection runs with (WAL, `synchronous=NORMAL`, busy timeout, foreign
//! keys, secure delete, page cache size).
//!
//! Nothing is written to disk before the key has been verified, so a wrong key leaves every
//! file byte-identical.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::DbKey;
use crate::store::cipher_log;
use crate::store::page_format::PageFormat;

/// How long a writer waits for another before giving up with [`Error::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether the file must already exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpenMode {
    Existing,
    Create,
}

/// How the connection is keyed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Keying<'a> {
    /// The key, and the page format the file was created with.
    Encrypted(&'a DbKey, PageFormat),
    /// Only for the benchmark that measures what encryption costs.
    #[cfg(feature = "bench-plaintext")]
    Plaintext,
}

/// Opens, keys and verifies a connection, then applies the standard pragmas.
pub(crate) fn open(path: &Path, keying: Keying<'_>, mode: OpenMode) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_EXRESCODE;
    if mode == OpenMode::Create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    if let (Keying::Encrypted(key, format), OpenMode::Existing) = (keying, mode) {
        probe_key(path, key, format)?;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(open_error)?;
    match keying {
        Keying::Encrypted(key, format) => apply_key(&conn, key, format)?,
        #[cfg(feature = "bench-plaintext")]
        Keying::Plaintext => {}
    }
    verify_readable(&conn)?;
    configure(&conn)?;
    Ok(conn)
}

fn open_error(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen) => Error::ProfileNotFound,
        _ => Error::from(e),
    }
}

/// Checks the key against the main file alone, opened immutable: read-only, no locks, no
/// write-ahead log or shared memory. A normal connection takes read marks in the `-shm`
/// file even when its key is wrong; this one touches nothing.
fn probe_key(path: &Path, key: &DbKey, format: PageFormat) -> Result<()> {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_EXRESCODE;
    let probe = Connection::open_with_flags(&uri, flags).map_err(open_error)?;
    apply_key(&probe, key, format)?;
    verify_readable(&probe)
}

/// Fails closed unless SQLCipher is linked, then sets the key and page format and routes
/// SQLCipher's log.
fn apply_key(conn: &Connection, key: &DbKey, format: PageFormat) -> Result<()> {
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |row| row.get(0))
        .optional()?;
    if version.as_deref().is_none_or(str::is_empty) {
        return Err(Error::EncryptionUnavailable);
    }
    let statement = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.to_hex().as_str()));
    conn.execute_batch(&statement)?;
    conn.execute_batch(&format.pragmas("main"))?;
    cipher_log::route(conn)
}

/// `PRAGMA key` never fails by itself; the first read tells whether the key is right.
fn verify_readable(conn: &Connection) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(Error::WrongKey)
        }
        Err(e) => Err(e.into()),
    }
}

/// Compiled statements kept per connection.
const STATEMENT_CACHE: usize = 128;

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Internal("write-ahead logging unavailable"));
    }
    // 8 MiB of decrypted pages rather than SQLite's 2 MiB. Once a profile outgrew its page
    // cache, every transaction read a handful of hot pages again (each one decrypted and
    // authenticated); a message then cost a quarter more in the circles benchmark.
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA wal_autocheckpoint = 4000;
         PRAGMA cache_size = -8192;",
    )?;
    // Hot paths (a circle message is several small queries) reuse compiled statements;
    // compiling them again was a sixth of a message's cost. rusqlite keeps 16 by default.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}
