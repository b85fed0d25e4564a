//! A member's phone killed (SIGKILL) at random points while it syncs, again and again while
//! the circle talks: on restart each delivery is processed again if its transaction had not
//! committed. Nothing is lost, nothing is doubled, no epoch sticks.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use hearth_core::Client;
use hearth_tests::{options, secret_a};

const CHILD: &str = env!("CARGO_BIN_EXE_hearth-crash-child");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_killed_while_syncing_catches_up_exactly_once() {
    let net = net().await;
    let url = net.relay.url();
    let f = net.member("Facilitator Fern").await;
    let dir = net.dir.path().join("killed-member");
    let client =
        Arc::new(Client::create(&dir, &secret_a().unwrap(), "Member Kim", options()).unwrap());
    client.set_relay(&url).unwrap();
    let sync = sync_for(&client, &url);
    sync.sync_once().await.unwrap();
    let device_id = client.relay_account().unwrap().unwrap().device_id.unwrap();
    let group = f.client.create_circle("Circle", "", "").unwrap().group_id;
    f.client.add_member(&group, &device_id).unwrap();
    f.sync.sync_once().await.unwrap();
    sync.sync_once().await.unwrap();
    client.accept_invitation(&group).unwrap();
    drop(sync);
    drop(client);

    let mut seed = 0x5eed_u64;
    let mut sent = Vec::new();
    let mut kills = 0;
    for round in 0..12 {
        for i in 0..15 {
            let text = format!("round {round} message {i}");
            f.client.send_text(&group, &text, None).unwrap();
            sent.push(text);
        }
        if round == 6 {
            let other = net.member("Member Other").await;
            f.client.add_member(&group, &other.device_id).unwrap();
        }
        f.sync.sync_once().await.unwrap();
        let mut child = Command::new(CHILD)
            .args(["sync", dir.to_str().unwrap(), &url])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait = Duration::from_millis(20 + (seed >> 33) % 400);
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || BufReader::new(stdout).lines().count());
        tokio::time::sleep(wait).await;
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        reader.join().unwrap();
    }
    assert!(kills >= 10, "the child was killed mid-sync");

    let client = Arc::new(Client::open(&dir, &secret_a().unwrap(), options()).unwrap());
    sync_for(&client, &url).sync_once().await.unwrap();
    let got: Vec<String> = messages_of(&client, &group, hearth_core::circles::MessageKind::Text)
        .into_iter()
        .map(|(_, body)| body)
        .collect();
    assert_eq!(got, sent);
    assert_eq!(
        client.epoch_authenticator(&group).unwrap(),
        f.client.epoch_authenticator(&group).unwrap()
    );
}
