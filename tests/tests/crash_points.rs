//! A phone stopped (SIGABRT) at each storage write of sending, receiving, committing and
//! joining, just before and just after each write commits: every time, the profile opens,
//! the operation's effect is there once or not at all, and after a sync the circle carries
//! on with both phones agreeing. The crash child (`hearth-crash-child op`) does the
//! operation; `HEARTH_TEST_ABORT_AT_WRITE` names the write it stops at.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;

use common::*;
use hearth_core::circles::MessageKind;
use hearth_core::{CircleState, Client, GroupId, ABORT_AT_WRITE};
use hearth_tests::{options, secret_a};

const CHILD: &str = env!("CARGO_BIN_EXE_hearth-crash-child");

/// Kim's phone, opened in this process between the child's runs.
fn kim(net: &Net, dir: &std::path::Path) -> Member {
    let client = Arc::new(Client::open(dir, &secret_a().unwrap(), options()).unwrap());
    let sync = sync_for(&client, &net.relay.url());
    let device_id = client.relay_account().unwrap().unwrap().device_id.unwrap();
    Member {
        name: "Kim".into(),
        client,
        sync,
        device_id,
    }
}

/// Runs the child's operation, stopped at `point`; true when it finished instead.
fn run_child(
    dir: &std::path::Path,
    kind: &str,
    url: &str,
    group: &GroupId,
    text: &str,
    point: &str,
) -> bool {
    let out = Command::new(CHILD)
        .args([
            "op",
            dir.to_str().unwrap(),
            kind,
            url,
            &group.to_hex(),
            text,
        ])
        .env(ABORT_AT_WRITE, point)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let finished = String::from_utf8_lossy(&out.stdout).contains("done");
    assert!(
        finished || !out.status.success(),
        "{kind} at {point} neither finished nor stopped"
    );
    finished
}

fn count(m: &Member, group: &GroupId, text: &str) -> usize {
    messages_of(&m.client, group, MessageKind::Text)
        .into_iter()
        .filter(|(_, body)| body == text)
        .count()
}

/// Every write point of `kind`, before and after each commit, until the child finishes
/// without being stopped; `check` looks at the result after recovery. Returns how many
/// points were tried.
async fn each_point(
    net: &Net,
    f: &Member,
    dir: &std::path::Path,
    kind: &str,
    mut prepare: impl FnMut(usize) -> (GroupId, String),
    check: impl Fn(&Member, &Member, &GroupId, &str),
) -> usize {
    let url = net.relay.url();
    let mut tried = 0;
    for n in 1..=200u64 {
        let mut finished = false;
        for after in [false, true] {
            let (group, text) = prepare(tried);
            f.sync.sync_once().await.unwrap();
            let point = if after {
                format!("{n}:after")
            } else {
                n.to_string()
            };
            finished |= run_child(dir, kind, &url, &group, &text, &point);
            tried += 1;
            // The profile opens; a sync finishes what was left.
            let k = kim(net, dir);
            settle(&[f, &k]).await;
            if k.client.circle(&group).unwrap().state == CircleState::Invited {
                // Stopped before the acceptance was kept: the person is asked again.
                k.client.accept_invitation(&group).unwrap();
                settle(&[f, &k]).await;
            }
            assert_eq!(
                k.client.epoch_authenticator(&group).unwrap(),
                f.client.epoch_authenticator(&group).unwrap(),
                "{kind} at {point}: the phones disagree on the circle"
            );
            check(f, &k, &group, &text);
            settle(&[f, &k]).await;
        }
        if finished {
            return tried;
        }
    }
    panic!("{kind} never finished");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_stopped_at_any_write_of_send_receive_commit_or_join_carries_on() {
    let net = net().await;
    let f = net.member("Fern").await;
    let dir = net.dir.path().join("kim");
    let client = Arc::new(Client::create(&dir, &secret_a().unwrap(), "Kim", options()).unwrap());
    client.set_relay(&net.relay.url()).unwrap();
    sync_for(&client, &net.relay.url())
        .sync_once()
        .await
        .unwrap();
    drop(client);
    let k = kim(&net, &dir);
    // Fern's circle, which Kim joined; and Kim's own, which Fern is in (Kim commits there).
    let group = circle_with(&f, &[&k]).await;
    let own = k
        .client
        .create_circle("Kim's circle", "", "")
        .unwrap()
        .group_id;
    k.client.add_member(&own, &f.device_id).unwrap();
    settle(&[&f, &k]).await;
    f.client.accept_invitation(&own).unwrap();
    settle(&[&f, &k]).await;
    drop(k);

    // Sending: the text is on Kim's phone once or not at all, and Fern has what Kim has.
    let sends = each_point(
        &net,
        &f,
        &dir,
        "send",
        |n| (group.clone(), format!("sent {n}")),
        |f, k, group, text| {
            let mine = count(k, group, text);
            assert!(mine <= 1, "{text} twice on Kim's phone");
            assert_eq!(count(f, group, text), mine, "{text}: Fern has what Kim has");
        },
    )
    .await;

    // Receiving: Fern's text reaches Kim exactly once.
    let fern = Arc::clone(&f.client);
    let receives = each_point(
        &net,
        &f,
        &dir,
        "receive",
        |n| {
            let text = format!("received {n}");
            fern.send_text(&group, &text, None).unwrap();
            (group.clone(), text)
        },
        |_, k, group, text| assert_eq!(count(k, group, text), 1, "{text} on Kim's phone"),
    )
    .await;

    // Committing: Kim renames its circle; both phones end with one name.
    let commits = each_point(
        &net,
        &f,
        &dir,
        "commit",
        |n| (own.clone(), format!("Kim's circle {n}")),
        |f, k, group, _| {
            assert_eq!(
                k.client.circle(group).unwrap().name,
                f.client.circle(group).unwrap().name
            );
        },
    )
    .await;

    // Joining: each time Fern adds Kim to a new circle; Kim ends up in it.
    let kim_device = kim(&net, &dir).device_id;
    let joins = each_point(
        &net,
        &f,
        &dir,
        "join",
        |n| {
            let fresh = fern
                .create_circle(&format!("Circle {n}"), "", "")
                .unwrap()
                .group_id;
            fern.add_member(&fresh, &kim_device).unwrap();
            (fresh, String::new())
        },
        |f, k, group, _| {
            assert_eq!(k.client.circle(group).unwrap().state, CircleState::Active);
            assert!(f.client.circle(group).unwrap().member_count >= 2);
            // Kim leaves again, so the next run's sync has no more work than this one's.
            k.client.leave_circle(group).unwrap();
        },
    )
    .await;
    assert!(
        sends > 2 && receives > 2 && commits > 2 && joins > 2,
        "write points tried: send {sends}, receive {receives}, commit {commits}, join {joins}"
    );
}
