//! The facilitator inbox through real HTTP: reports are one size and need a capability to
//! leave; only a committer reads them, by a fresh signature; closing the circle deletes them.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_protocol::{Bytes, REPORT_SIZE};
use hearth_relay::state::now;

#[tokio::test]
async fn reports_are_left_with_a_capability_and_read_only_by_a_committer() {
    let relay = relay().await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    let path = circle.reports_path();
    let read = format!("{path}/fetch");

    // One size only, and the epoch's capability.
    let (s, v) = c
        .post(&path, None, circle.report(&[1; 16], REPORT_SIZE - 1))
        .await;
    assert_eq!((s, v["code"].as_str()), (400, Some("bad_request")));
    let mut wrong = circle.report(&[1; 16], REPORT_SIZE);
    wrong["capability"] = serde_json::json!(Bytes(random(32)));
    let (s, v) = c.post(&path, None, wrong).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("bad_capability")));

    let first = circle.report(&[1; 16], REPORT_SIZE);
    let (s, v) = c.post(&path, None, first.clone()).await;
    assert_eq!(
        (s, v["seq"].as_u64(), v["duplicate"].as_bool()),
        (200, Some(1), Some(false))
    );
    let (s, v) = c.post(&path, None, first.clone()).await;
    assert_eq!(
        (s, v["seq"].as_u64(), v["duplicate"].as_bool()),
        (200, Some(1), Some(true))
    );
    let (s, v) = c
        .post(&path, None, circle.report(&[2; 16], REPORT_SIZE))
        .await;
    assert_eq!((s, v["seq"].as_u64()), (200, Some(2)));

    // A member's key, a committer's key under someone else's signature and an old
    // signature are refused.
    let member = keypair();
    let (s, v) = c
        .post(&read, None, circle.read_reports(Some(&member), 0, now()))
        .await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    let mut claimed = circle.read_reports(Some(&member), 0, now());
    claimed["committer"] = serde_json::json!(public(&circle.committer));
    let (s, v) = c.post(&read, None, claimed).await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));
    let (s, v) = c
        .post(&read, None, circle.read_reports(None, 0, now() - 3600))
        .await;
    assert_eq!((s, v["code"].as_str()), (403, Some("not_committer")));

    // The committer reads them in order, after a position, exactly as they were left.
    let (s, v) = c
        .post(&read, None, circle.read_reports(None, 0, now()))
        .await;
    assert_eq!(s, 200, "{v}");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["report"], first["report"]);
    assert_eq!(v["more"].as_bool(), Some(false));
    let (_, v) = c
        .post(&read, None, circle.read_reports(None, 1, now()))
        .await;
    assert_eq!(v["reports"][0]["seq"].as_u64(), Some(2));

    // Closing the circle deletes them; the inbox answers `closed`.
    let (s, _) = c
        .post(&circle.close_path(), None, circle.close(None, None))
        .await;
    assert_eq!(s, 204);
    let (s, v) = c
        .post(&read, None, circle.read_reports(None, 0, now()))
        .await;
    assert_eq!((s, v["code"].as_str()), (410, Some("closed")));
    let (s, v) = c
        .post(&path, None, circle.report(&[3; 16], REPORT_SIZE))
        .await;
    assert_eq!((s, v["code"].as_str()), (410, Some("closed")));
    relay.shutdown().await.unwrap();
}

#[tokio::test]
async fn reports_take_the_current_or_previous_epoch_and_a_days_share() {
    let config = hearth_relay::RelayConfig {
        reports_per_day: 3,
        ..hearth_relay::RelayConfig::default()
    };
    let relay = relay_with(hearth_relay::SqliteStore::in_memory().unwrap(), config).await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;
    // Two commits: epochs 0 and 1 pass, 2 is current.
    for _ in 0..2 {
        let (commit, next) = circle.commit(None, None);
        assert_eq!(c.post(&circle.path(), None, commit).await.0, 200);
        circle.capabilities.push(next);
        circle.epoch += 1;
    }
    let path = circle.reports_path();
    let under = |epoch: u64, id: u8| {
        let mut report = circle.report(&[id; 16], REPORT_SIZE);
        report["epoch"] = serde_json::json!(epoch);
        report["capability"] = serde_json::json!(circle.capability(epoch));
        report
    };
    // An old epoch's capability (a removed member may keep one) opens no inbox.
    let (s, v) = c.post(&path, None, under(0, 1)).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("bad_capability")),
        "{v}"
    );
    // The current one, and the one before (sealed just before a commit).
    assert_eq!(c.post(&path, None, under(2, 2)).await.0, 200);
    assert_eq!(c.post(&path, None, under(1, 3)).await.0, 200);
    assert_eq!(c.post(&path, None, under(2, 4)).await.0, 200);
    // A day's share is taken; a repeat of one taken is still answered.
    let (s, v) = c.post(&path, None, under(2, 5)).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (413, Some("quota_exceeded")),
        "{v}"
    );
    let (s, v) = c.post(&path, None, under(2, 4)).await;
    assert_eq!((s, v["duplicate"].as_bool()), (200, Some(true)), "{v}");
    relay.shutdown().await.unwrap();
}
