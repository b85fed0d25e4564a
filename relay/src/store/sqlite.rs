//! The embedded SQLite store: one file, WAL, one connection used from the blocking pool.
//! Its schema is versioned with `PRAGMA user_version` ([`MIGRATIONS`]).

use super::columns::{kind_code, kind_of, to_i64, to_u64, ClaimRole};
use super::*;
use hearth_protocol::{Bytes, InboxDrop, MessageKind, SealedReport};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Version 1: the schema as it stood before versions were recorded (every statement is
/// idempotent, so a store from before then is brought here by [`upgrade`] as well).
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY, public_key BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS challenges (
    device_id TEXT NOT NULL, nonce BLOB NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, nonce));
CREATE TABLE IF NOT EXISTS sessions (
    token_hash BLOB PRIMARY KEY, device_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS key_packages (
    id INTEGER PRIMARY KEY, device_id TEXT NOT NULL, key_package BLOB NOT NULL,
    expires_at INTEGER NOT NULL, signature BLOB NOT NULL DEFAULT x'');
CREATE INDEX IF NOT EXISTS key_packages_by_device ON key_packages (device_id, id);
CREATE TABLE IF NOT EXISTS last_resort (
    device_id TEXT PRIMARY KEY, key_package BLOB NOT NULL, used INTEGER NOT NULL,
    signature BLOB NOT NULL DEFAULT x'', served_day INTEGER NOT NULL DEFAULT 0,
    served INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS welcomes (
    device_id TEXT NOT NULL, id BLOB NOT NULL, welcome BLOB NOT NULL,
    received_at INTEGER NOT NULL, PRIMARY KEY (device_id, id));
CREATE TABLE IF NOT EXISTS claim_counts (
    subject TEXT NOT NULL, role INTEGER NOT NULL, window_start INTEGER NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (subject, role));
CREATE TABLE IF NOT EXISTS welcome_grants (
    claimer TEXT NOT NULL, device_id TEXT NOT NULL, grants INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, PRIMARY KEY (claimer, device_id));
CREATE TABLE IF NOT EXISTS mailboxes (
    mailbox_id BLOB PRIMARY KEY, current_epoch INTEGER NOT NULL, next_seq INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS committers (
    mailbox_id BLOB NOT NULL, public_key BLOB NOT NULL, PRIMARY KEY (mailbox_id, public_key));
CREATE TABLE IF NOT EXISTS capabilities (
    mailbox_id BLOB NOT NULL, epoch INTEGER NOT NULL, hash BLOB NOT NULL,
    created_at INTEGER NOT NULL, PRIMARY KEY (mailbox_id, epoch));
CREATE TABLE IF NOT EXISTS messages (
    mailbox_id BLOB NOT NULL, seq INTEGER NOT NULL, epoch INTEGER NOT NULL,
    kind INTEGER NOT NULL, client_id BLOB NOT NULL, message BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, seq), UNIQUE (mailbox_id, client_id));
CREATE INDEX IF NOT EXISTS messages_by_epoch ON messages (mailbox_id, epoch, seq);
CREATE INDEX IF NOT EXISTS messages_by_age ON messages (received_at);
CREATE TABLE IF NOT EXISTS invites (
    nameplate TEXT PRIMARY KEY, message BLOB NOT NULL, owner_hash BLOB NOT NULL,
    expires_at INTEGER NOT NULL, claim_hash BLOB, claim_message BLOB, sealed_claim BLOB,
    claimed_at INTEGER, answer BLOB);
CREATE INDEX IF NOT EXISTS invites_by_expiry ON invites (expires_at);
CREATE TABLE IF NOT EXISTS reports (
    mailbox_id BLOB NOT NULL, seq INTEGER NOT NULL, client_id BLOB NOT NULL, report BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, seq), UNIQUE (mailbox_id, client_id));
CREATE INDEX IF NOT EXISTS reports_by_age ON reports (received_at);
CREATE TABLE IF NOT EXISTS closed_mailboxes (
    mailbox_id BLOB PRIMARY KEY, closed_at INTEGER NOT NULL);
";

/// Brings a store made before versions were recorded up to [`SCHEMA_V1`]: columns added
/// since. (KeyPackages
/// stored without a signature are refused by every adder, and replaced as devices top up.)
fn upgrade(c: &Connection) -> rusqlite::Result<()> {
    let added = [
        ("key_packages", "signature", "BLOB NOT NULL DEFAULT x''"),
        ("last_resort", "signature", "BLOB NOT NULL DEFAULT x''"),
        ("last_resort", "served_day", "INTEGER NOT NULL DEFAULT 0"),
        ("last_resort", "served", "INTEGER NOT NULL DEFAULT 0"),
        ("mailboxes", "stored_bytes", "INTEGER NOT NULL DEFAULT 0"),
    ];
    for (table, column, definition) in added {
        let present: bool = c.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
            [table, column],
            |r| r.get(0),
        )?;
        if !present {
            c.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} {definition}"
            ))?;
        }
    }
    Ok(())
}

/// Version 2: reports numbered from the mailbox's own counter (so numbers never repeat after
/// retention empties an inbox), and the claims on background jobs shared by nodes.
const SCHEMA_V2: &str = "
ALTER TABLE mailboxes ADD COLUMN next_report INTEGER NOT NULL DEFAULT 1;
UPDATE mailboxes SET next_report = 1 + COALESCE(
    (SELECT MAX(seq) FROM reports r WHERE r.mailbox_id = mailboxes.mailbox_id), 0);
CREATE TABLE jobs (name TEXT PRIMARY KEY, last_run INTEGER NOT NULL);
";

/// Version 3: wake tickets, per mailbox and epoch.
const SCHEMA_V3: &str = "
CREATE TABLE wake_tickets (
    mailbox_id BLOB NOT NULL, ticket_id BLOB NOT NULL, epoch INTEGER NOT NULL,
    ticket BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (mailbox_id, ticket_id));
CREATE INDEX wake_tickets_by_epoch ON wake_tickets (mailbox_id, epoch);
";

/// Version 4: drop inboxes (`hearth_protocol::inboxes`).
const SCHEMA_V4: &str = "
CREATE TABLE inboxes (
    inbox_id BLOB PRIMARY KEY, owner BLOB NOT NULL, next_seq INTEGER NOT NULL DEFAULT 1,
    used_at INTEGER NOT NULL);
CREATE TABLE drops (
    inbox_id BLOB NOT NULL, seq INTEGER NOT NULL, client_id BLOB NOT NULL, sealed BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, seq), UNIQUE (inbox_id, client_id));
CREATE INDEX drops_by_age ON drops (received_at);
";

/// The schema's steps, in order: version `n` is `MIGRATIONS[n - 1]`.
const MIGRATIONS: &[fn(&Connection) -> rusqlite::Result<()>] = &[
    |c| {
        c.execute_batch(SCHEMA_V1)?;
        upgrade(c)
    },
    |c| c.execute_batch(SCHEMA_V2),
    |c| c.execute_batch(SCHEMA_V3),
    |c| c.execute_batch(SCHEMA_V4),
];

/// The newest schema version this relay knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the migrations `conn` lacks, each in a transaction with its version number;
/// refuses a database from a newer relay.
fn migrate(conn: &mut Connection) -> Result<(), OpenError> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if found > SCHEMA_VERSION {
        return Err(OpenError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (version, step) in (1i64..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        step(&tx).map_err(err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}

/// Claims counted for `subject` in the hour window starting at `window`.
fn claims_in(
    tx: &rusqlite::Transaction<'_>,
    subject: &str,
    role: ClaimRole,
    window: u64,
) -> rusqlite::Result<u32> {
    let count: Option<i64> = tx
        .query_row(
            "SELECT count FROM claim_counts WHERE subject = ?1 AND role = ?2 AND window_start = ?3",
            params![subject, role as i64, to_i64(window)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(u32::try_from(count.unwrap_or(0)).unwrap_or(u32::MAX))
}

/// Counts one more claim for `subject` in the window (a new window starts from one).
fn count_claim(
    tx: &rusqlite::Transaction<'_>,
    subject: &str,
    role: ClaimRole,
    window: u64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO claim_counts (subject, role, window_start, count) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (subject, role) DO UPDATE SET
           count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
           window_start = excluded.window_start",
        params![subject, role as i64, to_i64(window)],
    )?;
    Ok(())
}

/// Whether `key` is a registered committer of the mailbox.
fn is_committer(c: &Connection, mailbox_id: &[u8], key: &[u8]) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM committers WHERE mailbox_id = ?1 AND public_key = ?2)",
        params![mailbox_id, key],
        |r| r.get(0),
    )
}

/// Whether `hash` is the mailbox's capability hash for `epoch`.
fn capability_matches(
    c: &Connection,
    mailbox_id: &[u8],
    epoch: u64,
    hash: &[u8],
) -> rusqlite::Result<bool> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM capabilities WHERE mailbox_id = ?1 AND epoch = ?2 AND hash = ?3)",
        params![mailbox_id, to_i64(epoch), hash],
        |r| r.get(0),
    )
}

/// The open mailbox's current epoch (none: no such mailbox, or it was closed).
fn current_epoch(c: &Connection, mailbox_id: &[u8]) -> rusqlite::Result<Option<i64>> {
    c.query_row(
        "SELECT current_epoch FROM mailboxes WHERE mailbox_id = ?1",
        [mailbox_id],
        |r| r.get(0),
    )
    .optional()
}

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    latency: crate::metrics::StoreLatency,
}

/// A stored kind read back, or the column's error.
fn kind_from(code: i64) -> rusqlite::Result<MessageKind> {
    kind_of(code).ok_or(rusqlite::Error::IntegralValueOutOfRange(4, code))
}

impl SqliteStore {
    /// Opens (or creates) the store at `path`, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let conn = Connection::open(path).map_err(err)?;
        Self::with_connection(conn)
    }

    /// Tests only: lets the database grow to about `bytes` at most (`None`: no limit), as a
    /// full disk would stop it (SQLite's `max_page_count`).
    #[cfg(feature = "testing")]
    pub fn limit_size_for_test(&self, bytes: Option<u64>) -> Result<(), StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let page: u64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .map_err(err)?;
        let pages = bytes.map_or(u64::from(u32::MAX - 1), |b| (b / page.max(1)).max(1));
        conn.pragma_update(None, "max_page_count", pages)
            .map_err(err)?;
        Ok(())
    }

    /// A store in memory, for tests and benchmarks.
    pub fn in_memory() -> Result<Self, OpenError> {
        Self::with_connection(Connection::open_in_memory().map_err(err)?)
    }

    fn with_connection(mut conn: Connection) -> Result<Self, OpenError> {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            latency: crate::metrics::StoreLatency::default(),
        })
    }

    async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let latency = self.latency.clone();
        let started = std::time::Instant::now();
        let done = tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| StoreError::Permanent("the store lock was poisoned".into()))?;
            f(&mut guard).map_err(err)
        })
        .await
        .map_err(|e| StoreError::Permanent(format!("store task failed: {e}")))?;
        latency.since(started);
        done
    }
}

fn err(e: rusqlite::Error) -> StoreError {
    // The message names the failing step, never a payload: statements bind values as
    // parameters, so no value appears in the text.
    match e.sqlite_error_code() {
        // Another process holds the database past the busy timeout: try again shortly.
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Retryable(e.to_string())
        }
        // The disk is full: the write was rolled back whole, and it goes in once space is
        // freed, so phones are told to come back (503) and keep what waits.
        Some(rusqlite::ErrorCode::DiskFull) => {
            StoreError::Retryable(format!("the disk is full: {e}"))
        }
        _ => StoreError::Permanent(e.to_string()),
    }
}

impl Store for SqliteStore {
    async fn ready(&self) -> StoreResult<()> {
        // Takes the write lock and lets it go: a relay is ready when it can accept posts, and
        // in WAL mode a read would succeed while another process holds every write.
        self.run(|c| c.execute_batch("BEGIN IMMEDIATE; ROLLBACK;"))
            .await
    }

    async fn register_device(&self, device_id: String, public_key: Vec<u8>) -> StoreResult<()> {
        self.run(move |c| {
            c.execute(
                "INSERT INTO devices (device_id, public_key, created_at) VALUES (?1, ?2, unixepoch())
                 ON CONFLICT (device_id) DO NOTHING",
                params![device_id, public_key],
            )?;
            Ok(())
        })
        .await
    }

    async fn device_key(&self, device_id: String) -> StoreResult<Option<Vec<u8>>> {
        self.run(move |c| {
            c.query_row(
                "SELECT public_key FROM devices WHERE device_id = ?1",
                [device_id],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }

    async fn delete_device(&self, device_id: String) -> StoreResult<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
                    &format!("DELETE FROM {table} WHERE device_id = ?1"),
                    [&device_id],
                )?;
            }
            tx.execute(
                "DELETE FROM welcome_grants WHERE claimer = ?1",
                [&device_id],
            )?;
            tx.execute("DELETE FROM claim_counts WHERE subject = ?1", [&device_id])?;
            tx.commit()
        })
        .await
    }

    async fn put_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        expires_at: u64,
    ) -> StoreResult<()> {
        self.run(move |c| {
            c.execute(
                "INSERT INTO challenges (device_id, nonce, expires_at) VALUES (?1, ?2, ?3)",
                params![device_id, nonce, to_i64(expires_at)],
            )?;
            Ok(())
        })
        .await
    }

    async fn take_challenge(
        &self,
        device_id: String,
        nonce: Vec<u8>,
        now: u64,
    ) -> StoreResult<bool> {
        self.run(move |c| {
            let deleted = c.execute(
                "DELETE FROM challenges WHERE device_id = ?1 AND nonce = ?2 AND expires_at >= ?3",
                params![device_id, nonce, to_i64(now)],
            )?;
            Ok(deleted == 1)
        })
        .await
    }

    async fn put_session(
        &self,
        token_hash: Vec<u8>,
        device_id: String,
        expires_at: u64,
    ) -> StoreResult<()> {
        self.run(move |c| {
            c.execute(
                "INSERT INTO sessions (token_hash, device_id, expires_at) VALUES (?1, ?2, ?3)",
                params![token_hash, device_id, to_i64(expires_at)],
            )?;
            Ok(())
        })
        .await
    }

    async fn session_device(&self, token_hash: Vec<u8>, now: u64) -> StoreResult<Option<String>> {
        self.run(move |c| {
            c.query_row(
                "SELECT device_id FROM sessions WHERE token_hash = ?1 AND expires_at >= ?2",
                params![token_hash, to_i64(now)],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }

    async fn add_key_packages(
        &self,
        device_id: String,
        key_packages: Vec<SignedKeyPackage>,
        last_resort: Option<SignedKeyPackage>,
        expires_at: u64,
    ) -> StoreResult<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO key_packages (device_id, key_package, signature, expires_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for kp in &key_packages {
                    insert.execute(params![device_id, kp.key_package, kp.signature, to_i64(expires_at)])?;
                }
            }
            if let Some(SignedKeyPackage { key_package: kp, signature }) = last_resort {
                tx.execute(
                    "INSERT INTO last_resort (device_id, key_package, signature, used) VALUES (?1, ?2, ?3, 0)
                     ON CONFLICT (device_id) DO UPDATE SET key_package = excluded.key_package,
                       signature = excluded.signature, used = 0",
                    params![device_id, kp, signature],
                )?;
            }
            tx.commit()
        })
        .await
    }

    async fn claim_key_package(
        &self,
        claimer: String,
        device_id: String,
        now: u64,
        limits: ClaimLimits,
    ) -> StoreResult<Claim> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let window = now - now % 3600;
            if claims_in(&tx, &claimer, ClaimRole::Claimer, window)? >= limits.per_claimer_per_hour
                || claims_in(&tx, &device_id, ClaimRole::Claimed, window)? >= limits.per_device_per_hour
            {
                return Ok(Claim::TooMany { retry_after: window + 3600 - now });
            }
            let today = to_i64(now / 86_400);
            let one_time: Option<(i64, Vec<u8>, Vec<u8>)> = tx
                .query_row(
                    "SELECT id, key_package, signature FROM key_packages
                     WHERE device_id = ?1 AND expires_at >= ?2 ORDER BY id LIMIT 1",
                    params![device_id, to_i64(now)],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let claimed = match one_time {
                Some((id, kp, signature)) => {
                    // Served at most once: deleted in the same transaction that reads it.
                    tx.execute("DELETE FROM key_packages WHERE id = ?1", [id])?;
                    Some(ClaimedKp { key_package: kp, signature, last_resort: false })
                }
                None => {
                    // A few times a day at most: each serving links two circles of the person.
                    let kp: Option<(Vec<u8>, Vec<u8>)> = tx
                        .query_row(
                            "SELECT key_package, signature FROM last_resort
                             WHERE device_id = ?1 AND (served_day != ?2 OR served < ?3)",
                            params![device_id, today, i64::from(limits.last_resort_per_day)],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .optional()?;
                    if kp.is_some() {
                        tx.execute(
                            "UPDATE last_resort SET used = 1,
                               served = CASE WHEN served_day = ?2 THEN served + 1 ELSE 1 END,
                               served_day = ?2
                             WHERE device_id = ?1",
                            params![device_id, today],
                        )?;
                    }
                    kp.map(|(key_package, signature)| ClaimedKp { key_package, signature, last_resort: true })
                }
            };
            let Some(claimed) = claimed else {
                return Ok(Claim::NoneLeft);
            };
            // Counted apart (no claimer-to-device pair is kept for counting).
            count_claim(&tx, &claimer, ClaimRole::Claimer, window)?;
            count_claim(&tx, &device_id, ClaimRole::Claimed, window)?;
            // One Welcome per claim, within the window from the latest claim.
            tx.execute(
                "INSERT INTO welcome_grants (claimer, device_id, grants, expires_at)
                 VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (claimer, device_id) DO UPDATE SET expires_at = excluded.expires_at,
                   grants = CASE WHEN welcome_grants.expires_at < ?4 THEN 1 ELSE welcome_grants.grants + 1 END",
                params![claimer, device_id, to_i64(now + limits.welcome_grant_secs), to_i64(now)],
            )?;
            tx.commit()?;
            Ok(Claim::Claimed(claimed))
        })
        .await
    }

    async fn key_package_count(&self, device_id: String, now: u64) -> StoreResult<KeyPackageStock> {
        self.run(move |c| {
            let available: i64 = c.query_row(
                "SELECT count(*) FROM key_packages WHERE device_id = ?1 AND expires_at >= ?2",
                params![device_id, to_i64(now)],
                |r| r.get(0),
            )?;
            let last: Option<bool> = c
                .query_row(
                    "SELECT used FROM last_resort WHERE device_id = ?1",
                    [&device_id],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(KeyPackageStock {
                available: u32::try_from(available).unwrap_or(u32::MAX),
                has_last_resort: last.is_some(),
                last_resort_used: last.unwrap_or(false),
            })
        })
        .await
    }

    async fn post_welcome(
        &self,
        sender: String,
        device_id: String,
        NewWelcome { id, welcome }: NewWelcome,
        now: u64,
        inbox_max: u32,
    ) -> StoreResult<WelcomePosted> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let known: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?1)", [&device_id], |r| r.get(0))?;
            if !known {
                return Ok(WelcomePosted::NoDevice);
            }
            let again: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM welcomes WHERE device_id = ?1 AND id = ?2)",
                params![device_id, id],
                |r| r.get(0),
            )?;
            if again {
                return Ok(WelcomePosted::Stored); // a repeat after a lost answer
            }
            let granted = tx.execute(
                "UPDATE welcome_grants SET grants = grants - 1
                 WHERE claimer = ?1 AND device_id = ?2 AND grants > 0 AND expires_at >= ?3",
                params![sender, device_id, to_i64(now)],
            )?;
            if granted == 0 {
                return Ok(WelcomePosted::NotClaimed);
            }
            let waiting: i64 =
                tx.query_row("SELECT COUNT(*) FROM welcomes WHERE device_id = ?1", [&device_id], |r| r.get(0))?;
            if waiting >= i64::from(inbox_max) {
                return Ok(WelcomePosted::InboxFull); // rolled back: the claim is not used up
            }
            tx.execute(
                "INSERT INTO welcomes (device_id, id, welcome, received_at) VALUES (?1, ?2, ?3, ?4)",
                params![device_id, id, welcome, to_i64(now)],
            )?;
            tx.commit()?;
            Ok(WelcomePosted::Stored)
        })
        .await
    }

    async fn welcomes(&self, device_id: String, limit: u32) -> StoreResult<WelcomePage> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, welcome, received_at FROM welcomes WHERE device_id = ?1
                 ORDER BY received_at, rowid LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![device_id, i64::from(limit) + 1], |r| {
                Ok(StoredWelcome {
                    id: r.get(0)?,
                    welcome: r.get(1)?,
                    received_at: to_u64(r.get(2)?),
                })
            })?;
            let mut welcomes: Vec<StoredWelcome> = rows.collect::<rusqlite::Result<_>>()?;
            let more = welcomes.len() > limit as usize;
            welcomes.truncate(limit as usize);
            Ok(WelcomePage { welcomes, more })
        })
        .await
    }

    async fn ack_welcomes(&self, device_id: String, ids: Vec<Vec<u8>>) -> StoreResult<()> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for id in &ids {
                tx.execute(
                    "DELETE FROM welcomes WHERE device_id = ?1 AND id = ?2",
                    params![device_id, id],
                )?;
            }
            tx.commit()
        })
        .await
    }

    async fn create_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
        committers: Vec<Vec<u8>>,
        now: u64,
    ) -> StoreResult<bool> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let closed: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM closed_mailboxes WHERE mailbox_id = ?1)",
                [&mailbox_id],
                |r| r.get(0),
            )?;
            let inserted = tx.execute(
                "INSERT INTO mailboxes (mailbox_id, current_epoch, next_seq) VALUES (?1, ?2, 1)
                 ON CONFLICT (mailbox_id) DO NOTHING",
                params![mailbox_id, to_i64(epoch)],
            )?;
            if closed || inserted == 0 {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO capabilities (mailbox_id, epoch, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![mailbox_id, to_i64(epoch), capability_hash, to_i64(now)],
            )?;
            for key in &committers {
                tx.execute(
                    "INSERT OR IGNORE INTO committers (mailbox_id, public_key) VALUES (?1, ?2)",
                    params![mailbox_id, key],
                )?;
            }
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn capability_valid(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> StoreResult<bool> {
        self.run(move |c| capability_matches(c, &mailbox_id, epoch, &capability_hash))
            .await
    }

    async fn append(
        &self,
        mailbox_id: Vec<u8>,
        a: Append,
    ) -> StoreResult<Result<Appended, AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some((current, next_seq, stored)): Option<(i64, i64, i64)> = tx
                .query_row(
                    "SELECT current_epoch, next_seq, stored_bytes FROM mailboxes WHERE mailbox_id = ?1",
                    [&mailbox_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
            else {
                return Ok(Err(AppendRefusal::NoMailbox));
            };
            let capable: bool = capability_matches(&tx, &mailbox_id, a.epoch, &a.capability_hash)?;
            if !capable {
                return Ok(Err(AppendRefusal::BadCapability));
            }
            // The same client id again (a retry after a lost answer) gets the first answer,
            // even when the mailbox has moved on since.
            let earlier: Option<(i64, i64, i64)> = tx
                .query_row(
                    "SELECT seq, epoch, received_at FROM messages WHERE mailbox_id = ?1 AND client_id = ?2",
                    params![mailbox_id, a.client_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((seq, epoch, received_at)) = earlier {
                return Ok(Ok(Appended {
                    seq: to_u64(seq),
                    epoch: to_u64(epoch),
                    duplicate: true,
                    received_at: to_u64(received_at),
                }));
            }
            if to_i64(a.epoch) != current {
                return Ok(Err(AppendRefusal::StaleEpoch { current: to_u64(current) }));
            }
            if to_u64(stored).saturating_add(a.message.len() as u64) > a.bytes_max {
                return Ok(Err(AppendRefusal::QuotaExceeded));
            }
            if let Some(change) = &a.commit {
                let committer: bool = is_committer(&tx, &mailbox_id, &change.committer)?;
                if !committer {
                    return Ok(Err(AppendRefusal::NotCommitter));
                }
                let next = current + 1;
                tx.execute(
                    "INSERT OR REPLACE INTO capabilities (mailbox_id, epoch, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![mailbox_id, next, change.next_capability_hash, to_i64(a.now)],
                )?;
                if let Some(keys) = &change.committers {
                    tx.execute("DELETE FROM committers WHERE mailbox_id = ?1", [&mailbox_id])?;
                    for key in keys {
                        tx.execute(
                            "INSERT OR IGNORE INTO committers (mailbox_id, public_key) VALUES (?1, ?2)",
                            params![mailbox_id, key],
                        )?;
                    }
                }
                tx.execute("UPDATE mailboxes SET current_epoch = ?2 WHERE mailbox_id = ?1", params![mailbox_id, next])?;
            }
            tx.execute(
                "INSERT INTO messages (mailbox_id, seq, epoch, kind, client_id, message, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![mailbox_id, next_seq, current, kind_code(a.kind), a.client_id, a.message, to_i64(a.now)],
            )?;
            tx.execute(
                "UPDATE mailboxes SET next_seq = ?2, stored_bytes = stored_bytes + ?3 WHERE mailbox_id = ?1",
                params![mailbox_id, next_seq + 1, a.message.len() as i64],
            )?;
            tx.commit()?;
            Ok(Ok(Appended { seq: to_u64(next_seq), epoch: to_u64(current), duplicate: false, received_at: a.now }))
        })
        .await
    }

    async fn fetch(
        &self,
        mailbox_id: Vec<u8>,
        epoch: u64,
        after: u64,
        limit: u32,
    ) -> StoreResult<Option<Page>> {
        self.run(move |c| {
            let Some(current) = current_epoch(c, &mailbox_id)? else {
                return Ok(None);
            };
            let mut stmt = c.prepare_cached(
                "SELECT seq, kind, message, received_at FROM messages
                 WHERE mailbox_id = ?1 AND epoch = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4",
            )?;
            let id = Bytes(mailbox_id.clone());
            let mut messages = stmt
                .query_map(
                    params![
                        mailbox_id,
                        to_i64(epoch),
                        to_i64(after),
                        i64::from(limit) + 1
                    ],
                    |r| {
                        Ok(Delivery {
                            mailbox_id: id.clone(),
                            seq: to_u64(r.get(0)?),
                            epoch,
                            kind: kind_from(r.get(1)?)?,
                            message: Bytes(r.get(2)?),
                            received_at: to_u64(r.get(3)?),
                        })
                    },
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more = messages.len() > limit as usize;
            messages.truncate(limit as usize);
            Ok(Some(Page {
                messages,
                current_epoch: to_u64(current),
                more,
            }))
        })
        .await
    }

    async fn close_mailbox(
        &self,
        mailbox_id: Vec<u8>,
        close: Close,
    ) -> StoreResult<Result<(), AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(current) = current_epoch(&tx, &mailbox_id)? else {
                return Ok(Err(AppendRefusal::NoMailbox));
            };
            let capable: bool =
                capability_matches(&tx, &mailbox_id, close.epoch, &close.capability_hash)?;
            if !capable {
                return Ok(Err(AppendRefusal::BadCapability));
            }
            if to_i64(close.epoch) != current {
                return Ok(Err(AppendRefusal::StaleEpoch {
                    current: to_u64(current),
                }));
            }
            let committer: bool = is_committer(&tx, &mailbox_id, &close.committer)?;
            if !committer {
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
                    &format!("DELETE FROM {table} WHERE mailbox_id = ?1"),
                    [&mailbox_id],
                )?;
            }
            tx.execute(
                "INSERT OR IGNORE INTO closed_mailboxes (mailbox_id, closed_at) VALUES (?1, ?2)",
                params![mailbox_id, to_i64(close.now)],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await
    }

    async fn post_report(
        &self,
        mailbox_id: Vec<u8>,
        report: NewReport,
    ) -> StoreResult<Result<ReportPosted, AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(current) = current_epoch(&tx, &mailbox_id)? else {
                return Ok(Err(AppendRefusal::NoMailbox));
            };
            let capable: bool = capability_matches(&tx, &mailbox_id, report.epoch, &report.capability_hash)?;
            if !capable {
                return Ok(Err(AppendRefusal::BadCapability));
            }
            if let Some(seq) = tx
                .query_row(
                    "SELECT seq FROM reports WHERE mailbox_id = ?1 AND client_id = ?2",
                    params![mailbox_id, report.client_id],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
            {
                return Ok(Ok(ReportPosted { seq: to_u64(seq), duplicate: true }));
            }
            // The current epoch or the one before: a capability of a long-gone epoch (one a
            // removed member kept) opens no inbox.
            if report.epoch.saturating_add(1) < to_u64(current) {
                return Ok(Err(AppendRefusal::StaleEpoch { current: to_u64(current) }));
            }
            let today: i64 = tx.query_row(
                "SELECT COUNT(*) FROM reports WHERE mailbox_id = ?1 AND received_at >= ?2",
                params![mailbox_id, to_i64(report.now.saturating_sub(86_400))],
                |r| r.get(0),
            )?;
            if today >= i64::from(report.per_day_max) {
                return Ok(Err(AppendRefusal::QuotaExceeded));
            }
            // Numbered per mailbox, so a committer learns nothing about other circles'
            // reports; from the mailbox's counter, so numbers never repeat after retention.
            let seq: i64 = tx.query_row(
                "UPDATE mailboxes SET next_report = next_report + 1 WHERE mailbox_id = ?1
                 RETURNING next_report - 1",
                [&mailbox_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO reports (mailbox_id, seq, client_id, report, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![mailbox_id, seq, report.client_id, report.report, to_i64(report.now)],
            )?;
            tx.commit()?;
            Ok(Ok(ReportPosted { seq: to_u64(seq), duplicate: false }))
        })
        .await
    }

    async fn fetch_reports(
        &self,
        mailbox_id: Vec<u8>,
        committer: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> StoreResult<Result<ReportPage, AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction()?;
            if current_epoch(&tx, &mailbox_id)?.is_none() {
                return Ok(Err(AppendRefusal::NoMailbox));
            }
            if !is_committer(&tx, &mailbox_id, &committer)? {
                return Ok(Err(AppendRefusal::NotCommitter));
            }
            let mut reports = tx
                .prepare(
                    "SELECT seq, report, received_at FROM reports WHERE mailbox_id = ?1 AND seq > ?2
                     ORDER BY seq LIMIT ?3",
                )?
                .query_map(params![mailbox_id, to_i64(after), i64::from(limit) + 1], |r| {
                    Ok(SealedReport {
                        seq: to_u64(r.get(0)?),
                        report: Bytes(r.get(1)?),
                        received_at: to_u64(r.get(2)?),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more = reports.len() > limit as usize;
            reports.truncate(limit as usize);
            Ok(Ok(ReportPage { reports, more }))
        })
        .await
    }

    async fn open_inbox(&self, inbox_id: Vec<u8>, owner: Vec<u8>, now: u64) -> StoreResult<bool> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO inboxes (inbox_id, owner, used_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (inbox_id) DO UPDATE SET used_at = excluded.used_at
                 WHERE inboxes.owner = excluded.owner",
                params![inbox_id, owner, to_i64(now)],
            )?;
            let theirs: bool = tx.query_row(
                "SELECT owner = ?2 FROM inboxes WHERE inbox_id = ?1",
                params![inbox_id, owner],
                |r| r.get(0),
            )?;
            tx.commit()?;
            Ok(theirs)
        })
        .await
    }

    async fn inbox_owner(&self, inbox_id: Vec<u8>) -> StoreResult<Option<Vec<u8>>> {
        self.run(move |c| {
            c.query_row(
                "SELECT owner FROM inboxes WHERE inbox_id = ?1",
                [&inbox_id],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }

    async fn leave_drop(
        &self,
        inbox_id: Vec<u8>,
        drop: NewDrop,
    ) -> StoreResult<Result<DropPlaced, DropRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let open: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM inboxes WHERE inbox_id = ?1)",
                [&inbox_id],
                |r| r.get(0),
            )?;
            if !open {
                return Ok(Err(DropRefusal::NoInbox));
            }
            if let Some(seq) = tx
                .query_row(
                    "SELECT seq FROM drops WHERE inbox_id = ?1 AND client_id = ?2",
                    params![inbox_id, drop.client_id],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
            {
                return Ok(Ok(DropPlaced { seq: to_u64(seq), duplicate: true }));
            }
            let today: i64 = tx.query_row(
                "SELECT COUNT(*) FROM drops WHERE inbox_id = ?1 AND received_at >= ?2",
                params![inbox_id, to_i64(drop.now.saturating_sub(86_400))],
                |r| r.get(0),
            )?;
            if today >= i64::from(drop.per_day_max) {
                return Ok(Err(DropRefusal::QuotaExceeded));
            }
            let seq: i64 = tx.query_row(
                "UPDATE inboxes SET next_seq = next_seq + 1 WHERE inbox_id = ?1 RETURNING next_seq - 1",
                [&inbox_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO drops (inbox_id, seq, client_id, sealed, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![inbox_id, seq, drop.client_id, drop.drop, to_i64(drop.now)],
            )?;
            tx.commit()?;
            Ok(Ok(DropPlaced { seq: to_u64(seq), duplicate: false }))
        })
        .await
    }

    async fn fetch_drops(
        &self,
        inbox_id: Vec<u8>,
        after: u64,
        limit: u32,
        now: u64,
    ) -> StoreResult<Option<DropPage>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if tx.execute(
                "UPDATE inboxes SET used_at = ?2 WHERE inbox_id = ?1",
                params![inbox_id, to_i64(now)],
            )? == 0
            {
                return Ok(None);
            }
            let mut drops = tx
                .prepare(
                    "SELECT seq, sealed, received_at FROM drops WHERE inbox_id = ?1 AND seq > ?2
                     ORDER BY seq LIMIT ?3",
                )?
                .query_map(
                    params![inbox_id, to_i64(after), i64::from(limit) + 1],
                    |r| {
                        Ok(InboxDrop {
                            seq: to_u64(r.get(0)?),
                            drop: Bytes(r.get(1)?),
                            received_at: to_u64(r.get(2)?),
                        })
                    },
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            tx.commit()?;
            let more = drops.len() > limit as usize;
            drops.truncate(limit as usize);
            Ok(Some(DropPage { drops, more }))
        })
        .await
    }

    async fn close_inbox(&self, inbox_id: Vec<u8>) -> StoreResult<bool> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM drops WHERE inbox_id = ?1", [&inbox_id])?;
            let closed = tx.execute("DELETE FROM inboxes WHERE inbox_id = ?1", [&inbox_id])? == 1;
            tx.commit()?;
            Ok(closed)
        })
        .await
    }

    async fn mailbox_closed(&self, mailbox_id: Vec<u8>) -> StoreResult<bool> {
        self.run(move |c| {
            c.query_row(
                "SELECT EXISTS (SELECT 1 FROM closed_mailboxes WHERE mailbox_id = ?1)",
                [&mailbox_id],
                |r| r.get(0),
            )
        })
        .await
    }

    async fn sweep(&self, now: u64, messages_before: u64) -> StoreResult<Swept> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let messages =
                tx.execute("DELETE FROM messages WHERE received_at < ?1", [to_i64(messages_before)])? as u64;
            if messages > 0 {
                // What each mailbox holds, counted again now that old messages went.
                tx.execute(
                    "UPDATE mailboxes SET stored_bytes = COALESCE(
                       (SELECT SUM(length(message)) FROM messages m WHERE m.mailbox_id = mailboxes.mailbox_id), 0)",
                    [],
                )?;
            }
            // An epoch's capability goes once none of its messages is left and it is not the
            // current epoch; a member behind that far must be brought back by a new invite.
            let capabilities = tx.execute(
                "DELETE FROM capabilities AS k WHERE created_at < ?1
                   AND epoch < (SELECT current_epoch FROM mailboxes m WHERE m.mailbox_id = k.mailbox_id)
                   AND NOT EXISTS (SELECT 1 FROM messages g WHERE g.mailbox_id = k.mailbox_id AND g.epoch = k.epoch)",
                [to_i64(messages_before)],
            )? as u64;
            // A ticket lapses with its epoch: once the mailbox moved on, it wakes nobody.
            tx.execute(
                "DELETE FROM wake_tickets AS t WHERE epoch <
                   (SELECT current_epoch FROM mailboxes m WHERE m.mailbox_id = t.mailbox_id)",
                [],
            )?;
            let key_packages = tx.execute("DELETE FROM key_packages WHERE expires_at < ?1", [to_i64(now)])? as u64;
            let welcomes = tx.execute("DELETE FROM welcomes WHERE received_at < ?1", [to_i64(messages_before)])? as u64
                + tx.execute("DELETE FROM welcome_grants WHERE expires_at < ?1", [to_i64(now)])? as u64;
            tx.execute("DELETE FROM claim_counts WHERE window_start < ?1", [to_i64(now.saturating_sub(3600))])?;
            let reports = tx.execute("DELETE FROM reports WHERE received_at < ?1", [to_i64(messages_before)])? as u64;
            // An inbox its owner has not used for as long goes with its drops.
            let drops = tx.execute("DELETE FROM drops WHERE received_at < ?1", [to_i64(messages_before)])? as u64
                + tx.execute(
                    "DELETE FROM drops WHERE inbox_id IN (SELECT inbox_id FROM inboxes WHERE used_at < ?1)",
                    [to_i64(messages_before)],
                )? as u64;
            tx.execute("DELETE FROM inboxes WHERE used_at < ?1", [to_i64(messages_before)])?;
            // A closed mailbox is answered `closed` as long as its messages would have been kept.
            tx.execute("DELETE FROM closed_mailboxes WHERE closed_at < ?1", [to_i64(messages_before)])?;
            let sessions = tx.execute("DELETE FROM sessions WHERE expires_at < ?1", [to_i64(now)])? as u64
                + tx.execute("DELETE FROM challenges WHERE expires_at < ?1", [to_i64(now)])? as u64;
            tx.commit()?;
            Ok(Swept { messages, capabilities, key_packages, welcomes, reports, drops, sessions })
        })
        .await
    }

    async fn create_invite(&self, invite: NewInvite) -> StoreResult<bool> {
        self.run(move |c| {
            let added = c.execute(
                "INSERT INTO invites (nameplate, message, owner_hash, expires_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (nameplate) DO NOTHING",
                params![invite.nameplate, invite.message, invite.owner_hash, to_i64(invite.expires_at)],
            )?;
            Ok(added == 1)
        })
        .await
    }

    async fn invite_offer(&self, nameplate: String, now: u64) -> StoreResult<Option<Vec<u8>>> {
        self.run(move |c| {
            c.query_row(
                "SELECT message FROM invites WHERE nameplate = ?1 AND claim_hash IS NULL AND expires_at >= ?2",
                params![nameplate, to_i64(now)],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }

    async fn claim_invite(
        &self,
        nameplate: String,
        claim: NewClaim,
        now: u64,
    ) -> StoreResult<bool> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let taken = tx.execute(
                "UPDATE invites SET claim_hash = ?2, claim_message = ?3, sealed_claim = ?4, claimed_at = ?5
                 WHERE nameplate = ?1 AND claim_hash IS NULL AND expires_at >= ?5",
                params![nameplate, claim.claim_hash, claim.message, claim.sealed, to_i64(now)],
            )? == 1;
            let holds = taken
                || tx
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM invites WHERE nameplate = ?1 AND claim_hash = ?2)",
                        params![nameplate, claim.claim_hash],
                        |r| r.get(0),
                    )?;
            tx.commit()?;
            Ok(holds)
        })
        .await
    }

    async fn invite_claim(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
    ) -> StoreResult<ClaimLookup> {
        self.run(move |c| {
            // One row: whether it exists (for this owner) and its claim, if any.
            let row = c
                .query_row(
                    "SELECT claim_message, sealed_claim, claimed_at FROM invites
                     WHERE nameplate = ?1 AND owner_hash = ?2",
                    params![nameplate, owner_hash],
                    |r| {
                        Ok(match (r.get(0)?, r.get(1)?, r.get::<_, Option<i64>>(2)?) {
                            (Some(message), Some(sealed), Some(at)) => {
                                ClaimLookup::Claimed(StoredClaim {
                                    message,
                                    sealed,
                                    claimed_at: to_u64(at),
                                })
                            }
                            _ => ClaimLookup::Unclaimed,
                        })
                    },
                )
                .optional()?;
            Ok(row.unwrap_or(ClaimLookup::NoInvite))
        })
        .await
    }

    async fn answer_invite(
        &self,
        nameplate: String,
        owner_hash: Vec<u8>,
        sealed: Vec<u8>,
    ) -> StoreResult<bool> {
        self.run(move |c| {
            Ok(c.execute(
                // Written once: the same bytes again (a repeat after a lost answer) are taken,
                // other bytes are not (a stolen owner token cannot swap a Welcome for a no).
                "UPDATE invites SET answer = ?3 WHERE nameplate = ?1 AND owner_hash = ?2
                   AND claim_hash IS NOT NULL AND (answer IS NULL OR answer = ?3)",
                params![nameplate, owner_hash, sealed],
            )? == 1)
        })
        .await
    }

    async fn invite_answer(
        &self,
        nameplate: String,
        claim_hash: Vec<u8>,
    ) -> StoreResult<AnswerLookup> {
        self.run(move |c| {
            let answer: Option<Option<Vec<u8>>> = c
                .query_row(
                    "SELECT answer FROM invites WHERE nameplate = ?1 AND claim_hash = ?2",
                    params![nameplate, claim_hash],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match answer {
                None => AnswerLookup::NoInvite,
                Some(None) => AnswerLookup::Unanswered,
                Some(Some(sealed)) => AnswerLookup::Answered(sealed),
            })
        })
        .await
    }

    async fn delete_invite(&self, nameplate: String, token_hash: Vec<u8>) -> StoreResult<bool> {
        self.run(move |c| {
            Ok(c.execute(
                "DELETE FROM invites WHERE nameplate = ?1 AND (owner_hash = ?2 OR claim_hash = ?2)",
                params![nameplate, token_hash],
            )? == 1)
        })
        .await
    }

    async fn sweep_invites(&self, expired_before: u64) -> StoreResult<u64> {
        self.run(move |c| {
            Ok(c.execute(
                "DELETE FROM invites WHERE expires_at < ?1",
                [to_i64(expired_before)],
            )? as u64)
        })
        .await
    }

    async fn claim_job(&self, job: Job, now: u64, every_secs: u64) -> StoreResult<bool> {
        self.run(move |c| {
            let claimed = c.execute(
                "INSERT INTO jobs (name, last_run) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run
                 WHERE jobs.last_run <= ?3",
                params![
                    job.name(),
                    to_i64(now),
                    to_i64(now.saturating_sub(every_secs))
                ],
            )?;
            Ok(claimed == 1)
        })
        .await
    }

    async fn heads(&self, mailbox_ids: Vec<Vec<u8>>) -> StoreResult<Vec<Head>> {
        self.run(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT next_seq - 1 FROM mailboxes WHERE mailbox_id = ?1")?;
            let mut heads = Vec::with_capacity(mailbox_ids.len());
            for mailbox_id in mailbox_ids {
                let seq: Option<i64> = stmt.query_row([&mailbox_id], |r| r.get(0)).optional()?;
                if let Some(seq) = seq {
                    heads.push(Head {
                        mailbox_id,
                        seq: to_u64(seq),
                    });
                }
            }
            Ok(heads)
        })
        .await
    }

    async fn deliveries_after(
        &self,
        mailbox_id: Vec<u8>,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<Delivery>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, epoch, kind, message, received_at FROM messages
                 WHERE mailbox_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let id = Bytes(mailbox_id.clone());
            let deliveries = stmt
                .query_map(params![mailbox_id, to_i64(after), i64::from(limit)], |r| {
                    Ok(Delivery {
                        mailbox_id: id.clone(),
                        seq: to_u64(r.get(0)?),
                        epoch: to_u64(r.get(1)?),
                        kind: kind_from(r.get(2)?)?,
                        message: Bytes(r.get(3)?),
                        received_at: to_u64(r.get(4)?),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(deliveries)
        })
        .await
    }

    fn notices(&self) -> Option<mpsc::Receiver<Notice>> {
        // Only this process writes the file: its own appends are published as they happen.
        None
    }

    fn poll_every(&self) -> Option<std::time::Duration> {
        None
    }

    fn latency(&self) -> &crate::metrics::StoreLatency {
        &self.latency
    }

    async fn put_ticket(
        &self,
        mailbox_id: Vec<u8>,
        t: NewTicket,
    ) -> StoreResult<Result<(), AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(current) = current_epoch(&tx, &mailbox_id)? else {
                return Ok(Err(AppendRefusal::NoMailbox));
            };
            if !capability_matches(&tx, &mailbox_id, t.epoch, &t.capability_hash)? {
                return Ok(Err(AppendRefusal::BadCapability));
            }
            if to_i64(t.epoch) != current {
                return Ok(Err(AppendRefusal::StaleEpoch { current: to_u64(current) }));
            }
            let held: i64 = tx.query_row(
                "SELECT COUNT(*) FROM wake_tickets WHERE mailbox_id = ?1 AND epoch = ?2 AND ticket_id != ?3",
                params![mailbox_id, current, t.ticket_id],
                |r| r.get(0),
            )?;
            if held >= i64::from(t.max) {
                return Ok(Err(AppendRefusal::QuotaExceeded));
            }
            tx.execute(
                "INSERT INTO wake_tickets (mailbox_id, ticket_id, epoch, ticket, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (mailbox_id, ticket_id) DO UPDATE SET epoch = excluded.epoch,
                   ticket = excluded.ticket, created_at = excluded.created_at",
                params![mailbox_id, t.ticket_id, current, t.ticket, to_i64(t.now)],
            )?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await
    }

    async fn delete_ticket(
        &self,
        mailbox_id: Vec<u8>,
        ticket_id: Vec<u8>,
        epoch: u64,
        capability_hash: Vec<u8>,
    ) -> StoreResult<Result<bool, AppendRefusal>> {
        self.run(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if current_epoch(&tx, &mailbox_id)?.is_none() {
                return Ok(Err(AppendRefusal::NoMailbox));
            }
            if !capability_matches(&tx, &mailbox_id, epoch, &capability_hash)? {
                return Ok(Err(AppendRefusal::BadCapability));
            }
            let deleted = tx.execute(
                "DELETE FROM wake_tickets WHERE mailbox_id = ?1 AND ticket_id = ?2",
                params![mailbox_id, ticket_id],
            )?;
            tx.commit()?;
            Ok(Ok(deleted == 1))
        })
        .await
    }

    async fn tickets(&self, mailbox_id: Vec<u8>, epoch: u64) -> StoreResult<Vec<WakeTicket>> {
        self.run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT ticket_id, ticket FROM wake_tickets WHERE mailbox_id = ?1 AND epoch = ?2",
            )?;
            let tickets = stmt
                .query_map(params![mailbox_id, to_i64(epoch)], |r| {
                    Ok(WakeTicket {
                        ticket_id: r.get(0)?,
                        ticket: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(tickets)
        })
        .await
    }
}
