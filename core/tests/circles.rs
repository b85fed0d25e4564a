//! Circles over MLS without a network: a simulated mailbox (one total order) carries every
//! message to every member, as the relay will.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::{Client, Error, Outgoing, Processed, Role};

/// A mailbox: messages in one order, each with the epoch it was sent in.
#[derive(Default)]
struct Mailbox {
    messages: Vec<(u64, Vec<u8>)>,
}

impl Mailbox {
    /// Posts for `poster`, who records the sequence number as sync does.
    fn post(&mut self, poster: &Client, out: &Outgoing) -> u64 {
        self.post_text(poster, out, None)
    }

    /// Posts a text message of `poster`'s, which learns its place in the order.
    fn post_text(&mut self, poster: &Client, out: &Outgoing, id: Option<&str>) -> u64 {
        self.messages.push((out.epoch, out.message.clone()));
        let seq = self.messages.len() as u64;
        if out.commit.is_none() {
            poster.posted(&out.group_id, seq, id).unwrap();
        }
        seq
    }

    /// Delivers everything from `from_epoch` on that `client` has not processed yet; after a
    /// commit that added members, the client introduces itself again, as sync does.
    fn deliver(&mut self, client: &Client, group: &[u8], from_epoch: u64) -> Vec<Processed> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.messages.len() {
            let (epoch, bytes) = self.messages[i].clone();
            i += 1;
            if epoch >= from_epoch {
                let processed = client.receive(group, i as u64, &bytes).unwrap();
                if let Processed::Commit { added, .. } = processed {
                    if added > 0 {
                        let intro = client.introduce(group).unwrap();
                        self.post(client, &intro);
                    }
                }
                out.push(processed);
            }
        }
        out
    }
}

fn texts(client: &Client, group: &[u8]) -> Vec<(Option<String>, String)> {
    client
        .circle_messages(group, 0, 500)
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "text")
        .map(|m| (m.sender_name, m.body))
        .collect()
}

/// Adds `joiner` to the circle through the facilitator: KeyPackage, commit, accepted,
/// Welcome, introduction. Returns the epoch the joiner starts at.
fn add(mailbox: &mut Mailbox, facilitator: &Client, joiner: &Client, group: &[u8]) -> u64 {
    let kp = joiner.new_key_packages(1, false).unwrap().remove(0);
    let commit = facilitator.add_member(group, &kp).unwrap();
    let seq = mailbox.post(facilitator, &commit);
    let epoch = facilitator.commit_accepted(group, seq).unwrap();
    let again = facilitator.introduce(group).unwrap();
    mailbox.post(facilitator, &again);
    let welcome = commit.commit.unwrap().welcome.unwrap();
    let (joined, intro) = joiner.join_circle(&welcome).unwrap();
    assert_eq!(joined, group);
    mailbox.post(joiner, &intro);
    epoch
}

#[test]
fn a_circle_carries_messages_between_its_members_and_they_agree_on_the_epoch() {
    let (_a, alice_dir, alice) = new_profile(&raw_secret(1));
    let (_b, _, bob) = new_profile(&raw_secret(2));
    let (_c, _, carol) = new_profile(&raw_secret(3));
    bob.set_display_name("Bob").unwrap();
    carol.set_display_name("Carol").unwrap();
    alice.set_display_name("Alice").unwrap();

    let mut mailbox = Mailbox::default();
    let created = alice
        .create_circle(
            "Tuesday evening",
            "A small group",
            "Be kind. What is said here stays here.",
        )
        .unwrap();
    let group = created.group_id.clone();
    assert_eq!(group.len(), 32);
    mailbox.post(&alice, &created.intro);
    assert_eq!(created.committers.len(), 1);

    let bob_from = add(&mut mailbox, &alice, &bob, &group);
    let carol_from = add(&mut mailbox, &alice, &carol, &group);
    assert_eq!(carol_from, 2);

    // Everyone catches up in the mailbox's order (twice: introductions answer commits).
    for _ in 0..2 {
        mailbox.deliver(&alice, &group, 0);
        mailbox.deliver(&bob, &group, bob_from);
        mailbox.deliver(&carol, &group, carol_from);
    }

    // Alice writes first, but Bob's message reaches the relay first: every phone shows the
    // relay's order, Alice's included.
    let (first, m2) = alice
        .send_text(&group, "Welcome, both of you", None)
        .unwrap();
    let (id1, m1) = bob
        .send_text(&group, "Hello from Bob CANARY-BOB-1", None)
        .unwrap();
    mailbox.post_text(&bob, &m1, Some(&id1));
    mailbox.post_text(&alice, &m2, Some(&first));
    let (id3, m3) = carol.send_text(&group, "Thank you", Some(&first)).unwrap();
    mailbox.post_text(&carol, &m3, Some(&id3));
    mailbox.deliver(&alice, &group, 0);
    mailbox.deliver(&bob, &group, bob_from);
    mailbox.deliver(&carol, &group, carol_from);

    let expected = vec![
        (
            Some("Bob".to_string()),
            "Hello from Bob CANARY-BOB-1".to_string(),
        ),
        (
            Some("Alice".to_string()),
            "Welcome, both of you".to_string(),
        ),
        (Some("Carol".to_string()), "Thank you".to_string()),
    ];
    for member in [&alice, &bob, &carol] {
        assert_eq!(texts(member, &group), expected);
        let summary = member.circle(&group).unwrap();
        assert_eq!(
            (summary.epoch, summary.member_count, summary.name.as_str()),
            (2, 3, "Tuesday evening")
        );
    }
    assert_eq!(alice.circle(&group).unwrap().role, Role::Facilitator);
    assert_eq!(bob.circle(&group).unwrap().role, Role::Member);
    let auth = alice.epoch_authenticator(&group).unwrap();
    assert_eq!(bob.epoch_authenticator(&group).unwrap(), auth);
    assert_eq!(carol.epoch_authenticator(&group).unwrap(), auth);
    // The relay capability is the same on every phone at an epoch, and changes with it.
    let (epoch, cap) = alice.circle_capability(&group).unwrap();
    assert_eq!(bob.circle_capability(&group).unwrap(), (epoch, cap.clone()));
    assert_ne!(cap, created.capability);

    // Delivered twice: processed once.
    let again = mailbox.deliver(&bob, &group, bob_from);
    assert!(again.iter().all(|p| *p == Processed::Duplicate));
    assert_eq!(texts(&bob, &group).len(), 3);

    // A member cannot change membership.
    let dave = new_profile(&raw_secret(4)).2;
    let kp = dave.new_key_packages(1, false).unwrap().remove(0);
    assert!(matches!(
        bob.add_member(&group, &kp),
        Err(Error::NotPermitted { .. })
    ));

    // Alice closes and reopens her profile; the circle goes on.
    alice.close();
    let alice = Client::open(&alice_dir, &raw_secret(1), fast()).unwrap();
    let (id4, m4) = alice
        .send_text(&group, "Still here after a restart", None)
        .unwrap();
    mailbox.post_text(&alice, &m4, Some(&id4));
    mailbox.deliver(&bob, &group, bob_from);
    assert_eq!(
        texts(&bob, &group).last().unwrap().1,
        "Still here after a restart"
    );

    // Nothing readable on disk.
    for (name, bytes) in files(&alice_dir) {
        assert!(!contains(&bytes, b"CANARY-BOB-1"), "{name} holds plaintext");
        assert!(
            !contains(&bytes, b"Tuesday evening"),
            "{name} holds the circle name"
        );
    }
}

#[test]
fn a_new_member_cannot_read_what_was_sent_before_they_joined() {
    let (_a, _, alice) = new_profile(&raw_secret(1));
    let (_b, _, bob) = new_profile(&raw_secret(2));
    let mut mailbox = Mailbox::default();
    let created = alice.create_circle("Circle", "", "").unwrap();
    let group = created.group_id.clone();
    mailbox.post(&alice, &created.intro);
    let (_, before) = alice.send_text(&group, "before Bob joined", None).unwrap();
    mailbox.post(&alice, &before);
    add(&mut mailbox, &alice, &bob, &group);
    // Bob is handed an epoch-0 message anyway: it cannot be decrypted, and nothing changes.
    let err = bob.receive(&group, 2, &before.message).unwrap_err();
    assert!(matches!(err, Error::MessageRejected { .. }), "{err:?}");
    assert!(texts(&bob, &group).is_empty());
}

#[test]
fn a_refused_commit_is_discarded_and_the_circle_stays_usable() {
    let (_a, _, alice) = new_profile(&raw_secret(1));
    let (_b, _, bob) = new_profile(&raw_secret(2));
    let created = alice.create_circle("Circle", "", "").unwrap();
    let group = created.group_id;
    let kp = bob.new_key_packages(1, false).unwrap().remove(0);
    let commit = alice.add_member(&group, &kp).unwrap();
    // While a commit waits for the relay, no second change starts.
    let kp2 = bob.new_key_packages(1, false).unwrap().remove(0);
    assert!(matches!(alice.add_member(&group, &kp2), Err(Error::Busy)));
    alice.commit_refused(&group).unwrap();
    assert_eq!(alice.circle(&group).unwrap().epoch, 0);
    // (Its Welcome is never sent: sync sends a Welcome only after the relay accepted the commit.)
    drop(commit);
    let again = alice.add_member(&group, &kp2).unwrap();
    assert_eq!(alice.commit_accepted(&group, 1).unwrap(), 1);
    bob.join_circle(&again.commit.unwrap().welcome.unwrap())
        .unwrap();
    assert_eq!(bob.circle(&group).unwrap().epoch, 1);
    assert_eq!(
        bob.epoch_authenticator(&group).unwrap(),
        alice.epoch_authenticator(&group).unwrap()
    );
}

#[test]
fn a_commit_whose_acknowledgement_was_lost_is_recognised_when_it_comes_back() {
    let (_a, _, alice) = new_profile(&raw_secret(1));
    let (_b, _, bob) = new_profile(&raw_secret(2));
    let created = alice.create_circle("Circle", "", "").unwrap();
    let group = created.group_id;
    let kp = bob.new_key_packages(1, false).unwrap().remove(0);
    let commit = alice.add_member(&group, &kp).unwrap();
    // The relay stored it at seq 1, but Alice never heard back; the fetch brings it to her.
    let processed = alice.receive(&group, 1, &commit.message).unwrap();
    assert_eq!(
        processed,
        Processed::Commit {
            epoch: 1,
            removed_us: false,
            added: 1
        }
    );
    let events: Vec<String> = alice
        .circle_messages(&group, 0, 100)
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert!(
        events.contains(&"1 member(s) were added.".to_string()),
        "{events:?}"
    );
    bob.join_circle(&commit.commit.unwrap().welcome.unwrap())
        .unwrap();
    assert_eq!(
        bob.epoch_authenticator(&group).unwrap(),
        alice.epoch_authenticator(&group).unwrap()
    );
}
