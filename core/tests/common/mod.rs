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

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
