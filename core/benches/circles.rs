//! The circles' speed goals, measured without a network (criterion):
//! - one application message sent by one member and received by another through the core,
//!   with persistence on both sides (goal: at least 2,000 per second on one core), beside two
//!   baselines from the same run: bare openmls on SQLCipher with one transaction per
//!   operation, and bare openmls in memory;
//! - adding a member to a 50- and a 200-member circle, for the committer (claim, commit,
//!   merge once accepted, Welcome queued) and for the joiner (Welcome to a stored group)
//!   (goals: at most 10 ms each at 50, at most 30 ms each at 200).
//!
//! A loopback "relay" (a vector of messages) stands in for the network; end-to-end latency
//! through the real relay is measured by `tests/benches/latency.rs`.
//!
//! Run: `cargo bench -p hearth-core --bench circles`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hearth_core::GroupId;
use hearth_core::{Client, DbKey, KdfParams, ProfileOptions, ProfileSecret};

#[path = "../tests/common/loopback.rs"]
mod loopback;
use hearth_core::sync::SyncSteps;
use loopback::{claimed, device_id, fresh_claim, Loopback};

/// A chat-sized message (the core pads every message to 256 bytes).
const TEXT: &str = "Thanks for sharing that, it helps to hear someone else has felt the same way.";

fn options() -> ProfileOptions {
    ProfileOptions {
        kdf: KdfParams::MINIMUM,
    }
}

fn profile(dir: &std::path::Path, name: &str) -> Client {
    let secret = ProfileSecret::raw_key(DbKey::generate().unwrap());
    Client::create(&dir.join(name), &secret, name, options()).unwrap()
}

fn send_receive(c: &mut Criterion) {
    let mut group = c.benchmark_group("send_receive_one_message");
    group.throughput(Throughput::Elements(1));

    // Through the core: Fern sends (stored, sealed just before posting, accepted), Ash
    // receives (decrypted, stored, cursor moved), each step in its own transaction.
    let tmp = tempfile::tempdir().unwrap();
    let fern = profile(tmp.path(), "Fern");
    let ash = profile(tmp.path(), "Ash");
    let circle = fern.create_circle("Bench", "", "").unwrap().group_id;
    fern.add_member(&circle, &device_id(&ash)).unwrap();
    let mut relay = Loopback::default();
    relay.drain(&fern, &circle, &mut |_| fresh_claim(&ash));
    let (_, welcome) = relay.welcomes.pop().unwrap();
    SyncSteps::of(&ash).join_circle(&welcome).unwrap();
    ash.accept_invitation(&circle).unwrap();
    ash.accept_guidelines(&circle, 1).unwrap();
    // The first send also proposes a key update; settle that before measuring.
    relay.settle(&ash, &fern, &circle);
    group.bench_function("core_sqlcipher", |b| {
        b.iter(|| {
            fern.send_text(&circle, TEXT, None).unwrap();
            let seq = relay.post_next(&fern, &circle);
            let bytes = relay.log.last().unwrap();
            black_box(SyncSteps::of(&ash).receive(&circle, seq, bytes).unwrap());
        })
    });
    // The log would otherwise hold every message the benchmark sent.
    relay.log.clear();

    bare::bench(&mut group, TEXT.as_bytes());
    group.finish();
}

/// A circle of `size` members whose committer is a real profile; the other members' leaves
/// come from KeyPackages of one helper profile (their phones never join: only the
/// committer's and the joiner's work is measured, and neither depends on the others').
struct Grown {
    _tmp: tempfile::TempDir,
    fern: Client,
    circle: GroupId,
    relay: Loopback,
    added: usize,
    newest: Option<Vec<u8>>,
}

fn grown(size: usize) -> Grown {
    let tmp = tempfile::tempdir().unwrap();
    let fern = profile(tmp.path(), "Fern");
    let others = profile(tmp.path(), "Others");
    let circle = fern.create_circle("Bench", "", "").unwrap().group_id;
    let mut relay = Loopback::default();
    let mut pool = Vec::new();
    while pool.len() < size {
        // At most KEY_PACKAGES_MAX per call.
        let n = (size - pool.len()).min(hearth_core::KEY_PACKAGES_MAX as usize) as u32;
        let made = SyncSteps::of(&others).new_key_packages(n, false).unwrap();
        pool.extend(made.into_iter().map(|signed| claimed(&others, signed)));
    }
    for _ in 1..size {
        fern.add_member(&circle, &device_id(&others)).unwrap();
    }
    relay.drain(&fern, &circle, &mut |_| pool.pop().unwrap());
    assert_eq!(fern.circle(&circle).unwrap().member_count as usize, size);
    relay.welcomes.clear();
    Grown {
        _tmp: tmp,
        fern,
        circle,
        relay,
        added: size,
        newest: None,
    }
}

impl Grown {
    fn member_keys(&self) -> std::collections::HashSet<Vec<u8>> {
        let members = self.fern.circle_members(&self.circle).unwrap();
        members.into_iter().map(|m| m.key).collect()
    }

    /// Adds a new profile's device: (time the committer spent, the Welcome, the joiner).
    fn add_one(&mut self) -> (Duration, Vec<u8>, tempfile::TempDir, Client) {
        let tmp = tempfile::tempdir().unwrap();
        let joiner = profile(tmp.path(), "Joiner");
        let key_package = fresh_claim(&joiner);
        self.added += 1;
        let id = device_id(&joiner);
        let before = self.member_keys();
        let start = Instant::now();
        self.fern.add_member(&self.circle, &id).unwrap();
        self.relay
            .drain(&self.fern, &self.circle, &mut |_| key_package.clone());
        let spent = start.elapsed();
        let (to, welcome) = self.relay.welcomes.pop().unwrap();
        assert_eq!(to, id);
        let new: Vec<_> = self.member_keys().difference(&before).cloned().collect();
        assert_eq!(new.len(), 1, "one member added");
        self.newest = new.into_iter().next();
        (spent, welcome, tmp, joiner)
    }

    /// Removes the member just added, so the circle keeps its size (not measured).
    fn remove_newest(&mut self) {
        let key = self.newest.take().unwrap();
        self.fern.remove_member(&self.circle, &key).unwrap();
        self.relay.drain(&self.fern, &self.circle, &mut |_| {
            unreachable!("a removal claims nothing")
        });
        self.relay.log.clear();
    }
}

fn add_member(c: &mut Criterion) {
    let mut group = c.benchmark_group("add_member");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    for size in [50usize, 200] {
        let mut circle = grown(size);
        group.bench_function(BenchmarkId::new("committer", size), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (spent, ..) = circle.add_one();
                    total += spent;
                    circle.remove_newest();
                }
                total
            })
        });
        group.bench_function(BenchmarkId::new("joiner", size), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (_, welcome, _tmp, joiner) = circle.add_one();
                    let start = Instant::now();
                    black_box(SyncSteps::of(&joiner).join_circle(&welcome).unwrap());
                    total += start.elapsed();
                    assert_eq!(
                        joiner.circle(&circle.circle).unwrap().member_count as usize,
                        size + 1
                    );
                    circle.remove_newest();
                }
                total
            })
        });
    }
    group.finish();
}

/// The baselines: openmls alone, keeping its groups in memory as a bare openmls app does.
mod bare {
    use super::*;
    use criterion::measurement::WallTime;
    use criterion::BenchmarkGroup;
    use openmls::prelude::tls_codec::{Deserialize, Serialize};
    use openmls::prelude::*;
    use openmls_basic_credential::SignatureKeyPair;
    use openmls_rust_crypto::{OpenMlsRustCrypto, RustCrypto};
    // The core's codec (openmls leaves the encoding to the app) on openmls's own tables as
    // shipped: without the core's in-place update of group data or its other tables.
    use hearth_core::circles::BinaryCodec;
    use openmls_sqlite_storage::SqliteStorageProvider;
    use openmls_traits::OpenMlsProvider;
    use rusqlite::Connection;
    use std::rc::Rc;

    const SUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;

    struct SqlProvider {
        crypto: RustCrypto,
        conn: Rc<Connection>,
        storage: SqliteStorageProvider<BinaryCodec, Rc<Connection>>,
    }

    impl OpenMlsProvider for SqlProvider {
        type CryptoProvider = RustCrypto;
        type RandProvider = RustCrypto;
        type StorageProvider = SqliteStorageProvider<BinaryCodec, Rc<Connection>>;
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

    impl SqlProvider {
        /// A SQLCipher database in SQLCipher's default page format (4 KiB, HMAC-SHA512: what
        /// openmls_sqlite_storage gets as shipped; new profiles use 1 KiB pages with
        /// HMAC-SHA256, which made this baseline slower, as it has no in-place update), with
        /// a profile's WAL, `synchronous`, `secure_delete` and checkpoint settings.
        fn open(path: &std::path::Path) -> Self {
            let mut conn = Connection::open(path).unwrap();
            let key = DbKey::generate().unwrap();
            let hex = hex::encode(key.as_bytes());
            conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
                .unwrap();
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
                .unwrap();
            conn.execute_batch(
                "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;
                 PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4000;",
            )
            .unwrap();
            SqliteStorageProvider::<BinaryCodec, &mut Connection>::new(&mut conn)
                .run_migrations()
                .unwrap();
            let conn = Rc::new(conn);
            SqlProvider {
                crypto: RustCrypto::default(),
                storage: SqliteStorageProvider::new(Rc::clone(&conn)),
                conn,
            }
        }

        /// Runs `f` in one transaction on this provider's connection.
        fn in_transaction<R>(&self, f: impl FnOnce(&Self) -> R) -> R {
            let conn = &self.conn;
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            let out = f(self);
            conn.execute_batch("COMMIT").unwrap();
            out
        }
    }

    struct Member<P> {
        provider: P,
        signer: SignatureKeyPair,
        credential: CredentialWithKey,
    }

    fn member<P: OpenMlsProvider>(provider: P, name: &[u8]) -> Member<P> {
        let signer = SignatureKeyPair::new(SUITE.signature_algorithm()).unwrap();
        signer.store(provider.storage()).unwrap();
        let credential = CredentialWithKey {
            credential: BasicCredential::new(name.to_vec()).into(),
            signature_key: signer.public().into(),
        };
        Member {
            provider,
            signer,
            credential,
        }
    }

    /// Two members in one group, with the core's group settings.
    fn pair<P: OpenMlsProvider>(
        a: Member<P>,
        b: Member<P>,
    ) -> (Member<P>, MlsGroup, Member<P>, MlsGroup) {
        let config = MlsGroupCreateConfig::builder()
            .ciphersuite(SUITE)
            .use_ratchet_tree_extension(true)
            .padding_size(256)
            .max_past_epochs(3)
            .build();
        let mut ga = MlsGroup::new(&a.provider, &a.signer, &config, a.credential.clone()).unwrap();
        let kp = KeyPackage::builder()
            .build(SUITE, &b.provider, &b.signer, b.credential.clone())
            .unwrap();
        let (_, welcome, _) = ga
            .add_members(&a.provider, &a.signer, &[kp.key_package().clone()])
            .unwrap();
        ga.merge_pending_commit(&a.provider).unwrap();
        let bytes = welcome.tls_serialize_detached().unwrap();
        let MlsMessageBodyIn::Welcome(welcome) = MlsMessageIn::tls_deserialize_exact(bytes)
            .unwrap()
            .extract()
        else {
            panic!("not a Welcome")
        };
        let join = MlsGroupJoinConfig::builder()
            .use_ratchet_tree_extension(true)
            .padding_size(256)
            .max_past_epochs(3)
            .build();
        let gb = StagedWelcome::new_from_welcome(&b.provider, &join, welcome, None)
            .unwrap()
            .into_group(&b.provider)
            .unwrap();
        (a, ga, b, gb)
    }

    /// One message: encrypt and serialize on one side, parse and decrypt on the other.
    fn one<P: OpenMlsProvider>(
        a: &Member<P>,
        ga: &mut MlsGroup,
        b: &Member<P>,
        gb: &mut MlsGroup,
        text: &[u8],
        wrap: &dyn Fn(&P, &mut dyn FnMut()),
    ) {
        let mut bytes = Vec::new();
        wrap(&a.provider, &mut || {
            bytes = ga
                .create_message(&a.provider, &a.signer, text)
                .unwrap()
                .tls_serialize_detached()
                .unwrap();
        });
        wrap(&b.provider, &mut || {
            let message = MlsMessageIn::tls_deserialize_exact(&bytes)
                .unwrap()
                .try_into_protocol_message()
                .unwrap();
            let processed = gb.process_message(&b.provider, message).unwrap();
            let ProcessedMessageContent::ApplicationMessage(app) = processed.into_content() else {
                panic!("not an application message")
            };
            assert_eq!(app.into_bytes().len(), text.len());
        });
    }

    pub(super) fn bench(group: &mut BenchmarkGroup<'_, WallTime>, text: &[u8]) {
        let tmp = tempfile::tempdir().unwrap();
        let (a, mut ga, b, mut gb) = pair(
            member(SqlProvider::open(&tmp.path().join("a.db")), b"a"),
            member(SqlProvider::open(&tmp.path().join("b.db")), b"b"),
        );
        let in_tx = |p: &SqlProvider, f: &mut dyn FnMut()| p.in_transaction(|_| f());
        group.bench_function("openmls_sqlcipher_tx_per_op", |bench| {
            bench.iter(|| one(&a, &mut ga, &b, &mut gb, text, &in_tx))
        });

        let (a, mut ga, b, mut gb) = pair(
            member(OpenMlsRustCrypto::default(), b"a"),
            member(OpenMlsRustCrypto::default(), b"b"),
        );
        let direct = |_: &OpenMlsRustCrypto, f: &mut dyn FnMut()| f();
        group.bench_function("openmls_memory", |bench| {
            bench.iter(|| one(&a, &mut ga, &b, &mut gb, text, &direct))
        });
    }
}

criterion_group!(benches, send_receive, add_member);
criterion_main!(benches);
