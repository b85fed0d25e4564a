//! Breakout groups end to end, through the relay in-process: a facilitator splits a circle of
//! four members into two groups for a set time; each member's phone learns only its own
//! group, posts there reach only that group (and the facilitator), nothing shows in the
//! circle's chat, and when time is up every phone deletes the groups and their posts.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::breakouts::BreakoutPlan;
use hearth_core::Error;

const SAID: &str = "canary breakout words about my week";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_circle_splits_into_groups_that_only_their_members_read_and_that_end_everywhere() {
    let (net, relay_dir) = net_on_files().await;
    let f = net.member("Facilitator Fern").await;
    let a = net.member("Member Ash").await;
    let b = net.member("Member Birch").await;
    let c = net.member("Member Cedar").await;
    let d = net.member("Member Dara").await;
    let everyone = [&f, &a, &b, &c, &d];
    let group = circle_with(&f, &[&a, &b, &c, &d]).await;
    settle(&everyone).await;
    let chat_before = all_messages(&a.client, &group).len();

    // Members cannot split the circle; bounds are checked before anything is sent.
    assert!(matches!(
        a.client
            .start_breakouts(&group, &BreakoutPlan::Random { size: 2 }, 15),
        Err(Error::NotPermitted { .. })
    ));
    for (plan, minutes) in [
        (BreakoutPlan::Random { size: 6 }, 15),
        (BreakoutPlan::Random { size: 2 }, 1),
        (
            BreakoutPlan::ByHand {
                groups: vec![vec![my_key(&a, &group)]],
            },
            15,
        ),
        (
            BreakoutPlan::ByHand {
                groups: vec![
                    vec![my_key(&a, &group), my_key(&b, &group)],
                    vec![my_key(&b, &group), my_key(&c, &group)],
                ],
            },
            15,
        ),
    ] {
        assert!(matches!(
            f.client.start_breakouts(&group, &plan, minutes),
            Err(Error::InvalidInput { .. })
        ));
    }

    // By hand: Ash with Birch, Cedar with Dara.
    let plan = BreakoutPlan::ByHand {
        groups: vec![
            vec![my_key(&a, &group), my_key(&b, &group)],
            vec![my_key(&c, &group), my_key(&d, &group)],
        ],
    };
    let groups = f.client.start_breakouts(&group, &plan, 15).unwrap();
    assert_eq!(groups.len(), 2);
    assert!(matches!(
        f.client.start_breakouts(&group, &plan, 15),
        Err(Error::InvalidInput { .. })
    ));
    settle(&everyone).await;

    // Each member sees only their own group; the facilitator sees both.
    let own = |m: &Member| {
        let seen = m.client.breakouts(&group).unwrap();
        assert_eq!(seen.len(), 1, "{} sees {} groups", m.name, seen.len());
        assert!(seen[0].mine);
        seen.into_iter().next().unwrap()
    };
    let (ab, ab2, cd, cd2) = (own(&a), own(&b), own(&c), own(&d));
    assert_eq!(
        (ab.id.as_str(), cd.id.as_str()),
        (ab2.id.as_str(), cd2.id.as_str())
    );
    assert_ne!(ab.id, cd.id);
    let names: Vec<&str> = ab.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Member Ash", "Member Birch"]);
    assert_eq!(f.client.breakouts(&group).unwrap().len(), 2);
    assert!(f.client.breakouts(&group).unwrap().iter().all(|g| !g.mine));
    let ends = ab.ends_at_ms - now_ms();
    assert!((14 * 60_000..=16 * 60_000).contains(&ends), "{ends}");

    // Ash posts in her group: Birch and Fern read it; Cedar and Dara cannot even name it.
    a.client.post_in_breakout(&group, &ab.id, SAID).unwrap();
    assert!(matches!(
        c.client.post_in_breakout(&group, &ab.id, "let me in"),
        Err(Error::NotFound { .. })
    ));
    settle(&everyone).await;
    for m in [&a, &b, &f] {
        let said = m.client.breakout_messages(&group, &ab.id).unwrap();
        assert_eq!(said.len(), 1, "{}", m.name);
        assert_eq!(
            (
                said[0].sender_name.as_str(),
                said[0].body.as_str(),
                said[0].is_mine
            ),
            ("Member Ash", SAID, m.name == "Member Ash")
        );
    }
    for m in [&c, &d] {
        assert!(matches!(
            m.client.breakout_messages(&group, &ab.id),
            Err(Error::NotFound { .. })
        ));
        assert!(!holds(&m.client.decrypted_dump_for_test().unwrap(), SAID));
    }
    // The facilitator drops into Cedar and Dara's group.
    f.client
        .post_in_breakout(&group, &cd.id, "Five minutes left")
        .unwrap();
    settle(&everyone).await;
    assert_eq!(
        d.client.breakout_messages(&group, &cd.id).unwrap()[0].sender_name,
        "Facilitator Fern"
    );
    // Nothing of it shows in the circle's chat.
    assert_eq!(all_messages(&a.client, &group).len(), chat_before);

    // Time is up (each phone's clock 16 minutes on): every phone deletes groups and posts.
    for m in everyone {
        m.client.set_clock_skew_for_test(16 * 60);
    }
    settle(&everyone).await;
    for m in everyone {
        assert!(m.client.breakouts(&group).unwrap().is_empty(), "{}", m.name);
        assert!(
            !holds(&m.client.decrypted_dump_for_test().unwrap(), SAID),
            "{}",
            m.name
        );
    }
    assert!(matches!(
        a.client.post_in_breakout(&group, &ab.id, "still here?"),
        Err(Error::NotFound { .. })
    ));

    // At random, then ended early by the facilitator: gone from every phone at once.
    let groups = f
        .client
        .start_breakouts(&group, &BreakoutPlan::Random { size: 2 }, 30)
        .unwrap();
    let mut sizes: Vec<usize> = groups.iter().map(|g| g.members.len()).collect();
    sizes.sort();
    assert_eq!(sizes, [2, 2]);
    settle(&everyone).await;
    assert!([&a, &b, &c, &d]
        .iter()
        .all(|m| m.client.breakouts(&group).unwrap().len() == 1));
    f.client.end_breakouts(&group).unwrap();
    settle(&everyone).await;
    for m in everyone {
        assert!(m.client.breakouts(&group).unwrap().is_empty(), "{}", m.name);
    }

    assert_relay_holds_none(net, &relay_dir, &[SAID, "Five minutes left", "Group 1"]).await;
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}
