//! Consent before joining: a stranger who knows someone's device id can add them to a circle,
//! but the circle only waits on the person's phone as an invitation. Nothing leaves the phone
//! (not even their name) until they accept; declining tells nobody; and the relay takes a
//! Welcome only from whoever claimed one of the device's KeyPackages.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::sync::Transport;
use hearth_core::{CircleState, Role};
use hearth_protocol::{Bytes, ErrorCode, PostWelcome};

/// Mallory's circle with Ash added by device id, after both synced (Ash has not answered).
async fn mallory_adds_ash(net: &Net) -> (Member, Member, hearth_core::GroupId) {
    let mallory = net.member("Mallory").await;
    let ash = net.member("Ash").await;
    let group = mallory
        .client
        .create_circle("Totally legit support", "", "Tell us everything.")
        .unwrap()
        .group_id;
    mallory.client.add_member(&group, &ash.device_id).unwrap();
    for _ in 0..3 {
        mallory.sync.sync_once().await.unwrap();
        ash.sync.sync_once().await.unwrap();
    }
    (mallory, ash, group)
}

#[tokio::test]
async fn a_forced_join_waits_as_an_invitation_and_sends_nothing_until_accepted() {
    let net = net().await;
    let (mallory, ash, group) = mallory_adds_ash(&net).await;

    // On Ash's phone: an invitation, saying which circle, who added them, and its guidelines.
    let invitation = ash.client.circle(&group).unwrap();
    assert_eq!(invitation.state, CircleState::Invited);
    assert_eq!(invitation.name, "Totally legit support");
    assert_eq!(invitation.guidelines, "Tell us everything.");
    assert_eq!(invitation.added_by, Some(Role::Facilitator));
    assert_eq!(invitation.waiting, 0, "nothing queued to send");
    // Ash can do nothing in it before answering.
    assert!(matches!(
        ash.client.send_text(&group, "hi", None),
        Err(hearth_core::Error::NotPermitted { .. })
    ));

    // Mallory learns nothing: Ash is a leaf in the group, but no name, no introduction.
    for _ in 0..2 {
        mallory.sync.sync_once().await.unwrap();
        ash.sync.sync_once().await.unwrap();
    }
    let members = mallory.client.circle_members(&group).unwrap();
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|m| m.is_me || m.display_name.is_none()));
    assert!(!messages(&mallory, &group)
        .iter()
        .any(|(_, b)| b.contains("Ash")));

    // Accepting starts the membership: the introduction goes, and Mallory's phone says who.
    ash.client.accept_invitation(&group).unwrap();
    assert_eq!(
        ash.client.circle(&group).unwrap().state,
        CircleState::Active
    );
    settle(&[&mallory, &ash]).await;
    let members = mallory.client.circle_members(&group).unwrap();
    assert!(members
        .iter()
        .any(|m| m.display_name.as_deref() == Some("Ash")));
    assert!(
        system_events(&mallory, &group)
            .iter()
            .any(|e| e.starts_with("Ash joined")),
        "{:?}",
        system_events(&mallory, &group)
    );
}

#[tokio::test]
async fn declining_an_invitation_removes_it_and_tells_nobody() {
    let net = net().await;
    let (mallory, ash, group) = mallory_adds_ash(&net).await;
    let before = messages(&mallory, &group).len();

    ash.client.decline_invitation(&group).unwrap();
    assert!(ash.client.circles().unwrap().is_empty());
    assert!(matches!(
        ash.client.circle(&group),
        Err(hearth_core::Error::NotFound { .. })
    ));
    // Declining twice, or accepting what was declined, is a clear refusal.
    assert!(ash.client.decline_invitation(&group).is_err());
    assert!(ash.client.accept_invitation(&group).is_err());
    for _ in 0..2 {
        ash.sync.sync_once().await.unwrap();
        mallory.sync.sync_once().await.unwrap();
    }
    // Nothing reached Mallory: no name, no leave, not a message.
    assert_eq!(messages(&mallory, &group).len(), before);
    let members = mallory.client.circle_members(&group).unwrap();
    assert!(members.iter().all(|m| m.is_me || m.display_name.is_none()));
    // And the Welcome does not come back: it was taken from the inbox.
    assert!(ash.client.circles().unwrap().is_empty());
}

#[tokio::test]
async fn the_relay_takes_no_welcome_from_a_session_that_claimed_no_key_package() {
    let net = net().await;
    let ash = net.member("Ash").await;
    let stranger = net.member("Stranger").await;
    let transport = hearth_core::sync::HttpTransport::for_relay(&net.relay.url()).unwrap();
    // The stranger's own session (as its sync would make one).
    let token = session_of(&stranger, &transport).await;
    let refused = transport
        .post_welcome(
            &token,
            &ash.device_id,
            PostWelcome {
                id: Bytes(vec![1; 16]),
                welcome: Bytes(vec![2; 200]),
            },
        )
        .await;
    assert!(
        matches!(&refused, Err(hearth_core::sync::TransportError::Refused(e)) if e.code == ErrorCode::NotClaimed),
        "{refused:?}"
    );
    ash.sync.sync_once().await.unwrap();
    assert!(ash.client.circles().unwrap().is_empty());
}

#[tokio::test]
async fn a_key_package_the_device_did_not_sign_is_refused_by_the_adder() {
    use common::faults::{Faults, FaultyTransport};
    let net = net().await;
    let fern = net.member("Fern").await;
    let ash = net.member("Ash").await;
    let mallory = net.member("Mallory").await;
    let transport = FaultyTransport::new(&net.relay.url(), Faults::default(), 1);
    let relay = hearth_core::sync::SyncEngine::new(fern.client.clone(), transport, sync_config());
    let group = fern
        .client
        .create_circle("Circle", "", "")
        .unwrap()
        .group_id;
    // What a relay, or someone holding Ash's session token, could hand over in place of
    // Ash's KeyPackage: Mallory's own, honestly signed by Mallory's device; Mallory's with
    // Ash's key named as the signer; and one with no signature.
    let signed = hearth_core::sync::SyncSteps::of(&mallory.client)
        .new_key_packages(1, false)
        .unwrap()
        .remove(0);
    let mallory_key = mallory.client.identity().unwrap().public_key;
    let ash_key = ash.client.identity().unwrap().public_key;
    let forged = |device_key: &[u8], signature: &[u8]| hearth_protocol::ClaimedKeyPackage {
        key_package: Bytes(signed.key_package.clone()),
        signature: Bytes(signature.to_vec()),
        device_key: Bytes(device_key.to_vec()),
        last_resort: false,
    };
    for substitute in [
        forged(&mallory_key, &signed.signature),
        forged(&ash_key, &signed.signature),
        forged(&ash_key, &[]),
    ] {
        *relay.transport().substitute_key_package.lock().unwrap() = Some(substitute);
        fern.client.add_member(&group, &ash.device_id).unwrap();
        relay.sync_once().await.unwrap();
        assert_eq!(fern.client.circle(&group).unwrap().member_count, 1);
        assert_eq!(
            fern.client.circle(&group).unwrap().waiting,
            0,
            "the add was dropped"
        );
        ash.sync.sync_once().await.unwrap();
        assert!(ash.client.circles().unwrap().is_empty());
        assert!(mallory.client.circles().unwrap().is_empty());
    }
    let notes = system_events(&fern, &group);
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.contains("was not signed by their device"))
            .count(),
        3,
        "{notes:?}"
    );
    // The relay's own copy, signed by Ash's device, is taken.
    *relay.transport().substitute_key_package.lock().unwrap() = None;
    fern.client.add_member(&group, &ash.device_id).unwrap();
    relay.sync_once().await.unwrap();
    assert_eq!(fern.client.circle(&group).unwrap().member_count, 2);
    ash.sync.sync_once().await.unwrap();
    assert_eq!(
        ash.client.circle(&group).unwrap().state,
        CircleState::Invited
    );
}

#[tokio::test]
async fn a_drained_device_makes_its_adder_wait_but_stops_no_other_circle() {
    // The relay's default hourly claim limits (the last resort served as often as asked, so
    // the hourly limit is what stops the drain).
    let net = net_with(hearth_relay::RelayConfig {
        last_resort_per_day: 1000,
        ..hearth_relay::RelayConfig::default()
    })
    .await;
    let fern = net.member("Fern").await;
    let ash = net.member("Ash").await;
    let birch = net.member("Birch").await;
    let mallory = net.member("Mallory").await;
    // Fern's circle with Birch, where a message waits.
    let talk = fern.client.create_circle("Talk", "", "").unwrap().group_id;
    fern.client.add_member(&talk, &birch.device_id).unwrap();
    settle(&[&fern, &birch]).await;
    // Mallory claims Ash's KeyPackages until the relay says no more this hour.
    let transport = hearth_core::sync::HttpTransport::for_relay(&net.relay.url()).unwrap();
    let token = session_of(&mallory, &transport).await;
    let mut drained = 0;
    while transport
        .claim_key_package(&token, &ash.device_id)
        .await
        .is_ok()
    {
        drained += 1;
        assert!(drained <= 10, "the drain was not cut off");
    }
    assert_eq!(drained, 10);
    // Fern adds Ash meanwhile, and writes in the other circle: the pass goes through, the
    // message is delivered, the add waits.
    let circle = fern
        .client
        .create_circle("Circle", "", "")
        .unwrap()
        .group_id;
    fern.client.add_member(&circle, &ash.device_id).unwrap();
    fern.client.send_text(&talk, "still here", None).unwrap();
    fern.sync.sync_once().await.unwrap();
    birch.sync.sync_once().await.unwrap();
    let seen = messages(&birch, &talk);
    assert!(seen.iter().any(|(_, b)| b == "still here"), "{seen:?}");
    let waiting = fern.client.circle(&circle).unwrap();
    assert_eq!((waiting.member_count, waiting.waiting > 0), (1, true));
}

/// All a text message's (sender, body) in a circle, as `m` sees them.
fn messages(m: &Member, group: &hearth_core::GroupId) -> Vec<(Option<String>, String)> {
    messages_of(&m.client, group, hearth_core::circles::MessageKind::Text)
}
