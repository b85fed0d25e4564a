//! Shared pieces of Hearth's end-to-end tests: the secrets the crash child and the tests
//! agree on.

use hearth_core::{DbKey, KdfParams, ProfileOptions, ProfileSecret, Result};

/// The raw key of secret "A".
pub fn secret_a() -> Result<ProfileSecret> {
    Ok(ProfileSecret::raw_key(DbKey::from_bytes(&[0x11; 32])?))
}

/// The passphrase of secret "B".
pub fn secret_b() -> Result<ProfileSecret> {
    ProfileSecret::passphrase("bee passphrase for crash tests")
}

/// The cheapest KDF allowed, so many iterations stay quick.
pub fn options() -> ProfileOptions {
    ProfileOptions {
        kdf: KdfParams::MINIMUM,
    }
}

/// The tags and emotions every crash-test check-in carries, so a torn write shows.
pub const TAGS: [&str; 3] = ["crash-a", "crash-b", "crash-c"];
/// See [`TAGS`].
pub const EMOTIONS: [&str; 2] = ["calm", "tired"];
