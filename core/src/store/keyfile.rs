//! The key file beside the database: how the database key is obtained from the user's secret
//! (raw, or Argon2id with its salt and costs), plus the parameters of a rekey in progress.
//!
//! It also records the database's page format, which SQLCipher needs before it can read the
//! first page; a file from before the format was recorded means SQLCipher's defaults.
//!
//! It holds no secret. During a rekey it names both the current and the pending parameters,
//! so a profile interrupted at any point can still be opened with either secret.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::secret::{random_bytes, DbKey, KdfParams, ProfileSecret, KEY_LEN};
use crate::store::page_format::PageFormat;
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
    /// The database's page size and page MAC; a rekey keeps them.
    #[serde(default = "legacy_page_format")]
    pub page_format: PageFormat,
}

fn legacy_page_format() -> PageFormat {
    PageFormat::SQLCIPHER_DEFAULT
}

impl KeyFile {
    pub fn new(current: KeyDerivation, page_format: PageFormat) -> Self {
        KeyFile {
            format: FORMAT,
            current,
            pending: None,
            page_format,
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
        file.page_format.checked()?;
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
        let mut file = KeyFile::new(KeyDerivation::Raw, PageFormat::NEW_PROFILE);
        file.pending = Some(KeyDerivation::fresh_for(&secret, KdfParams::MINIMUM).unwrap());
        file.write(&path).unwrap();
        assert_eq!(KeyFile::read(&path).unwrap(), file);
        assert_eq!(file.candidates().count(), 2);
    }

    #[test]
    fn key_file_without_a_page_format_means_sqlcipher_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        // As every build before the page format was recorded wrote it.
        std::fs::write(&path, br#"{"format": 1, "current": {"kind": "raw"}}"#).unwrap();
        let file = KeyFile::read(&path).unwrap();
        assert_eq!(file.page_format, PageFormat::SQLCIPHER_DEFAULT);
        assert_eq!(file.current, KeyDerivation::Raw);
        // Written again, it names the format from then on.
        file.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(r#""page_size": 4096"#), "{text}");
        assert!(text.contains(r#""hmac": "hmac_sha512""#), "{text}");

        let odd = br#"{"format": 1, "current": {"kind": "raw"},
                       "page_format": {"page_size": 1000, "hmac": "hmac_sha256"}}"#;
        std::fs::write(&path, odd).unwrap();
        assert!(matches!(KeyFile::read(&path), Err(Error::Corrupt { .. })));
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
