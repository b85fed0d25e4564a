//! The encrypted profile store: encryption at rest, wrong keys, rekey, deletion.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::journal::{CheckinDraft, EntryDraft, JournalQuery};
use hearth_core::{Client, Error, RekeyStep};

const CANARY: &str = "canary-7f3a9 my secret worry about the move";

fn add_canary(client: &Client) {
    client
        .add_checkin(&CheckinDraft {
            mood: Some(2),
            note: Some(CANARY.into()),
            tags: vec!["canary-tag-x91".into()],
            ..Default::default()
        })
        .unwrap();
    client
        .add_entry(&EntryDraft {
            body: format!("entry {CANARY}"),
            ..Default::default()
        })
        .unwrap();
}

fn assert_no_plaintext(dir: &std::path::Path) {
    let files = files(dir);
    assert!(files.contains_key("profile.db"));
    for (name, bytes) in &files {
        assert!(
            !contains(bytes, b"SQLite format 3"),
            "{name} has a SQLite header"
        );
        assert!(
            !contains(bytes, CANARY.as_bytes()),
            "{name} holds the canary"
        );
        assert!(!contains(bytes, b"canary-tag-x91"), "{name} holds the tag");
        assert!(
            !contains(bytes, NAME.as_bytes()),
            "{name} holds the display name"
        );
    }
}

#[test]
fn database_and_its_wal_and_shm_hold_no_plaintext() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    // While open, the WAL and shared-memory files exist and must be encrypted too.
    assert!(dir.join("profile.db-wal").exists());
    assert_no_plaintext(&dir);
    client.close();
    assert_no_plaintext(&dir);
}

#[test]
fn wrong_raw_key_is_typed_and_leaves_files_byte_identical() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    // Keep the client open so the -wal and -shm files are there too.
    let before = snapshot(&dir);
    assert!(before.contains_key("profile.db-wal"));
    let err = Client::open(&dir, &raw_secret(2), fast()).err().unwrap();
    assert!(matches!(err, Error::WrongKey), "{err:?}");
    // A passphrase for a raw-key profile is also just a wrong key.
    let err = Client::open(&dir, &passphrase("guess"), fast())
        .err()
        .unwrap();
    assert!(matches!(err, Error::WrongKey));
    assert_eq!(snapshot(&dir), before);
    drop(client);
    let closed = snapshot(&dir);
    assert!(matches!(
        Client::open(&dir, &raw_secret(2), fast()),
        Err(Error::WrongKey)
    ));
    assert_eq!(snapshot(&dir), closed);
    // The right key still opens it, with the data.
    let client = Client::open(&dir, &raw_secret(1), fast()).unwrap();
    assert_eq!(client.checkins(&JournalQuery::default()).unwrap().len(), 1);
}

#[test]
fn wrong_passphrase_is_typed_and_leaves_files_byte_identical() {
    let (_tmp, dir, client) = new_profile(&passphrase("correct horse battery"));
    add_canary(&client);
    drop(client);
    let before = snapshot(&dir);
    let err = Client::open(&dir, &passphrase("correct horse battery!"), fast())
        .err()
        .unwrap();
    assert!(matches!(err, Error::WrongKey));
    assert_eq!(snapshot(&dir), before);
    let client = Client::open(&dir, &passphrase("correct horse battery"), fast()).unwrap();
    assert_eq!(client.identity().unwrap().display_name, NAME);
}

#[test]
fn passphrase_parameters_live_beside_the_database() {
    let (_tmp, dir, _client) = new_profile(&passphrase("pw one two"));
    let keyfile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("profile.key.json")).unwrap()).unwrap();
    assert_eq!(keyfile["current"]["kind"], "argon2id");
    assert!(keyfile["current"]["memory_kib"].as_u64().unwrap() >= 19 * 1024);
    assert!(keyfile["current"]["iterations"].as_u64().unwrap() >= 2);
    assert_eq!(keyfile["current"]["salt"].as_str().unwrap().len(), 32);
}

/// Opens `dir`'s database with nothing but SQLCipher, keyed with `raw_secret(byte)`'s key
/// and then `format`'s statements; the page size it reads, or the error.
fn page_size_read_by_bare_sqlcipher(
    dir: &std::path::Path,
    byte: u8,
    format: &str,
) -> rusqlite::Result<i64> {
    let conn = bare_sqlcipher(dir, byte, format)?;
    // SQLCipher answers for an encrypted file with its cipher page size, as text.
    let size: String = conn.query_row("PRAGMA page_size", [], |row| row.get(0))?;
    Ok(size.parse().unwrap_or(-1))
}

#[test]
fn new_profiles_record_their_page_format_and_rekey_keeps_it() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    drop(client);
    let keyfile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("profile.key.json")).unwrap()).unwrap();
    assert_eq!(keyfile["page_format"]["page_size"], 1024);
    assert_eq!(keyfile["page_format"]["hmac"], "hmac_sha256");
    // The file really is in that format: SQLCipher's defaults cannot read it.
    assert_eq!(
        page_size_read_by_bare_sqlcipher(&dir, 1, NEW_PROFILE_FORMAT),
        Ok(1024)
    );
    let defaults = page_size_read_by_bare_sqlcipher(&dir, 1, "");
    assert_eq!(
        defaults.unwrap_err().sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );

    // A rekey writes a new file: in the same format, which the key file still names.
    let client = Client::open(&dir, &raw_secret(1), fast()).unwrap();
    client.rekey(&raw_secret(2), &mut |_| {}).unwrap();
    drop(client);
    let after: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("profile.key.json")).unwrap()).unwrap();
    assert_eq!(after["page_format"], keyfile["page_format"]);
    assert_eq!(
        page_size_read_by_bare_sqlcipher(&dir, 2, NEW_PROFILE_FORMAT),
        Ok(1024)
    );
    let client = Client::open(&dir, &raw_secret(2), fast()).unwrap();
    assert_eq!(client.search("worry", 10).unwrap().len(), 2);
}

#[test]
fn create_never_overwrites_and_open_never_creates() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    drop(client);
    let before = snapshot(&dir);
    assert!(matches!(
        Client::create(&dir, &raw_secret(9), "Other", fast()),
        Err(Error::ProfileExists)
    ));
    assert_eq!(snapshot(&dir), before);

    let empty = tempfile::tempdir().unwrap();
    let missing = empty.path().join("nothing-here");
    assert!(matches!(
        Client::open(&missing, &raw_secret(1), fast()),
        Err(Error::ProfileNotFound)
    ));
    assert!(!missing.exists());
}

#[test]
fn a_damaged_key_file_is_reported_not_replaced() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    drop(client);
    std::fs::write(dir.join("profile.key.json"), b"{garbage").unwrap();
    let before = snapshot(&dir);
    assert!(matches!(
        Client::open(&dir, &raw_secret(1), fast()),
        Err(Error::Corrupt { .. })
    ));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_database_that_is_not_sqlcipher_is_a_wrong_key_and_untouched() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    drop(client);
    std::fs::write(dir.join("profile.db"), vec![0x5a; 8192]).unwrap();
    let before = snapshot(&dir);
    assert!(matches!(
        Client::open(&dir, &raw_secret(1), fast()),
        Err(Error::WrongKey)
    ));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn rekey_moves_between_raw_keys_and_passphrases() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    let mut steps = Vec::new();
    client
        .rekey(&passphrase("new passphrase"), &mut |s| steps.push(s))
        .unwrap();
    assert_eq!(
        steps,
        [
            RekeyStep::Prepared,
            RekeyStep::Exported,
            RekeyStep::Closed,
            RekeyStep::Swapped,
            RekeyStep::Committed
        ]
    );
    // Still usable, and search (FTS) survived the export.
    assert_eq!(client.search("worry", 10).unwrap().len(), 2);
    client
        .add_checkin(&CheckinDraft {
            mood: Some(4),
            ..Default::default()
        })
        .unwrap();
    drop(client);
    assert_no_plaintext(&dir);
    assert!(!dir.join("profile.db.rekey").exists());
    assert!(matches!(
        Client::open(&dir, &raw_secret(1), fast()),
        Err(Error::WrongKey)
    ));
    let client = Client::open(&dir, &passphrase("new passphrase"), fast()).unwrap();
    assert_eq!(client.checkins(&JournalQuery::default()).unwrap().len(), 2);
    client.rekey(&raw_secret(3), &mut |_| {}).unwrap();
    drop(client);
    assert!(matches!(
        Client::open(&dir, &passphrase("new passphrase"), fast()),
        Err(Error::WrongKey)
    ));
    let client = Client::open(&dir, &raw_secret(3), fast()).unwrap();
    assert_eq!(client.identity().unwrap().display_name, NAME);
    assert_eq!(client.search("worry", 10).unwrap().len(), 2);
}

#[test]
fn delete_everything_removes_every_file() {
    let (tmp, dir, client) = new_profile(&raw_secret(1));
    add_canary(&client);
    assert!(dir.join("profile.db-wal").exists());
    client.delete_everything().unwrap();
    assert!(!dir.exists(), "the empty profile directory is removed");
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
    assert!(matches!(
        client.checkins(&JournalQuery::default()),
        Err(Error::Closed)
    ));
}

#[test]
fn delete_everything_keeps_unrelated_files() {
    let (_tmp, dir, client) = new_profile(&raw_secret(1));
    std::fs::write(dir.join("notes.txt"), b"mine").unwrap();
    client.delete_everything().unwrap();
    let left: Vec<_> = snapshot(&dir).into_keys().collect();
    assert_eq!(left, ["notes.txt"]);
}
