//! The store contract on SQLite, and its schema versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_relay::store::{OpenError, SqliteStore};

async fn fresh() -> SqliteStore {
    SqliteStore::in_memory().unwrap()
}

hearth_relay::store_conformance_tests!(sqlite, fresh());

#[test]
fn a_database_from_a_newer_relay_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    drop(SqliteStore::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    match SqliteStore::open(&path) {
        Err(OpenError::NewerSchema {
            found: 99,
            supported,
        }) => assert!(supported < 99),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99, "untouched");
}

#[test]
fn a_database_from_before_versions_is_brought_up_to_date_with_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    {
        // The first relay's tables: no version, no signature columns, reports numbered by
        // MAX(seq) + 1.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE key_packages (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL,
               key_package BLOB NOT NULL, expires_at INTEGER NOT NULL);
             CREATE TABLE last_resort (device_id TEXT PRIMARY KEY, key_package BLOB NOT NULL,
               used INTEGER NOT NULL);
             CREATE TABLE mailboxes (mailbox_id BLOB PRIMARY KEY, current_epoch INTEGER NOT NULL,
               next_seq INTEGER NOT NULL);
             CREATE TABLE reports (mailbox_id BLOB NOT NULL, seq INTEGER NOT NULL,
               client_id BLOB NOT NULL, report BLOB NOT NULL, received_at INTEGER NOT NULL,
               PRIMARY KEY (mailbox_id, seq), UNIQUE (mailbox_id, client_id));
             INSERT INTO mailboxes VALUES (x'01', 1, 1);
             INSERT INTO reports VALUES (x'01', 1, x'aa', x'00', 0), (x'01', 2, x'bb', x'00', 0);",
        )
        .unwrap();
    }
    drop(SqliteStore::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, hearth_relay::store::SQLITE_SCHEMA_VERSION);
    let next: i64 = c
        .query_row("SELECT next_report FROM mailboxes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        next, 3,
        "the counter starts after the reports already there"
    );
    // Opening again changes nothing.
    drop(SqliteStore::open(&path).unwrap());
}
