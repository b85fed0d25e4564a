//! The key file beside the database: how the database key is obtained from the user's secret
//! (raw, or Argon2id with its salt and costs), plus the parameters of a rekey in progress.
//!
//! It holds no secret. During a rekey it names both the current and the pending parameters,
//! so a profile interrupted at any point can still be opened with either secret.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::secret::{random_bytes, DbKey, KdfParams, ProfileSecret, KEY_LEN};
use crate::store::paths::write_atomically;

use std::path::Path;

/// The format version of the key file.
const FORMAT: u32 = 1;
/// Salt length for Argon2id.
const SALT_LEN: usize = 16;

/// How a database key is obtained from a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum KeyDerivation {
    /// The secret is the raw key.
    Raw,
    /// The key is Argon2id(passphrase, salt).
    Argon2id {
        #[serde(flatten)]
        params: KdfParams,
        #[serde(with = "hex::serde")]
        salt: Vec<u8>,
    },
}

impl KeyDerivation {
    /// Fresh parameters for a secret: raw keys need none, passphrases get a new salt.
    pub fn fresh_for(secret: &ProfileSecret, params: KdfParams) -> Result<Self> {
        Ok(match secret {
            ProfileSecret::RawKey(_) => KeyDerivation::Raw,
            ProfileSecret::Passphrase(_) => {
                params.validate()?;
                KeyDerivation::Argon2id {
                    params,
                    salt: random_bytes::<SALT_LEN>()?.to_vec(),
                }
            }
        })
    }

    /// The database key for `secret`, or `None` when the secret is of the other kind.
    pub fn derive(&self, secret: &ProfileSecret) -> Result<Option<DbKey>> {
        match (self, secret) {
            (KeyDerivation::Raw, ProfileSecret::RawKey(key)) => Ok(Some(key.clone())),
            (KeyDerivation::Argon2id { params, salt }, ProfileSecret::Passphrase(pass)) => {
                let bytes = params.derive::<KEY_LEN>(pass.as_bytes(), salt)?;
                Ok(Some(DbKey::from_bytes(bytes.as_slice())?))
            }
            _ => Ok(None),
        }
    }
}

/// The content of `profile.key.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: u32,
    /// How the key of the database as it stands is derived.
    pub current: KeyDerivation,
    /// Set only while a rekey is under way: how the new key is derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<KeyDerivation>,
}

impl KeyFile {
    pub fn new(current: KeyDerivation) -> Self {
        KeyFile {
            format: FORMAT,
            current,
            pending: None,
        }
    }

    /// Reads the key file; a missing one means there is no profile.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::ProfileNotFound)
            }
            Err(e) => return Err(e.into()),
        };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| Error::Corrupt {
            detail: "key parameters file",
        })?;
        if file.format != FORMAT {
            return Err(Error::Corrupt {
                detail: "key parameters file version",
            });
        }
        Ok(file)
    }

    /// Writes the key file atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|_| Error::Internal("key file"))?;
        write_atomically(path, &bytes)
    }

    /// The derivations to try, current first.
    pub fn candidates(&self) -> impl Iterator<Item = (&KeyDerivation, bool)> {
        std::iter::once((&self.current, false)).chain(self.pending.iter().map(|p| (p, true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trips_with_pending() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let secret = ProfileSecret::passphrase("pw").unwrap();
        let mut file = KeyFile::new(KeyDerivation::Raw);
        file.pending = Some(KeyDerivation::fresh_for(&secret, KdfParams::MINIMUM).unwrap());
        file.write(&path).unwrap();
        assert_eq!(KeyFile::read(&path).unwrap(), file);
        assert_eq!(file.candidates().count(), 2);
    }

    #[test]
    fn garbage_key_file_is_corrupt_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        std::fs::write(&path, b"{not json").unwrap();
        assert!(matches!(KeyFile::read(&path), Err(Error::Corrupt { .. })));
        assert!(matches!(
            KeyFile::read(&dir.path().join("missing")),
            Err(Error::ProfileNotFound)
        ));
    }

    #[test]
    fn derivation_only_matches_its_own_kind() {
        let raw = ProfileSecret::raw_key(DbKey::generate().unwrap());
        let pass = ProfileSecret::passphrase("pw").unwrap();
        let argon = KeyDerivation::fresh_for(&pass, KdfParams::MINIMUM).unwrap();
        assert!(KeyDerivation::Raw.derive(&pass).unwrap().is_none());
        assert!(argon.derive(&raw).unwrap().is_none());
        assert!(argon.derive(&pass).unwrap().is_some());
    }
}
