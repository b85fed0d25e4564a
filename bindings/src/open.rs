//! Creating and opening a profile. Free functions rather than constructors because they are
//! async (Argon2id and the first open take time) and every language supports async functions.
//!
//! Keys and passphrases cross as bytes and strings; this side wraps them at once so they are
//! zeroized when the call ends. The app should clear its own copy too.

use std::path::PathBuf;
use std::sync::Arc;

use zeroize::Zeroizing;

use hearth_core::{Client, DbKey, ProfileOptions, ProfileSecret};

use crate::client::HearthClient;
use crate::error::HearthError;
use crate::runtime::Runtime;

pub(crate) fn raw_key(key: Vec<u8>) -> Result<ProfileSecret, HearthError> {
    let key = Zeroizing::new(key);
    Ok(ProfileSecret::raw_key(DbKey::from_bytes(&key)?))
}

pub(crate) fn passphrase(passphrase: String) -> Result<ProfileSecret, HearthError> {
    let passphrase = Zeroizing::new(passphrase);
    Ok(ProfileSecret::passphrase(passphrase.as_str())?)
}

async fn start(
    make: impl FnOnce() -> hearth_core::Result<Client> + Send + 'static,
) -> Result<Arc<HearthClient>, HearthError> {
    let runtime = Runtime::new()?;
    let core = runtime.run(make).await?;
    Ok(Arc::new(HearthClient::new(core, runtime)))
}

async fn create(
    dir: String,
    secret: ProfileSecret,
    display_name: String,
) -> Result<Arc<HearthClient>, HearthError> {
    start(move || {
        Client::create(
            &PathBuf::from(dir),
            &secret,
            &display_name,
            ProfileOptions::default(),
        )
    })
    .await
}

async fn open(dir: String, secret: ProfileSecret) -> Result<Arc<HearthClient>, HearthError> {
    start(move || Client::open(&PathBuf::from(dir), &secret, ProfileOptions::default())).await
}

/// Creates a profile in `dir`, encrypted with a 32-byte `key` that the platform's key store
/// keeps, for a person called `display_name`. Fails with `ProfileExists` rather than
/// touching an existing profile.
#[uniffi::export]
pub async fn create_profile_with_key(
    dir: String,
    key: Vec<u8>,
    display_name: String,
) -> Result<Arc<HearthClient>, HearthError> {
    create(dir, raw_key(key)?, display_name).await
}

/// Creates a profile in `dir` protected by a passphrase (stretched with Argon2id).
#[uniffi::export]
pub async fn create_profile_with_passphrase(
    dir: String,
    passphrase: String,
    display_name: String,
) -> Result<Arc<HearthClient>, HearthError> {
    create(dir, self::passphrase(passphrase)?, display_name).await
}

/// Opens the profile in `dir` with its 32-byte key. A wrong key is `WrongKey` and changes
/// nothing; a missing profile is `ProfileNotFound`.
#[uniffi::export]
pub async fn open_profile_with_key(
    dir: String,
    key: Vec<u8>,
) -> Result<Arc<HearthClient>, HearthError> {
    open(dir, raw_key(key)?).await
}

/// Opens the profile in `dir` with its passphrase.
#[uniffi::export]
pub async fn open_profile_with_passphrase(
    dir: String,
    passphrase: String,
) -> Result<Arc<HearthClient>, HearthError> {
    open(dir, self::passphrase(passphrase)?).await
}
