//! The crisis directory on a profile: the bundled one by default, a newer one installed over
//! it (kept across reopening), and a malformed or older one refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use hearth_core::safety::CrisisDirectory;
use hearth_core::{Client, Error};

fn bundled_json() -> serde_json::Value {
    serde_json::to_value(CrisisDirectory::bundled()).unwrap()
}

#[test]
fn a_newer_directory_replaces_the_bundled_one_and_a_bad_one_changes_nothing() {
    let secret = common::raw_secret(7);
    let (_tmp, dir, client) = common::new_profile(&secret);
    let bundled = CrisisDirectory::bundled();
    assert_eq!(client.crisis_directory().unwrap(), bundled);

    // Not newer: refused.
    let same = bundled_json().to_string();
    assert!(matches!(
        client.update_crisis_directory(&same),
        Err(Error::InvalidInput {
            field: "crisis directory",
            ..
        })
    ));
    // Malformed: refused.
    let mut broken = bundled_json();
    broken["version"] = (bundled.version + 1).into();
    broken["regions"][0]["lines"][0]["source"] = "".into();
    assert!(client.update_crisis_directory(&broken.to_string()).is_err());
    assert_eq!(client.crisis_directory().unwrap(), bundled);

    // Newer and well formed: installed, and kept after reopening.
    let mut newer = bundled_json();
    newer["version"] = (bundled.version + 1).into();
    newer["regions"][0]["lines"][0]["details"] = "Call or text 988, day or night.".into();
    assert_eq!(
        client.update_crisis_directory(&newer.to_string()).unwrap(),
        bundled.version + 1
    );
    drop(client);
    let reopened = Client::open(&dir, &secret, common::fast()).unwrap();
    let now = reopened.crisis_directory().unwrap();
    assert_eq!(now.version, bundled.version + 1);
    assert_eq!(
        now.for_region("US").unwrap().lines[0].details,
        "Call or text 988, day or night."
    );
}

#[test]
fn risk_checks_run_on_the_client_without_touching_the_profile() {
    let (_tmp, _dir, client) = common::new_profile(&common::raw_secret(8));
    assert!(client
        .assess_risk("I have been hurting myself again")
        .is_risk());
    assert!(!client.assess_risk("I hurt my knee running").is_risk());
}
