//! Wake-ups through the whole house: three members whose phones registered loopback
//! UnifiedPush endpoints with a push gateway, a relay handing tickets to it, and the core
//! leaving and renewing tickets as it syncs. One message wakes the other two once each
//! (never its sender) with a body that names nothing; a burst wakes each at most twice;
//! "don't wake me" in a circle stops that circle's wakes; a removed member is not woken
//! after the next epoch. The relay's files hold no endpoint or registration id, the
//! gateway's no mailbox id or capability.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_core::sync::PushGatewayClient;
use hearth_protocol::WAKE_BODY;
use hearth_push::testing::{PushKeys, PushServer};
use hearth_push::GatewayConfig;
use hearth_relay::wake::PushGateway;
use hearth_relay::{RelayConfig, SqliteStore};
use std::time::Duration;

/// At most one wake per phone per this long.
const WINDOW: Duration = Duration::from_secs(1);

struct House {
    net: Net,
    relay_dir: std::path::PathBuf,
    gateway: hearth_push::GatewayHandle,
    gateway_dir: tempfile::TempDir,
    push: PushServer,
}

async fn house() -> House {
    let gateway_dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway = hearth_push::start(
        listener,
        gateway_dir.path(),
        GatewayConfig {
            relay_tokens: vec!["a relay token".into()],
            coalesce: WINDOW,
            allow: vec!["127.0.0.0/8".parse().unwrap()],
            ..GatewayConfig::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay_dir = dir.path().join("relay");
    std::fs::create_dir_all(&relay_dir).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = RelayConfig {
        push_gateway: Some(PushGateway {
            url: gateway.url(),
            token: "a relay token".into(),
        }),
        wake_delay: Duration::from_millis(200),
        ..config()
    };
    let store = SqliteStore::open(&relay_dir.join("relay.db")).unwrap();
    let relay = hearth_relay::start(listener, store, config).unwrap();
    House {
        net: Net {
            relay,
            dir,
            ca: None,
        },
        relay_dir,
        gateway,
        gateway_dir,
        push: PushServer::start().await,
    }
}

impl House {
    /// A member whose phone registered a loopback endpoint named after them.
    async fn member(&self, name: &str) -> (Member, PushKeys) {
        let m = self.net.member(name).await;
        let keys = PushKeys::generate();
        PushGatewayClient::new(&self.gateway.url())
            .unwrap()
            .register(&m.client, keys.endpoint(&self.push, name))
            .await
            .unwrap();
        (m, keys)
    }

    /// Waits out every phone's window, then how many wakes each has had.
    async fn quiet_counts(&self, names: &[&str]) -> Vec<usize> {
        tokio::time::sleep(WINDOW + Duration::from_millis(800)).await;
        names.iter().map(|n| self.push.wakes(n).len()).collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wakes_reach_the_others_once_name_nothing_and_follow_membership_and_choice() {
    let h = house().await;
    let (f, f_keys) = h.member("fern").await;
    let (a, a_keys) = h.member("aster").await;
    let (b, _) = h.member("bryony").await;
    let group = circle_with(&f, &[&a, &b]).await;
    settle(&[&f, &a, &b]).await;
    let names = ["fern", "aster", "bryony"];
    let before = h.quiet_counts(&names).await;

    // One message: the other two are woken once each, within 2 s; the sender is not.
    f.client.send_text(&group, "a message", None).unwrap();
    let sent = tokio::time::Instant::now();
    f.sync.sync_once().await.unwrap();
    let aster = h.push.wait_for("aster", before[1] + 1).await;
    let bryony = h.push.wait_for("bryony", before[2] + 1).await;
    assert!(sent.elapsed() < Duration::from_secs(2), "woken within 2 s");
    let after = h.quiet_counts(&names).await;
    assert_eq!(after[1], before[1] + 1, "aster woken once");
    assert_eq!(after[2], before[2] + 1, "bryony woken once");
    assert_eq!(
        after[0], before[0],
        "the sender is not woken by its own message"
    );
    assert_eq!(a_keys.decrypt(aster.last().unwrap()), WAKE_BODY);
    assert_eq!(
        bryony.last().unwrap().body.len(),
        aster.last().unwrap().body.len()
    );
    let _ = f_keys;

    // A burst of 50: at most two wakes each.
    for i in 0..50 {
        f.client
            .send_text(&group, &format!("burst {i}"), None)
            .unwrap();
    }
    f.sync.sync_once().await.unwrap();
    let burst = h.quiet_counts(&names).await;
    for (i, name) in names.iter().enumerate().skip(1) {
        let wakes = burst[i] - after[i];
        assert!(
            (1..=2).contains(&wakes),
            "{name}: {wakes} wakes for a burst of 50"
        );
    }

    // "Don't wake me" in this circle: aster's ticket is withdrawn at its next sync.
    a.client.set_circle_wakes(&group, false).unwrap();
    assert!(!a.client.circle_wakes(&group).unwrap());
    a.sync.sync_once().await.unwrap();
    let muted = h.quiet_counts(&names).await;
    f.client
        .send_text(&group, "while aster sleeps", None)
        .unwrap();
    f.sync.sync_once().await.unwrap();
    h.push.wait_for("bryony", muted[2] + 1).await;
    let after_mute = h.quiet_counts(&names).await;
    assert_eq!(after_mute[1], muted[1], "aster chose not to be woken");
    assert_eq!(after_mute[2], muted[2] + 1, "bryony still is");

    // Bryony is removed: everyone is woken for the commit, then the next epoch's messages
    // wake the members who renewed their tickets, never bryony.
    a.client.set_circle_wakes(&group, true).unwrap();
    let b_key = my_key(&b, &group);
    f.client.remove_member(&group, &b_key).unwrap();
    settle(&[&f, &a, &b]).await;
    let removed = h.quiet_counts(&names).await;
    f.client
        .send_text(&group, "after bryony left", None)
        .unwrap();
    f.sync.sync_once().await.unwrap();
    h.push.wait_for("aster", removed[1] + 1).await;
    let last = h.quiet_counts(&names).await;
    assert_eq!(last[1], removed[1] + 1, "aster woken again");
    assert_eq!(last[2], removed[2], "a removed member is not woken");

    // What each side keeps: the relay no endpoint or registration id; the gateway no mailbox.
    let registration = a.client.push_registration().unwrap().unwrap();
    let House {
        net,
        relay_dir,
        gateway,
        gateway_dir,
        ..
    } = h;
    net.relay.shutdown().await.unwrap();
    gateway.shutdown().await.unwrap();
    let relay_files = relay_files(&relay_dir);
    for (file, bytes) in &relay_files {
        for needle in [
            b"/up/aster".as_slice(),
            b"127.0.0.1".as_slice(),
            &registration.registration_id,
            &registration.secret,
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{file} holds a push secret"
            );
        }
    }
    for entry in std::fs::read_dir(gateway_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes
                .windows(group.as_bytes().len())
                .any(|w| w == group.as_bytes()),
            "{} holds a mailbox id",
            path.display()
        );
        let endpoint = b"/up/aster";
        assert!(
            !bytes.windows(endpoint.len()).any(|w| w == endpoint),
            "an endpoint in the clear"
        );
    }
    drop(net.dir);
}

/// What a wake shows once the phone synced: only news the person wants (not their own
/// posts, not muted members, not circles they turned wakes off for, not what they read or
/// were told of already), no circle named unless chosen, nothing in quiet hours (the next
/// wake after them tells it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wake_tells_only_new_news_in_the_words_the_person_chose() {
    use hearth_core::circles::{NotificationSettings, QuietHours};
    let net = net().await;
    let f = net.member("fern").await;
    let a = net.member("aster").await;
    let b = net.member("bryony").await;
    let tuesday = circle_with(&f, &[&a, &b]).await;
    let noon: jiff::Timestamp = "2026-03-02T12:00:00Z".parse().unwrap();
    let notice = |at| a.client.notice_after_wake(at).unwrap();
    // Joining brought system events and guidelines, nothing to tell.
    assert_eq!(notice(noon), None);

    // Aster's own post is no news to aster; fern's two are, once.
    a.client.send_text(&tuesday, "mine", None).unwrap();
    f.client.send_text(&tuesday, "one", None).unwrap();
    f.client.send_text(&tuesday, "two", None).unwrap();
    settle(&[&f, &a, &b]).await;
    let told = notice(noon).expect("news");
    assert_eq!(told.text, "New messages in Hearth");
    assert_eq!(told.circles, vec![tuesday.clone()]);
    assert_eq!(told.messages, 2);
    assert_eq!(notice(noon), None, "told once");

    // A muted member's message wakes nobody's attention; bryony's does.
    f.client.send_text(&tuesday, "from fern", None).unwrap();
    settle(&[&f, &a, &b]).await;
    a.client
        .mute_member(&tuesday, &my_key(&f, &tuesday), true)
        .unwrap();
    assert_eq!(notice(noon), None, "fern is muted");
    b.client.send_text(&tuesday, "from bryony", None).unwrap();
    settle(&[&f, &a, &b]).await;

    // Naming circles, when the person chose it; quiet hours hold the news for later.
    a.client
        .set_notification_settings(NotificationSettings {
            name_circles: true,
            quiet_hours: Some(QuietHours {
                start: "22:00".parse().unwrap(),
                end: "07:00".parse().unwrap(),
                time_zone: "Europe/Dublin".into(),
            }),
        })
        .unwrap();
    let night: jiff::Timestamp = "2026-03-02T23:00:00Z".parse().unwrap();
    assert_eq!(notice(night), None, "quiet hours");
    let morning = notice("2026-03-03T08:00:00Z".parse().unwrap()).expect("kept");
    assert_eq!(morning.text, "New messages in Tuesday evening circle");
    assert_eq!(morning.messages, 1);

    // Read already, or a circle with wakes off: nothing to tell.
    b.client.send_text(&tuesday, "read at once", None).unwrap();
    settle(&[&f, &a, &b]).await;
    let newest = all_messages(&a.client, &tuesday)
        .iter()
        .filter_map(|m| m.relay_seq)
        .max()
        .unwrap();
    a.client.mark_read(&tuesday, newest).unwrap();
    assert_eq!(notice(noon), None, "read already");
    a.client.set_circle_wakes(&tuesday, false).unwrap();
    b.client.send_text(&tuesday, "while off", None).unwrap();
    settle(&[&f, &a, &b]).await;
    assert_eq!(notice(noon), None, "wakes are off for the circle");
    assert_eq!(a.client.circle(&tuesday).unwrap().unread, 1, "still unread");
}

/// A phone whose push address changed renews it at the gateway: the registration (and so
/// every ticket at the relay) stays, and wakes go to the new address. A gateway that forgot
/// the registration gives a fresh one, and the next sync leaves new tickets with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_push_address_is_renewed_and_a_forgotten_registration_made_again() {
    let h = house().await;
    let (f, _) = h.member("fern").await;
    let (a, keys) = h.member("aster").await;
    let group = circle_with(&f, &[&a]).await;
    settle(&[&f, &a]).await;
    let gateway = PushGatewayClient::new(&h.gateway.url()).unwrap();
    let before = a.client.push_registration().unwrap().unwrap();

    gateway
        .renew(&a.client, keys.endpoint(&h.push, "aster-new"))
        .await
        .unwrap();
    let renewed = a.client.push_registration().unwrap().unwrap();
    assert_eq!(renewed.registration_id, before.registration_id);
    tokio::time::sleep(WINDOW).await;
    f.client
        .send_text(&group, "to the new address", None)
        .unwrap();
    f.sync.sync_once().await.unwrap();
    let woken = h.push.wait_for("aster-new", 1).await;
    assert_eq!(woken.len(), 1, "woken at the new address");
    assert_eq!(keys.decrypt(&woken[0]), WAKE_BODY);

    // The gateway forgets aster (as after a 410 from the push service).
    let forgotten = reqwest::Client::new()
        .delete(format!(
            "{}/v1/registrations/{}",
            h.gateway.url(),
            hearth_protocol::Bytes(before.registration_id.to_vec()).to_text()
        ))
        .header(
            hearth_protocol::REGISTRATION_SECRET_HEADER,
            hearth_protocol::Bytes(before.secret.clone()).to_text(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forgotten.status(), 204);
    gateway
        .renew(&a.client, keys.endpoint(&h.push, "aster-third"))
        .await
        .unwrap();
    let fresh = a.client.push_registration().unwrap().unwrap();
    assert_ne!(fresh.registration_id, before.registration_id);
    settle(&[&f, &a]).await;
    tokio::time::sleep(WINDOW).await;
    f.client
        .send_text(&group, "after a new registration", None)
        .unwrap();
    f.sync.sync_once().await.unwrap();
    assert_eq!(h.push.wait_for("aster-third", 1).await.len(), 1);
}
