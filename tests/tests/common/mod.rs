//! Helpers for the end-to-end circle tests: a relay in-process on 127.0.0.1:0, and members
//! with temporary profiles that sync through it (one pass at a time, so tests are
//! deterministic).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod faults;

use std::sync::Arc;

use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine};
use hearth_core::GroupId;
use hearth_core::{Client, DbKey, KdfParams, ProfileOptions, ProfileSecret};
use hearth_relay::{PostgresOptions, PostgresStore, RelayConfig, RelayHandle, SqliteStore};

pub struct Net {
    pub relay: RelayHandle,
    pub dir: tempfile::TempDir,
    /// The test CA's certificate (DER) when the relay serves HTTPS.
    pub ca: Option<Vec<u8>>,
}

/// A relay with `config` (its per-address rate out of the way) on the store the run asks
/// for: `HEARTH_TEST_RELAY_DB=postgres` puts it on a fresh database in a throwaway
/// PostgreSQL cluster (`scripts/test-all.sh` runs the circle scenarios both ways), anything
/// else on an in-memory SQLite store.
pub async fn net_with(config: RelayConfig) -> Net {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = RelayConfig {
        rate_per_second: 100_000,
        rate_burst: 100_000,
        ..config
    };
    let relay = match std::env::var("HEARTH_TEST_RELAY_DB").as_deref() {
        Ok("postgres") => {
            let url = hearth_test_postgres::fresh_database();
            let store = PostgresStore::connect(PostgresOptions::new(url))
                .await
                .unwrap();
            hearth_relay::start(listener, store, config).unwrap()
        }
        Ok("sqlite") | Err(_) => {
            hearth_relay::start(listener, SqliteStore::in_memory().unwrap(), config).unwrap()
        }
        Ok(other) => panic!("HEARTH_TEST_RELAY_DB is sqlite or postgres, not {other}"),
    };
    Net {
        relay,
        dir,
        ca: None,
    }
}

/// A relay on the run's store (see [`net_with`]), with rate limits out of the way of tests.
pub async fn net() -> Net {
    net_with(config()).await
}

/// Rate and claim limits out of the way (a circle of 200 is filled from one device's
/// KeyPackages in a moment, a last resort opens several circles); the relay's own tests
/// hold the default limits.
pub fn config() -> RelayConfig {
    RelayConfig {
        rate_per_second: 100_000,
        rate_burst: 100_000,
        claims_per_claimer_per_hour: 100_000,
        claims_per_device_per_hour: 100_000,
        last_resort_per_day: 100_000,
        ..RelayConfig::default()
    }
}

/// A relay whose store is a file in `dir/relay` (for tests that scan its bytes afterwards),
/// and that folder.
pub async fn net_on_files() -> (Net, std::path::PathBuf) {
    net_on_files_with(config()).await
}

/// [`net_on_files`] with `config`.
pub async fn net_on_files_with(config: RelayConfig) -> (Net, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let relay_dir = dir.path().join("relay");
    std::fs::create_dir_all(&relay_dir).unwrap();
    let store = SqliteStore::open(&relay_dir.join("relay.db")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = hearth_relay::start(listener, store, config).unwrap();
    (
        Net {
            relay,
            dir,
            ca: None,
        },
        relay_dir,
    )
}

/// The relay's retention run as if everything it holds were past its time: messages,
/// drops and inboxes not used since now go.
pub async fn sweep_all_it_holds(store: &SqliteStore) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    hearth_relay::Store::sweep(store, now, now + 10)
        .await
        .unwrap();
}

pub async fn relay_on(store: SqliteStore, addr: &str) -> RelayHandle {
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    hearth_relay::start(listener, store, config()).unwrap()
}

pub struct Member {
    pub name: String,
    pub client: Arc<Client>,
    pub sync: SyncEngine<HttpTransport>,
    pub device_id: String,
}

pub fn open_profile(dir: &std::path::Path, name: &str, create: bool) -> Client {
    let secret = ProfileSecret::raw_key(DbKey::from_bytes(&[7; 32]).unwrap());
    let options = ProfileOptions {
        kdf: KdfParams::MINIMUM,
    };
    let path = dir.join(name);
    if create {
        Client::create(&path, &secret, name, options).unwrap()
    } else {
        Client::open(&path, &secret, options).unwrap()
    }
}

/// Sync as the tests run it: a few KeyPackages at a time, so running out is quick.
pub fn sync_config() -> SyncConfig {
    SyncConfig {
        key_packages_target: 3,
        key_packages_low: 2,
        ..SyncConfig::default()
    }
}

pub fn sync_for(client: &Arc<Client>, url: &str) -> SyncEngine<HttpTransport> {
    SyncEngine::new(
        Arc::clone(client),
        HttpTransport::for_relay(url).unwrap(),
        sync_config(),
    )
}

/// A relay serving HTTPS and WSS on an in-memory store, with a certificate for
/// `localhost` and 127.0.0.1 from a CA made for this test (which only this net trusts).
pub async fn net_tls() -> Net {
    let dir = tempfile::tempdir().unwrap();
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Hearth test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let relay_key = rcgen::KeyPair::generate().unwrap();
    let relay_params =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let relay_cert = relay_params.signed_by(&relay_key, &issuer).unwrap();
    let tls = hearth_relay::tls::server_config(
        vec![relay_cert.der().clone()],
        rustls_key(relay_key.serialize_der()),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let store = SqliteStore::in_memory().unwrap();
    let relay = hearth_relay::start_tls(listener, store, config(), tls).unwrap();
    Net {
        relay,
        dir,
        ca: Some(ca.der().to_vec()),
    }
}

fn rustls_key(pkcs8: Vec<u8>) -> hearth_relay::tls::PrivateKey {
    hearth_relay::tls::PrivateKey::Pkcs8(pkcs8.into())
}

impl Net {
    /// A transport to this relay, trusting its test CA when it serves HTTPS.
    pub fn transport(&self) -> HttpTransport {
        match &self.ca {
            Some(ca) => HttpTransport::trusting(&self.relay.url(), ca).unwrap(),
            None => HttpTransport::for_relay(&self.relay.url()).unwrap(),
        }
    }

    /// A new profile with this relay set, not registered yet.
    pub fn profile(&self, name: &str) -> Arc<Client> {
        let client = Arc::new(open_profile(self.dir.path(), name, true));
        client.set_relay(&self.relay.url()).unwrap();
        client
    }

    /// A new member with a registered device and published KeyPackages.
    pub async fn member(&self, name: &str) -> Member {
        let client = self.profile(name);
        let sync = SyncEngine::new(Arc::clone(&client), self.transport(), sync_config());
        sync.sync_once().await.unwrap();
        let device_id = client.relay_account().unwrap().unwrap().device_id.unwrap();
        Member {
            name: name.to_string(),
            client,
            sync,
            device_id,
        }
    }
}

/// Syncs everyone, round after round, until nobody has anything waiting.
pub async fn settle(members: &[&Member]) {
    for _ in 0..30 {
        for m in members {
            m.sync.sync_once().await.unwrap();
            accept_invitations(m);
        }
        let waiting: u32 = members
            .iter()
            .flat_map(|m| m.client.circles().unwrap())
            .filter(|c| c.state == hearth_core::CircleState::Active)
            .map(|c| c.waiting)
            .sum();
        if waiting == 0 {
            // One more round delivers the last posts to everyone.
            for m in members {
                m.sync.sync_once().await.unwrap();
            }
            return;
        }
    }
    for m in members {
        for c in m.client.circles().unwrap() {
            eprintln!(
                "{}: waiting {} state {:?} paused {:?}",
                m.name, c.waiting, c.state, c.paused_until_ms
            );
        }
    }
    panic!("the circle did not settle");
}

/// Every file in the relay's folder with its bytes, read after the relay stopped. Closing
/// its database checkpoints and deletes the write-ahead log in the background, so a file
/// that vanishes mid-scan means its content moved into the database: the scan starts over.
pub fn relay_files(relay_dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    'scan: for _ in 0..50 {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(relay_dir).unwrap() {
            let path = entry.unwrap().path();
            match std::fs::read(&path) {
                Ok(bytes) => files.push((path.display().to_string(), bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    continue 'scan;
                }
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
        return files;
    }
    panic!("the relay's files kept changing after it stopped");
}

/// Stops the relay and asserts that none of its files holds any of `traces`.
pub async fn assert_relay_holds_none(net: Net, relay_dir: &std::path::Path, traces: &[&str]) {
    let Net { relay, dir, .. } = net;
    relay.shutdown().await.unwrap();
    let files = relay_files(relay_dir);
    assert!(!files.is_empty());
    for (what, bytes) in &files {
        for trace in traces {
            assert!(!holds(bytes, trace), "{what} holds {trace:?}");
        }
    }
    drop(dir);
}

/// Whether `bytes` hold `needle` anywhere.
pub fn holds(bytes: &[u8], needle: &str) -> bool {
    memchr::memmem::find(bytes, needle.as_bytes()).is_some()
}

/// The id of the message with this text, as `m` sees it.
pub fn message_id(m: &Member, group: &GroupId, body: &str) -> hearth_core::MessageId {
    m.client
        .latest_circle_messages(group, 500)
        .unwrap()
        .into_iter()
        .find(|x| x.body == body)
        .unwrap()
        .id
}

/// A member's own per-circle key (what remove and role changes name them by).
pub fn my_key(m: &Member, group: &GroupId) -> Vec<u8> {
    m.client
        .circle_members(group)
        .unwrap()
        .into_iter()
        .find(|x| x.is_me)
        .unwrap()
        .key
}

/// Every message of a circle on a member's phone, page by page, in order.
pub fn all_messages(client: &Client, group: &GroupId) -> Vec<hearth_core::CircleMessage> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let page = client.circle_messages(group, after, 500).unwrap();
        let Some(last) = page.last() else { break };
        let next = last.relay_seq.unwrap_or(u64::MAX);
        let full = page.len() == 500;
        out.extend(page);
        if !full || next == u64::MAX {
            break;
        }
        after = next;
    }
    out
}

/// A circle's messages of one kind as (sender name, body), in order.
pub fn messages_of(
    client: &Client,
    group: &GroupId,
    kind: hearth_core::circles::MessageKind,
) -> Vec<(Option<String>, String)> {
    all_messages(client, group)
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| (m.sender_name, m.body))
        .collect()
}

/// A member's text messages as (sender name, body), in order.
pub fn texts(m: &Member, group: &GroupId) -> Vec<(Option<String>, String)> {
    messages_of(&m.client, group, hearth_core::circles::MessageKind::Text)
}

pub fn bodies(m: &Member, group: &GroupId) -> Vec<String> {
    texts(m, group).into_iter().map(|(_, b)| b).collect()
}

/// The system events a member's phone wrote, in the core's English wording ("Ash was
/// removed from the circle.").
pub fn system_events(m: &Member, group: &GroupId) -> Vec<String> {
    circle_events(m, group)
        .iter()
        .map(|e| e.in_english())
        .collect()
}

/// The system events a member's phone wrote, as records.
pub fn circle_events(m: &Member, group: &GroupId) -> Vec<hearth_core::circles::CircleEvent> {
    all_messages(&m.client, group)
        .into_iter()
        .filter_map(|x| x.event)
        .collect()
}

/// The person says yes to every invitation waiting on their phone (the people in these
/// tests want to be in the circles they are added to; `tests/invitations.rs` tests saying
/// no, and what happens before they answer). Returns how many they accepted.
pub fn accept_invitations(m: &Member) -> usize {
    let waiting: Vec<GroupId> = m
        .client
        .circles()
        .unwrap()
        .into_iter()
        .filter(|c| c.state == hearth_core::CircleState::Invited)
        .map(|c| c.group_id)
        .collect();
    for group in &waiting {
        m.client.accept_invitation(group).unwrap();
    }
    waiting.len()
}

/// A facilitator's new circle with `members` added and settled.
pub async fn circle_with(facilitator: &Member, members: &[&Member]) -> GroupId {
    let group = facilitator
        .client
        .create_circle("Tuesday evening circle", "A quiet place", "Be kind.")
        .unwrap()
        .group_id;
    for m in members {
        facilitator.client.add_member(&group, &m.device_id).unwrap();
    }
    let mut all = vec![facilitator];
    all.extend_from_slice(members);
    settle(&all).await;
    accept_guidelines(&group, members);
    group
}

/// Each member reads and accepts the circle's current guidelines (what joining asks of them
/// before they can post); their acceptance goes out with their next sync.
pub fn accept_guidelines(group: &GroupId, members: &[&Member]) {
    for m in members {
        let version = m.client.circle(group).unwrap().guidelines_version;
        m.client.accept_guidelines(group, version).unwrap();
    }
}

/// A code with the same nameplate and another secret, with a valid check character (what a
/// guesser, or a typo that the check character happens to miss, would send).
pub fn wrong_secret(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    chars[8] = if chars[8] == 'A' { 'B' } else { 'A' };
    for c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars() {
        chars[15] = c;
        let candidate: String = chars.iter().collect();
        if hearth_core::invites::InviteCode::parse(&candidate).is_ok() {
            return candidate;
        }
    }
    unreachable!("one check character always fits")
}

/// A session for `m`'s device at the relay behind `transport`, made as its sync makes one
/// (challenge, signed with the device key): for tests that call the relay API themselves.
pub async fn session_of(m: &Member, transport: &HttpTransport) -> String {
    use hearth_core::sync::{SyncSteps, Transport};
    let challenge = transport
        .challenge(hearth_protocol::ChallengeRequest {
            device_id: m.device_id.clone(),
        })
        .await
        .unwrap();
    let signature = SyncSteps::of(&m.client)
        .sign_for_relay(&hearth_protocol::session_signing_input(
            &hearth_protocol::relay_authority(&m.client.relay_account().unwrap().unwrap().url),
            &m.device_id,
            challenge.nonce.as_slice(),
        ))
        .unwrap();
    transport
        .session(hearth_protocol::SessionRequest {
            device_id: m.device_id.clone(),
            nonce: challenge.nonce,
            signature: hearth_protocol::Bytes(signature),
        })
        .await
        .unwrap()
        .token
}
