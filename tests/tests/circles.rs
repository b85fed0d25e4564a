//! Circles end to end: the relay in-process on 127.0.0.1:0 and members with temporary
//! profiles syncing through it with the real HTTP transport.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::sync::SyncSteps;
use hearth_core::GroupId;
use hearth_core::{Error, Role};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_members_get_every_message_exactly_once_and_agree_on_the_epoch() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let members = [
        net.member("Member Ash").await,
        net.member("Member Birch").await,
        net.member("Member Cedar").await,
        net.member("Member Dahlia").await,
    ];
    let refs: Vec<&Member> = members.iter().collect();
    let group = circle_with(&f, &refs).await;

    let mut all: Vec<&Member> = vec![&f];
    all.extend(refs.iter().copied());
    let mut sent = Vec::new();
    for round in 0..3 {
        for m in &all {
            let text = format!("round {round} from {}", m.name);
            m.client.send_text(&group, &text, None).unwrap();
            sent.push(text);
        }
        settle(&all).await;
    }

    let reference = bodies(&f, &group);
    assert_eq!(reference.len(), sent.len());
    let mut sorted = reference.clone();
    sorted.sort();
    sent.sort();
    assert_eq!(sorted, sent, "every message, once");
    let epoch = f.client.circle(&group).unwrap().epoch;
    let auth = f.client.epoch_authenticator(&group).unwrap();
    for m in &all {
        // The same messages in the same order, named by the sender's introduction.
        assert_eq!(bodies(m, &group), reference, "{}", m.name);
        assert!(texts(m, &group).iter().all(|(n, _)| n.is_some()));
        let summary = m.client.circle(&group).unwrap();
        assert_eq!(summary.member_count, 5);
        assert_eq!(summary.epoch, epoch);
        assert_eq!(summary.waiting, 0);
        assert_eq!(m.client.epoch_authenticator(&group).unwrap(), auth);
    }
    assert_eq!(members[0].client.circle(&group).unwrap().role, Role::Member);
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_member_reads_nothing_after_and_a_new_member_nothing_before() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    f.client
        .send_text(&group, "before the change", None)
        .unwrap();
    settle(&[&f, &a, &b]).await;

    let b_key = my_key(&b, &group);
    f.client.remove_member(&group, &b_key).unwrap();
    settle(&[&f, &a, &b]).await;
    assert_eq!(
        b.client.circle(&group).unwrap().state,
        hearth_core::CircleState::Removed
    );
    assert!(matches!(
        b.client.send_text(&group, "still here?", None),
        Err(Error::NotAMember)
    ));

    let c = net.member("Member Cedar").await;
    f.client.add_member(&group, &c.device_id).unwrap();
    f.client
        .send_text(&group, "after the change", None)
        .unwrap();
    settle(&[&f, &a, &b, &c]).await;

    assert_eq!(
        bodies(&a, &group),
        ["before the change", "after the change"]
    );
    assert_eq!(bodies(&b, &group), ["before the change"]);
    assert_eq!(bodies(&c, &group), ["after the change"]);
    let names = system_events(&a, &group);
    assert!(
        names
            .iter()
            .any(|n| n == "Member Birch was removed from the circle."),
        "{names:?}"
    );
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_is_a_proposal_the_facilitator_commits() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;
    a.client.leave_circle(&group).unwrap();
    // The facilitator cannot leave: nobody would be left to commit.
    assert!(matches!(
        f.client.leave_circle(&group),
        Err(Error::NotPermitted { .. })
    ));
    settle(&[&f, &a, &b]).await;
    assert_eq!(
        a.client.circle(&group).unwrap().state,
        hearth_core::CircleState::Left
    );
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
    assert_eq!(b.client.circle(&group).unwrap().member_count, 2);
    b.client.send_text(&group, "goodbye Ash", None).unwrap();
    settle(&[&f, &a, &b]).await;
    assert_eq!(bodies(&f, &group), ["goodbye Ash"]);
    assert!(bodies(&a, &group).is_empty());
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_profile_replies_reactions_edits_and_deletes_reach_everyone() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let group = circle_with(&f, &[&a, &b]).await;

    // A member may not change the circle or its members.
    assert!(matches!(
        a.client.update_circle(&group, Some("Mine now"), None, None),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        a.client.add_member(&group, &b.device_id),
        Err(Error::NotPermitted { .. })
    ));

    let a_key = my_key(&a, &group);
    f.client
        .set_role(&group, &a_key, Role::CoFacilitator)
        .unwrap();
    f.client
        .update_circle(
            &group,
            Some("Thursday circle"),
            None,
            Some("Be kind. Listen."),
        )
        .unwrap();
    settle(&[&f, &a, &b]).await;
    for m in [&f, &a, &b] {
        let c = m.client.circle(&group).unwrap();
        let log: Vec<String> = m
            .client
            .circle_messages(&group, 0, 100)
            .unwrap()
            .into_iter()
            .map(|m| m.body)
            .collect();
        assert_eq!(c.name, "Thursday circle", "{}: {log:?}", m.name);
        assert_eq!(
            (c.guidelines.as_str(), c.guidelines_version),
            ("Be kind. Listen.", 2)
        );
    }
    assert_eq!(a.client.circle(&group).unwrap().role, Role::CoFacilitator);

    // The co-facilitator commits too now: it adds a member.
    let c = net.member("Member Cedar").await;
    a.client.add_member(&group, &c.device_id).unwrap();
    settle(&[&f, &a, &b, &c]).await;
    assert_eq!(c.client.circle(&group).unwrap().name, "Thursday circle");
    // The changed guidelines are asked again of everyone, and of the new member.
    accept_guidelines(&group, &[&a, &b, &c]);

    let first = b.client.send_text(&group, "first try", None).unwrap();
    settle(&[&f, &a, &b, &c]).await;
    b.client
        .edit_message(&group, &first, "first, edited")
        .unwrap();
    let reply = f.client.send_text(&group, "a reply", Some(&first)).unwrap();
    c.client.react(&group, &first, "💛", false).unwrap();
    a.client.react(&group, &first, "💛", false).unwrap();
    assert!(matches!(
        f.client.edit_message(&group, &first, "not mine"),
        Err(Error::NotPermitted { .. })
    ));
    settle(&[&f, &a, &b, &c]).await;
    for m in [&f, &a, &b, &c] {
        let msgs = m.client.circle_messages(&group, 0, 100).unwrap();
        let orig = msgs.iter().find(|x| x.id == first).unwrap();
        assert_eq!(orig.body, "first, edited", "{}", m.name);
        assert!(orig.edited_at_ms.is_some());
        assert_eq!(orig.reactions.len(), 1);
        assert_eq!(orig.reactions[0].count, 2);
        let r = msgs.iter().find(|x| x.id == reply).unwrap();
        assert_eq!(r.reply_to.as_deref(), Some(first.as_str()));
    }
    b.client.delete_message(&group, &first).unwrap();
    settle(&[&f, &a, &b, &c]).await;
    let gone = f
        .client
        .circle_messages(&group, 0, 100)
        .unwrap()
        .into_iter()
        .find(|x| x.id == first)
        .unwrap();
    assert!(gone.deleted && gone.body.is_empty() && gone.reactions.is_empty());

    // Unread counts: everything from others is unread until marked.
    let summary = c.client.circle(&group).unwrap();
    assert!(summary.unread >= 1);
    let last = c
        .client
        .circle_messages(&group, 0, 500)
        .unwrap()
        .iter()
        .filter_map(|m| m.relay_seq)
        .max()
        .unwrap();
    c.client.mark_read(&group, last).unwrap();
    assert_eq!(c.client.circle(&group).unwrap().unread, 0);
    net.relay.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_joins_a_200_member_circle() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    // 199 members from one device's KeyPackages (each a fresh signature key and pseudonym,
    // so each a member of its own); they never sync, which costs the others nothing.
    let crowd = net.member("Crowd Device").await;
    crowd.client.set_relay(&net.relay.url()).unwrap();
    let group = f
        .client
        .create_circle("Big circle", "", "")
        .unwrap()
        .group_id;
    let mut added = 0;
    while added < 199 {
        // Publish a batch, then claim it all.
        let batch = (199 - added).min(90);
        let kps = SyncSteps::of(&crowd.client)
            .new_key_packages(batch, false)
            .unwrap();
        publish(&net, &crowd, kps).await;
        for _ in 0..batch {
            f.client.add_member(&group, &crowd.device_id).unwrap();
        }
        f.sync.sync_once().await.unwrap();
        added += batch;
    }
    assert_eq!(f.client.circle(&group).unwrap().member_count, 200);

    let newcomer = net.member("Member Newcomer").await;
    f.client.add_member(&group, &newcomer.device_id).unwrap();
    f.client.send_text(&group, "welcome, 201st", None).unwrap();
    settle(&[&f, &newcomer]).await;
    let summary = newcomer.client.circle(&group).unwrap();
    assert_eq!(summary.member_count, 201);
    assert_eq!(bodies(&newcomer, &group), ["welcome, 201st"]);
    assert_eq!(
        newcomer.client.epoch_authenticator(&group).unwrap(),
        f.client.epoch_authenticator(&group).unwrap()
    );
}

/// Uploads KeyPackages for a member's device (as its sync would), through the relay API.
async fn publish(net: &Net, m: &Member, kps: Vec<hearth_core::sync::SignedKeyPackage>) {
    use hearth_core::sync::Transport;
    let t = hearth_core::sync::HttpTransport::for_relay(&net.relay.url()).unwrap();
    let session = session_of(m, &t).await;
    t.upload_key_packages(
        &session,
        hearth_protocol::UploadKeyPackages {
            signatures: kps
                .iter()
                .map(|k| hearth_protocol::Bytes(k.signature.clone()))
                .collect(),
            key_packages: kps
                .into_iter()
                .map(|k| hearth_protocol::Bytes(k.key_package))
                .collect(),
            last_resort: None,
            last_resort_signature: None,
        },
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_can_be_added_as_soon_as_it_registered() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    let client = net.profile("Member Ash");
    let sync = sync_for(&client, &net.relay.url());
    // Only registration, as an app's "connect" does before it shows the device id: no
    // sync pass yet.
    let device_id = sync.register().await.unwrap();
    let ash = Member {
        name: "Member Ash".into(),
        client,
        sync,
        device_id,
    };

    let group = circle_with(&f, &[&ash]).await;

    assert_eq!(ash.client.circle(&group).unwrap().member_count, 2);
    assert_eq!(f.client.circle(&group).unwrap().member_count, 2);
    assert!(
        system_events(&f, &group)
            .iter()
            .all(|e| !e.contains("could not be added")),
        "{:?}",
        system_events(&f, &group)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_resort_key_package_is_replaced_once_used_and_every_circle_it_opened_works() {
    let net = net().await;
    let f = net.member("Facilitator Fern").await;
    // Three one-time KeyPackages and a last resort at the relay (the tests' sync target).
    let ash = net.member("Member Ash").await;

    let mut groups = Vec::new();
    let mut shared_keys = Vec::new();
    for round in 0..2 {
        // Five adds in one pass of Fern's before Ash syncs: three claim the one-time
        // KeyPackages, two the last resort.
        let batch: Vec<GroupId> = (0..5)
            .map(|i| {
                let name = format!("Circle {round}.{i}");
                let group = f.client.create_circle(&name, "", "Be kind.").unwrap();
                f.client
                    .add_member(&group.group_id, &ash.device_id)
                    .unwrap();
                group.group_id
            })
            .collect();
        settle(&[&f, &ash]).await;
        for group in &batch {
            accept_guidelines(group, &[&ash]);
        }

        let keys: Vec<Vec<u8>> = batch.iter().map(|g| my_key(&ash, g)).collect();
        let mut distinct = keys.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            4,
            "round {round}: one key serves two circles"
        );
        let shared = distinct
            .into_iter()
            .find(|k| keys.iter().filter(|x| *x == k).count() == 2)
            .unwrap();
        shared_keys.push(shared);
        groups.extend(batch);
    }
    // Ash's sync replaced the used last resort: the second round's is a new key.
    assert_ne!(shared_keys[0], shared_keys[1]);

    for (i, group) in groups.iter().enumerate() {
        ash.client
            .send_text(group, &format!("hello in {i}"), None)
            .unwrap();
    }
    settle(&[&f, &ash]).await;
    for (i, group) in groups.iter().enumerate() {
        assert_eq!(bodies(&f, group), [format!("hello in {i}")]);
        assert_eq!(f.client.circle(group).unwrap().member_count, 2);
    }
}
