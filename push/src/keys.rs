//! The gateway's secrets, in one file of its folder (`gateway.key`, mode 0600), made on the
//! first start: the ticket key (X25519, tickets are sealed to its public half), the VAPID key
//! (P-256, signs requests to UnifiedPush servers) and the storage key (ChaCha20-Poly1305,
//! seals every stored endpoint and token).

use hearth_wake_ticket::GatewayKeys;
use ring::rand::{SecureRandom, SystemRandom};
use std::io::Write;
use std::path::Path;
use web_push_native::jwt_simple::algorithms::ES256KeyPair;
use zeroize::Zeroizing;

/// The file's first bytes, and its version.
const MAGIC: &[u8; 4] = b"HPG1";
const KEY_FILE: &str = "gateway.key";

/// Why the keys could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Reading or writing the file failed.
    #[error("the gateway's key file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not one this gateway wrote.
    #[error("the gateway's key file is damaged or from another program")]
    Damaged,
    /// The system's random generator failed.
    #[error("no randomness for the gateway's keys")]
    Random,
}

/// Everything secret the gateway holds.
pub struct Keys {
    /// Opens tickets.
    pub tickets: GatewayKeys,
    /// Signs VAPID headers.
    pub vapid: std::sync::Arc<ES256KeyPair>,
    /// Seals stored endpoints.
    pub storage: ring::aead::LessSafeKey,
}

impl Keys {
    /// Reads the keys from `dir`, or makes and writes them there the first time.
    pub fn load_or_create(dir: &Path) -> Result<Keys, KeyError> {
        let path = dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse(&Zeroizing::new(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let tickets = GatewayKeys::generate();
                let vapid = ES256KeyPair::generate();
                let mut storage = Zeroizing::new([0u8; 32]);
                SystemRandom::new()
                    .fill(storage.as_mut())
                    .map_err(|_| KeyError::Random)?;
                let mut file = Zeroizing::new(MAGIC.to_vec());
                file.extend_from_slice(tickets.private());
                file.extend_from_slice(&Zeroizing::new(vapid.to_bytes()));
                file.extend_from_slice(storage.as_ref());
                write_private(&path, &file)?;
                Self::parse(&file)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn parse(file: &[u8]) -> Result<Keys, KeyError> {
        if file.len() != 4 + 96 || &file[..4] != MAGIC {
            return Err(KeyError::Damaged);
        }
        let tickets = GatewayKeys::from_private(&file[4..36]).map_err(|_| KeyError::Damaged)?;
        let vapid = ES256KeyPair::from_bytes(&file[36..68]).map_err(|_| KeyError::Damaged)?;
        let storage = ring::aead::UnboundKey::new(&ring::aead::CHACHA20_POLY1305, &file[68..100])
            .map_err(|_| KeyError::Damaged)?;
        Ok(Keys {
            tickets,
            vapid: std::sync::Arc::new(vapid),
            storage: ring::aead::LessSafeKey::new(storage),
        })
    }

    /// The VAPID public key, uncompressed (65 bytes), as UnifiedPush distributors take it.
    pub fn vapid_public(&self) -> Vec<u8> {
        let secret = Zeroizing::new(self.vapid.to_bytes());
        web_push_native::p256::SecretKey::from_slice(&secret)
            .map(|s| {
                use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
                s.public_key().to_encoded_point(false).as_bytes().to_vec()
            })
            .unwrap_or_default()
    }
}

/// Writes a file only its owner may read, in one go (a half-written key file is never left
/// under the final name).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let partial = path.with_extension("partial");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_once_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keys::load_or_create(dir.path()).unwrap();
        let again = Keys::load_or_create(dir.path()).unwrap();
        assert_eq!(first.tickets.public(), again.tickets.public());
        assert_eq!(first.vapid_public(), again.vapid_public());
        assert_eq!(first.vapid_public().len(), 65);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join(KEY_FILE), b"HPG1 short").unwrap();
        assert!(matches!(
            Keys::load_or_create(dir.path()),
            Err(KeyError::Damaged)
        ));
    }
}
