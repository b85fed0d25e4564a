//! The PostgreSQL store, for several relay nodes on one database: a connection pool, a
//! versioned schema applied at start under an advisory lock, appends serialised per mailbox
//! by a row lock on the mailbox's head row, and LISTEN/NOTIFY so every node learns of
//! appends made on the others ([`super::Notice`]).
//!
//! Notifications carry only mailbox ids and positions, never a payload. They are batched:
//! PostgreSQL serialises notifying transactions on one lock at commit, so the appends'
//! own transactions do not notify; a notifier task sends what committed in one
//! `pg_notify` per batch. A lost notification (a node killed between commit and notify, a
//! listener reconnecting) is made good by the relay's re-read after reconnecting and its
//! slow poll.

mod notify;
mod schema;

use super::columns::{kind_code, kind_of, to_i64, to_u64, ClaimRole};
use super::*;
use crate::metrics::StoreLatency;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use hearth_protocol::{Bytes, InboxDrop, MessageKind, SealedReport};
use std::sync::Mutex;
use std::time::Duration;
use tokio_postgres::error::SqlState;
use tokio_postgres::Row;

/// How to reach the database.
#[derive(Clone, Debug)]
pub struct PostgresOptions {
    /// `postgres://user:password@host:port/database?sslmode=require` (libpq's URL form).
    pub url: String,
    /// Connections in the pool (each node's share of the server's `max_connections`).
    pub pool_size: usize,
    /// Extra CA certificates (PEM) to trust for TLS to the database, beside the public roots.
    pub ca_file: Option<std::path::PathBuf>,
    /// How often to re-read mailbox heads even without notifications.
    pub poll_every: Duration,
}

impl PostgresOptions {
    /// Defaults for `url`: 16 connections, the public roots, a poll every 5 s.
    pub fn new(url: impl Into<String>) -> Self {
        PostgresOptions {
            url: url.into(),
            pool_size: 16,
            ca_file: None,
            poll_every: Duration::from_secs(5),
        }
    }
}

/// The PostgreSQL store.
pub struct PostgresStore {
    pool: Pool,
    notifier: notify::Notifier,
    notices: Mutex<Option<mpsc::Receiver<Notice>>>,
    poll_every: Duration,
    latency: StoreLatency,
}

/// A pooled connection that records, when let go, how long the call held it.
struct Timed<'a> {
    client: deadpool_postgres::Object,
    started: std::time::Instant,
    latency: &'a StoreLatency,
}

impl std::ops::Deref for Timed<'_> {
    type Target = deadpool_postgres::Object;
    fn deref(&self) -> &Self::Target {
        &self.client
    }
}

impl std::ops::DerefMut for Timed<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.client
    }
}

impl Drop for Timed<'_> {
    fn drop(&mut self) {
        self.latency.since(self.started);
    }
}

impl PostgresStore {
    /// Connects, applies the schema's missing migrations, and starts listening for other
    /// nodes' appends. Call inside a Tokio runtime.
    pub async fn connect(options: PostgresOptions) -> Result<Self, OpenError> {
        let config: tokio_postgres::Config = options
            .url
            .parse()
            .map_err(|e: tokio_postgres::Error| OpenError::Address(e.to_string()))?;
        let tls = notify::tls_connector(options.ca_file.as_deref())?;
        let manager = Manager::from_config(
            config.clone(),
            tls.clone(),
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(options.pool_size.max(2))
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(5)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| OpenError::Address(e.to_string()))?;
        {
            let mut client = pool
                .get()
                .await
                .map_err(|e| OpenError::Connect(causes(&e)))?;
            schema::migrate(&mut client).await?;
        }
        let notices = notify::listen(config, tls);
        Ok(PostgresStore {
            notifier: notify::Notifier::spawn(pool.clone()),
            pool,
            notices: Mutex::new(Some(notices)),
            poll_every: options.poll_every,
            latency: StoreLatency::default(),
        })
    }

    async fn client(&self) -> StoreResult<Timed<'_>> {
        let started = std::time::Instant::now();
        let client = self.pool.get().await.map_err(pool_err)?;
        Ok(Timed {
            client,
            started,
            latency: &self.latency,
        })
    }
}

/// An error and its causes on one line ("TLS handshake failed: invalid peer certificate:
/// UnknownIssuer"), so an operator sees why a connection was refused.
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Wrappers often repeat their cause's words; say each once.
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn pool_err(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => err(e),
        // Timed out waiting for a connection, or could not open one: the database is
        // overloaded or away for a moment.
        other => StoreError::Retryable(format!("no database connection: {other}")),
    }
}

/// Sorts a database error into retryable or permanent. The text names the failing step,
/// never a value: every value is bound as a parameter.
fn err(e: tokio_postgres::Error) -> StoreError {
    let retryable = match e.code() {
        // The connection broke, or an I/O error on it; not a value that failed to convert.
        None => {
            e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>())
        }
        Some(code) => {
            [
                SqlState::T_R_SERIALIZATION_FAILURE,
                SqlState::T_R_DEADLOCK_DETECTED,
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::TOO_MANY_CONNECTIONS,
                SqlState::LOCK_NOT_AVAILABLE,
                SqlState::QUERY_CANCELED,
                // A full disk: the transaction rolled back, and goes in once space is freed.
                SqlState::DISK_FULL,
                SqlState::OUT_OF_MEMORY,
            ]
            .contains(code)
                || code.code().starts_with("08") // connection exceptions
        }
    };
    if retryable || e.is_closed() {
        StoreError::Retryable(e.to_string())
    } else {
        StoreError::Permanent(e.to_string())
    }
}

/// A stored kind read back.
fn kind_from(code: i16) -> StoreResult<MessageKind> {
    kind_of(i64::from(code))
        .ok_or_else(|| StoreError::Permanent("a stored message has an unknown kind".into()))
}

fn delivery(mailbox: &Bytes, row: &Row) -> StoreResult<Delivery> {
    Ok(Delivery {
        mailbox_id: mailbox.clone(),
        seq: to_u64(row.try_get(0).map_err(err)?),
        epoch: to_u64(row.try_get(1).map_err(err)?),
        kind: kind_from(row.try_get(2).map_err(err)?)?,
        message: Bytes(row.try_get(3).map_err(err)?),
        received_at: to_u64(row.try_get(4).map_err(err)?),
    })
}

type Tx<'a> = deadpool_postgres::Transaction<'a>;

/// Counts one more claim for `subject` in the window and returns the count (the row stays
/// locked to the commit, so concurrent claims are counted one after the other).
async fn count_claim(tx: &Tx<'_>, subject: &str, role: ClaimRole, window: u64) -> StoreResult<u32> {
    let row = tx
        .query_one(
            "INSERT INTO claim_counts (subject, role, window_start, count) VALUES ($1, $2, $3, 1)
             ON CONFLICT (subject, role) DO UPDATE SET
               count = CASE WHEN claim_counts.window_start = excluded.window_start
                            THEN claim_counts.count + 1 ELSE 1 END,
               window_start = excluded.window_start
             RETURNING count",
            &[&subject, &(role as i16), &to_i64(window)],
        )
        .await
        .map_err(err)?;
    let count: i32 = row.try_get(0).map_err(err)?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

async fn is_committer(tx: &Tx<'_>, mailbox_id: &[u8], key: &[u8]) -> StoreResult<bool> {
    let row = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM committers WHERE mailbox_id = $1 AND public_key = $2)",
            &[&mailbox_id, &key],
        )
        .await
        .map_err(err)?;
    row.try_get(0).map_err(err)
}

async fn capability_matches(
    client: &impl deadpool_postgres::GenericClient,
    mailbox_id: &[u8],
    epoch: u64,
    hash: &[u8],
) -> StoreResult<bool> {
    let row = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM capabilities
               WHERE mailbox_id = $1 AND epoch = $2 AND hash = $3)",
            &[&mailbox_id, &to_i64(epoch), &hash],
        )
        .await
        .map_err(err)?;
    row.try_get(0).map_err(err)
}

/// Locks the mailbox's head row to the end of the transaction and checks `capability_hash`
/// for `epoch`: the mailbox's current epoch, or why the request is refused. Every append,
/// commit, report, close and ticket of one mailbox takes this lock first (appends inside
/// `hearth_append`), so they happen one after the other, whichever node runs them.
async fn lock_authorized(
    tx: &Tx<'_>,
    mailbox_id: &[u8],
    epoch: u64,
    capability_hash: &[u8],
) -> StoreResult<Result<i64, AppendRefusal>> {
    let row = tx
        .query_opt(
            "SELECT current_epoch FROM mailboxes WHERE mailbox_id = $1 FOR UPDATE",
            &[&mailbox_id],
        )
        .await
        .map_err(err)?;
    let Some(row) = row else {
        return Ok(Err(AppendRefusal::NoMailbox));
    };
    if !capability_matches(tx, mailbox_id, epoch, capability_hash).await? {
        return Ok(Err(AppendRefusal::BadCapability));
    }
    Ok(Ok(row.try_get(0).map_err(err)?))
}

/// Refuses an `epoch` that is not the `current` one.
fn require_current(epoch: u64, current: i64) -> Result<(), AppendRefusal> {
    if to_i64(epoch) == current {
        Ok(())
    } else {
        Err(AppendRefusal::StaleEpoch {
            current: to_u64(current),
        })
    }
}

impl Store for PostgresStore {
    async fn ready(&self) -> StoreResult<()> {
        let client = self.client().await?;
        // The schema is current (migrations ran at connect) and the database answers.
        client.simple_query("SELECT 1").await.map_err(err)?;
        Ok(())
    }

    async fn register_device(&self, device_id: String, public_key: Vec<u8>) -> StoreResult<()> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO devices (device_id, public_key, created_at)
                 VALUES ($1, $2, extract(epoch FROM now())::bigint)
                 ON CONFLICT (device_id) DO NOTHING",
                &[&device_id, &public_key],
            )
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn device_key(&self, device_id: String) -> StoreResult<Option<Vec<u8>>> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT public_key FROM devices WHERE device_id = $1",
                &[&device_id],
            )
            .await
            .map_err(err)?;
        row.map(|r| r.try_get(0).map_err(err)).transpose()
    }

    async fn delete_device(&self, device_id: String) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        for table in [
            "challenges",
            "sessions",
            "key_packages",
            "last_resort",
            "welcomes",
            "welcome_grants",
            "devices",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE device_id = $1"),
                &[&device_id],
            )
            .await
            .map_err(err)?;
        }
        tx.execute(
            "DELETE FROM welcome_grants WHERE claimer = $1",
            &[&device_id],
        )
        .await
        .map_err(err)?;
        tx.execute("DELETE FROM claim_counts WHERE subject = $1", &[&device_id])
            .await
            .map_err(err)?;
        tx.commit().await.map_err(err)
    }

    async fn put_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        expires_at: u64,
    ) -> StoreResult<()> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO challenges (device_id, nonce, expires_at) VALUES ($1, $2, $3)",
                &[&device_id, &nonce, &to_i64(expires_at)],
            )
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn take_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        now: u64,
    ) -> StoreResult<bool> {
        let client = self.client().await?;
        let deleted = client
            .execute(
                "DELETE FROM challenges WHERE device_id = $1 AND nonce = $2 AND expires_at >= $3",
                &[&device_id, &nonce, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        Ok(deleted == 1)
    }

    async fn put_session(
        &self,
        token_hash: Vec<u8>,
        device_id: String,
        expires_at: u64,
    ) -> StoreResult<()> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO sessions (token_hash, device_id, expires_at) VALUES ($1, $2, $3)",
                &[&token_hash, &device_id, &to_i64(expires_at)],
            )
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn session_device(&self, token_hash: Vec<u8>, now: u64) -> StoreResult<Option<String>> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT device_id FROM sessions WHERE token_hash = $1 AND expires_at >= $2",
            )
            .await
            .map_err(err)?;
        let row = client
            .query_opt(&statement, &[&token_hash, &to_i64(now)])
            .await
            .map_err(err)?;
        row.map(|r| r.try_get(0).map_err(err)).transpose()
    }

    async fn add_key_packages(
        &self,
        device_id: String,
        key_packages: Vec<SignedKeyPackage>,
        last_resort: Option<SignedKeyPackage>,
        expires_at: u64,
    ) -> StoreResult<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO key_packages (device_id, key_package, signature, expires_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .await
            .map_err(err)?;
        for kp in &key_packages {
            tx.execute(
                &insert,
                &[
                    &device_id,
                    &kp.key_package,
                    &kp.signature,
                    &to_i64(expires_at),
                ],
            )
            .await
            .map_err(err)?;
        }
        if let Some(kp) = last_resort {
            tx.execute(
                "INSERT INTO last_resort (device_id, key_package, signature, used)
                 VALUES ($1, $2, $3, false)
                 ON CONFLICT (device_id) DO UPDATE SET key_package = excluded.key_package,
                   signature = excluded.signature, used = false",
                &[&device_id, &kp.key_package, &kp.signature],
            )
            .await
            .map_err(err)?;
        }
        tx.commit().await.map_err(err)
    }

    async fn claim_key_package(
        &self,
        claimer: String,
        device_id: String,
        now: u64,
        limits: ClaimLimits,
    ) -> StoreResult<Claim> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let window = now - now % 3600;
        // Counted first, so concurrent claims on several nodes are counted one after the
        // other; an over-limit or empty claim rolls its count back with the transaction.
        let by_claimer = count_claim(&tx, &claimer, ClaimRole::Claimer, window).await?;
        let of_device = count_claim(&tx, &device_id, ClaimRole::Claimed, window).await?;
        if by_claimer > limits.per_claimer_per_hour || of_device > limits.per_device_per_hour {
            return Ok(Claim::TooMany {
                retry_after: window + 3600 - now,
            });
        }
        // Served at most once: deleted in the transaction that reads it; a KeyPackage another
        // node is claiming right now is skipped, not waited for.
        let one_time = tx
            .query_opt(
                "DELETE FROM key_packages WHERE id = (
                   SELECT id FROM key_packages WHERE device_id = $1 AND expires_at >= $2
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING key_package, signature",
                &[&device_id, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        let claimed = match one_time {
            Some(row) => ClaimedKp {
                key_package: row.try_get(0).map_err(err)?,
                signature: row.try_get(1).map_err(err)?,
                last_resort: false,
            },
            None => {
                // A few times a day at most: each serving links two circles of the person.
                let today = to_i64(now / 86_400);
                let last = tx
                    .query_opt(
                        "UPDATE last_resort SET used = true,
                           served = CASE WHEN served_day = $2 THEN served + 1 ELSE 1 END,
                           served_day = $2
                         WHERE device_id = $1 AND (served_day <> $2 OR served < $3)
                         RETURNING key_package, signature",
                        &[
                            &device_id,
                            &today,
                            &i32::try_from(limits.last_resort_per_day).unwrap_or(i32::MAX),
                        ],
                    )
                    .await
                    .map_err(err)?;
                match last {
                    Some(row) => ClaimedKp {
                        key_package: row.try_get(0).map_err(err)?,
                        signature: row.try_get(1).map_err(err)?,
                        last_resort: true,
                    },
                    None => return Ok(Claim::NoneLeft),
                }
            }
        };
        tx.execute(
            "INSERT INTO welcome_grants (claimer, device_id, grants, expires_at)
             VALUES ($1, $2, 1, $3)
             ON CONFLICT (claimer, device_id) DO UPDATE SET expires_at = excluded.expires_at,
               grants = CASE WHEN welcome_grants.expires_at < $4 THEN 1
                             ELSE welcome_grants.grants + 1 END",
            &[
                &claimer,
                &device_id,
                &to_i64(now + limits.welcome_grant_secs),
                &to_i64(now),
            ],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Claim::Claimed(claimed))
    }

    async fn key_package_count(&self, device_id: String, now: u64) -> StoreResult<KeyPackageStock> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT (SELECT count(*) FROM key_packages WHERE device_id = $1 AND expires_at >= $2),
                        (SELECT used FROM last_resort WHERE device_id = $1)",
                &[&device_id, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        let available: i64 = row.try_get(0).map_err(err)?;
        let last: Option<bool> = row.try_get(1).map_err(err)?;
        Ok(KeyPackageStock {
            available: u32::try_from(available).unwrap_or(u32::MAX),
            has_last_resort: last.is_some(),
            last_resort_used: last.unwrap_or(false),
        })
    }

    async fn post_welcome(
        &self,
        sender: String,
        device_id: String,
        welcome: NewWelcome,
        now: u64,
        inbox_max: u32,
    ) -> StoreResult<WelcomePosted> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        // The device's row, locked: Welcomes to one device are posted one after the other,
        // so its inbox never holds more than `inbox_max`.
        let known = tx
            .query_opt(
                "SELECT 1 FROM devices WHERE device_id = $1 FOR UPDATE",
                &[&device_id],
            )
            .await
            .map_err(err)?;
        if known.is_none() {
            return Ok(WelcomePosted::NoDevice);
        }
        let again = tx
            .query_opt(
                "SELECT 1 FROM welcomes WHERE device_id = $1 AND id = $2",
                &[&device_id, &welcome.id],
            )
            .await
            .map_err(err)?;
        if again.is_some() {
            return Ok(WelcomePosted::Stored); // a repeat after a lost answer
        }
        let granted = tx
            .execute(
                "UPDATE welcome_grants SET grants = grants - 1
                 WHERE claimer = $1 AND device_id = $2 AND grants > 0 AND expires_at >= $3",
                &[&sender, &device_id, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        if granted == 0 {
            return Ok(WelcomePosted::NotClaimed);
        }
        let waiting: i64 = tx
            .query_one(
                "SELECT count(*) FROM welcomes WHERE device_id = $1",
                &[&device_id],
            )
            .await
            .map_err(err)?
            .try_get(0)
            .map_err(err)?;
        if waiting >= i64::from(inbox_max) {
            return Ok(WelcomePosted::InboxFull); // rolled back: the claim is not used up
        }
        tx.execute(
            "INSERT INTO welcomes (device_id, id, welcome, received_at) VALUES ($1, $2, $3, $4)",
            &[&device_id, &welcome.id, &welcome.welcome, &to_i64(now)],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(WelcomePosted::Stored)
    }

    async fn welcomes(&self, device_id: String, limit: u32) -> StoreResult<WelcomePage> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id, welcome, received_at FROM welcomes WHERE device_id = $1
                 ORDER BY received_at, arrival LIMIT $2",
                &[&device_id, &(i64::from(limit) + 1)],
            )
            .await
            .map_err(err)?;
        let mut welcomes = rows
            .iter()
            .map(|r| {
                Ok(StoredWelcome {
                    id: r.try_get(0).map_err(err)?,
                    welcome: r.try_get(1).map_err(err)?,
                    received_at: to_u64(r.try_get(2).map_err(err)?),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let more = welcomes.len() > limit as usize;
        welcomes.truncate(limit as usize);
        Ok(WelcomePage { welcomes, more })
    }

    async fn ack_welcomes(&self, device_id: String, ids: Vec<Vec<u8>>) -> StoreResult<()> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM welcomes WHERE device_id = $1 AND id = ANY($2)",
                &[&device_id, &ids],
            )
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn create_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
        committers: Vec<Vec<u8>>,
        now: u64,
    ) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let closed = tx
            .query_opt(
                "SELECT 1 FROM closed_mailboxes WHERE mailbox_id = $1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?
            .is_some();
        if closed {
            return Ok(false);
        }
        let inserted = tx
            .execute(
                "INSERT INTO mailboxes (mailbox_id, current_epoch, next_seq) VALUES ($1, $2, 1)
                 ON CONFLICT (mailbox_id) DO NOTHING",
                &[&mailbox_id, &to_i64(epoch)],
            )
            .await
            .map_err(err)?;
        if inserted == 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO capabilities (mailbox_id, epoch, hash, created_at) VALUES ($1, $2, $3, $4)",
            &[&mailbox_id, &to_i64(epoch), &capability_hash, &to_i64(now)],
        )
        .await
        .map_err(err)?;
        tx.execute(
            "INSERT INTO committers (mailbox_id, public_key)
             SELECT $1, k FROM unnest($2::bytea[]) AS k ON CONFLICT DO NOTHING",
            &[&mailbox_id, &committers],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(true)
    }

    async fn capability_valid(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> StoreResult<bool> {
        let client = self.client().await?;
        capability_matches(&*client, &mailbox_id, epoch, &capability_hash).await
    }

    async fn append(
        &self,
        mailbox_id: Vec<u8>,
        a: Append,
    ) -> StoreResult<Result<Appended, AppendRefusal>> {
        let client = self.client().await?;
        // One round trip: the function takes the head row's lock and makes every check and
        // write of the contract in one statement (schema migration 2).
        let statement = client
            .prepare_cached(
                "SELECT outcome, seq, epoch, received_at FROM hearth_append(
                   $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .await
            .map_err(err)?;
        let (committer, next, committers) = match &a.commit {
            Some(c) => (
                Some(c.committer.as_slice()),
                Some(c.next_capability_hash.as_slice()),
                c.committers.as_deref(),
            ),
            None => (None, None, None),
        };
        let row = client
            .query_one(
                &statement,
                &[
                    &mailbox_id,
                    &to_i64(a.epoch),
                    &kind_code(a.kind),
                    &a.capability_hash,
                    &a.client_id,
                    &a.message,
                    &to_i64(a.now),
                    &to_i64(a.bytes_max),
                    &committer,
                    &next,
                    &committers,
                ],
            )
            .await
            .map_err(err)?;
        let outcome: i16 = row.try_get(0).map_err(err)?;
        let seq = to_u64(row.try_get(1).map_err(err)?);
        let epoch = to_u64(row.try_get(2).map_err(err)?);
        let received_at = to_u64(row.try_get(3).map_err(err)?);
        let appended = |duplicate| Appended {
            seq,
            epoch,
            duplicate,
            received_at,
        };
        Ok(match outcome {
            0 => {
                self.notifier.appended(Head { mailbox_id, seq });
                Ok(appended(false))
            }
            1 => Ok(appended(true)),
            2 => Err(AppendRefusal::NoMailbox),
            3 => Err(AppendRefusal::BadCapability),
            4 => Err(AppendRefusal::StaleEpoch { current: epoch }),
            5 => Err(AppendRefusal::NotCommitter),
            6 => Err(AppendRefusal::QuotaExceeded),
            _ => {
                return Err(StoreError::Permanent(
                    "hearth_append gave an unknown outcome".into(),
                ))
            }
        })
    }

    async fn fetch(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        after: u64,
        limit: u32,
    ) -> StoreResult<Option<Page>> {
        let client = self.client().await?;
        let current = client
            .query_opt(
                "SELECT current_epoch FROM mailboxes WHERE mailbox_id = $1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?;
        let Some(current) = current else {
            return Ok(None);
        };
        let current: i64 = current.try_get(0).map_err(err)?;
        let statement = client
            .prepare_cached(
                "SELECT seq, epoch, kind, message, received_at FROM messages
                 WHERE mailbox_id = $1 AND epoch = $2 AND seq > $3 ORDER BY seq LIMIT $4",
            )
            .await
            .map_err(err)?;
        let rows = client
            .query(
                &statement,
                &[
                    &mailbox_id,
                    &to_i64(epoch),
                    &to_i64(after),
                    &(i64::from(limit) + 1),
                ],
            )
            .await
            .map_err(err)?;
        let id = Bytes(mailbox_id);
        let mut messages = rows
            .iter()
            .map(|r| delivery(&id, r))
            .collect::<StoreResult<Vec<_>>>()?;
        let more = messages.len() > limit as usize;
        messages.truncate(limit as usize);
        Ok(Some(Page {
            messages,
            current_epoch: to_u64(current),
            more,
        }))
    }

    async fn close_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        close: Close,
    ) -> StoreResult<Result<(), AppendRefusal>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let current =
            match lock_authorized(&tx, &mailbox_id, close.epoch, &close.capability_hash).await? {
                Ok(current) => current,
                Err(refusal) => return Ok(Err(refusal)),
            };
        if let Err(refusal) = require_current(close.epoch, current) {
            return Ok(Err(refusal));
        }
        if !is_committer(&tx, &mailbox_id, &close.committer).await? {
            return Ok(Err(AppendRefusal::NotCommitter));
        }
        for table in [
            "messages",
            "reports",
            "capabilities",
            "committers",
            "wake_tickets",
            "mailboxes",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE mailbox_id = $1"),
                &[&mailbox_id],
            )
            .await
            .map_err(err)?;
        }
        tx.execute(
            "INSERT INTO closed_mailboxes (mailbox_id, closed_at) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[&mailbox_id, &to_i64(close.now)],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Ok(()))
    }

    async fn mailbox_closed(&self, mailbox_id: Vec<u8>) -> StoreResult<bool> {
        let client = self.client().await?;
        Ok(client
            .query_opt(
                "SELECT 1 FROM closed_mailboxes WHERE mailbox_id = $1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?
            .is_some())
    }

    async fn post_report(
        &self,
        mailbox_id: Vec<u8>,
        report: NewReport,
    ) -> StoreResult<Result<ReportPosted, AppendRefusal>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let current =
            match lock_authorized(&tx, &mailbox_id, report.epoch, &report.capability_hash).await? {
                Ok(current) => current,
                Err(refusal) => return Ok(Err(refusal)),
            };
        let earlier = tx
            .query_opt(
                "SELECT seq FROM reports WHERE mailbox_id = $1 AND client_id = $2",
                &[&mailbox_id, &report.client_id],
            )
            .await
            .map_err(err)?;
        if let Some(row) = earlier {
            return Ok(Ok(ReportPosted {
                seq: to_u64(row.try_get(0).map_err(err)?),
                duplicate: true,
            }));
        }
        // The current epoch or the one before: a capability of a long-gone epoch (one a
        // removed member kept) opens no inbox.
        if report.epoch.saturating_add(1) < to_u64(current) {
            return Ok(Err(AppendRefusal::StaleEpoch {
                current: to_u64(current),
            }));
        }
        let today: i64 = tx
            .query_one(
                "SELECT count(*) FROM reports WHERE mailbox_id = $1 AND received_at >= $2",
                &[&mailbox_id, &to_i64(report.now.saturating_sub(86_400))],
            )
            .await
            .map_err(err)?
            .try_get(0)
            .map_err(err)?;
        if today >= i64::from(report.per_day_max) {
            return Ok(Err(AppendRefusal::QuotaExceeded));
        }
        let seq: i64 = tx
            .query_one(
                "UPDATE mailboxes SET next_report = next_report + 1 WHERE mailbox_id = $1
                 RETURNING next_report - 1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?
            .try_get(0)
            .map_err(err)?;
        tx.execute(
            "INSERT INTO reports (mailbox_id, seq, client_id, report, received_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &mailbox_id,
                &seq,
                &report.client_id,
                &report.report,
                &to_i64(report.now),
            ],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Ok(ReportPosted {
            seq: to_u64(seq),
            duplicate: false,
        }))
    }

    async fn open_inbox(&self, inbox_id: Vec<u8>, owner: Vec<u8>, now: u64) -> StoreResult<bool> {
        let client = self.client().await?;
        // One statement: the same owner marks it used; another owner's id is left alone.
        let row = client
            .query_one(
                "WITH opened AS (
                   INSERT INTO inboxes (inbox_id, owner, used_at) VALUES ($1, $2, $3)
                   ON CONFLICT (inbox_id) DO UPDATE SET used_at = excluded.used_at
                   WHERE inboxes.owner = excluded.owner
                   RETURNING owner)
                 SELECT EXISTS (SELECT 1 FROM opened)",
                &[&inbox_id, &owner, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        row.try_get(0).map_err(err)
    }

    async fn inbox_owner(&self, inbox_id: Vec<u8>) -> StoreResult<Option<Vec<u8>>> {
        let client = self.client().await?;
        client
            .query_opt(
                "SELECT owner FROM inboxes WHERE inbox_id = $1",
                &[&inbox_id],
            )
            .await
            .map_err(err)?
            .map(|r| r.try_get(0).map_err(err))
            .transpose()
    }

    async fn leave_drop(
        &self,
        inbox_id: Vec<u8>,
        drop: NewDrop,
    ) -> StoreResult<Result<DropPlaced, DropRefusal>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        // The inbox's row, locked: drops are numbered and counted one at a time.
        let open = tx
            .query_opt(
                "SELECT next_seq FROM inboxes WHERE inbox_id = $1 FOR UPDATE",
                &[&inbox_id],
            )
            .await
            .map_err(err)?;
        let Some(open) = open else {
            return Ok(Err(DropRefusal::NoInbox));
        };
        let earlier = tx
            .query_opt(
                "SELECT seq FROM drops WHERE inbox_id = $1 AND client_id = $2",
                &[&inbox_id, &drop.client_id],
            )
            .await
            .map_err(err)?;
        if let Some(row) = earlier {
            return Ok(Ok(DropPlaced {
                seq: to_u64(row.try_get(0).map_err(err)?),
                duplicate: true,
            }));
        }
        let today: i64 = tx
            .query_one(
                "SELECT count(*) FROM drops WHERE inbox_id = $1 AND received_at >= $2",
                &[&inbox_id, &to_i64(drop.now.saturating_sub(86_400))],
            )
            .await
            .map_err(err)?
            .try_get(0)
            .map_err(err)?;
        if today >= i64::from(drop.per_day_max) {
            return Ok(Err(DropRefusal::QuotaExceeded));
        }
        let seq: i64 = open.try_get(0).map_err(err)?;
        tx.execute(
            "UPDATE inboxes SET next_seq = $2 WHERE inbox_id = $1",
            &[&inbox_id, &(seq + 1)],
        )
        .await
        .map_err(err)?;
        tx.execute(
            "INSERT INTO drops (inbox_id, seq, client_id, sealed, received_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &inbox_id,
                &seq,
                &drop.client_id,
                &drop.drop,
                &to_i64(drop.now),
            ],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Ok(DropPlaced {
            seq: to_u64(seq),
            duplicate: false,
        }))
    }

    async fn fetch_drops(
        &self,
        inbox_id: Vec<u8>,
        after: u64,
        limit: u32,
        now: u64,
    ) -> StoreResult<Option<DropPage>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let used = tx
            .execute(
                "UPDATE inboxes SET used_at = $2 WHERE inbox_id = $1",
                &[&inbox_id, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        if used == 0 {
            return Ok(None);
        }
        let rows = tx
            .query(
                "SELECT seq, sealed, received_at FROM drops WHERE inbox_id = $1 AND seq > $2
                 ORDER BY seq LIMIT $3",
                &[&inbox_id, &to_i64(after), &(i64::from(limit) + 1)],
            )
            .await
            .map_err(err)?;
        let mut drops = rows
            .iter()
            .map(|r| {
                Ok(InboxDrop {
                    seq: to_u64(r.try_get(0).map_err(err)?),
                    drop: Bytes(r.try_get(1).map_err(err)?),
                    received_at: to_u64(r.try_get(2).map_err(err)?),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await.map_err(err)?;
        let more = drops.len() > limit as usize;
        drops.truncate(limit as usize);
        Ok(Some(DropPage { drops, more }))
    }

    async fn close_inbox(&self, inbox_id: Vec<u8>) -> StoreResult<bool> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        tx.execute("DELETE FROM drops WHERE inbox_id = $1", &[&inbox_id])
            .await
            .map_err(err)?;
        let closed = tx
            .execute("DELETE FROM inboxes WHERE inbox_id = $1", &[&inbox_id])
            .await
            .map_err(err)?
            == 1;
        tx.commit().await.map_err(err)?;
        Ok(closed)
    }

    async fn fetch_reports(
        &self,
        mailbox_id: Vec<u8>,
        committer: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> StoreResult<Result<ReportPage, AppendRefusal>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let exists = tx
            .query_opt(
                "SELECT 1 FROM mailboxes WHERE mailbox_id = $1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?
            .is_some();
        if !exists {
            return Ok(Err(AppendRefusal::NoMailbox));
        }
        if !is_committer(&tx, &mailbox_id, &committer).await? {
            return Ok(Err(AppendRefusal::NotCommitter));
        }
        let rows = tx
            .query(
                "SELECT seq, report, received_at FROM reports WHERE mailbox_id = $1 AND seq > $2
                 ORDER BY seq LIMIT $3",
                &[&mailbox_id, &to_i64(after), &(i64::from(limit) + 1)],
            )
            .await
            .map_err(err)?;
        let mut reports = rows
            .iter()
            .map(|r| {
                Ok(SealedReport {
                    seq: to_u64(r.try_get(0).map_err(err)?),
                    report: Bytes(r.try_get(1).map_err(err)?),
                    received_at: to_u64(r.try_get(2).map_err(err)?),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await.map_err(err)?;
        let more = reports.len() > limit as usize;
        reports.truncate(limit as usize);
        Ok(Ok(ReportPage { reports, more }))
    }

    async fn create_invite(&self, invite: NewInvite) -> StoreResult<bool> {
        let client = self.client().await?;
        let added = client
            .execute(
                "INSERT INTO invites (nameplate, message, owner_hash, expires_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (nameplate) DO NOTHING",
                &[
                    &invite.nameplate,
                    &invite.message,
                    &invite.owner_hash,
                    &to_i64(invite.expires_at),
                ],
            )
            .await
            .map_err(err)?;
        Ok(added == 1)
    }

    async fn invite_offer(&self, nameplate: String, now: u64) -> StoreResult<Option<Vec<u8>>> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT message FROM invites
                 WHERE nameplate = $1 AND claim_hash IS NULL AND expires_at >= $2",
                &[&nameplate, &to_i64(now)],
            )
            .await
            .map_err(err)?;
        row.map(|r| r.try_get(0).map_err(err)).transpose()
    }

    async fn claim_invite(
        &self,
        nameplate: String,
        claim: NewClaim,
        now: u64,
    ) -> StoreResult<bool> {
        let client = self.client().await?;
        // One statement: the row lock makes a second claimer wait, then see it claimed.
        let row = client
            .query_one(
                "WITH taken AS (
                   UPDATE invites SET claim_hash = $2, claim_message = $3, sealed_claim = $4,
                     claimed_at = $5
                   WHERE nameplate = $1 AND claim_hash IS NULL AND expires_at >= $5
                   RETURNING 1)
                 SELECT EXISTS (SELECT 1 FROM taken)
                   OR EXISTS (SELECT 1 FROM invites WHERE nameplate = $1 AND claim_hash = $2)",
                &[
                    &nameplate,
                    &claim.claim_hash,
                    &claim.message,
                    &claim.sealed,
                    &to_i64(now),
                ],
            )
            .await
            .map_err(err)?;
        row.try_get(0).map_err(err)
    }

    async fn invite_claim(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
    ) -> StoreResult<ClaimLookup> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT claim_message, sealed_claim, claimed_at FROM invites
                 WHERE nameplate = $1 AND owner_hash = $2",
                &[&nameplate, &owner_hash],
            )
            .await
            .map_err(err)?;
        let Some(row) = row else {
            return Ok(ClaimLookup::NoInvite);
        };
        let message: Option<Vec<u8>> = row.try_get(0).map_err(err)?;
        let sealed: Option<Vec<u8>> = row.try_get(1).map_err(err)?;
        let claimed_at: Option<i64> = row.try_get(2).map_err(err)?;
        Ok(match (message, sealed, claimed_at) {
            (Some(message), Some(sealed), Some(at)) => ClaimLookup::Claimed(StoredClaim {
                message,
                sealed,
                claimed_at: to_u64(at),
            }),
            _ => ClaimLookup::Unclaimed,
        })
    }

    async fn answer_invite(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
        sealed: Vec<u8>,
    ) -> StoreResult<bool> {
        let client = self.client().await?;
        // Written once: the same bytes again (a repeat after a lost answer) are taken, other
        // bytes are not (a stolen owner token cannot swap a Welcome for a no).
        let answered = client
            .execute(
                "UPDATE invites SET answer = $3 WHERE nameplate = $1 AND owner_hash = $2
                   AND claim_hash IS NOT NULL AND (answer IS NULL OR answer = $3)",
                &[&nameplate, &owner_hash, &sealed],
            )
            .await
            .map_err(err)?;
        Ok(answered == 1)
    }

    async fn invite_answer(
        &self,
        nameplate: String,
        claim_hash: Vec<u8>,
    ) -> StoreResult<AnswerLookup> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT answer FROM invites WHERE nameplate = $1 AND claim_hash = $2",
                &[&nameplate, &claim_hash],
            )
            .await
            .map_err(err)?;
        let Some(row) = row else {
            return Ok(AnswerLookup::NoInvite);
        };
        let answer: Option<Vec<u8>> = row.try_get(0).map_err(err)?;
        Ok(match answer {
            Some(sealed) => AnswerLookup::Answered(sealed),
            None => AnswerLookup::Unanswered,
        })
    }

    async fn delete_invite(&self, nameplate: String, token_hash: Vec<u8>) -> StoreResult<bool> {
        let client = self.client().await?;
        let deleted = client
            .execute(
                "DELETE FROM invites WHERE nameplate = $1 AND (owner_hash = $2 OR claim_hash = $2)",
                &[&nameplate, &token_hash],
            )
            .await
            .map_err(err)?;
        Ok(deleted == 1)
    }

    async fn sweep_invites(&self, expired_before: u64) -> StoreResult<u64> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM invites WHERE expires_at < $1",
                &[&to_i64(expired_before)],
            )
            .await
            .map_err(err)
    }

    async fn sweep(&self, now: u64, messages_before: u64) -> StoreResult<Swept> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let before = to_i64(messages_before);
        let now = to_i64(now);
        // Each mailbox's byte count drops by what its old messages held, in the statement
        // that deletes them (no table-wide recount).
        let messages = tx
            .execute(
                "WITH gone AS (
                   DELETE FROM messages WHERE received_at < $1
                   RETURNING mailbox_id, octet_length(message) AS size),
                 per_mailbox AS (
                   SELECT mailbox_id, sum(size)::bigint AS size FROM gone GROUP BY mailbox_id),
                 updated AS (
                   UPDATE mailboxes m SET stored_bytes = greatest(m.stored_bytes - p.size, 0)
                   FROM per_mailbox p WHERE m.mailbox_id = p.mailbox_id RETURNING 1)
                 SELECT 1 FROM gone",
                &[&before],
            )
            .await
            .map_err(err)?;
        // An epoch's capability goes once none of its messages is left and it is not the
        // current epoch; a member behind that far must be brought back by a new invite.
        let capabilities = tx
            .execute(
                "DELETE FROM capabilities k WHERE created_at < $1
                   AND epoch < (SELECT current_epoch FROM mailboxes m WHERE m.mailbox_id = k.mailbox_id)
                   AND NOT EXISTS (SELECT 1 FROM messages g
                                   WHERE g.mailbox_id = k.mailbox_id AND g.epoch = k.epoch)",
                &[&before],
            )
            .await
            .map_err(err)?;
        // A ticket lapses with its epoch: once the mailbox moved on, it wakes nobody.
        tx.execute(
            "DELETE FROM wake_tickets t USING mailboxes m
             WHERE m.mailbox_id = t.mailbox_id AND t.epoch < m.current_epoch",
            &[],
        )
        .await
        .map_err(err)?;
        let key_packages = tx
            .execute("DELETE FROM key_packages WHERE expires_at < $1", &[&now])
            .await
            .map_err(err)?;
        let welcomes = tx
            .execute("DELETE FROM welcomes WHERE received_at < $1", &[&before])
            .await
            .map_err(err)?
            + tx.execute("DELETE FROM welcome_grants WHERE expires_at < $1", &[&now])
                .await
                .map_err(err)?;
        tx.execute(
            "DELETE FROM claim_counts WHERE window_start < $1",
            &[&(now - 3600)],
        )
        .await
        .map_err(err)?;
        let reports = tx
            .execute("DELETE FROM reports WHERE received_at < $1", &[&before])
            .await
            .map_err(err)?;
        // An inbox its owner has not used for as long goes with its drops.
        let drops = tx
            .execute("DELETE FROM drops WHERE received_at < $1", &[&before])
            .await
            .map_err(err)?
            + tx.execute(
                "DELETE FROM drops WHERE inbox_id IN (SELECT inbox_id FROM inboxes WHERE used_at < $1)",
                &[&before],
            )
            .await
            .map_err(err)?;
        tx.execute("DELETE FROM inboxes WHERE used_at < $1", &[&before])
            .await
            .map_err(err)?;
        // A closed mailbox is answered `closed` as long as its messages would have been kept.
        tx.execute(
            "DELETE FROM closed_mailboxes WHERE closed_at < $1",
            &[&before],
        )
        .await
        .map_err(err)?;
        let sessions = tx
            .execute("DELETE FROM sessions WHERE expires_at < $1", &[&now])
            .await
            .map_err(err)?
            + tx.execute("DELETE FROM challenges WHERE expires_at < $1", &[&now])
                .await
                .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Swept {
            messages,
            capabilities,
            key_packages,
            welcomes,
            reports,
            drops,
            sessions,
        })
    }

    async fn put_ticket(
        &self,
        mailbox_id: Vec<u8>,
        t: NewTicket,
    ) -> StoreResult<Result<(), AppendRefusal>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        // The head row, locked: tickets are counted against the epoch one at a time.
        let current = match lock_authorized(&tx, &mailbox_id, t.epoch, &t.capability_hash).await? {
            Ok(current) => current,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if let Err(refusal) = require_current(t.epoch, current) {
            return Ok(Err(refusal));
        }
        let held: i64 = tx
            .query_one(
                "SELECT count(*) FROM wake_tickets
                 WHERE mailbox_id = $1 AND epoch = $2 AND ticket_id <> $3",
                &[&mailbox_id, &current, &t.ticket_id],
            )
            .await
            .map_err(err)?
            .try_get(0)
            .map_err(err)?;
        if held >= i64::from(t.max) {
            return Ok(Err(AppendRefusal::QuotaExceeded));
        }
        tx.execute(
            "INSERT INTO wake_tickets (mailbox_id, ticket_id, epoch, ticket, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (mailbox_id, ticket_id) DO UPDATE SET epoch = excluded.epoch,
               ticket = excluded.ticket, created_at = excluded.created_at",
            &[
                &mailbox_id,
                &t.ticket_id,
                &current,
                &t.ticket,
                &to_i64(t.now),
            ],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        Ok(Ok(()))
    }

    async fn delete_ticket(
        &self,
        mailbox_id: Vec<u8>,
        ticket_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> StoreResult<Result<bool, AppendRefusal>> {
        let client = self.client().await?;
        let exists = client
            .query_opt(
                "SELECT 1 FROM mailboxes WHERE mailbox_id = $1",
                &[&mailbox_id],
            )
            .await
            .map_err(err)?
            .is_some();
        if !exists {
            return Ok(Err(AppendRefusal::NoMailbox));
        }
        if !capability_matches(&*client, &mailbox_id, epoch, &capability_hash).await? {
            return Ok(Err(AppendRefusal::BadCapability));
        }
        let deleted = client
            .execute(
                "DELETE FROM wake_tickets WHERE mailbox_id = $1 AND ticket_id = $2",
                &[&mailbox_id, &ticket_id],
            )
            .await
            .map_err(err)?;
        Ok(Ok(deleted == 1))
    }

    async fn tickets(&self, mailbox_id: Vec<u8>, epoch: u64) -> StoreResult<Vec<WakeTicket>> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT ticket_id, ticket FROM wake_tickets WHERE mailbox_id = $1 AND epoch = $2",
                &[&mailbox_id, &to_i64(epoch)],
            )
            .await
            .map_err(err)?;
        rows.iter()
            .map(|r| {
                Ok(WakeTicket {
                    ticket_id: r.try_get(0).map_err(err)?,
                    ticket: r.try_get(1).map_err(err)?,
                })
            })
            .collect()
    }

    async fn claim_job(&self, job: Job, now: u64, every_secs: u64) -> StoreResult<bool> {
        let client = self.client().await?;
        // The row lock makes a second node wait for the first, then find the run taken.
        let claimed = client
            .execute(
                "INSERT INTO jobs (name, last_run) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run
                 WHERE jobs.last_run <= $3",
                &[
                    &job.name(),
                    &to_i64(now),
                    &to_i64(now.saturating_sub(every_secs)),
                ],
            )
            .await
            .map_err(err)?;
        Ok(claimed == 1)
    }

    async fn heads(&self, mailbox_ids: Vec<Vec<u8>>) -> StoreResult<Vec<Head>> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT mailbox_id, next_seq - 1 FROM mailboxes WHERE mailbox_id = ANY($1)",
                &[&mailbox_ids],
            )
            .await
            .map_err(err)?;
        rows.iter()
            .map(|r| {
                Ok(Head {
                    mailbox_id: r.try_get(0).map_err(err)?,
                    seq: to_u64(r.try_get(1).map_err(err)?),
                })
            })
            .collect()
    }

    async fn deliveries_after(
        &self,
        mailbox_id: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<Delivery>> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "SELECT seq, epoch, kind, message, received_at FROM messages
                 WHERE mailbox_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            )
            .await
            .map_err(err)?;
        let rows = client
            .query(
                &statement,
                &[&mailbox_id, &to_i64(after), &i64::from(limit)],
            )
            .await
            .map_err(err)?;
        let id = Bytes(mailbox_id);
        rows.iter().map(|r| delivery(&id, r)).collect()
    }

    fn notices(&self) -> Option<mpsc::Receiver<Notice>> {
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }

    fn poll_every(&self) -> Option<Duration> {
        Some(self.poll_every)
    }

    fn latency(&self) -> &StoreLatency {
        &self.latency
    }
}
