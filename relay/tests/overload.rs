//! Past its capacity the relay sheds load at once (503 `busy` with `Retry-After`) instead of
//! queueing without bound; what it accepts is kept, and a retry of what it shed goes in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_relay::RelayConfig;
use std::collections::BTreeSet;

#[tokio::test]
async fn with_no_place_free_requests_are_shed_but_health_and_readiness_answer() {
    let relay = relay_unthrottled(RelayConfig {
        max_in_flight: 0,
        ..RelayConfig::default()
    })
    .await;
    let c = Client::new(&relay);
    let response = c
        .http
        .post(format!("{}/v1/mailboxes", c.base))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "busy");
    assert_eq!(c.get("/v1/health", None).await.0, 200);
    assert_eq!(c.get("/v1/ready", None).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn what_is_accepted_under_overload_is_kept_and_what_is_shed_goes_in_on_retry() {
    let relay = relay_unthrottled(RelayConfig {
        max_in_flight: 3,
        ..RelayConfig::default()
    })
    .await;
    let c = Client::new(&relay);
    let circle = Circle::open(&c).await;
    let bodies: Vec<_> = (0..300)
        .map(|i| circle.app(format!("overload-{i:05}").as_bytes(), b"x"))
        .collect();
    let mut pending: Vec<usize> = (0..bodies.len()).collect();
    let (mut shed, mut rounds) = (0, 0);
    while !pending.is_empty() {
        rounds += 1;
        assert!(rounds < 100, "never got through");
        let answers = futures_util::future::join_all(pending.iter().map(|&i| {
            let (c, path, body) = (&c, circle.path(), bodies[i].clone());
            async move { (i, c.post(&path, None, body).await) }
        }))
        .await;
        pending.clear();
        for (i, (status, body)) in answers {
            match status {
                200 => {}
                503 => {
                    assert_eq!(body["code"], "busy");
                    shed += 1;
                    pending.push(i);
                }
                other => panic!("post {i}: {other} {body}"),
            }
        }
    }
    assert!(shed > 0, "300 posts at once past 3 places shed some");
    let (s, page) = fetch(&c, &circle, 0, 0).await;
    assert_eq!(s, 200);
    let seqs: Vec<u64> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        (1..=300).collect::<Vec<_>>(),
        "each post once, none lost"
    );
    let distinct: BTreeSet<_> = seqs.iter().collect();
    assert_eq!(distinct.len(), 300);
}
