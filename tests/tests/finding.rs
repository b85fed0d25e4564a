//! Finding a circle end to end, through the relay in-process: an organisation signs a
//! directory the relay serves; a person who trusts the organisation's key browses it, and a
//! directory altered or signed by anyone else is refused; their request, sealed to the
//! circle's facilitators, is read on each facilitator's and co-facilitator's phone, answered
//! by one of them with a code they join by, or declined kindly, and the others see it was
//! answered; and the relay's files hold nothing of who asked or what they said.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use common::*;
use hearth_core::finding::{directory, ReceivedRequestState, SentRequestState};
use hearth_core::sync::{refresh_directory, SyncEngine};
use hearth_core::{Error, GroupId, Role};
use hearth_relay::RelayConfig;

const NOTE: &str = "canary my sister died in spring and I am not sleeping";
const WELCOME: &str = "canary welcome Robin, we meet on Tuesdays";
const DECLINE: &str = "canary this circle is full; the Thursday one has room";

/// A person with a profile but no relay yet, syncing through `net`'s relay once asked.
async fn newcomer(net: &Net, name: &str) -> Member {
    let client = Arc::new(open_profile(net.dir.path(), name, true));
    let sync = SyncEngine::new(Arc::clone(&client), net.transport(), sync_config());
    Member {
        name: name.to_string(),
        client,
        sync,
        device_id: String::new(),
    }
}

/// The organisation's listing with one circle: the facilitator's entry, filled in.
fn listing(entry: &str, published_at: u64) -> String {
    let mut circle: serde_json::Value = serde_json::from_str(entry).unwrap();
    circle["id"] = "grief-tuesdays".into();
    circle["description"] = "For anyone who lost someone close.".into();
    circle["topics"] = serde_json::json!(["Grief", "loss"]);
    circle["schedule"] = "Tuesdays 19:00, Europe/London".into();
    circle["languages"] = serde_json::json!(["en"]);
    serde_json::json!({
        "organisation": "Riverside Peer Support",
        "published_at": published_at,
        "circles": [circle],
    })
    .to_string()
}

/// An organisation's directory served by the relay: the file, the key that signs it, and
/// where it is.
struct Published {
    file: std::path::PathBuf,
    org_seed: Vec<u8>,
    org_key: Vec<u8>,
    url: String,
}

impl Published {
    /// Signs and serves a listing of the circle with `entry` (the facilitator's).
    fn list(&self, entry: &str, published_at: u64) {
        let signed = directory::sign(&self.org_seed, &listing(entry, published_at)).unwrap();
        std::fs::write(&self.file, signed).unwrap();
    }

    /// A newcomer who trusts the directory asks to join with `note`; their request is left.
    async fn ask(&self, net: &Net, name: &str, note: &str) -> Member {
        let m = newcomer(net, &format!("{name}'s phone")).await;
        let key_text = hearth_protocol::Bytes(self.org_key.clone()).to_text();
        m.client.add_directory(&self.url, &key_text).unwrap();
        refresh_directory(&m.client, &self.org_key).await.unwrap();
        m.client
            .ask_to_join(&self.org_key, "grief-tuesdays", name, note)
            .unwrap();
        m.sync.sync_once().await.unwrap();
        m
    }
}

/// The directory entry of the request inbox a phone holds for the circle.
fn entry_on(m: &Member, group: &GroupId) -> String {
    m.client
        .request_inbox(group)
        .unwrap()
        .unwrap()
        .listing_entry
}

/// The requests on a phone: (name, state, answered by).
fn requests_on(m: &Member, group: &GroupId) -> Vec<(String, ReceivedRequestState, Option<String>)> {
    let mut all: Vec<_> = m
        .client
        .join_requests(Some(group))
        .unwrap()
        .into_iter()
        .map(|q| (q.name, q.state, q.answered_by))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_finds_a_circle_asks_to_join_and_gets_in_by_the_code_sent_back() {
    let www = tempfile::tempdir().unwrap();
    let directory_file = www.path().join("directory.json");
    let (net, relay_dir) = net_on_files_with(RelayConfig {
        directory_file: Some(directory_file.clone()),
        ..config()
    })
    .await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let group = circle_with(&f, &[&a]).await;

    // Members cannot open the circle to requests; the facilitator can, and sync opens it.
    assert!(matches!(
        a.client.open_to_requests(&group),
        Err(Error::NotPermitted { .. })
    ));
    let inbox = f.client.open_to_requests(&group).unwrap();
    assert!(!inbox.ready);
    assert_eq!(
        f.client.open_to_requests(&group).unwrap(),
        inbox,
        "again: the same"
    );
    f.sync.sync_once().await.unwrap();
    assert!(f.client.request_inbox(&group).unwrap().unwrap().ready);

    // The organisation signs its listing; the relay serves the file.
    let (org_seed, org_key) = directory::new_org_key().unwrap();
    let org_key_text = hearth_protocol::Bytes(org_key.clone()).to_text();
    let signed = directory::sign(&org_seed, &listing(&inbox.listing_entry, 1_800_000_000)).unwrap();
    let url = format!("{}/v1/directory", net.relay.url());

    // Robin trusts the organisation's key. A file altered on the way is refused and nothing
    // of it is listed; so is one signed by another key.
    let r = newcomer(&net, "Robin's phone").await;
    r.client.add_directory(&url, &org_key_text).unwrap();
    std::fs::write(
        &directory_file,
        signed.replace("Tuesdays 19:00", "Mondays 19:00"),
    )
    .unwrap();
    assert!(matches!(
        refresh_directory(&r.client, &org_key).await,
        Err(Error::DirectoryNotTrusted)
    ));
    let (other_seed, _) = directory::new_org_key().unwrap();
    let forged = directory::sign(&other_seed, &listing(&inbox.listing_entry, 1_800_000_000));
    std::fs::write(&directory_file, forged.unwrap()).unwrap();
    assert!(matches!(
        refresh_directory(&r.client, &org_key).await,
        Err(Error::DirectoryNotTrusted)
    ));
    assert!(r.client.find_circles(None, None).unwrap().is_empty());

    std::fs::write(&directory_file, &signed).unwrap();
    refresh_directory(&r.client, &org_key).await.unwrap();
    let found = r.client.find_circles(Some("grief"), Some("EN")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (
            found[0].organisation.as_str(),
            found[0].circle.name.as_str()
        ),
        ("Riverside Peer Support", "Tuesday evening circle")
    );
    assert!(r
        .client
        .find_circles(Some("anxiety"), None)
        .unwrap()
        .is_empty());
    let topics = r.client.directory_topics().unwrap();
    assert_eq!(topics.len(), 2);
    assert_eq!((topics[0].topic.as_str(), topics[0].circles), ("Grief", 1));
    // An older listing (a replay) never replaces the newer one.
    let older = directory::sign(&org_seed, &listing(&inbox.listing_entry, 1_700_000_000));
    std::fs::write(&directory_file, older.unwrap()).unwrap();
    assert!(matches!(
        refresh_directory(&r.client, &org_key).await,
        Err(Error::InvalidInput { .. })
    ));

    // Robin asks; the profile takes the circle's relay. Asking again gives the same request.
    assert!(matches!(
        r.client
            .ask_to_join(&org_key, "grief-tuesdays", "Robin", &"x".repeat(601)),
        Err(Error::InvalidInput { .. })
    ));
    let asked = r
        .client
        .ask_to_join(&org_key, "grief-tuesdays", "Robin", NOTE)
        .unwrap();
    assert_eq!(asked.state, SentRequestState::Sending);
    assert_eq!(
        r.client
            .ask_to_join(&org_key, "grief-tuesdays", "Robin", "again")
            .unwrap()
            .id,
        asked.id
    );
    assert_eq!(
        r.client.relay_account().unwrap().unwrap().url,
        net.relay.url()
    );
    r.sync.sync_once().await.unwrap();
    assert_eq!(
        r.client.sent_requests().unwrap()[0].state,
        SentRequestState::Waiting
    );

    // Only the facilitator's phone reads it; Ash's knows nothing of it.
    f.sync.sync_once().await.unwrap();
    a.sync.sync_once().await.unwrap();
    let arrived = f.client.join_requests(Some(&group)).unwrap();
    assert_eq!(arrived.len(), 1);
    assert_eq!(
        (
            arrived[0].name.as_str(),
            arrived[0].note.as_str(),
            arrived[0].listing.as_str()
        ),
        ("Robin", NOTE, "grief-tuesdays")
    );
    assert_eq!(arrived[0].state, ReceivedRequestState::Waiting);
    assert!(a.client.join_requests(None).unwrap().is_empty());
    assert!(matches!(
        a.client.invite_requester(arrived[0].id, ""),
        Err(Error::NotFound { .. })
    ));

    // Fern sends a code; Robin's phone takes it and joins by it.
    f.client.invite_requester(arrived[0].id, WELCOME).unwrap();
    assert!(matches!(
        f.client.decline_request(arrived[0].id, ""),
        Err(Error::InvalidInput { .. })
    ));
    let answered = &f.client.join_requests(Some(&group)).unwrap()[0];
    assert_eq!(answered.state, ReceivedRequestState::Invited);
    let nameplate = answered.nameplate.clone().unwrap();
    let invite = f.client.invites(&group).unwrap();
    assert!(invite
        .iter()
        .any(|i| i.nameplate == nameplate && i.label.contains("Robin")));
    f.sync.sync_once().await.unwrap();
    r.sync.sync_once().await.unwrap();
    let got = r.client.sent_requests().unwrap().remove(0);
    assert_eq!(got.state, SentRequestState::Invited);
    assert_eq!(got.message.as_deref(), Some(WELCOME));
    let code = got.code.clone().unwrap();
    assert!(code.starts_with(&nameplate));

    r.client.join_from_request(got.id, "Robin").unwrap();
    assert_eq!(
        r.client.sent_requests().unwrap()[0].state,
        SentRequestState::Joined
    );
    for _ in 0..3 {
        for m in [&r, &f, &r] {
            m.sync.sync_once().await.unwrap();
        }
    }
    let joined = r.client.circle(&group).unwrap();
    assert_eq!(joined.name, "Tuesday evening circle");
    assert_eq!(f.client.circle(&group).unwrap().member_count, 3);

    // Sky asks too and is declined kindly; the reply inbox closes after the answer.
    std::fs::write(&directory_file, &signed).unwrap();
    let s = newcomer(&net, "Sky's phone").await;
    s.client.add_directory(&url, &org_key_text).unwrap();
    refresh_directory(&s.client, &org_key).await.unwrap();
    s.client
        .ask_to_join(&org_key, "grief-tuesdays", "Sky", "hello")
        .unwrap();
    s.sync.sync_once().await.unwrap();
    f.sync.sync_once().await.unwrap();
    let sky = f
        .client
        .join_requests(Some(&group))
        .unwrap()
        .into_iter()
        .find(|q| q.name == "Sky")
        .unwrap();
    f.client.decline_request(sky.id, DECLINE).unwrap();
    f.sync.sync_once().await.unwrap();
    s.sync.sync_once().await.unwrap();
    let declined = s.client.sent_requests().unwrap().remove(0);
    assert_eq!(declined.state, SentRequestState::Declined);
    assert_eq!(
        (declined.code, declined.message.as_deref()),
        (None, Some(DECLINE))
    );
    assert!(matches!(
        s.client.join_from_request(declined.id, "Sky"),
        Err(Error::InvalidInput { .. })
    ));

    // Closed to requests: the inbox goes from the relay, and a new request is undeliverable;
    // opened again before the next sync, the circle has a new inbox and the old still goes.
    f.client.close_to_requests(&group).unwrap();
    assert_eq!(f.client.request_inbox(&group).unwrap(), None);
    let reopened = f.client.open_to_requests(&group).unwrap();
    assert_ne!(reopened.listing_entry, inbox.listing_entry);
    f.sync.sync_once().await.unwrap();
    assert!(f.client.request_inbox(&group).unwrap().unwrap().ready);
    let t = newcomer(&net, "Tam's phone").await;
    t.client.add_directory(&url, &org_key_text).unwrap();
    refresh_directory(&t.client, &org_key).await.unwrap();
    let tam = t
        .client
        .ask_to_join(&org_key, "grief-tuesdays", "Tam", "")
        .unwrap();
    t.sync.sync_once().await.unwrap();
    t.sync.sync_once().await.unwrap(); // its reply inbox closes; the record stays
    assert_eq!(
        t.client.sent_requests().unwrap()[0].state,
        SentRequestState::Undeliverable
    );
    // Forgotten, it is gone from the list at once and for good.
    t.client.forget_request(tam.id).unwrap();
    assert!(t.client.sent_requests().unwrap().is_empty());
    t.sync.sync_once().await.unwrap();
    assert!(t.client.sent_requests().unwrap().is_empty());
    assert!(matches!(
        t.client.forget_request(tam.id),
        Err(Error::NotFound { .. })
    ));

    // The relay kept fixed-size blobs: no name, note, answer, listing or code's secret.
    assert_relay_holds_none(
        net,
        &relay_dir,
        &[
            NOTE,
            WELCOME,
            DECLINE,
            "Robin",
            "Sky",
            "grief-tuesdays",
            &code[7..],
        ],
    )
    .await;
}

/// Requests reach every facilitator: a co-facilitator appointed after the circle opened is
/// given the inbox, reads and answers a request, and the facilitator sees who answered and
/// cannot answer again (even an answer told before the request reached their phone).
/// Closed by the co-facilitator, opened anew by the facilitator: the new inbox's first
/// request is kept beside the old one's. Made a member again, the co-facilitator's phone
/// forgets the requests; a member's phone never had them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_facilitator_reads_the_requests_and_one_answer_stands() {
    let www = tempfile::tempdir().unwrap();
    let (net, relay_dir) = net_on_files_with(RelayConfig {
        directory_file: Some(www.path().join("directory.json")),
        ..config()
    })
    .await;
    let (org_seed, org_key) = directory::new_org_key().unwrap();
    let published = Published {
        file: www.path().join("directory.json"),
        org_seed: org_seed.to_vec(),
        org_key,
        url: format!("{}/v1/directory", net.relay.url()),
    };
    let f = net.member("Facilitator Fern").await;
    let c = net.member("Cofacilitator Cole").await;
    let a = net.member("Member Ash").await;
    let everyone = [&f, &c, &a];
    let group = circle_with(&f, &[&c, &a]).await;
    let entry = f.client.open_to_requests(&group).unwrap().listing_entry;
    settle(&everyone).await;
    assert_eq!(c.client.request_inbox(&group).unwrap(), None, "not yet");
    f.client
        .set_role(&group, &my_key(&c, &group), Role::CoFacilitator)
        .unwrap();
    settle(&everyone).await;
    let given = c.client.request_inbox(&group).unwrap().unwrap();
    assert!(given.ready);
    assert_eq!(given.listing_entry, entry, "the same inbox and key");
    assert_eq!(a.client.request_inbox(&group).unwrap(), None);

    // Robin's request reaches both; Cole answers it.
    published.list(&entry, 1_800_000_000);
    let r = published.ask(&net, "Robin", NOTE).await;
    settle(&everyone).await;
    let waiting = vec![("Robin".to_string(), ReceivedRequestState::Waiting, None)];
    assert_eq!(requests_on(&c, &group), waiting);
    assert_eq!(requests_on(&f, &group), waiting);
    assert!(a.client.join_requests(None).unwrap().is_empty());
    let robin = c.client.join_requests(Some(&group)).unwrap().remove(0);
    c.client.invite_requester(robin.id, WELCOME).unwrap();
    settle(&everyone).await;
    assert_eq!(
        requests_on(&f, &group),
        [(
            "Robin".to_string(),
            ReceivedRequestState::Invited,
            Some("Cofacilitator Cole".to_string())
        )]
    );
    let at_fern = f.client.join_requests(Some(&group)).unwrap().remove(0);
    assert!(matches!(
        f.client.decline_request(at_fern.id, DECLINE),
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(
        requests_on(&c, &group)[0].2,
        None,
        "answered on Cole's phone"
    );

    // Robin joins by Cole's code (Cole's phone admits).
    r.sync.sync_once().await.unwrap();
    let got = r.client.sent_requests().unwrap().remove(0);
    assert_eq!(got.message.as_deref(), Some(WELCOME));
    r.client.join_from_request(got.id, "Robin").unwrap();
    for _ in 0..3 {
        for m in [&r, &c, &f, &r] {
            m.sync.sync_once().await.unwrap();
        }
    }
    assert_eq!(f.client.circle(&group).unwrap().member_count, 4);

    // Fern declines Sky before Cole's phone read the request: it never shows there waiting.
    let s = published.ask(&net, "Sky", "hello").await;
    f.sync.sync_once().await.unwrap();
    let sky = f.client.join_requests(Some(&group)).unwrap();
    let sky = sky.into_iter().find(|q| q.name == "Sky").unwrap();
    f.client.decline_request(sky.id, DECLINE).unwrap();
    settle(&everyone).await;
    let sky_at_cole = requests_on(&c, &group).remove(1);
    assert_eq!(
        sky_at_cole,
        (
            "Sky".to_string(),
            ReceivedRequestState::Declined,
            Some("Facilitator Fern".to_string())
        )
    );
    s.sync.sync_once().await.unwrap();
    assert_eq!(
        s.client.sent_requests().unwrap()[0].state,
        SentRequestState::Declined
    );

    // Cole closes the circle to requests: Fern's phone lets go of the inbox too.
    c.client.close_to_requests(&group).unwrap();
    settle(&everyone).await;
    assert_eq!(c.client.request_inbox(&group).unwrap(), None);
    assert_eq!(f.client.request_inbox(&group).unwrap(), None);
    assert_eq!(requests_on(&f, &group).len(), 2, "answered requests stay");

    // Opened anew: a new inbox, whose first request is kept beside Robin's (both first).
    let entry = f.client.open_to_requests(&group).unwrap().listing_entry;
    settle(&everyone).await;
    assert_eq!(entry_on(&c, &group), entry);
    published.list(&entry, 1_800_000_100);
    let _t = published.ask(&net, "Tam", "").await;
    settle(&everyone).await;
    for phone in [&f, &c] {
        let names: Vec<String> = requests_on(phone, &group)
            .into_iter()
            .map(|q| q.0)
            .collect();
        assert_eq!(names, ["Robin", "Sky", "Tam"], "{}", phone.name);
    }

    // Cole is a member again: the phone forgets the circle's requests and its inbox.
    f.client
        .set_role(&group, &my_key(&c, &group), Role::Member)
        .unwrap();
    settle(&everyone).await;
    assert_eq!(c.client.request_inbox(&group).unwrap(), None);
    assert!(c.client.join_requests(None).unwrap().is_empty());
    assert_eq!(requests_on(&f, &group).len(), 3);

    assert_relay_holds_none(net, &relay_dir, &[NOTE, WELCOME, DECLINE, "Robin", "Sky"]).await;
}

/// A request inbox nobody read for the relay's whole retention time is swept there: the
/// phones that held it say the circle is no longer open to requests (so it can be opened
/// again) instead of failing to read it on every pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inbox_the_relay_swept_is_no_longer_open_and_can_be_opened_again() {
    let store = hearth_relay::SqliteStore::in_memory().unwrap();
    let net = Net {
        relay: relay_on(store.clone(), "127.0.0.1:0").await,
        dir: tempfile::tempdir().unwrap(),
        ca: None,
    };
    let f = net.member("Facilitator Fern").await;
    let c = net.member("Cofacilitator Cole").await;
    let group = circle_with(&f, &[&c]).await;
    f.client
        .set_role(&group, &my_key(&c, &group), Role::CoFacilitator)
        .unwrap();
    let entry = f.client.open_to_requests(&group).unwrap().listing_entry;
    settle(&[&f, &c]).await;
    assert!(c.client.request_inbox(&group).unwrap().unwrap().ready);

    sweep_all_it_holds(&store).await;
    for phone in [&f, &c] {
        let mut events = phone.client.subscribe();
        phone.sync.sync_once().await.unwrap();
        assert_eq!(phone.client.request_inbox(&group).unwrap(), None);
        let mut told = false;
        while let Some(n) = events.try_recv() {
            told |= matches!(
                n,
                hearth_core::events::Notification::Changed(
                    hearth_core::events::Event::RequestsChanged
                )
            );
        }
        assert!(told, "{} was told", phone.name);
    }
    let again = f.client.open_to_requests(&group).unwrap();
    assert_ne!(again.listing_entry, entry);
    settle(&[&f, &c]).await;
    assert_eq!(entry_on(&c, &group), again.listing_entry);
}
