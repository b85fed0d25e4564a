//! The crate's schema migrations, run without refinery (Hearth's patch; see PATCHED.md).
//!
//! refinery pulled a regular-expression engine into every app that ships this crate, to
//! parse migration file names once. This runner applies the same SQL files in the same way
//! and keeps refinery's history table exactly as refinery writes it (version, name, time
//! applied, SipHash-1-3 checksum of name, version and SQL), so a database migrated by either
//! is current for the other.

use std::hash::{Hash, Hasher};

use rusqlite::{params, Connection};
use siphasher::sip::SipHasher13;

/// The history table `run_migrations` has always named.
const TABLE: &str = "openmls_sqlite_storage_migrations";

/// Every migration, in order: version, name, SQL (the files refinery embedded).
const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/V1__initial.sql")),
    (
        2,
        "constraint_addition",
        include_str!("../migrations/V2__constraint_addition.sql"),
    ),
    (
        3,
        "virtual_clients",
        include_str!("../migrations/V3__virtual_clients.sql"),
    ),
    (
        4,
        "vc_emulation_bindings",
        include_str!("../migrations/V4__vc_emulation_bindings.sql"),
    ),
    (
        5,
        "vc_operation_secrets",
        include_str!("../migrations/V5__vc_operation_secrets.sql"),
    ),
    (
        6,
        "registered_vc_emulation_epoch",
        include_str!("../migrations/V6__registered_vc_emulation_epoch.sql"),
    ),
];

/// Why the storage could not be migrated.
#[derive(Debug)]
pub enum MigrationError {
    /// SQLite refused a statement.
    Sql(rusqlite::Error),
    /// The database records a migration this crate does not have (a newer build wrote it).
    Missing {
        /// The unknown version.
        version: i32,
    },
    /// The database records a migration whose name or SQL differ from this crate's.
    Divergent {
        /// The version that differs.
        version: i32,
    },
}

impl std::fmt::Display for MigrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MigrationError::Sql(e) => write!(f, "a migration statement failed: {e}"),
            MigrationError::Missing { version } => {
                write!(f, "migration {version} is applied but unknown to this build")
            }
            MigrationError::Divergent { version } => {
                write!(f, "migration {version} was applied with other contents")
            }
        }
    }
}

impl std::error::Error for MigrationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MigrationError::Sql(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for MigrationError {
    fn from(e: rusqlite::Error) -> Self {
        MigrationError::Sql(e)
    }
}

/// refinery's checksum of a migration.
pub(crate) fn checksum(version: i32, name: &str, sql: &str) -> u64 {
    let mut hasher = SipHasher13::new();
    name.hash(&mut hasher);
    version.hash(&mut hasher);
    sql.hash(&mut hasher);
    hasher.finish()
}

/// Applies every migration the database lacks, each in its own transaction with its row in
/// the history table, after checking that those already applied are this crate's own.
pub(crate) fn run(conn: &mut Connection) -> Result<(), MigrationError> {
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {TABLE}(
             version int4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255));"
    ))?;
    let applied: Vec<(i32, String)> = conn
        .prepare(&format!("SELECT version, checksum FROM {TABLE} ORDER BY version"))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (version, stored) in &applied {
        let Some((_, name, sql)) = MIGRATIONS.iter().find(|(v, _, _)| v == version) else {
            return Err(MigrationError::Missing { version: *version });
        };
        if *stored != checksum(*version, name, sql).to_string() {
            return Err(MigrationError::Divergent { version: *version });
        }
    }
    let latest = applied.iter().map(|(version, _)| *version).max().unwrap_or(0);
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > latest) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            &format!(
                "INSERT INTO {TABLE} (version, name, applied_on, checksum)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)"
            ),
            params![version, name, checksum(*version, name, sql).to_string()],
        )?;
        tx.commit()?;
    }
    Ok(())
}
