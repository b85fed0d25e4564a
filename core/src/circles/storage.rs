//! How openmls's group state sits in the profile database: the encoding of its values
//! ([`BinaryCodec`]), its tables (`openmls_sqlite_storage`'s own migrations) and one change
//! to how they are written (group data is updated in place).
//!
//! Every message sent or received rewrites the group's message secrets, so their size and
//! where they land decide most of what a message costs on disk: each page a transaction
//! touches is encrypted, authenticated and written again at commit.

use openmls_sqlite_storage::{Codec, SqliteStorageProvider};
use rusqlite::Connection;
use serde::Serialize;

/// openmls's storage on our connection.
pub(crate) type Storage<'a> = SqliteStorageProvider<BinaryCodec, &'a Connection>;

/// Values whose compact encoding is at least this long are stored compact; anything shorter
/// keeps the named encoding. Every key openmls looks rows up by (group ids, hash references,
/// public keys, epoch ids: a few dozen bytes) stays far below it, so keys are encoded exactly
/// as before and rows written by earlier builds are still found.
const COMPACT_FROM: usize = 256;

/// How openmls values are encoded in its tables: MessagePack (rmp-serde), self-describing
/// like JSON (openmls's types need that) but binary. (JSON, which the spike used, writes every
/// key byte as a decimal number: loading a 200-member group's tree spent most of a commit
/// parsing them.)
///
/// Large values (the tree, the message secrets) are written compact: structs as arrays, byte
/// vectors as MessagePack binary. That halves the message secrets (4.3 KB to 2.1 KB for two
/// members), which then fit in one database page. Small values and keys keep the named form
/// (structs as maps with field names, bytes as arrays of numbers) that earlier builds wrote
/// for everything. Reading accepts both forms, because rmp-serde reads a struct from a map or
/// an array and a byte sequence from an array or a binary, so no migration is needed.
///
/// Public so the benchmark's bare-openmls baseline stores exactly as the core does.
#[derive(Default)]
pub struct BinaryCodec;

impl BinaryCodec {
    /// Structs as arrays, sequences of `u8` as binary.
    fn compact<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
        let mut out = Vec::new();
        let mut serializer = rmp_serde::Serializer::new(&mut out)
            .with_bytes(rmp_serde::config::BytesMode::ForceIterables);
        value.serialize(&mut serializer).map_err(|_| CodecError)?;
        Ok(out)
    }

    /// Structs as maps with their field names, `u8` sequences as arrays of numbers.
    fn named<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
        rmp_serde::to_vec_named(value).map_err(|_| CodecError)
    }
}

impl Codec for BinaryCodec {
    type Error = CodecError;

    fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, Self::Error> {
        let compact = Self::compact(value)?;
        if compact.len() >= COMPACT_FROM {
            return Ok(compact);
        }
        Self::named(value)
    }

    fn from_slice<T: serde::de::DeserializeOwned>(slice: &[u8]) -> Result<T, Self::Error> {
        rmp_serde::from_slice(slice).map_err(|_| CodecError)
    }
}

/// A value could not be encoded or decoded (no detail: it could hold key material).
#[derive(Debug, thiserror::Error)]
#[error("openmls storage value could not be encoded or decoded")]
pub struct CodecError;

/// openmls writes group data with `INSERT OR REPLACE`, which deletes the row and inserts it
/// again under a new rowid at the table's end: every message moved the message secrets to
/// another page and rewrote the key index, four or five pages where one will do. This trigger
/// turns a write of an existing (group, data type) into an update of that row where it lies.
/// `RAISE(IGNORE)` then skips the insert without an error and without undoing the update.
/// Created after openmls's migrations on every open, so it comes back should a future
/// openmls migration rebuild the table.
const UPDATE_GROUP_DATA_IN_PLACE: &str = "
CREATE TRIGGER IF NOT EXISTS openmls_group_data_in_place
BEFORE INSERT ON openmls_group_data
WHEN EXISTS (SELECT 1 FROM openmls_group_data
             WHERE group_id = NEW.group_id AND data_type = NEW.data_type)
BEGIN
    UPDATE openmls_group_data
    SET group_data = NEW.group_data, provider_version = NEW.provider_version
    WHERE group_id = NEW.group_id AND data_type = NEW.data_type;
    SELECT RAISE(IGNORE);
END;";

/// Creates or upgrades openmls's own tables (its migrations are idempotent), then installs
/// the in-place update of group data.
pub(crate) fn migrate(conn: &mut Connection) -> crate::error::Result<()> {
    SqliteStorageProvider::<BinaryCodec, &mut Connection>::new(conn)
        .run_migrations()
        .map_err(|e| {
            tracing::error!(error = %e, "openmls storage migration failed");
            crate::error::Error::Internal("the group storage could not be prepared")
        })?;
    conn.execute_batch(UPDATE_GROUP_DATA_IN_PLACE)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_mls_crypto::{SignatureKeys, SuiteCrypto};
    use openmls::prelude::*;
    use openmls_traits::OpenMlsProvider;
    use std::rc::Rc;

    const SUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;

    /// What every build before the compact encoding wrote, for every value.
    #[derive(Default)]
    struct NamedCodec;

    impl Codec for NamedCodec {
        type Error = CodecError;
        fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, Self::Error> {
            BinaryCodec::named(value)
        }
        fn from_slice<T: serde::de::DeserializeOwned>(slice: &[u8]) -> Result<T, Self::Error> {
            BinaryCodec::from_slice(slice)
        }
    }

    struct Sql<C: Codec> {
        crypto: SuiteCrypto,
        storage: SqliteStorageProvider<C, Rc<Connection>>,
    }

    impl<C: Codec> OpenMlsProvider for Sql<C> {
        type CryptoProvider = SuiteCrypto;
        type RandProvider = SuiteCrypto;
        type StorageProvider = SqliteStorageProvider<C, Rc<Connection>>;
        fn storage(&self) -> &Self::StorageProvider {
            &self.storage
        }
        fn crypto(&self) -> &Self::CryptoProvider {
            &self.crypto
        }
        fn rand(&self) -> &Self::RandProvider {
            &self.crypto
        }
    }

    fn provider<C: Codec>(conn: &Rc<Connection>) -> Sql<C> {
        Sql {
            crypto: SuiteCrypto,
            storage: SqliteStorageProvider::new(Rc::clone(conn)),
        }
    }

    fn database() -> Rc<Connection> {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        Rc::new(conn)
    }

    fn member<C: Codec>(provider: &Sql<C>, name: &[u8]) -> (SignatureKeys, CredentialWithKey) {
        let signer = SignatureKeys::generate().unwrap();
        signer.store(provider.storage()).unwrap();
        let credential = CredentialWithKey {
            credential: BasicCredential::new(name.to_vec()).into(),
            signature_key: signer.public().to_vec().into(),
        };
        (signer, credential)
    }

    fn group_data(conn: &Connection, data_type: &str) -> (i64, Vec<u8>) {
        conn.query_row(
            "SELECT rowid, group_data FROM openmls_group_data WHERE data_type = ?1",
            [data_type],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    /// Two members in two databases: Ash's group was made and stored by a build that wrote
    /// only the named form; this build loads it, sends, receives and stores it again.
    #[test]
    fn groups_stored_in_the_named_form_load_and_carry_on() {
        let (fern_db, ash_db) = (database(), database());
        let old_ash = provider::<NamedCodec>(&ash_db);
        let (ash_signer, ash_credential) = member(&old_ash, b"ash");
        let ash_package = KeyPackage::builder()
            .build(SUITE, &old_ash, &ash_signer, ash_credential)
            .unwrap();

        let fern = provider::<BinaryCodec>(&fern_db);
        let (fern_signer, fern_credential) = member(&fern, b"fern");
        let config = MlsGroupCreateConfig::builder()
            .ciphersuite(SUITE)
            .use_ratchet_tree_extension(true)
            .build();
        let mut fern_group = MlsGroup::new(&fern, &fern_signer, &config, fern_credential).unwrap();
        let (_, welcome, _) = fern_group
            .add_members(&fern, &fern_signer, &[ash_package.key_package().clone()])
            .unwrap();
        fern_group.merge_pending_commit(&fern).unwrap();
        let welcome: MlsMessageIn = welcome.into();
        let MlsMessageBodyIn::Welcome(welcome) = welcome.extract() else {
            panic!("not a welcome")
        };
        let group_id = StagedWelcome::new_from_welcome(
            &old_ash,
            &MlsGroupJoinConfig::default(),
            welcome,
            None,
        )
        .unwrap()
        .into_group(&old_ash)
        .unwrap()
        .group_id()
        .clone();
        // Everything Ash's phone holds is in the named form (a map's first byte).
        let (_, old_secrets) = group_data(&ash_db, "message_secrets");
        assert!(matches!(old_secrets[0], 0x80..=0x8f | 0xde | 0xdf));

        let ash = provider::<BinaryCodec>(&ash_db);
        let mut ash_group = MlsGroup::load(ash.storage(), &group_id).unwrap().unwrap();
        let (row, _) = group_data(&ash_db, "message_secrets");
        for text in [&b"hello"[..], b"again"] {
            let sent = fern_group
                .create_message(&fern, &fern_signer, text)
                .unwrap();
            let sent: MlsMessageIn = sent.into();
            let processed = ash_group
                .process_message(&ash, sent.try_into_protocol_message().unwrap())
                .unwrap();
            let ProcessedMessageContent::ApplicationMessage(message) = processed.into_content()
            else {
                panic!("not an application message")
            };
            assert_eq!(message.into_bytes(), text);
        }
        let reply = ash_group
            .create_message(&ash, &ash_signer, b"thanks")
            .unwrap();
        let reply: MlsMessageIn = reply.into();
        let processed = fern_group
            .process_message(&fern, reply.try_into_protocol_message().unwrap())
            .unwrap();
        assert!(matches!(
            processed.into_content(),
            ProcessedMessageContent::ApplicationMessage(_)
        ));

        // The secrets were rewritten compact (an array), in the row they always had.
        let (row_after, new_secrets) = group_data(&ash_db, "message_secrets");
        assert_eq!(row_after, row, "updated in place");
        assert!(matches!(new_secrets[0], 0x90..=0x9f | 0xdc | 0xdd));
        // Much smaller: no field names, one byte per secret byte. (The named form spends one
        // or two bytes on each secret byte, by its value, so its length varies from run to
        // run: 699 to 724 against 469 in twelve runs. A bound of two thirds failed about one
        // run in five; three quarters needs more than 625, over 70 below the smallest seen.)
        assert!(new_secrets.len() * 4 < old_secrets.len() * 3);
        // And the group loads again from what is stored now.
        let reloaded = MlsGroup::load(ash.storage(), &group_id).unwrap().unwrap();
        assert_eq!(reloaded.epoch(), ash_group.epoch());
    }

    #[test]
    fn keys_keep_the_named_form() {
        let group_id = GroupId::from_slice(&[7; 32]);
        assert_eq!(
            BinaryCodec::to_vec(&group_id).unwrap(),
            BinaryCodec::named(&group_id).unwrap()
        );
        let big = vec![0xa5u8; 300];
        let encoded = BinaryCodec::to_vec(&big).unwrap();
        assert_eq!(
            encoded.len(),
            303,
            "binary: a marker, two length bytes, the bytes"
        );
        assert_eq!(BinaryCodec::from_slice::<Vec<u8>>(&encoded).unwrap(), big);
        assert_eq!(
            BinaryCodec::from_slice::<Vec<u8>>(&BinaryCodec::named(&big).unwrap()).unwrap(),
            big
        );
    }

    #[test]
    fn the_trigger_updates_in_place_and_survives_a_reopen() {
        let conn = database();
        let insert = "INSERT OR REPLACE INTO openmls_group_data
                      (group_id, data_type, group_data, provider_version) VALUES (?1, ?2, ?3, 1)";
        conn.execute(insert, (b"g".as_slice(), "tree", b"one".as_slice()))
            .unwrap();
        conn.execute(insert, (b"g".as_slice(), "context", b"x".as_slice()))
            .unwrap();
        let (row, _) = group_data(&conn, "tree");
        conn.execute(insert, (b"g".as_slice(), "tree", b"two".as_slice()))
            .unwrap();
        assert_eq!(group_data(&conn, "tree"), (row, b"two".to_vec()));
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM openmls_group_data", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
        // A table rebuilt by some later openmls migration gets the trigger back.
        let mut conn = Rc::into_inner(conn).unwrap();
        conn.execute_batch("DROP TRIGGER openmls_group_data_in_place")
            .unwrap();
        migrate(&mut conn).unwrap();
        let triggers: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
                 AND name = 'openmls_group_data_in_place'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(triggers, 1);
    }

    /// openmls_sqlite_storage ran its migrations with refinery until our patch (see its
    /// PATCHED.md); the history each writes must satisfy the other.
    mod migration_history {
        use super::*;

        refinery::embed_migrations!("../third_party/openmls_sqlite_storage/migrations");

        fn refinery_migrate(conn: &mut Connection) -> usize {
            let mut runner = migrations::runner();
            runner.set_migration_table_name("openmls_sqlite_storage_migrations");
            runner.run(conn).unwrap().applied_migrations().len()
        }

        fn history(conn: &Connection) -> Vec<(i64, String, String)> {
            conn.prepare(
                "SELECT version, name, checksum FROM openmls_sqlite_storage_migrations
                 ORDER BY version",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        }

        fn tables(conn: &Connection) -> Vec<String> {
            conn.prepare(
                "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL
                 AND name != 'openmls_sqlite_storage_migrations' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        }

        #[test]
        fn a_database_refinery_migrated_is_current_here_and_the_reverse() {
            let mut by_refinery = Connection::open_in_memory().unwrap();
            assert_eq!(refinery_migrate(&mut by_refinery), 6);
            let before = history(&by_refinery);
            migrate(&mut by_refinery).unwrap();
            assert_eq!(history(&by_refinery), before, "applied again");

            let mut by_us = Connection::open_in_memory().unwrap();
            migrate(&mut by_us).unwrap();
            assert_eq!(history(&by_us), before, "another history than refinery's");
            assert_eq!(tables(&by_us), tables(&by_refinery));
            assert!(!tables(&by_us).is_empty());
            // refinery checks every checksum and finds nothing to do.
            assert_eq!(refinery_migrate(&mut by_us), 0);
            let applied_on: String = by_us
                .query_row(
                    "SELECT applied_on FROM openmls_sqlite_storage_migrations WHERE version = 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(
                applied_on.parse::<jiff::Timestamp>().is_ok(),
                "{applied_on}"
            );
        }

        #[test]
        fn a_half_migrated_database_gets_the_rest() {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate(&mut conn).unwrap();
            let complete = tables(&conn);
            // As a build that knew five migrations left it.
            conn.execute_batch(
                "DELETE FROM openmls_sqlite_storage_migrations WHERE version = 6;
                 DROP TABLE registered_vc_emulation_epochs;",
            )
            .unwrap();
            assert_eq!(tables(&conn).len(), complete.len() - 1);
            migrate(&mut conn).unwrap();
            assert_eq!(history(&conn).len(), 6);
            assert_eq!(tables(&conn), complete);
        }

        #[test]
        fn a_history_this_build_does_not_know_is_refused() {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate(&mut conn).unwrap();
            conn.execute(
                "UPDATE openmls_sqlite_storage_migrations SET checksum = '1' WHERE version = 2",
                [],
            )
            .unwrap();
            assert!(
                migrate(&mut conn).is_err(),
                "a changed migration was accepted"
            );

            let mut conn = Connection::open_in_memory().unwrap();
            migrate(&mut conn).unwrap();
            conn.execute(
                "INSERT INTO openmls_sqlite_storage_migrations VALUES (7, 'future', '', '0')",
                [],
            )
            .unwrap();
            assert!(
                migrate(&mut conn).is_err(),
                "an unknown migration was accepted"
            );
        }
    }
}
