//! Secrets that open a profile: a raw 32-byte key (what the phones keep in the Keystore or
//! Keychain) or a passphrase (the desktop), and the Argon2id derivation of the latter.
//!
//! Every secret lives in zeroizing memory and never prints its bytes.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Length of a raw database key in bytes.
pub const KEY_LEN: usize = 32;

/// A 256-bit key, wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(Zeroizing<[u8; KEY_LEN]>);

impl DbKey {
    /// Takes exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let array: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| Error::invalid("key", "a raw key is exactly 32 bytes"))?;
        Ok(DbKey(Zeroizing::new(array)))
    }

    /// Parses 64 hexadecimal characters (the form of `HEARTH_DB_KEY`).
    pub fn from_hex(text: &str) -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        hex::decode_to_slice(text.trim(), bytes.as_mut_slice())
            .map_err(|_| Error::invalid("key", "a raw key is 64 hexadecimal characters"))?;
        Ok(DbKey(bytes))
    }

    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random_fill(bytes.as_mut_slice())?;
        Ok(DbKey(bytes))
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The key as lowercase hex in zeroizing memory (SQLCipher's raw-key syntax needs it).
    pub(crate) fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_slice()))
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

/// What the user gives to open a profile.
#[derive(Clone)]
pub enum ProfileSecret {
    /// A raw 32-byte key, kept by the platform's key store.
    RawKey(DbKey),
    /// A passphrase, stretched with Argon2id.
    Passphrase(Zeroizing<String>),
}

impl ProfileSecret {
    /// A passphrase secret. Empty passphrases are refused.
    pub fn passphrase(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(Error::invalid("passphrase", "must not be empty"));
        }
        Ok(ProfileSecret::Passphrase(text))
    }

    /// A raw-key secret.
    pub fn raw_key(key: DbKey) -> Self {
        ProfileSecret::RawKey(key)
    }
}

impl fmt::Debug for ProfileSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileSecret::RawKey(_) => f.write_str("ProfileSecret::RawKey(<redacted>)"),
            ProfileSecret::Passphrase(_) => f.write_str("ProfileSecret::Passphrase(<redacted>)"),
        }
    }
}

/// Argon2id cost parameters, stored next to whatever they protect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// The floor from OWASP's guidance: 19 MiB, 2 passes, 1 lane. Nothing weaker is accepted.
    pub const MINIMUM: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// What new profiles and backups use: 64 MiB, 3 passes (RFC 9106's second option, one lane
    /// because the lanes run sequentially here).
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// The most a stored file may ask for, so a crafted file (a backup from somewhere) cannot
    /// exhaust a phone: 256 MiB and 8 passes take a few seconds on a mid-range phone, four
    /// times the default's memory. (It was 1 GiB and 16 passes: enough to be killed for
    /// memory, or to hang for minutes.)
    pub const MAXIMUM: KdfParams = KdfParams {
        memory_kib: 256 * 1024,
        iterations: 8,
        parallelism: 4,
    };

    /// Whether these ask for more than [`KdfParams::MAXIMUM`] in any way.
    pub fn above_maximum(&self) -> bool {
        self.memory_kib > Self::MAXIMUM.memory_kib
            || self.iterations > Self::MAXIMUM.iterations
            || self.parallelism > Self::MAXIMUM.parallelism
    }

    /// Refuses parameters below the floor or above the cap.
    pub fn validate(&self) -> Result<()> {
        let within = |v: u32, lo: u32, hi: u32| (lo..=hi).contains(&v);
        if within(
            self.memory_kib,
            Self::MINIMUM.memory_kib,
            Self::MAXIMUM.memory_kib,
        ) && within(
            self.iterations,
            Self::MINIMUM.iterations,
            Self::MAXIMUM.iterations,
        ) && within(
            self.parallelism,
            Self::MINIMUM.parallelism,
            Self::MAXIMUM.parallelism,
        ) {
            Ok(())
        } else {
            Err(Error::invalid(
                "kdf parameters",
                "outside the accepted range (at least 19 MiB and 2 passes, at most 256 MiB, 8 passes, 4 lanes)",
            ))
        }
    }

    /// Derives `N` bytes from a passphrase and salt with Argon2id.
    pub fn derive<const N: usize>(
        &self,
        passphrase: &[u8],
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; N]>> {
        self.validate()?;
        let params =
            argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(N))
                .map_err(|_| Error::Internal("argon2 parameters"))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; N]);
        argon
            .hash_password_into(passphrase, salt, out.as_mut_slice())
            .map_err(|_| Error::Internal("argon2 derivation"))?;
        Ok(out)
    }
}

/// Fills `buf` from the operating system's random source.
pub(crate) fn random_fill(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::Internal("system random source failed"))
}

/// `N` random bytes.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    random_fill(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_key_round_trips_and_never_prints() {
        let key = DbKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(key.as_bytes(), &[0xab; 32]);
        assert_eq!(key.to_hex().as_str(), "ab".repeat(32));
        assert!(!format!("{key:?}").contains("ab"));
    }

    #[test]
    fn bad_keys_are_typed_errors() {
        for bad in ["", "abc", &"zz".repeat(32), &"ab".repeat(33)] {
            assert!(matches!(
                DbKey::from_hex(bad),
                Err(Error::InvalidInput { field: "key", .. })
            ));
        }
        assert!(DbKey::from_bytes(&[0; 31]).is_err());
    }

    #[test]
    fn kdf_refuses_weak_and_huge_parameters() {
        let weak = KdfParams {
            memory_kib: 1024,
            ..KdfParams::MINIMUM
        };
        assert!(weak.derive::<32>(b"pw", &[0; 16]).is_err());
        let huge = KdfParams {
            memory_kib: 4 * 1024 * 1024,
            ..KdfParams::MINIMUM
        };
        assert!(huge.validate().is_err());
    }

    #[test]
    fn kdf_is_deterministic_per_salt() {
        let p = KdfParams::MINIMUM;
        let a = p.derive::<32>(b"correct horse", &[1; 16]).unwrap();
        let b = p.derive::<32>(b"correct horse", &[1; 16]).unwrap();
        let c = p.derive::<32>(b"correct horse", &[2; 16]).unwrap();
        assert_eq!(*a, *b);
        assert_ne!(*a, *c);
    }
}
