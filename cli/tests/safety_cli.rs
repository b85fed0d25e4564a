//! `hearth safety check` and `hearth resources`: what scripts and people read, with no
//! profile and no network.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const HEARTH: &str = env!("CARGO_BIN_EXE_hearth");

fn run(args: &[&str]) -> (bool, String) {
    // A profile path that does not exist: these commands must not need one.
    let out = Command::new(HEARTH)
        .arg("--profile")
        .arg("/nonexistent/hearth-profile")
        .args(args)
        .output()
        .expect("hearth runs");
    (
        out.status.success(),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn the_first_line_says_risk_or_no_risk() {
    let (ok, out) = run(&["safety", "check", "honestly I want to kms"]);
    assert!(ok);
    assert_eq!(out.lines().next(), Some("risk"));
    assert!(out.contains("suicide"));
    let (ok, out) = run(&["safety", "check", "these shoes are killing me"]);
    assert!(ok);
    assert_eq!(out.lines().next(), Some("no risk"));
    let (_, out) = run(&["safety", "check", "I'd never hurt myself"]);
    assert_eq!(out.lines().next(), Some("no risk"));
}

#[test]
fn resources_list_a_region_or_fall_back_to_the_emergency_number() {
    let (ok, out) = run(&["resources", "--region", "ca"]);
    assert!(ok);
    assert!(out.contains("9-8-8 Suicide Crisis Helpline") && out.contains("911"));
    assert!(out.contains("source https://988.ca"));
    let (ok, out) = run(&["resources", "--region", "FR"]);
    assert!(ok);
    assert!(out.contains("local emergency number"));
    let (_, all) = run(&["resources"]);
    for line in [
        "988", "741741", "116 123", "85258", "50808", "13 11 14", "1737", "000", "111",
    ] {
        assert!(all.contains(line), "{line} missing");
    }
}
