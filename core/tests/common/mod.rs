//! Helpers shared by hearth-core's integration tests.
#![allow(dead_code, clippy::unwrap_used)]

pub mod loopback;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearth_core::{Client, DbKey, KdfParams, ProfileOptions, ProfileSecret};

/// The display name of test profiles (long enough to be a canary).
pub const NAME: &str = "Samwise Canaryname";

/// The cheapest KDF costs allowed, so tests stay quick.
pub fn fast() -> ProfileOptions {
    ProfileOptions {
        kdf: KdfParams::MINIMUM,
    }
}

pub fn raw_secret(byte: u8) -> ProfileSecret {
    ProfileSecret::raw_key(DbKey::from_bytes(&[byte; 32]).unwrap())
}

pub fn passphrase(text: &str) -> ProfileSecret {
    ProfileSecret::passphrase(text).unwrap()
}

/// A new profile in a fresh temporary directory.
pub fn new_profile(secret: &ProfileSecret) -> (tempfile::TempDir, PathBuf, Client) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("profile");
    let client = Client::create(&dir, secret, NAME, fast()).unwrap();
    (tmp, dir, client)
}

/// Every file in `dir` with its length and SHA-256 (compact to compare and to print).
pub fn snapshot(dir: &Path) -> BTreeMap<String, (usize, String)> {
    files(dir)
        .into_iter()
        .map(|(name, bytes)| {
            let hash = ring::digest::digest(&ring::digest::SHA256, &bytes);
            (name, (bytes.len(), hex::encode(&hash.as_ref()[..8])))
        })
        .collect()
}

/// Every file in `dir` with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The page format new profiles are created with, as SQLCipher statements.
pub const NEW_PROFILE_FORMAT: &str =
    "PRAGMA cipher_page_size = 1024; PRAGMA cipher_hmac_algorithm = HMAC_SHA256;";

/// `dir`'s database opened with nothing but SQLCipher, keyed with `raw_secret(byte)`'s key
/// and then `format`'s statements, checked to be readable.
pub fn bare_sqlcipher(
    dir: &Path,
    byte: u8,
    format: &str,
) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(dir.join("profile.db"))?;
    let key = format!("{byte:02x}").repeat(32);
    conn.execute_batch(&format!("PRAGMA key = \"x'{key}'\"; {format}"))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    Ok(conn)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
