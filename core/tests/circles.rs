//! Circles without a network: the outbox and delivery steps sync drives, checked directly.
//! (End-to-end behaviour through the real relay is in the tests/ crate.)
#![allow(clippy::unwrap_used)]

mod common;

use common::loopback::{claimed, device_id, fresh_claim, Loopback};
use common::*;
use hearth_core::circles::{Next, OutboxId, Post};
use hearth_core::sync::SyncSteps;
use hearth_core::GroupId;
use hearth_core::{Client, Error, Processed};
use hearth_protocol::ClaimedKeyPackage;

/// Takes the next post, which must be a mailbox message, and returns its bytes and client id.
fn next_message(client: &hearth_core::Client, group: &GroupId) -> (OutboxId, Vec<u8>, Vec<u8>) {
    match SyncSteps::of(client).next_post(group).unwrap() {
        Next::Post(item) => match item.post {
            Post::Message(m) => (item.id, m.client_id.0, m.message.0),
            other => panic!("expected a message, got {other:?}"),
        },
        other => panic!("expected a post, got {other:?}"),
    }
}

#[test]
fn bad_input_gets_typed_errors_and_changes_nothing() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(1));
    assert!(matches!(
        client.create_circle("   ", "", ""),
        Err(Error::InvalidInput { field: "name", .. })
    ));
    assert!(matches!(
        client.create_circle("A\u{202e}B", "", ""),
        Err(Error::InvalidInput { field: "name", .. })
    ));
    let group = client
        .create_circle("Circle", "", "Be kind")
        .unwrap()
        .group_id;
    assert!(matches!(
        client.send_text(&group, "  ", None),
        Err(Error::InvalidInput { field: "body", .. })
    ));
    assert!(matches!(
        client.send_text(&group, &"x".repeat(10_001), None),
        Err(Error::InvalidInput { field: "body", .. })
    ));
    assert!(matches!(
        client.send_text(
            &group,
            "hi",
            Some(&hearth_core::MessageId::new("no-such-message"))
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        client.add_member(&group, "not-a-device"),
        Err(Error::InvalidInput {
            field: "device_id",
            ..
        })
    ));
    assert!(matches!(
        client.react(&group, &hearth_core::MessageId::new("nope"), "👍", false),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        client.send_text(&GroupId::from_bytes([9; 32]), "hi", None),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        client.set_relay("ftp://relay"),
        Err(Error::InvalidInput { field: "relay", .. })
    ));
    let summary = client.circle(&group).unwrap();
    assert_eq!((summary.epoch, summary.member_count), (0, 1));
    assert!(client
        .circle_messages(&group, 0, 10)
        .unwrap()
        .iter()
        .all(|m| m.kind == hearth_core::circles::MessageKind::System));
}

#[test]
fn the_outbox_survives_a_restart_and_posts_the_same_bytes_again() {
    let (_tmp, dir, client) = new_profile(&raw_secret(2));
    let group = client.create_circle("Circle", "", "").unwrap().group_id;
    let id = client
        .send_text(&group, "kept across a crash", None)
        .unwrap();
    // The mailbox is opened first.
    match SyncSteps::of(&client).next_post(&group).unwrap() {
        Next::Post(item) => {
            assert!(matches!(item.post, Post::OpenMailbox(_)));
            SyncSteps::of(&client)
                .post_accepted(&group, item.id, 0)
                .unwrap();
        }
        other => panic!("{other:?}"),
    }
    let (intro_id, _, _) = next_message(&client, &group);
    SyncSteps::of(&client)
        .post_accepted(&group, intro_id, 1)
        .unwrap();
    // Sealed, then the process dies before the relay answers.
    let (item, client_id, bytes) = next_message(&client, &group);
    drop(client);
    let client = hearth_core::Client::open(&dir, &raw_secret(2), fast()).unwrap();
    let (again, client_id2, bytes2) = next_message(&client, &group);
    assert_eq!((item, &client_id, &bytes), (again, &client_id2, &bytes2));
    SyncSteps::of(&client)
        .post_accepted(&group, item, 2)
        .unwrap();
    assert!(matches!(
        SyncSteps::of(&client).next_post(&group).unwrap(),
        Next::Idle
    ));
    let mine = client.circle_messages(&group, 0, 10).unwrap();
    let text = mine.iter().find(|m| m.id == id).unwrap();
    assert_eq!(text.relay_seq, Some(2));
    // Its echo from the relay is recognised, not processed again.
    assert_eq!(
        SyncSteps::of(&client).receive(&group, 2, &bytes).unwrap(),
        Processed::Duplicate
    );
    assert_eq!(client.circle(&group).unwrap().waiting, 0);
}

/// A new circle of `client`'s whose mailbox the relay opened and whose introduction it placed
/// at 1.
fn posted_circle(client: &Client) -> GroupId {
    let group = client.create_circle("Circle", "", "").unwrap().group_id;
    match SyncSteps::of(client).next_post(&group).unwrap() {
        Next::Post(item) => SyncSteps::of(client)
            .post_accepted(&group, item.id, 0)
            .unwrap(),
        other => panic!("{other:?}"),
    }
    let (intro, _, _) = next_message(client, &group);
    SyncSteps::of(client)
        .post_accepted(&group, intro, 1)
        .unwrap();
    group
}

/// The relay's answer for a post that is settled already (another process's sync answered
/// it first, say) settles nothing, even once the queue has emptied and filled again.
#[test]
fn an_answer_that_comes_late_settles_no_newer_post() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(2));
    let group = posted_circle(&client);
    client.send_text(&group, "first", None).unwrap();
    let (first, _, _) = next_message(&client, &group);
    SyncSteps::of(&client)
        .post_accepted(&group, first, 2)
        .unwrap();
    let second_id = client.send_text(&group, "second", None).unwrap();
    let (second, client_id, bytes) = next_message(&client, &group);
    assert_ne!(second, first);
    for late in [
        SyncSteps::of(&client).post_accepted(&group, first, 2),
        SyncSteps::of(&client).post_stale(&group, first),
        SyncSteps::of(&client).post_refused(&group, first),
    ] {
        assert!(matches!(late, Err(Error::NotFound { .. })), "{late:?}");
    }
    // The second post still waits, sealed as it was.
    assert_eq!(next_message(&client, &group), (second, client_id, bytes));
    let seq_of = |id: &hearth_core::MessageId| {
        let all = client.circle_messages(&group, 0, 10).unwrap();
        all.into_iter().find(|m| &m.id == id).unwrap().relay_seq
    };
    assert_eq!(seq_of(&second_id), None);
    SyncSteps::of(&client)
        .post_accepted(&group, second, 3)
        .unwrap();
    assert_eq!(seq_of(&second_id), Some(3));
    assert!(matches!(
        SyncSteps::of(&client).next_post(&group).unwrap(),
        Next::Idle
    ));
}

#[test]
fn a_bad_delivery_is_skipped_and_never_blocks_the_circle() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(3));
    let group = client.create_circle("Circle", "", "").unwrap().group_id;
    let first = SyncSteps::of(&client)
        .receive(&group, 1, b"not an MLS message")
        .unwrap();
    assert!(matches!(
        first,
        Processed::Rejected {
            violation: false,
            ..
        }
    ));
    assert_eq!(SyncSteps::of(&client).circle_cursor(&group).unwrap(), 1);
    // The same sequence number again is a duplicate, before anything is decrypted.
    assert_eq!(
        SyncSteps::of(&client)
            .receive(&group, 1, b"anything")
            .unwrap(),
        Processed::Duplicate
    );
    assert_eq!(client.circle(&group).unwrap().epoch, 0);
}

#[test]
fn the_latest_messages_are_the_tail_of_the_history_with_waiting_posts_last() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(4));
    let group = posted_circle(&client);
    let mut ids = Vec::new();
    for (n, seq) in [(1, Some(2)), (2, Some(3)), (3, Some(4)), (4, None)] {
        ids.push(
            client
                .send_text(&group, &format!("text {n}"), None)
                .unwrap(),
        );
        if let Some(seq) = seq {
            let (item, _, _) = next_message(&client, &group);
            SyncSteps::of(&client)
                .post_accepted(&group, item, seq)
                .unwrap();
        }
    }
    let all = client.circle_messages(&group, 0, 500).unwrap();
    let latest = client.latest_circle_messages(&group, 3).unwrap();
    let bodies: Vec<&str> = latest.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["text 2", "text 3", "text 4"]);
    assert_eq!(latest[2].relay_seq, None, "the waiting post comes last");
    assert_eq!(latest[..], all[all.len() - 3..]);
    assert_eq!(client.latest_circle_messages(&group, 500).unwrap(), all);
    assert!(matches!(
        client.latest_circle_messages(&group, 0),
        Err(Error::InvalidInput { field: "limit", .. })
    ));
}

/// The text messages of a circle's history, oldest first.
fn texts(client: &Client, group: &GroupId) -> Vec<String> {
    client
        .circle_messages(group, 0, 500)
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == hearth_core::circles::MessageKind::Text)
        .map(|m| m.body)
        .collect()
}

/// Fern's new circle with Ash in it (Ash accepted the guidelines), the two profiles in
/// `dir` (`fern` keyed with `raw_secret(1)`, `ash` with `raw_secret(2)`), and the loopback
/// relay that carried it.
fn fern_and_ash(dir: &std::path::Path) -> (Client, Client, GroupId, Loopback) {
    let fern = Client::create(&dir.join("fern"), &raw_secret(1), "Fern", fast()).unwrap();
    let ash = Client::create(&dir.join("ash"), &raw_secret(2), "Ash", fast()).unwrap();
    let group = fern.create_circle("Circle", "", "").unwrap().group_id;
    fern.add_member(&group, &device_id(&ash)).unwrap();
    let mut relay = Loopback::default();
    relay.drain(&fern, &group, &mut |_| fresh_claim(&ash));
    SyncSteps::of(&ash)
        .join_circle(&relay.welcomes.pop().unwrap().1)
        .unwrap();
    ash.accept_invitation(&group).unwrap();
    ash.accept_guidelines(&group, 1).unwrap();
    (fern, ash, group, relay)
}

/// Fern's commit is accepted just after a message Ash sent in the epoch it ends, and Fern
/// merges it before reading Ash's message: the message is from a past epoch by then.
/// Returns what Fern made of that message after `expire` ran.
fn late_message_after_own_commit(expire: impl Fn(&Client, &GroupId)) -> (Processed, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let (fern, ash, group, mut relay) = fern_and_ash(tmp.path());
    for _ in 0..2 {
        relay.drain(&ash, &group, &mut |_| unreachable!());
        relay.deliver(&fern, &group);
        relay.drain(&fern, &group, &mut |_| unreachable!());
        relay.deliver(&ash, &group);
    }
    let epoch = fern.circle(&group).unwrap().epoch;

    ash.send_text(&group, "sent just before the rename", None)
        .unwrap();
    let (ash_item, _, ash_message) = next_message(&ash, &group);
    fern.update_circle(&group, Some("Renamed"), None, None)
        .unwrap();
    let (fern_item, _, fern_commit) = next_message(&fern, &group);
    let ash_seq = relay.post(ash_message);
    SyncSteps::of(&ash)
        .post_accepted(&group, ash_item, ash_seq)
        .unwrap();
    let fern_seq = relay.post(fern_commit);
    SyncSteps::of(&fern)
        .post_accepted(&group, fern_item, fern_seq)
        .unwrap();
    assert_eq!(fern.circle(&group).unwrap().epoch, epoch + 1);

    expire(&fern, &group);
    let processed = relay.deliver(&fern, &group);
    (processed[0].clone(), texts(&fern, &group))
}

#[test]
fn a_past_epoch_stays_readable_until_its_secrets_expire() {
    let sent = "sent just before the rename".to_string();
    // Within the window (the age limit sync applies), the late message is read.
    let (kept, texts) = late_message_after_own_commit(|client, group| {
        SyncSteps::of(client)
            .expire_past_epoch_secrets(group, hearth_core::circles::PAST_EPOCH_MAX_AGE)
            .unwrap()
    });
    assert!(matches!(kept, Processed::Message(_)), "{kept:?}");
    assert!(texts.contains(&sent));
    // Once the epoch's secrets are deleted, it cannot be: the delivery is skipped, typed.
    let (expired, texts) = late_message_after_own_commit(|client, group| {
        SyncSteps::of(client)
            .expire_past_epoch_secrets(group, std::time::Duration::ZERO)
            .unwrap()
    });
    assert!(
        matches!(
            expired,
            Processed::Rejected {
                violation: false,
                ..
            }
        ),
        "{expired:?}"
    );
    assert!(!texts.contains(&sent));
}

/// How many rows `table` holds in the profile database in `dir` (keyed with
/// `raw_secret(byte)`), read with bare SQLCipher.
fn rows(dir: &std::path::Path, byte: u8, table: &str) -> i64 {
    bare_sqlcipher(dir, byte, NEW_PROFILE_FORMAT)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// How many signing keys openmls holds in a profile.
fn signing_keys(dir: &std::path::Path, byte: u8) -> i64 {
    rows(dir, byte, "openmls_signature_keys")
}

#[test]
fn a_membership_that_ends_takes_its_signing_key_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    let fern = Client::create(&dir("fern"), &raw_secret(1), "Fern", fast()).unwrap();
    let ash = Client::create(&dir("ash"), &raw_secret(2), "Ash", fast()).unwrap();
    let birch = Client::create(&dir("birch"), &raw_secret(3), "Birch", fast()).unwrap();
    let group = fern.create_circle("Circle", "", "").unwrap().group_id;
    let (ash_device, birch_device) = (device_id(&ash), device_id(&birch));
    fern.add_member(&group, &ash_device).unwrap();
    fern.add_member(&group, &birch_device).unwrap();
    let mut relay = Loopback::default();
    relay.drain(&fern, &group, &mut |device| {
        let joiner = if device == ash_device { &ash } else { &birch };
        fresh_claim(joiner)
    });
    for (device, welcome) in std::mem::take(&mut relay.welcomes) {
        let joiner = if device == ash_device { &ash } else { &birch };
        let joined = SyncSteps::of(joiner).join_circle(&welcome).unwrap();
        joiner.accept_invitation(&joined).unwrap();
    }
    relay.deliver(&ash, &group);
    relay.deliver(&birch, &group);
    // Each phone holds one key: the one it signs with in this circle.
    for (name, byte) in [("fern", 1), ("ash", 2), ("birch", 3)] {
        assert_eq!(signing_keys(&dir(name), byte), 1, "{name}");
    }

    // Ash is removed: Ash's phone deletes its key, and still shows the circle's history.
    let ash_key = ash
        .circle_members(&group)
        .unwrap()
        .into_iter()
        .find(|m| m.is_me)
        .unwrap()
        .key;
    fern.remove_member(&group, &ash_key).unwrap();
    relay.drain(&fern, &group, &mut |_| unreachable!());
    relay.deliver(&ash, &group);
    relay.deliver(&birch, &group);
    assert_eq!(
        ash.circle(&group).unwrap().state,
        hearth_core::CircleState::Removed
    );
    assert_eq!(signing_keys(&dir("ash"), 2), 0);
    assert!(!ash.circle_messages(&group, 0, 50).unwrap().is_empty());
    assert_eq!(signing_keys(&dir("birch"), 3), 1, "Birch is still a member");
    assert_eq!(signing_keys(&dir("fern"), 1), 1, "Fern is still a member");

    // Fern closes the circle: Birch's key goes when the closing commit arrives, Fern's once
    // the relay has deleted the mailbox (a request Fern signs).
    fern.close_circle(&group).unwrap();
    relay.post_next(&fern, &group);
    assert_eq!(
        signing_keys(&dir("fern"), 1),
        1,
        "the mailbox is not deleted yet"
    );
    relay.drain(&fern, &group, &mut |_| unreachable!());
    assert_eq!(signing_keys(&dir("fern"), 1), 0);
    relay.deliver(&birch, &group);
    assert_eq!(signing_keys(&dir("birch"), 3), 0);
    // Nothing this phone may still do in the circle needs the key.
    assert!(birch.send_text(&group, "still here?", None).is_err());
}

/// How many of our posts a profile remembers, to skip them when they come back.
fn own_posts(dir: &std::path::Path, byte: u8) -> i64 {
    rows(dir, byte, "circle_own_posts")
}

#[test]
fn our_posts_are_skipped_when_they_come_back_and_then_forgotten() {
    let tmp = tempfile::tempdir().unwrap();
    let fern_dir = tmp.path().join("fern");
    let (fern, ash, group, mut relay) = fern_and_ash(tmp.path());
    // Both have sent (the first send also proposes a key update) and read everything.
    relay.settle(&ash, &fern, &group);
    relay.deliver(&fern, &group);
    let read = relay.log.len() as u64;
    assert_eq!(SyncSteps::of(&fern).circle_cursor(&group).unwrap(), read);

    // Nothing unread comes before Fern's post: the cursor simply moves past it.
    fern.send_text(&group, "first", None).unwrap();
    let first = relay.post_next(&fern, &group);
    assert_eq!(first, read + 1);
    assert_eq!(SyncSteps::of(&fern).circle_cursor(&group).unwrap(), first);
    assert_eq!(own_posts(&fern_dir, 1), 0);

    // Ash's message comes first: Fern's next post is remembered instead...
    ash.send_text(&group, "from Ash", None).unwrap();
    relay.drain(&ash, &group, &mut |_| unreachable!());
    fern.send_text(&group, "second", None).unwrap();
    let second = relay.post_next(&fern, &group);
    assert_eq!(second, first + 2);
    assert_eq!(SyncSteps::of(&fern).circle_cursor(&group).unwrap(), first);
    assert_eq!(own_posts(&fern_dir, 1), 1);

    // ...skipped when it comes back, and forgotten once the cursor has passed it.
    let processed = relay.deliver(&fern, &group);
    assert!(matches!(
        processed[..],
        [Processed::Message(_), Processed::Duplicate]
    ));
    assert_eq!(SyncSteps::of(&fern).circle_cursor(&group).unwrap(), second);
    assert_eq!(own_posts(&fern_dir, 1), 0);
    let texts = texts(&fern, &group);
    assert_eq!(texts[texts.len() - 3..], ["first", "from Ash", "second"]);
}

/// How many KeyPackages a profile keeps: our records, and openmls's private keys for them.
fn key_packages(dir: &std::path::Path, byte: u8) -> (i64, i64) {
    (
        rows(dir, byte, "circle_key_packages"),
        rows(dir, byte, "openmls_key_packages"),
    )
}

/// Moves a profile's KeyPackage records `days` into the past, as if made that long ago.
fn age_key_packages(dir: &std::path::Path, byte: u8, days: i64) {
    bare_sqlcipher(dir, byte, NEW_PROFILE_FORMAT)
        .unwrap()
        .execute(
            "UPDATE circle_key_packages SET created_at_ms = created_at_ms - ?1",
            [days * 86_400_000],
        )
        .unwrap();
}

#[test]
fn expired_key_packages_take_their_private_keys_with_them() {
    let tmp = tempfile::tempdir().unwrap();
    let ash_dir = tmp.path().join("ash");
    let (fern, ash, group, mut relay) = fern_and_ash(tmp.path());
    // The KeyPackage Ash joined with is gone already; three more are published.
    assert_eq!(key_packages(&ash_dir, 2), (0, 0));
    SyncSteps::of(&ash).new_key_packages(2, true).unwrap();
    assert_eq!(key_packages(&ash_dir, 2), (3, 3));
    assert_eq!(signing_keys(&ash_dir, 2), 4);
    let encryption_keys = rows(&ash_dir, 2, "openmls_encryption_keys");
    // Twelve weeks of validity, then thirty days for a Welcome made just before their end.
    age_key_packages(&ash_dir, 2, 12 * 7 + 29);
    assert_eq!(
        SyncSteps::of(&ash).forget_expired_key_packages().unwrap(),
        0
    );
    assert_eq!(key_packages(&ash_dir, 2), (3, 3));
    age_key_packages(&ash_dir, 2, 2);
    assert_eq!(
        SyncSteps::of(&ash).forget_expired_key_packages().unwrap(),
        3
    );
    assert_eq!(key_packages(&ash_dir, 2), (0, 0));
    assert_eq!(signing_keys(&ash_dir, 2), 1, "the circle's key stays");
    assert_eq!(
        rows(&ash_dir, 2, "openmls_encryption_keys"),
        encryption_keys
    );
    // Ash still posts in the circle.
    relay.settle(&ash, &fern, &group);
    assert_eq!(texts(&fern, &group), ["hello"; 6]);
}

/// Fern's circle that Ash joins with `key_package`, the loopback relay that carried it.
fn circle_joined_with(
    fern: &Client,
    ash: &Client,
    key_package: &ClaimedKeyPackage,
) -> (GroupId, Loopback) {
    let group = fern.create_circle("Circle", "", "").unwrap().group_id;
    fern.add_member(&group, &device_id(ash)).unwrap();
    let mut relay = Loopback::default();
    relay.drain(fern, &group, &mut |_| key_package.clone());
    SyncSteps::of(ash)
        .join_circle(&relay.welcomes.pop().unwrap().1)
        .unwrap();
    ash.accept_invitation(&group).unwrap();
    ash.accept_guidelines(&group, 1).unwrap();
    relay.settle(ash, fern, &group);
    (group, relay)
}

/// Ash's key in a circle.
fn my_key(client: &Client, group: &GroupId) -> Vec<u8> {
    let members = client.circle_members(group).unwrap();
    members.into_iter().find(|m| m.is_me).unwrap().key
}

#[test]
fn a_key_shared_through_a_last_resort_key_package_stays_while_anything_needs_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (fern_dir, ash_dir) = (tmp.path().join("fern"), tmp.path().join("ash"));
    let fern = Client::create(&fern_dir, &raw_secret(1), "Fern", fast()).unwrap();
    let ash = Client::create(&ash_dir, &raw_secret(2), "Ash", fast()).unwrap();
    // Two circles claim Ash's last-resort KeyPackage before it is replaced: one key in both.
    // (The one-time KeyPackage made with it is never claimed.)
    let last_resort = claimed(
        &ash,
        SyncSteps::of(&ash)
            .new_key_packages(1, true)
            .unwrap()
            .pop()
            .unwrap(),
    );
    let (first, mut first_relay) = circle_joined_with(&fern, &ash, &last_resort);
    let (second, mut second_relay) = circle_joined_with(&fern, &ash, &last_resort);
    assert_eq!(my_key(&ash, &first), my_key(&ash, &second));
    assert_eq!(signing_keys(&ash_dir, 2), 2);

    // Removed from the first circle: the second and the KeyPackage still need the key.
    fern.remove_member(&first, &my_key(&ash, &first)).unwrap();
    first_relay.drain(&fern, &first, &mut |_| unreachable!());
    first_relay.deliver(&ash, &first);
    assert_eq!(
        ash.circle(&first).unwrap().state,
        hearth_core::CircleState::Removed
    );
    assert_eq!(signing_keys(&ash_dir, 2), 2);
    // The KeyPackages expire: the unclaimed one's key goes, the second circle's stays.
    age_key_packages(&ash_dir, 2, 12 * 7 + 31);
    assert_eq!(
        SyncSteps::of(&ash).forget_expired_key_packages().unwrap(),
        2
    );
    assert_eq!(key_packages(&ash_dir, 2), (0, 0));
    assert_eq!(signing_keys(&ash_dir, 2), 1);
    second_relay.settle(&ash, &fern, &second);
    assert_eq!(texts(&fern, &second).len(), 12);

    // Removed from the second circle too: nothing needs it any more.
    fern.remove_member(&second, &my_key(&ash, &second)).unwrap();
    second_relay.drain(&fern, &second, &mut |_| unreachable!());
    second_relay.deliver(&ash, &second);
    assert_eq!(signing_keys(&ash_dir, 2), 0);
}

#[test]
fn a_pasted_device_id_and_padded_circle_texts_are_cleaned_up_in_core() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(7));
    let circle = client
        .create_circle("  Circle  ", "  A quiet place \n", "\n Be kind. ")
        .unwrap();
    assert_eq!(
        (
            circle.name.as_str(),
            circle.description.as_str(),
            circle.guidelines.as_str()
        ),
        ("Circle", "A quiet place", "Be kind.")
    );
    // Spaces around it and capitals, as people paste it: the same device.
    let pasted = format!("  {}\n", "AB".repeat(16));
    client.add_member(&circle.group_id, &pasted).unwrap();
    let short = client.add_member(&circle.group_id, "abc");
    assert!(matches!(
        short,
        Err(Error::InvalidInput {
            field: "device_id",
            ..
        })
    ));
}
