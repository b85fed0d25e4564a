//! Property: whatever order several clients' posts, retries and commits reach the relay
//! in, each mailbox keeps one order: sequence numbers 1, 2, 3… without a gap, a retry gets
//! its first answer back and adds nothing (also after the epoch moved on), one commit per
//! epoch is taken and any other is told the epoch moved on, a post under a past epoch's
//! capability is refused, and reading the mailbox back gives exactly what was taken, in order.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_protocol::Bytes;
use hearth_relay::RelayConfig;
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, Clone)]
enum Step {
    /// A client posts a new message.
    Post(u8),
    /// A client retries its n-th earlier post (its answer was lost).
    Retry(usize),
    /// A committer commits; with `racing`, a second committer's commit for the same epoch
    /// arrives right after.
    Commit { racing: bool },
    /// A client that missed the commit posts under the previous epoch's capability.
    Behind,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0u8..3).prop_map(Step::Post),
        3 => any::<prop::sample::Index>().prop_map(|i| Step::Retry(i.index(1 << 16))),
        2 => any::<bool>().prop_map(|racing| Step::Commit { racing }),
        1 => Just(Step::Behind),
    ]
}

/// What the relay took: its sequence number, epoch and request.
struct Taken {
    seq: u64,
    epoch: u64,
    body: Value,
}

async fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let relay = relay_unthrottled(RelayConfig::default()).await;
    let c = Client::new(&relay);
    let mut circle = Circle::open(&c).await;
    let mut taken: Vec<Taken> = Vec::new();
    let mut posts: Vec<usize> = Vec::new(); // indexes into `taken` of application posts
    for (n, step) in steps.into_iter().enumerate() {
        match step {
            Step::Post(client) => {
                let id = [client, (n >> 8) as u8, n as u8, 7, 7, 7, 7, 7];
                let body = circle.app(&id, format!("post {n}").as_bytes());
                let (s, v) = c.post(&circle.path(), None, body.clone()).await;
                prop_assert_eq!(s, 200, "{}", v);
                prop_assert_eq!(
                    v["seq"].as_u64(),
                    Some(taken.len() as u64 + 1),
                    "a gap or a repeat: {}",
                    v
                );
                posts.push(taken.len());
                taken.push(Taken {
                    seq: taken.len() as u64 + 1,
                    epoch: circle.epoch,
                    body,
                });
            }
            Step::Retry(i) if !posts.is_empty() => {
                let first = &taken[posts[i % posts.len()]];
                let (s, v) = c.post(&circle.path(), None, first.body.clone()).await;
                prop_assert_eq!(s, 200, "{}", v);
                prop_assert_eq!(
                    (
                        v["seq"].as_u64(),
                        v["duplicate"].as_bool(),
                        v["epoch"].as_u64()
                    ),
                    (Some(first.seq), Some(true), Some(first.epoch))
                );
            }
            Step::Retry(_) => {}
            Step::Commit { racing } => {
                let (commit, next) = circle.commit(None, None);
                let (s, v) = c.post(&circle.path(), None, commit.clone()).await;
                prop_assert_eq!(s, 200, "{}", v);
                prop_assert_eq!(v["seq"].as_u64(), Some(taken.len() as u64 + 1));
                taken.push(Taken {
                    seq: taken.len() as u64 + 1,
                    epoch: circle.epoch,
                    body: commit,
                });
                if racing {
                    let (late, _) = circle.commit(None, None);
                    let (s, v) = c.post(&circle.path(), None, late).await;
                    prop_assert_eq!((s, v["code"].as_str()), (409, Some("stale_epoch")), "{}", v);
                }
                circle.capabilities.push(next);
                circle.epoch += 1;
            }
            Step::Behind if circle.epoch > 0 => {
                let mut old = circle.app(&[9, (n >> 8) as u8, n as u8, 9, 9, 9, 9, 9], b"behind");
                old["capability"] = serde_json::json!(circle.capability(circle.epoch - 1));
                let (s, v) = c.post(&circle.path(), None, old).await;
                prop_assert!(
                    s == 409 || s == 403,
                    "a past epoch's post was answered {} {}",
                    s,
                    v
                );
            }
            Step::Behind => {}
        }
    }
    // Read back, epoch by epoch: exactly what was taken, in order.
    let mut read: Vec<(u64, Vec<u8>)> = Vec::new();
    for epoch in 0..=circle.epoch {
        let (s, v) = fetch(&c, &circle, epoch, 0).await;
        prop_assert_eq!(s, 200, "{}", v);
        for m in v["messages"].as_array().unwrap() {
            let message = Bytes::from_text(m["message"].as_str().unwrap()).unwrap().0;
            read.push((m["seq"].as_u64().unwrap(), message));
        }
    }
    let expected: Vec<(u64, Vec<u8>)> = taken
        .iter()
        .map(|t| {
            (
                t.seq,
                Bytes::from_text(t.body["message"].as_str().unwrap())
                    .unwrap()
                    .0,
            )
        })
        .collect();
    prop_assert_eq!(read, expected);
    relay.shutdown().await.unwrap();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn one_order_per_mailbox_whatever_the_interleaving(steps in prop::collection::vec(step(), 1..40)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(run(steps))?;
    }
}
