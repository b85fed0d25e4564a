//! The core's decoders of what other people and files send a phone: a circle member's
//! receive path, invite codes and links, encrypted backups and JSON exports, and the
//! risk-language detector.
//!
//! The profiles live in a temporary folder for the life of the process. The circle is built
//! once through a real relay (so the member joined as phones do), which is then stopped:
//! every input afterwards goes straight to the member's receive step.

use hearth_core::invites::InviteCode;
use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine, SyncSteps};
use hearth_core::{
    CircleState, Client, DbKey, Error, GroupId, KdfParams, Processed, ProfileOptions, ProfileSecret,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The passphrase of the backups in the seed corpus.
pub const BACKUP_PASSPHRASE: &str = "a fuzzing passphrase";
/// The most text the detector is given (the size the issue bounds its time on).
const TEXT_MAX: usize = 100 * 1024;

/// A folder for this process's profiles, removed by nobody: the OS cleans temp.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn options() -> ProfileOptions {
    ProfileOptions {
        kdf: KdfParams::MINIMUM,
    }
}

fn secret() -> ProfileSecret {
    ProfileSecret::raw_key(DbKey::from_bytes(&[7; 32]).expect("a key"))
}

/// A new profile in `dir`.
pub fn profile(dir: &Path, name: &str) -> Client {
    Client::create(&dir.join(name), &secret(), name, options()).expect("a profile")
}

/// Fern facilitates a circle Ash is in; `real` holds deliveries Fern made while it formed.
pub struct Circle {
    /// The facilitator.
    pub fern: Arc<Client>,
    /// The member whose receive path is fuzzed.
    pub ash: Arc<Client>,
    /// Where Ash's profile lives (to reopen it).
    pub ash_dir: PathBuf,
    /// The circle.
    pub group: GroupId,
    /// Real deliveries (commits, introductions, messages), for the seed corpus.
    pub real: Vec<Vec<u8>>,
}

fn circle() -> MutexGuard<'static, Circle> {
    static CIRCLE: OnceLock<Mutex<Circle>> = OnceLock::new();
    CIRCLE
        .get_or_init(|| Mutex::new(form_circle()))
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Builds the circle through a real relay on this computer, then stops the relay.
fn form_circle() -> Circle {
    let dir = scratch("circle");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let store = hearth_relay::SqliteStore::open(&dir.join("relay.db")).expect("a relay store");
    let relay = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        // Both phones share 127.0.0.1: no per-address limit.
        let config = hearth_relay::RelayConfig {
            rate_per_second: 100_000,
            rate_burst: 100_000,
            ..hearth_relay::RelayConfig::default()
        };
        hearth_relay::start(listener, store, config).expect("a relay")
    });
    let url = relay.url();
    let fern = Arc::new(profile(&dir, "fern"));
    let ash = Arc::new(profile(&dir, "ash"));
    let engine = |c: &Arc<Client>| {
        c.set_relay(&url).expect("the relay kept");
        SyncEngine::new(
            Arc::clone(c),
            HttpTransport::for_relay(&url).expect("a transport"),
            SyncConfig::default(),
        )
    };
    let (fern_sync, ash_sync) = (engine(&fern), engine(&ash));
    runtime.block_on(async {
        fern_sync.sync_once().await.expect("fern registers");
        ash_sync.sync_once().await.expect("ash registers");
    });
    let device = ash
        .relay_account()
        .ok()
        .flatten()
        .and_then(|a| a.device_id)
        .expect("ash's device id");
    let group = fern
        .create_circle("A circle to fuzz", "Where bytes arrive", "Be kind.")
        .expect("a circle")
        .group_id;
    fern.add_member(&group, &device).expect("ash added");
    let settle = || {
        for _ in 0..20 {
            runtime.block_on(async {
                fern_sync.sync_once().await.expect("fern syncs");
                ash_sync.sync_once().await.expect("ash syncs");
            });
            for c in ash.circles().expect("ash's circles") {
                if c.state == CircleState::Invited {
                    ash.accept_invitation(&c.group_id).expect("ash accepts");
                }
            }
        }
    };
    settle();
    let version = ash.circle(&group).expect("ash is in").guidelines_version;
    ash.accept_guidelines(&group, version)
        .expect("ash accepts the guidelines");
    settle();
    runtime.block_on(async { relay.shutdown().await.expect("the relay stops") });
    let mut circle = Circle {
        fern,
        ash,
        ash_dir: dir.join("ash"),
        group,
        real: Vec::new(),
    };
    // What a circle's mailbox carries, each delivered to Ash as the relay would.
    let g = circle.group.clone();
    let welcome = exchange(&circle, |f| {
        f.send_text(&g, "Welcome, Ash.", None).map(|_| ())
    });
    let first = circle
        .fern
        .circle_messages(&g, 0, 50)
        .expect("the messages");
    let id = first.last().expect("a message").id.clone();
    let replies = exchange(&circle, |f| {
        f.send_text(&g, "How was your week?", Some(&id))?;
        f.react(&g, &id, "🌱", false)?;
        f.edit_message(&g, &id, "Welcome, Ash. Glad you are here.")
    });
    let commits = exchange(&circle, |f| {
        f.update_circle(&g, Some("A renamed circle"), None, None)?;
        f.set_disappearing(&g, Some(86_400))
    });
    circle.real = [welcome, replies, commits].concat();
    circle
}

/// Fern acts; Ash's phone takes every post Fern's makes, in order, as the relay would hand
/// them over. Returns the posts' bytes.
fn exchange(circle: &Circle, act: impl FnOnce(&Client) -> hearth_core::Result<()>) -> Vec<Vec<u8>> {
    act(&circle.fern).expect("fern acts");
    circle
        .fern
        .hand_over_for_test(&circle.group, &circle.ash, 0)
        .expect("fern's posts handed over")
        .into_iter()
        .map(|h| {
            h.processed.expect("ash takes fern's post");
            h.message
        })
        .collect()
}

/// Real deliveries from the circle, for the seed corpus.
pub fn real_deliveries() -> Vec<Vec<u8>> {
    circle().real.clone()
}

/// Arbitrary bytes delivered to a member at the next position of the circle's mailbox:
/// never a panic; the cursor moves to that position exactly when the delivery was taken
/// (any answer but `Later`) and stays on an error; and the circle still works afterwards:
/// Fern's next message reaches Ash.
pub fn receive(data: &[u8]) {
    let circle = circle();
    let ash = SyncSteps::of(&circle.ash);
    let before = ash.circle_cursor(&circle.group).expect("the cursor");
    let seq = before + 1;
    let outcome = ash.receive(&circle.group, seq, data);
    let after = ash.circle_cursor(&circle.group).expect("the cursor");
    match &outcome {
        Ok(Processed::Later) | Err(_) => {
            assert_eq!(after, before, "{outcome:?} moved the cursor")
        }
        Ok(_) => assert_eq!(after, seq, "{outcome:?} left the cursor behind"),
    }
    no_blame("a delivery from a peer", &outcome);
    still_talking(&circle);
}

/// Fern sends a message, and it reaches Ash.
fn still_talking(circle: &Circle) {
    let before = circle.ash.circle(&circle.group).expect("the circle").unread;
    exchange(circle, |f| {
        f.send_text(&circle.group, "still here", None).map(|_| ())
    });
    let after = circle.ash.circle(&circle.group).expect("the circle").unread;
    assert_eq!(after, before + 1, "fern's message did not reach ash");
}

/// A real sealed report: Ash asks the facilitators for support.
pub fn real_sealed_report() -> Vec<u8> {
    let circle = circle();
    circle
        .ash
        .ask_facilitators_for_support(&circle.group, "could we talk this week")
        .expect("ash asks for support");
    let ash = SyncSteps::of(&circle.ash);
    let (id, post) = ash
        .next_report(&circle.group)
        .expect("the next report")
        .expect("a report to send");
    ash.report_posted(&circle.group, &id).expect("posted");
    post.report.0
}

/// A misbehaving member's phone sends whatever payload it likes (the fuzzer's text, when it
/// is one the sending phone can encode): every other phone takes or refuses it, moving its
/// cursor past it either way, never blaming its own profile, and the circle goes on. Cards
/// (shared check-ins) travel this way.
pub fn member_payload(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let circle = circle();
    if circle
        .fern
        .send_unchecked_for_test(&circle.group, json)
        .is_err()
    {
        return;
    }
    let handed = circle
        .fern
        .hand_over_for_test(&circle.group, &circle.ash, 0)
        .expect("fern's posts handed over");
    let cursor = SyncSteps::of(&circle.ash)
        .circle_cursor(&circle.group)
        .expect("the cursor");
    for (h, next) in handed.iter().zip(handed.iter().skip(1)) {
        assert_eq!(next.seq, h.seq + 1, "a member's post was not put behind");
    }
    for h in &handed {
        no_blame("a member's payload", &h.processed);
    }
    assert_eq!(
        handed.last().map(|h| h.seq),
        Some(cursor),
        "a member's post was not put behind"
    );
    still_talking(&circle);
}

/// Sealed reports as the facilitator's phone reads them from the circle's report inbox:
/// opened or set aside (a report that does not open is not one), never a panic or an error
/// that blames the profile; the facilitator's reports stay readable.
pub fn sealed_report(data: &[u8]) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let circle = circle();
    let report = hearth_protocol::SealedReport {
        seq: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        report: hearth_protocol::Bytes(data.to_vec()),
        received_at: 1_767_225_600,
    };
    let fern = SyncSteps::of(&circle.fern);
    match fern.reports_arrived(&circle.group, std::slice::from_ref(&report)) {
        Ok(opened) => assert!(opened <= 1, "one sealed report opened as {opened}"),
        Err(e) => panic!("a sealed report made the facilitator's phone fail: {e:?}"),
    }
    circle
        .fern
        .circle_reports(&circle.group, true)
        .expect("the reports stay readable");
}

/// After a corpus was replayed: Ash's profile opens again and holds the circle.
pub fn profile_still_opens() {
    let circle = circle();
    let reopened = Client::open(&circle.ash_dir, &secret(), options());
    // The process holds it open too; a second connection must read the same circle.
    let reopened = reopened.expect("ash's profile opens");
    assert_eq!(
        reopened.circle(&circle.group).expect("the circle").state,
        CircleState::Active
    );
}

/// Invite codes and links as typed or scanned: never a panic, and a code that parses is
/// written back the same way (its text and link parse to the same code).
pub fn invite_code(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(code) = InviteCode::parse(text) else {
        return;
    };
    let again = InviteCode::parse(&code.text()).expect("a code's own text parses");
    assert_eq!(again.text(), code.text());
    let linked = InviteCode::parse(&code.link()).expect("a code's link parses");
    assert_eq!(linked.text(), code.text());
    assert_eq!(code.nameplate(), code.text()[..code.nameplate().len()]);
}

/// Arbitrary text (up to 100 KB) through the risk-language detector: never a panic, and the
/// same text always gets the same assessment.
pub fn risk_language(data: &[u8]) {
    let text = String::from_utf8_lossy(&data[..data.len().min(TEXT_MAX)]);
    let first = hearth_core::safety::assess(&text);
    assert_eq!(first, hearth_core::safety::assess(&text));
}

fn importer() -> MutexGuard<'static, Client> {
    static IMPORTER: OnceLock<Mutex<Client>> = OnceLock::new();
    IMPORTER
        .get_or_init(|| Mutex::new(profile(&scratch("import"), "importer")))
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// A file given as a backup: imported, or refused with a typed error that says what is
/// wrong with the file; never a panic, and never an error that blames the profile.
pub fn backup(data: &[u8]) {
    let client = importer();
    if let Err(e) = client.import_backup(data, BACKUP_PASSPHRASE) {
        assert!(
            matches!(
                e,
                Error::BackupDamaged
                    | Error::BackupWrongPassphrase
                    | Error::BackupUnsupportedVersion { .. }
                    | Error::InvalidInput { .. }
            ),
            "a backup file was refused as {e:?}"
        );
    }
}

/// A file given as a JSON export: imported all or nothing, or refused as `InvalidInput`
/// (not an export) or `BackupUnsupportedVersion` (an export from a newer Hearth: the app
/// says to update); and importing what was taken again adds nothing.
pub fn json(data: &[u8]) {
    let client = importer();
    match client.import_json(data) {
        Ok(_) => {
            let again = client.import_json(data).expect("the same file again");
            assert_eq!(
                (
                    again.checkins_added,
                    again.entries_added,
                    again.surveys_added
                ),
                (0, 0, 0),
                "a second import of the same file added records"
            );
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::InvalidInput { .. } | Error::BackupUnsupportedVersion { .. }
            ),
            "a JSON file was refused as {e:?}"
        ),
    }
}

/// A facilitator, and phones that join its circle with codes, for the invite targets.
struct Invites {
    fern: Client,
    group: GroupId,
    dir: PathBuf,
    joiners: u64,
}

fn invites() -> MutexGuard<'static, Invites> {
    static INVITES: OnceLock<Mutex<Invites>> = OnceLock::new();
    INVITES
        .get_or_init(|| {
            let dir = scratch("invites");
            let fern = profile(&dir, "fern");
            let group = fern
                .create_circle("A circle to join", "", "Be kind.")
                .expect("a circle")
                .group_id;
            Mutex::new(Invites {
                fern,
                group,
                dir,
                joiners: 0,
            })
        })
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

impl Invites {
    /// A fresh open code: its text, its nameplate and the facilitator's key-exchange message.
    fn fresh_code(&self) -> (String, String, Vec<u8>) {
        let (code, offer) = self.fern.open_invite_for_test(&self.group).expect("a code");
        let nameplate = InviteCode::parse(&code).expect("its code").nameplate();
        (code, nameplate, offer)
    }
}

/// One real invite exchange, for the seed corpus.
pub fn real_invite_exchange() -> hearth_core::InviteExchangeForTest {
    let mut invites = invites();
    invites.joiners += 1;
    let sam = profile(&invites.dir, &format!("sam{}", invites.joiners));
    invites
        .fern
        .invite_exchange_for_test(&sam, &invites.group)
        .expect("an exchange")
}

/// An error a phone gives about what someone else sent names the input, never the profile.
fn no_blame<T>(what: &str, outcome: &hearth_core::Result<T>) {
    if let Err(e) = outcome {
        assert!(
            !matches!(e, Error::Internal(_) | Error::Corrupt { .. }),
            "{what} made the phone report {e:?}"
        );
    }
}

/// What reaches each side of an invite through the relay, which anyone may write to: the
/// first byte picks the side (the facilitator's phone gets a claim, split at the second
/// byte into key-exchange message and sealed claim; the invitee's phone gets the offer, or,
/// after a real offer, the answer). Each input meets a fresh code. Never a panic, never an
/// error that blames the profile.
pub fn invite_messages(data: &[u8]) {
    let Some((&side, rest)) = data.split_first() else {
        return;
    };
    let invites = invites();
    match side % 3 {
        0 => {
            let (_, nameplate, _) = invites.fresh_code();
            let (message, sealed) = match rest.split_first() {
                Some((&n, body)) => body.split_at(usize::from(n).min(body.len())),
                None => (rest, rest),
            };
            let claim = hearth_protocol::Claimed {
                message: hearth_protocol::Bytes(message.to_vec()),
                sealed: hearth_protocol::Bytes(sealed.to_vec()),
                claimed_at: 1_767_225_600,
            };
            no_blame("a claim", &invites.fern.claim_for_test(&nameplate, &claim));
        }
        side => {
            // A phone of its own for each input, deleted afterwards.
            let home = invites.dir.join("joiner");
            let sam = profile(&home, "sam");
            let (code, nameplate, offer) = invites.fresh_code();
            sam.join_with_code(&code, "Sam")
                .expect("sam starts joining");
            if side == 1 {
                no_blame("an offer", &sam.offer_for_test(&nameplate, rest));
            } else {
                sam.offer_for_test(&nameplate, &offer)
                    .expect("the real offer");
                no_blame("an answer", &sam.answer_for_test(&nameplate, rest));
            }
            drop(sam);
            let _ = std::fs::remove_dir_all(&home);
        }
    }
}
