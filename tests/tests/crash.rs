//! A process killed (SIGKILL) while it writes leaves a profile that opens, and every
//! operation is either whole or absent.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use hearth_core::journal::{JournalQuery, NOTE_MAX_CHARS};
use hearth_core::{Client, Error};
use hearth_tests::{options, secret_a, secret_b, EMOTIONS, TAGS};

const CHILD: &str = env!("CARGO_BIN_EXE_hearth-crash-child");

fn spawn(mode: &str, dir: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(CHILD)
        .arg(mode)
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// A small deterministic generator, so a failure can be replayed.
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

#[test]
fn killed_while_writing_check_ins_each_is_whole_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("profile");
    drop(Client::create(&dir, &secret_a().unwrap(), "Crash", options()).unwrap());
    let mut committed = HashSet::new();
    let mut seed = 7u64;
    for round in 0..8 {
        let (mut child, rx) = spawn("checkins", &dir);
        // Let it write a varying number of check-ins, then kill it mid-flight.
        let wanted = 20 + lcg(&mut seed) % 200;
        let mut seen = 0;
        while seen < wanted {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    if let Some(id) = line.strip_prefix("committed ") {
                        committed.insert(id.to_owned());
                        seen += 1;
                    }
                }
                Err(e) => panic!("child stopped writing in round {round}: {e}"),
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Anything it printed after our last read also committed. The reader ends at the
        // pipe's end, so this reads every line the child wrote (a `try_recv` could stop at
        // lines still in the pipe, which made this test fail on a busy machine).
        for line in rx.iter() {
            if let Some(id) = line.strip_prefix("committed ") {
                committed.insert(id.to_owned());
            }
        }

        let client = Client::open(&dir, &secret_a().unwrap(), options()).unwrap();
        let all = client.checkins(&JournalQuery::default()).unwrap();
        let present: HashSet<_> = all.iter().map(|c| c.id.clone()).collect();
        assert!(
            committed.is_subset(&present),
            "a committed check-in was lost"
        );
        // At most the one in flight when killed is beyond what was reported.
        assert!(present.len() <= committed.len() + 1);
        for c in &all {
            assert_eq!(c.tags, TAGS, "torn tags on {}", c.id);
            assert_eq!(c.emotions, EMOTIONS, "torn emotions on {}", c.id);
            let note = c.note.as_deref().unwrap();
            assert!(note.starts_with("crash note number") && note.len() < NOTE_MAX_CHARS);
        }
        // The search index agrees with the rows.
        assert_eq!(
            client.search("crash note", 500).unwrap().len(),
            all.len().min(500)
        );
    }
    assert!(committed.len() >= 8 * 20);
}

#[test]
fn killed_at_any_point_of_a_rekey_the_profile_opens_with_old_or_new_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("profile");
    let client = Client::create(&dir, &secret_a().unwrap(), "Crash", options()).unwrap();
    // Enough data that the export takes a while and kills land inside it too.
    client
        .add_sample_data(
            &jiff::tz::TimeZone::UTC,
            jiff::civil::date(2026, 6, 1),
            400,
            1,
        )
        .unwrap();
    let expected = client.checkins(&JournalQuery::default()).unwrap().len();
    drop(client);

    let steps = [
        "opened",
        "Prepared",
        "Exported",
        "Closed",
        "Swapped",
        "Committed",
        "rekeyed",
    ];
    let mut seed = 11u64;
    let mut killed_after = HashSet::new();
    for round in 0..21 {
        let (mut child, rx) = spawn("rekey", &dir);
        // Kill right after a chosen step of the first or second rekey (a sweep over every
        // step), or after a random delay.
        let target = steps[round % steps.len()];
        // "opened" happens once per child; every other step once per rekey.
        let occurrence = if target == "opened" {
            1
        } else {
            1 + (round / steps.len()) % 2
        };
        let mut hits = 0;
        for _ in 0..1000 {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("child stopped in round {round} before {target}: {e}"));
            if line.contains(target) {
                hits += 1;
                if hits == occurrence {
                    break;
                }
            }
        }
        if round % 3 == 2 {
            std::thread::sleep(Duration::from_millis(lcg(&mut seed) % 40));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        killed_after.insert(target);

        let opened = match Client::open(&dir, &secret_a().unwrap(), options()) {
            Ok(c) => c,
            Err(Error::WrongKey) => Client::open(&dir, &secret_b().unwrap(), options())
                .unwrap_or_else(|e| panic!("round {round}: opens with neither secret: {e:?}")),
            Err(e) => panic!("round {round}: {e:?}"),
        };
        assert_eq!(
            opened.checkins(&JournalQuery::default()).unwrap().len(),
            expected
        );
        assert!(
            !dir.join("profile.db.rekey").exists(),
            "leftover copy cleaned at open"
        );
    }
    assert_eq!(killed_after.len(), steps.len());
}
