//! The repository's scripts find cargo's target directory by asking cargo, so they work for
//! developers who set CARGO_TARGET_DIR.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn target_dir(env: Option<&Path>) -> String {
    let mut command = Command::new(root().join("scripts/target-dir.sh"));
    match env {
        Some(dir) => command.env("CARGO_TARGET_DIR", dir),
        None => command.env_remove("CARGO_TARGET_DIR"),
    };
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn scripts_ask_cargo_where_it_builds() {
    let elsewhere = tempfile::tempdir().unwrap();
    assert_eq!(
        target_dir(Some(elsewhere.path())),
        elsewhere.path().to_str().unwrap()
    );
    let default = target_dir(None);
    assert!(default.ends_with("target"), "{default}");
    // None of the scripts that run the tests assumes `target/` any more.
    for script in [
        "scripts/test-all.sh",
        "bindings/generate.sh",
        "bindings/python/conftest.py",
    ] {
        let text = std::fs::read_to_string(root().join(script)).unwrap();
        assert!(
            !text.contains("target/debug") && !text.contains("\"target\" / \"debug\""),
            "{script} assumes target/debug"
        );
        assert!(
            text.contains("target-dir.sh") || text.contains("HEARTH_TARGET_DIR"),
            "{script} does not ask where cargo builds"
        );
    }
}
