//! The `hearth` command end to end: init, check-ins, insights, exports, and that every error
//! is one line on stderr with a non-zero exit (never a panic, never SQLCipher's own log).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

const HEARTH: &str = env!("CARGO_BIN_EXE_hearth");
const KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";

fn hearth(profile: &Path, key: &str, args: &[&str]) -> Output {
    Command::new(HEARTH)
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("HEARTH_DB_KEY", key)
        .env("HEARTH_BACKUP_PASSPHRASE", "a backup passphrase")
        .env_remove("HEARTH_PASSPHRASE")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "exactly one line: {err:?}");
    assert!(err.starts_with("error: "), "{err:?}");
    assert!(
        !err.contains("panicked") && !err.to_lowercase().contains("hmac"),
        "{err:?}"
    );
    err
}

#[test]
fn a_journal_session_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    assert!(ok(&hearth(&p, KEY, &["init", "--name", "Robin"])).contains("fingerprint"));
    assert!(ok(&hearth(&p, KEY, &["whoami"])).contains("Robin"));
    ok(&hearth(
        &p,
        KEY,
        &[
            "checkin",
            "--mood",
            "4",
            "--emotion",
            "calm",
            "--tag",
            "walk",
            "--sleep",
            "7",
            "--note",
            "river walk, quiet",
        ],
    ));
    ok(&hearth(
        &p,
        KEY,
        &[
            "checkin",
            "--mood",
            "2",
            "--at",
            "2026-03-08T22:10:00-05:00",
        ],
    ));
    ok(&hearth(
        &p,
        KEY,
        &[
            "journal",
            "add",
            "Thinking about the river",
            "--prompt",
            "What helped?",
        ],
    ));
    let list = ok(&hearth(&p, KEY, &["checkins", "list", "--tag", "walk"]));
    assert_eq!(list.lines().count(), 1);
    assert!(
        ok(&hearth(&p, KEY, &["journal", "search", "river"]))
            .lines()
            .count()
            == 2
    );
    let insights = ok(&hearth(&p, KEY, &["insights", "--days", "3650"]));
    assert!(insights.contains("2 check-ins"), "{insights}");
    let survey = ok(&hearth(
        &p,
        KEY,
        &["survey", "phq9", "--answers", "0,0,0,0,0,0,0,0,2"],
    ));
    assert!(survey.contains("988"), "item 9 brings up help: {survey}");
    ok(&hearth(
        &p,
        KEY,
        &["reminders", "set", "--at", "09:00", "--tz", "Europe/Dublin"],
    ));
    assert_eq!(
        ok(&hearth(&p, KEY, &["reminders", "next", "--count", "3"]))
            .lines()
            .count(),
        3
    );

    let csv_path = tmp.path().join("out.csv");
    ok(&hearth(
        &p,
        KEY,
        &["export", "csv", "--out", csv_path.to_str().unwrap()],
    ));
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(reader.records().count(), 2);
    let backup = tmp.path().join("journal.hbk");
    ok(&hearth(
        &p,
        KEY,
        &["export", "backup", "--out", backup.to_str().unwrap()],
    ));

    let other = tmp.path().join("other");
    let key2 = "22".repeat(32);
    ok(&hearth(&other, &key2, &["init", "--name", "Robin"]));
    let imported = ok(&hearth(
        &other,
        &key2,
        &["import", "backup", backup.to_str().unwrap()],
    ));
    assert!(imported.contains("Imported 2 new"), "{imported}");

    // The plain JSON export comes back in too, once.
    let json_path = tmp.path().join("journal.json");
    ok(&hearth(
        &p,
        KEY,
        &["export", "json", "--out", json_path.to_str().unwrap()],
    ));
    let third = tmp.path().join("third");
    ok(&hearth(&third, &key2, &["init", "--name", "Robin"]));
    let from_json = ok(&hearth(
        &third,
        &key2,
        &["import", "json", json_path.to_str().unwrap()],
    ));
    assert!(from_json.contains("Imported 2 new"), "{from_json}");
    let again = ok(&hearth(
        &third,
        &key2,
        &["import", "json", json_path.to_str().unwrap()],
    ));
    assert!(again.contains("Imported 0 new"), "{again}");
    let not_json = hearth(
        &third,
        &key2,
        &["import", "json", csv_path.to_str().unwrap()],
    );
    assert!(!not_json.status.success());
    assert!(
        String::from_utf8_lossy(&not_json.stderr).contains("not a Hearth JSON export"),
        "{}",
        String::from_utf8_lossy(&not_json.stderr)
    );

    let out = Command::new(HEARTH)
        .arg("--profile")
        .arg(&p)
        .arg("rekey")
        .env("HEARTH_DB_KEY", KEY)
        .env("HEARTH_NEW_DB_KEY", "33".repeat(32))
        .output()
        .unwrap();
    ok(&out);
    one_line_error(&hearth(&p, KEY, &["whoami"]));
    let key3 = "33".repeat(32);
    assert!(ok(&hearth(&p, &key3, &["whoami"])).contains("Robin"));
    ok(&hearth(&p, &key3, &["delete-everything", "--yes"]));
    assert!(!p.exists());
}

#[test]
fn errors_are_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    let err = one_line_error(&hearth(&p, KEY, &["whoami"]));
    assert!(err.contains("no profile"), "{err}");
    ok(&hearth(&p, KEY, &["init", "--name", "Robin"]));
    let err = one_line_error(&hearth(&p, &"ab".repeat(32), &["whoami"]));
    assert!(err.contains("key or passphrase"), "{err}");
    one_line_error(&hearth(&p, "not-hex", &["whoami"]));
    for mood in ["0", "6"] {
        let err = one_line_error(&hearth(&p, KEY, &["checkin", "--mood", mood]));
        assert!(err.contains("mood"), "{err}");
    }
    one_line_error(&hearth(&p, KEY, &["checkin"]));
    one_line_error(&hearth(
        &p,
        KEY,
        &["checkin", "--mood", "3", "--at", "yesterday"],
    ));
    one_line_error(&hearth(&p, KEY, &["survey", "phq9", "--answers", "1,2"]));
    one_line_error(&hearth(&p, KEY, &["survey", "gad7", "--answers", "a,b"]));
    one_line_error(&hearth(&p, KEY, &["checkins", "show", "no-such-id"]));
    one_line_error(&hearth(&p, KEY, &["init", "--name", "Again"]));
    one_line_error(&hearth(&p, KEY, &["import", "backup", "/nonexistent/file"]));
}

/// The first column of each line `list` printed: the short ids.
fn short_ids(listed: &str) -> Vec<String> {
    listed
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn every_short_id_a_list_prints_is_taken_back() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    ok(&hearth(&p, KEY, &["init", "--name", "Robin"]));
    for mood in ["2", "4"] {
        ok(&hearth(&p, KEY, &["checkin", "--mood", mood]));
    }
    ok(&hearth(&p, KEY, &["journal", "add", "A first page"]));
    let checkins = short_ids(&ok(&hearth(&p, KEY, &["checkins", "list"])));
    assert_eq!(checkins.len(), 2);
    for id in &checkins {
        let shown = ok(&hearth(&p, KEY, &["checkins", "show", id]));
        assert!(shown.starts_with(&format!("id:       {id}")), "{shown}");
    }
    let edited = ok(&hearth(
        &p,
        KEY,
        &["checkins", "edit", &checkins[0], "--mood", "5"],
    ));
    assert!(edited.contains("mood:     5"), "{edited}");
    let entries = short_ids(&ok(&hearth(&p, KEY, &["journal", "list"])));
    assert_eq!(entries.len(), 1);
    let linked = ok(&hearth(
        &p,
        KEY,
        &[
            "journal",
            "add",
            "About that day",
            "--checkin",
            &checkins[1],
        ],
    ));
    assert!(linked.starts_with("Saved entry"), "{linked}");
    assert!(ok(&hearth(&p, KEY, &["journal", "show", &entries[0]])).contains("A first page"));
    ok(&hearth(
        &p,
        KEY,
        &["journal", "edit", &entries[0], "A first page, edited"],
    ));
    ok(&hearth(&p, KEY, &["journal", "delete", &entries[0]]));
    ok(&hearth(&p, KEY, &["checkins", "delete", &checkins[1]]));
    assert_eq!(
        short_ids(&ok(&hearth(&p, KEY, &["checkins", "list"]))),
        [checkins[0].clone()]
    );
    // What no longer exists, or was never typed in full, is refused with a clear line.
    let gone = one_line_error(&hearth(&p, KEY, &["checkins", "show", &checkins[1]]));
    assert!(gone.contains("check-in not found"), "{gone}");
    let short = one_line_error(&hearth(&p, KEY, &["checkins", "show", "ab"]));
    assert!(short.contains("at least 4 characters"), "{short}");
}

#[test]
fn another_apps_export_is_previewed_then_imported_once() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    ok(&hearth(&p, KEY, &["init", "--name", "Robin"]));
    let daylio = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/foreign/daylio.csv"
    );
    let zone = ["--time-zone", "Europe/Dublin"];
    let args = |extra: &[&'static str]| {
        let mut a = vec!["import", "daylio", daylio];
        a.extend_from_slice(&zone);
        a.extend_from_slice(extra);
        a
    };

    let preview = ok(&hearth(&p, KEY, &args(&["--preview"])));
    assert!(preview.contains("Daylio export: 4 check-ins"), "{preview}");
    assert!(
        preview.contains("mood \"sad\" needs a meaning"),
        "{preview}"
    );
    assert!(preview.contains("line 6: date: not a date"), "{preview}");
    // A word without a meaning: nothing imported, and a non-zero exit.
    let refused = hearth(&p, KEY, &args(&[]));
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--mood \"sad=2\""));
    assert!(ok(&hearth(&p, KEY, &["checkins", "list"]))
        .trim()
        .is_empty());

    let imported = ok(&hearth(&p, KEY, &args(&["--mood", "sad=2"])));
    assert!(imported.contains("Imported 5 check-ins"), "{imported}");
    let again = ok(&hearth(&p, KEY, &args(&["--mood", "sad=2"])));
    assert!(
        again.contains("Imported 0 check-ins and 0 journal entries (5 already here)"),
        "{again}"
    );
    let bad_mood = hearth(&p, KEY, &args(&["--mood", "sad"]));
    assert!(!bad_mood.status.success());
    let wrong_app = hearth(
        &p,
        KEY,
        &["import", "bearable", daylio, "--time-zone", "UTC"],
    );
    assert!(String::from_utf8_lossy(&wrong_app.stderr).contains("not a Bearable CSV export"));
}

#[test]
fn a_goal_is_added_logged_shown_and_refusals_exit_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    ok(&hearth(&p, KEY, &["init", "--name", "Robin"]));
    // 2025-12-01 is a Monday: a past fortnight, whatever day the test runs.
    let added = ok(&hearth(
        &p,
        KEY,
        &[
            "goal",
            "add",
            "Walk 20 minutes",
            "--why",
            "clears my head",
            "--days",
            "mon,wed,fri",
            "--starts",
            "2025-12-01",
            "--remind",
            "18:00",
            "--time-zone",
            "Europe/Dublin",
        ],
    ));
    assert!(added.contains("(mon,wed,fri): Walk 20 minutes"), "{added}");
    let id = added.split_whitespace().nth(2).unwrap().to_string();
    for (day, outcome) in [
        ("2025-12-01", "done"),
        ("2025-12-03", "partly"),
        ("2025-12-05", "not-today"),
        ("2025-12-08", "done"),
    ] {
        ok(&hearth(
            &p,
            KEY,
            &["goal", "log", &id, outcome, "--day", day],
        ));
    }
    let shown = ok(&hearth(&p, KEY, &["goal", "show", &id]));
    assert!(shown.contains("Why: clears my head"), "{shown}");
    assert!(shown.contains("Reminder: 18:00 (Europe/Dublin)"), "{shown}");
    assert!(shown.contains("2025-12-03 Wed partly"), "{shown}");
    assert!(shown.contains("Longest streak 2"), "{shown}");
    let listed = ok(&hearth(&p, KEY, &["goal", "list"]));
    assert!(
        listed.contains(&id) && listed.contains("Walk 20 minutes"),
        "{listed}"
    );

    // Refusals: one clear line and a non-zero exit, and nothing written.
    let not_planned = one_line_error(&hearth(
        &p,
        KEY,
        &["goal", "log", &id, "done", "--day", "2025-12-02"],
    ));
    assert!(
        not_planned.contains("not a day this goal asks for"),
        "{not_planned}"
    );
    let bad_outcome = one_line_error(&hearth(&p, KEY, &["goal", "log", &id, "maybe"]));
    assert!(
        bad_outcome.contains("done, partly or not-today"),
        "{bad_outcome}"
    );
    let no_plan = one_line_error(&hearth(&p, KEY, &["goal", "add", "Read"]));
    assert!(no_plan.contains("--times-per-week"), "{no_plan}");
    assert!(!ok(&hearth(&p, KEY, &["goal", "show", &id])).contains("2025-12-02"));

    let ended = ok(&hearth(
        &p,
        KEY,
        &["goal", "end", &id, "--day", "2025-12-08"],
    ));
    assert!(ended.contains("its log is kept"), "{ended}");
    assert!(ok(&hearth(&p, KEY, &["goal", "list"])).contains("No goals running"));
    assert!(ok(&hearth(&p, KEY, &["goal", "list", "--all"])).contains("ended 2025-12-08"));
    ok(&hearth(&p, KEY, &["goal", "delete", &id]));
    one_line_error(&hearth(&p, KEY, &["goal", "show", &id]));
}

#[test]
fn the_example_programmes_list_without_a_profile() {
    let out = Command::new(HEARTH)
        .args(["session", "programmes"])
        .env_remove("HEARTH_DB_KEY")
        .env_remove("HEARTH_PASSPHRASE")
        .env("HEARTH_PROFILE", "/nonexistent/hearth-profile")
        .output()
        .unwrap();
    let listed = ok(&out);
    assert!(listed.contains("steady-ground  Steady ground"), "{listed}");
    assert!(listed.contains("after-a-loss"), "{listed}");
    assert!(listed.contains("week 6: Carrying them with us"), "{listed}");
}

#[test]
fn talk_commands_list_nothing_yet_and_refusals_exit_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("profile");
    ok(&hearth(&p, KEY, &["init", "--name", "Robin"]));
    assert!(ok(&hearth(&p, KEY, &["talk", "list"])).contains("No talks."));
    assert!(ok(&hearth(&p, KEY, &["talk", "blocked"])).contains("You have not blocked anyone."));
    let short = one_line_error(&hearth(&p, KEY, &["talk", "accept", "12"]));
    assert!(short.contains("at least 4 digits"), "{short}");
    let unknown = one_line_error(&hearth(&p, KEY, &["talk", "decline", "abcd1234"]));
    assert!(unknown.contains("talk"), "{unknown}");
    let nobody = one_line_error(&hearth(&p, KEY, &["talk", "unblock", "Ash"]));
    assert!(nobody.contains("blocked person"), "{nobody}");
    let no_circle = one_line_error(&hearth(&p, KEY, &["talk", "ask", "Tuesday", "Fern"]));
    assert!(no_circle.contains("circle"), "{no_circle}");
}
