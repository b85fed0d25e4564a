//! The gateway's records: one row per device registration, its endpoint or token sealed
//! with the storage key (ChaCha20-Poly1305, the registration id as associated data), and
//! the hash of the secret that changes or deletes it. Nothing else: no mailbox, no ticket,
//! no history of wakes.

use crate::keys::Keys;
use hearth_protocol::PushEndpoint;
use hearth_wake_ticket::{RegistrationId, REGISTRATION_ID_SIZE};
use ring::aead::{Aad, Nonce, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Why the store failed. Never carries an endpoint or token.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("the gateway's database failed: {0}")]
    Database(#[from] rusqlite::Error),
    /// A stored endpoint did not open (a damaged row, or another storage key).
    #[error("a stored registration does not open")]
    Sealed,
    /// The system's random generator failed.
    #[error("no randomness")]
    Random,
    /// A blocking task failed.
    #[error("a store task failed")]
    Task,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS registrations (
    id BLOB PRIMARY KEY, secret_hash BLOB NOT NULL, sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL);
";

/// The registrations.
#[derive(Clone)]
pub struct Registrations {
    conn: Arc<Mutex<Connection>>,
    keys: Arc<Keys>,
}

impl Registrations {
    /// Opens (or creates) `registrations.db` in `dir`.
    pub fn open(dir: &Path, keys: Arc<Keys>) -> Result<Self, StoreError> {
        let conn = Connection::open(dir.join("registrations.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Registrations {
            conn: Arc::new(Mutex::new(conn)),
            keys,
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, &Keys) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (conn, keys) = (Arc::clone(&self.conn), Arc::clone(&self.keys));
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&conn, &keys)
        })
        .await
        .map_err(|_| StoreError::Task)?
    }

    /// Registers an endpoint: its new id and the secret that changes or deletes it.
    pub async fn add(
        &self,
        endpoint: PushEndpoint,
        now: u64,
    ) -> Result<(RegistrationId, [u8; 32]), StoreError> {
        self.run(move |c, keys| {
            let rng = SystemRandom::new();
            let mut id = [0u8; REGISTRATION_ID_SIZE];
            let mut secret = [0u8; 32];
            rng.fill(&mut id).map_err(|_| StoreError::Random)?;
            rng.fill(&mut secret).map_err(|_| StoreError::Random)?;
            let id = RegistrationId(id);
            let sealed = seal(keys, &id, &endpoint)?;
            c.execute(
                "INSERT INTO registrations (id, secret_hash, sealed, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id.0.to_vec(), hash(&secret), sealed, i64::try_from(now).unwrap_or(i64::MAX)],
            )?;
            Ok((id, secret))
        })
        .await
    }

    /// Points a registration somewhere else; false when the id or secret is wrong.
    pub async fn replace(
        &self,
        id: RegistrationId,
        secret: Vec<u8>,
        endpoint: PushEndpoint,
    ) -> Result<bool, StoreError> {
        self.run(move |c, keys| {
            let sealed = seal(keys, &id, &endpoint)?;
            Ok(c.execute(
                "UPDATE registrations SET sealed = ?3 WHERE id = ?1 AND secret_hash = ?2",
                params![id.0.to_vec(), hash(&secret), sealed],
            )? == 1)
        })
        .await
    }

    /// Deletes a registration for its device; false when the id or secret is wrong.
    pub async fn delete(&self, id: RegistrationId, secret: Vec<u8>) -> Result<bool, StoreError> {
        self.run(move |c, _| {
            Ok(c.execute(
                "DELETE FROM registrations WHERE id = ?1 AND secret_hash = ?2",
                params![id.0.to_vec(), hash(&secret)],
            )? == 1)
        })
        .await
    }

    /// Forgets a registration the push service said is gone (404 or 410).
    pub async fn forget(&self, id: RegistrationId) -> Result<(), StoreError> {
        self.run(move |c, _| {
            c.execute("DELETE FROM registrations WHERE id = ?1", [id.0.to_vec()])?;
            Ok(())
        })
        .await
    }

    /// Where a registration wakes its device (None: no such registration).
    pub async fn endpoint(&self, id: RegistrationId) -> Result<Option<PushEndpoint>, StoreError> {
        self.run(move |c, keys| {
            let sealed: Option<Vec<u8>> = c
                .query_row(
                    "SELECT sealed FROM registrations WHERE id = ?1",
                    [id.0.to_vec()],
                    |r| r.get(0),
                )
                .optional()?;
            sealed.map(|s| open(keys, &id, s)).transpose()
        })
        .await
    }

    /// How many registrations there are.
    pub async fn count(&self) -> Result<u64, StoreError> {
        self.run(|c, _| {
            let n: i64 = c.query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
        .await
    }
}

fn hash(secret: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, secret)
        .as_ref()
        .to_vec()
}

fn seal(keys: &Keys, id: &RegistrationId, endpoint: &PushEndpoint) -> Result<Vec<u8>, StoreError> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| StoreError::Random)?;
    let mut sealed = serde_json::to_vec(endpoint).map_err(|_| StoreError::Sealed)?;
    keys.storage
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(id.0),
            &mut sealed,
        )
        .map_err(|_| StoreError::Sealed)?;
    let mut stored = nonce.to_vec();
    stored.extend_from_slice(&sealed);
    Ok(stored)
}

fn open(keys: &Keys, id: &RegistrationId, mut stored: Vec<u8>) -> Result<PushEndpoint, StoreError> {
    if stored.len() < NONCE_LEN {
        return Err(StoreError::Sealed);
    }
    let mut sealed = stored.split_off(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(&stored).map_err(|_| StoreError::Sealed)?;
    let plain = keys
        .storage
        .open_in_place(nonce, Aad::from(id.0), &mut sealed)
        .map_err(|_| StoreError::Sealed)?;
    serde_json::from_slice(plain).map_err(|_| StoreError::Sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_endpoint_is_stored_sealed_and_only_its_secret_changes_it() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Arc::new(Keys::load_or_create(dir.path()).unwrap());
        let store = Registrations::open(dir.path(), keys).unwrap();
        let endpoint = PushEndpoint::Fcm {
            token: "canary-token-Tamarisk".into(),
        };
        let (id, secret) = store.add(endpoint.clone(), 1).await.unwrap();
        assert_eq!(store.endpoint(id).await.unwrap(), Some(endpoint));
        let moved = PushEndpoint::Apns {
            token: "ab".repeat(32),
        };
        assert!(!store.replace(id, vec![0; 32], moved.clone()).await.unwrap());
        assert!(store
            .replace(id, secret.to_vec(), moved.clone())
            .await
            .unwrap());
        assert_eq!(store.endpoint(id).await.unwrap(), Some(moved));
        assert!(!store.delete(id, vec![1; 32]).await.unwrap());
        assert!(store.delete(id, secret.to_vec()).await.unwrap());
        assert_eq!(store.endpoint(id).await.unwrap(), None);
        drop(store);
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(
                !bytes.windows(8).any(|w| w == b"Tamarisk"),
                "a token in the clear"
            );
        }
    }
}
