//! The encrypted backup file: Argon2id stretches the passphrase, ChaCha20-Poly1305 seals the
//! journal document, and the versioned header is bound as associated data.
//!
//! Layout (all integers big-endian):
//!
//! ```text
//! "HEARTHBK" | version u8 | memory_kib u32 | iterations u32 | parallelism u32 | salt [16]
//!   | nonce [12] | key_check [16] | ciphertext+tag | sha256(everything before) [32]
//! ```
//!
//! The trailing digest tells a damaged or truncated file ([`Error::BackupDamaged`]) from a
//! wrong passphrase, which `key_check` (a hash of a second derived key) recognises
//! ([`Error::BackupWrongPassphrase`]) before decryption. Neither reveals more than the AEAD
//! tag already would. Stored KDF costs are capped, so a crafted file cannot exhaust memory.

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::digest::{self, SHA256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::{random_bytes, KdfParams};

const MAGIC: &[u8; 8] = b"HEARTHBK";
/// The backup format this build writes.
pub const BACKUP_VERSION: u8 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const CHECK_LEN: usize = 16;
const HEADER_LEN: usize = 8 + 1 + 12 + SALT_LEN + NONCE_LEN + CHECK_LEN;
const DIGEST_LEN: usize = 32;
const TAG_LEN: usize = 16;
/// The shortest passphrase accepted for a new backup.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The AEAD key and the key-check value derived from a passphrase.
fn derive(
    passphrase: &str,
    params: KdfParams,
    salt: &[u8],
) -> Result<(Zeroizing<[u8; 32]>, [u8; CHECK_LEN])> {
    let both = params.derive::<64>(passphrase.as_bytes(), salt)?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&both[..32]);
    let mut check = [0u8; CHECK_LEN];
    let mut ctx = digest::Context::new(&SHA256);
    ctx.update(b"hearth backup key check v1");
    ctx.update(&both[32..]);
    check.copy_from_slice(&ctx.finish().as_ref()[..CHECK_LEN]);
    Ok((key, check))
}

fn aead_key(key: &[u8; 32]) -> Result<LessSafeKey> {
    UnboundKey::new(&aead::CHACHA20_POLY1305, key)
        .map(LessSafeKey::new)
        .map_err(|_| Error::Internal("aead key"))
}

/// Seals `plaintext` under `passphrase`.
pub(crate) fn seal(plaintext: &[u8], passphrase: &str, params: KdfParams) -> Result<Vec<u8>> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "backup passphrase",
            format!("at least {MIN_PASSPHRASE_CHARS} characters"),
        ));
    }
    params.validate()?;
    let salt = random_bytes::<SALT_LEN>()?;
    let nonce = random_bytes::<NONCE_LEN>()?;
    let (key, check) = derive(passphrase, params, &salt)?;

    let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN + DIGEST_LEN);
    out.extend_from_slice(MAGIC);
    out.push(BACKUP_VERSION);
    for v in [params.memory_kib, params.iterations, params.parallelism] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&check);
    let header = out.clone();

    let mut body = plaintext.to_vec();
    aead_key(&key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&header),
            &mut body,
        )
        .map_err(|_| Error::Internal("aead seal"))?;
    out.extend_from_slice(&body);
    let sum = digest::digest(&SHA256, &out);
    out.extend_from_slice(sum.as_ref());
    Ok(out)
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(b)
}

/// Opens a backup. Every failure is typed and nothing is returned on failure.
pub(crate) fn open(file: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    if file.len() < HEADER_LEN + TAG_LEN + DIGEST_LEN || &file[..8] != MAGIC {
        return Err(Error::BackupDamaged);
    }
    let (content, sum) = file.split_at(file.len() - DIGEST_LEN);
    if digest::digest(&SHA256, content).as_ref() != sum {
        return Err(Error::BackupDamaged);
    }
    let version = content[8];
    if version != BACKUP_VERSION {
        return Err(Error::BackupUnsupportedVersion { version });
    }
    let params = KdfParams {
        memory_kib: be_u32(content, 9),
        iterations: be_u32(content, 13),
        parallelism: be_u32(content, 17),
    };
    // Checked before any work: a crafted file asking for more is refused in a moment.
    if params.above_maximum() {
        return Err(Error::invalid(
            "backup",
            "asks for more memory or time than Hearth spends opening a file (at most 256 MiB and 8 passes)",
        ));
    }
    params.validate().map_err(|_| Error::BackupDamaged)?;
    let salt = &content[21..21 + SALT_LEN];
    let nonce_at = 21 + SALT_LEN;
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&content[nonce_at..nonce_at + NONCE_LEN]);
    let check = &content[nonce_at + NONCE_LEN..HEADER_LEN];

    let (key, expected) = derive(passphrase, params, salt)?;
    if !constant_time_eq(check, &expected) {
        return Err(Error::BackupWrongPassphrase);
    }
    let (header, sealed) = content.split_at(HEADER_LEN);
    let mut body = Zeroizing::new(sealed.to_vec());
    let plain_len = aead_key(&key)?
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(header),
            body.as_mut_slice(),
        )
        .map_err(|_| Error::BackupDamaged)?
        .len();
    body.truncate(plain_len);
    Ok(body)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: KdfParams = KdfParams::MINIMUM;

    #[test]
    fn round_trip() {
        let sealed = seal(b"the journal", "a long passphrase", P).unwrap();
        assert_eq!(
            open(&sealed, "a long passphrase").unwrap().as_slice(),
            b"the journal"
        );
        assert!(!sealed.windows(11).any(|w| w == b"the journal"));
    }

    #[test]
    fn wrong_passphrase_and_every_flipped_byte_are_refused() {
        let sealed = seal(b"the journal", "a long passphrase", P).unwrap();
        assert!(matches!(
            open(&sealed, "another passphrase"),
            Err(Error::BackupWrongPassphrase)
        ));
        // Flip one bit in a sample of positions across header, body and digest.
        for i in (0..sealed.len()).step_by(7).chain([sealed.len() - 1]) {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(
                matches!(open(&bad, "a long passphrase"), Err(Error::BackupDamaged)),
                "byte {i}"
            );
        }
        for len in [0, 10, HEADER_LEN, sealed.len() - 1] {
            assert!(matches!(
                open(&sealed[..len], "a long passphrase"),
                Err(Error::BackupDamaged)
            ));
        }
    }

    #[test]
    fn a_backup_asking_for_a_gigabyte_is_refused_before_any_work() {
        let mut crafted = seal(b"the journal", "a long passphrase", P).unwrap();
        // 1 GiB and 16 passes in the header, the checksum made to match again.
        crafted[9..13].copy_from_slice(&(1024 * 1024u32).to_be_bytes());
        crafted[13..17].copy_from_slice(&16u32.to_be_bytes());
        let at = crafted.len() - DIGEST_LEN;
        let sum = digest::digest(&SHA256, &crafted[..at]);
        crafted[at..].copy_from_slice(sum.as_ref());
        // Refused from the header alone, with its own answer (not "damaged").
        let opened = open(&crafted, "a long passphrase");
        assert!(
            matches!(
                opened,
                Err(Error::InvalidInput {
                    field: "backup",
                    ..
                })
            ),
            "{opened:?}"
        );
    }

    #[test]
    fn short_passphrase_is_refused() {
        assert!(matches!(
            seal(b"x", "short", P),
            Err(Error::InvalidInput { .. })
        ));
    }
}
