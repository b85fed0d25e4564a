//! `hearth` circle commands against a relay the test starts with `hearth relay`: register,
//! create, add, send, read, members, leave, sync; and the demo's circle story.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const HEARTH: &str = env!("CARGO_BIN_EXE_hearth");
const KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";

fn hearth(profile: &Path, args: &[&str]) -> Output {
    Command::new(HEARTH)
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("HEARTH_DB_KEY", KEY)
        .env_remove("HEARTH_PASSPHRASE")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Relay(Child);

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Registers `profile` at the relay, waiting for a relay that is still starting to listen.
fn register_when_up(profile: &Path, url: &str) -> String {
    for _ in 0..50 {
        let out = hearth(profile, &["register", "--relay", url]);
        if out.status.success() {
            return ok(out);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the relay did not start listening");
}

/// Fern and Ash with profiles registered at the relay, and Ash's device id.
fn fern_and_ash(tmp: &Path, url: &str) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let fern = tmp.join("fern");
    ok(hearth(&fern, &["init", "--name", "Fern"]));
    register_when_up(&fern, url);
    let (ash, device) = registered(tmp, "Ash", url);
    (fern, ash, device)
}

/// A new profile called `name`, registered at the relay: its folder and device id.
fn registered(tmp: &Path, name: &str, url: &str) -> (std::path::PathBuf, String) {
    let profile = tmp.join(name.to_lowercase());
    ok(hearth(&profile, &["init", "--name", name]));
    let out = ok(hearth(&profile, &["register", "--relay", url]));
    let device = out
        .lines()
        .find_map(|l| l.strip_prefix("device id:"))
        .unwrap()
        .trim()
        .to_string();
    (profile, device)
}

#[test]
fn two_people_talk_in_a_circle_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let (_relay, url) = relay_for(tmp.path());
    let (fern, ash, device) = fern_and_ash(tmp.path(), &url);
    // `whoami` shows where the profile syncs and the id a facilitator adds.
    let me = ok(hearth(&ash, &["whoami"]));
    assert!(
        me.contains(&format!("relay:       {url}"))
            && me.contains(&format!("device id:   {device}")),
        "{me}"
    );

    ok(hearth(
        &fern,
        &[
            "circle",
            "create",
            "Evening circle",
            "--description",
            "Quiet",
        ],
    ));
    ok(hearth(&fern, &["circle", "add", "evening circle", &device]));
    ok(hearth(&fern, &["circle", "create", "Another circle"]));
    ok(hearth(&fern, &["circle", "add", "another circle", &device]));
    let listed = ok(hearth(&ash, &["sync"]));
    assert!(
        listed.contains("Evening circle") && listed.contains("an invitation: accept or decline"),
        "{listed}"
    );
    // Added by device id, Ash is asked first: nothing can be sent before answering.
    let unasked = hearth(&ash, &["send", "Evening circle", "too early"]);
    assert!(!unasked.status.success());
    assert!(
        String::from_utf8_lossy(&unasked.stderr).contains("before accepting the invitation"),
        "{}",
        String::from_utf8_lossy(&unasked.stderr)
    );
    let invitations = ok(hearth(&ash, &["circle", "invitations"]));
    assert!(
        invitations.contains("Evening circle  (added by its facilitator; 2 members)")
            && invitations.contains("Quiet")
            && invitations.contains("Another circle"),
        "{invitations}"
    );
    let declined = ok(hearth(&ash, &["circle", "decline", "Another circle"]));
    assert!(declined.contains("Nobody was told"), "{declined}");
    let accepted = ok(hearth(&ash, &["circle", "accept", "Evening circle"]));
    assert!(accepted.contains("You joined Evening circle"), "{accepted}");
    let listed = ok(hearth(&ash, &["circle", "list"]));
    assert!(
        listed.contains("Evening circle") && !listed.contains("Another circle"),
        "{listed}"
    );
    assert!(ok(hearth(&ash, &["circle", "invitations"])).contains("No invitations are waiting"));
    // Posting waits until the guidelines are read and accepted.
    let early = hearth(&ash, &["send", "Evening circle", "too early"]);
    assert!(!early.status.success());
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("guidelines (version 1) must be accepted"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
    let shown = ok(hearth(&ash, &["guidelines", "show", "Evening circle"]));
    assert!(
        shown.contains("version 1") && shown.contains("not accepted"),
        "{shown}"
    );
    ok(hearth(
        &ash,
        &["guidelines", "accept", "Evening circle", "--version", "1"],
    ));
    ok(hearth(&ash, &["send", "Evening circle", "hello from Ash"]));
    ok(hearth(&fern, &["send", "Evening circle", "welcome, Ash"]));
    let seen = ok(hearth(&fern, &["read", "Evening circle"]));
    assert!(
        seen.contains("Ash: hello from Ash") && seen.contains("you: welcome, Ash"),
        "{seen}"
    );
    let seen = ok(hearth(&ash, &["read", "Evening circle"]));
    assert!(seen.contains("Fern: welcome, Ash"), "{seen}");
    let members = ok(hearth(&fern, &["circle", "members", "Evening circle"]));
    assert!(
        members.contains("Fern (you)") && members.contains("Ash"),
        "{members}"
    );

    // The facilitator's tools: pin, remove for everyone, pause.
    ok(hearth(
        &ash,
        &["send", "Evening circle", "something unkind"],
    ));
    let with_ids = ok(hearth(&fern, &["read", "Evening circle", "--ids"]));
    let id_of = |text: &str| {
        with_ids
            .lines()
            .find(|l| l.ends_with(text))
            .and_then(|l| l.trim().strip_prefix('['))
            .map(|l| l[..8].to_string())
            .unwrap()
    };
    let (welcome, unkind) = (id_of("you: welcome, Ash"), id_of("Ash: something unkind"));
    // A reply names the message by the digits `read --ids` shows.
    ok(hearth(
        &ash,
        &[
            "send",
            "Evening circle",
            "thank you",
            "--reply-to",
            &welcome,
        ],
    ));
    let replied = ok(hearth(&fern, &["read", "Evening circle"]));
    assert!(
        replied.contains(&format!("Ash: thank you (reply to [{welcome}])")),
        "{replied}"
    );
    // Ash shares a check-in as a card, asks the facilitator for support, and reports a
    // message; only Fern's phone can open the last two.
    let saved = ok(hearth(
        &ash,
        &[
            "checkin",
            "--mood",
            "2",
            "--energy",
            "4",
            "--note",
            "private words",
        ],
    ));
    let checkin = saved
        .trim()
        .strip_prefix("Saved check-in ")
        .unwrap()
        .to_string();
    let shared = ok(hearth(
        &ash,
        &["share", "Evening circle", &checkin, "--energy"],
    ));
    assert!(shared.contains("the note stays private"), "{shared}");
    ok(hearth(
        &ash,
        &[
            "report",
            "Evening circle",
            "--support",
            "--comment",
            "rough week",
        ],
    ));
    let bad = hearth(
        &ash,
        &["report", "Evening circle", &welcome, "--reason", "rude"],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("error: invalid reason"));
    ok(hearth(
        &ash,
        &["report", "Evening circle", &welcome, "--reason", "spam"],
    ));
    let reports = ok(hearth(&fern, &["reports", "Evening circle"]));
    assert!(
        reports.contains("Asked for support — from Ash (open)")
            && reports.contains("comment: rough week"),
        "{reports}"
    );
    assert!(reports.contains("Spam — from Ash (open)"), "{reports}");
    let support_id = reports
        .lines()
        .find(|l| l.contains("Asked for support"))
        .unwrap()[1..9]
        .to_string();
    ok(hearth(
        &fern,
        &["reports", "Evening circle", "--handled", &support_id],
    ));
    let open = ok(hearth(&fern, &["reports", "Evening circle"]));
    assert!(
        !open.contains("Asked for support") && open.contains("Spam"),
        "{open}"
    );
    let seen = ok(hearth(&fern, &["read", "Evening circle"]));
    assert!(
        seen.contains("Ash: Check-in")
            && seen.contains("energy 4/5")
            && !seen.contains("private words"),
        "{seen}"
    );
    // Meetings: the facilitator schedules; both see what is coming.
    ok(hearth(
        &fern,
        &[
            "session",
            "add",
            "Evening circle",
            "Tuesday check-in",
            "--at",
            "2030-01-08T19:00",
            "--tz",
            "Europe/London",
            "--minutes",
            "90",
            "--repeat",
            "weekly",
        ],
    ));
    let refused = hearth(
        &ash,
        &[
            "session",
            "add",
            "Evening circle",
            "Mine",
            "--at",
            "2030-01-08T19:00",
        ],
    );
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: not permitted"));
    let coming = ok(hearth(&ash, &["session", "list", "--count", "2"]));
    assert_eq!(
        coming.matches("Evening circle — Tuesday check-in").count(),
        2,
        "{coming}"
    );
    ok(hearth(&fern, &["mod", "pin", "Evening circle", &welcome]));
    ok(hearth(&fern, &["mod", "delete", "Evening circle", &unkind]));
    let paused = ok(hearth(
        &fern,
        &[
            "mod",
            "timeout",
            "Evening circle",
            "Ash",
            "--for",
            "1h",
            "--reason",
            "Cool off",
        ],
    ));
    assert!(paused.contains("paused for 1h"), "{paused}");
    let seen = ok(hearth(&ash, &["read", "Evening circle"]));
    assert!(
        seen.contains("Ash: (removed by a facilitator)")
            || seen.contains("you: (removed by a facilitator)"),
        "{seen}"
    );
    assert!(!seen.contains("something unkind"), "{seen}");
    assert!(seen.contains("Fern: welcome, Ash (pinned)"), "{seen}");
    let refused = hearth(&ash, &["send", "Evening circle", "but"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("paused by a facilitator"));
    // Disappearing messages: a facilitator's timer, within its limits.
    let short = hearth(
        &fern,
        &["circle", "disappear", "Evening circle", "--after", "1m"],
    );
    assert!(String::from_utf8_lossy(&short.stderr).starts_with("error: invalid seconds"));
    ok(hearth(
        &fern,
        &["circle", "disappear", "Evening circle", "--after", "2d"],
    ));
    ok(hearth(&ash, &["sync"]));
    let shown = ok(hearth(&ash, &["circle", "show", "Evening circle"]));
    assert!(
        shown.contains("messages disappear after 48 hours"),
        "{shown}"
    );
    // A member has none of those tools.
    let refused = hearth(&ash, &["mod", "pin", "Evening circle", &welcome]);
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: not permitted"));

    // A member may not add; the error is one line.
    let refused = hearth(&ash, &["circle", "add", "Evening circle", &device]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: not permitted"));

    ok(hearth(&ash, &["circle", "leave", "Evening circle"]));
    ok(hearth(&fern, &["sync"]));
    ok(hearth(&ash, &["sync"]));
    let listed = ok(hearth(&ash, &["circle", "list"]));
    assert!(listed.contains("left"), "{listed}");
    let shown = ok(hearth(&fern, &["circle", "show", "Evening circle"]));
    assert!(shown.contains("1 members"), "{shown}");
}

#[test]
fn the_demo_plays_the_circle_story_and_the_relay_sees_no_words() {
    let out = Command::new(HEARTH)
        .args(["demo", "--days", "30"])
        .output()
        .unwrap();
    let text = ok(out);
    assert!(text.contains("agree on the circle's state"), "{text}");
    // A phone in a pocket is woken with nothing in the wake, and names no circle.
    assert!(
        text.contains("the wake said {\"hearth\":\"wake\"} and nothing else"),
        "{text}"
    );
    assert!(
        text.contains("showed: \"New messages in Hearth\""),
        "{text}"
    );
    assert!(text.contains("): true"), "{text}");
    assert!(
        text.contains(
            "holds any message text, circle name, name, invite code or code secret: false"
        ),
        "{text}"
    );
    assert!(
        text.contains("— You were removed from the circle."),
        "{text}"
    );
    // Who joined is named, in the words the person chose.
    assert!(
        text.contains("— Ash joined. They can't read what was sent before."),
        "{text}"
    );
    assert!(!text.contains("member(s)"), "{text}");
    // The circle's own rules: one post held on Ash's phone, one flagged on Fern's.
    assert!(
        text.contains("Ash's phone held a post back and said why: \"We don't talk about diet products here.\"")
            && text.contains("(flagged: Links outside the NHS are looked at by a facilitator.)"),
        "{text}"
    );
    assert!(text.contains("journal profiles left on disk: 0"), "{text}");
    // History from another app: asked about, imported once.
    assert!(
        text.contains("imported 3 check-ins; importing the same file again adds 0"),
        "{text}"
    );
}

/// Starts `hearth relay` with `extra` arguments and waits until it listens.
fn relay_with(tmp: &Path, extra: &[&str]) -> (Relay, String) {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let db = tmp.join("relay.db");
    let relay = Relay(
        Command::new(HEARTH)
            .args(["relay", "--listen", &addr, "--db", db.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(&addr).is_ok() {
            return (relay, format!("http://{addr}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the relay did not start listening");
}

#[test]
fn a_busy_relay_is_reported_as_busy_with_the_wait_it_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    // One request a second, none saved up: registering needs several at once.
    let (_relay, url) = relay_with(tmp.path(), &["--rate", "1", "--burst", "1"]);
    let p = tmp.path().join("p");
    ok(hearth(&p, &["init", "--name", "Pat"]));
    let out = hearth(&p, &["register", "--relay", &url]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("the relay is busy; the next try is in 1 s"),
        "{err}"
    );
    assert!(!err.contains("cannot be reached"), "{err}");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let mut demo = Command::new(HEARTH)
        .args(["demo", "--days", "30"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // As `hearth demo | head -2`: read two lines, then close the pipe.
    let mut lines = BufReader::new(demo.stdout.take().unwrap()).lines();
    for _ in 0..2 {
        lines.next().unwrap().unwrap();
    }
    drop(lines);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut demo.stderr.take().unwrap(), &mut err).unwrap();
    let status = demo.wait().unwrap();
    assert!(
        status.success() || status.signal() == Some(13), // SIGPIPE, as for other Unix tools
        "{status:?}: {err}"
    );
    assert!(err.is_empty(), "nothing on stderr: {err}");
}

/// A relay whose per-address rate is out of the way: every phone in these tests is
/// 127.0.0.1, and a whole conversation takes a few seconds.
fn relay_for(tmp: &Path) -> (Relay, String) {
    relay_with(tmp, &["--rate", "10000", "--burst", "10000"])
}

#[test]
fn a_facilitator_invites_by_code_and_approves_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let (_relay, url) = relay_for(tmp.path());
    let (fern, sam, kit) = (
        tmp.path().join("fern"),
        tmp.path().join("sam"),
        tmp.path().join("kit"),
    );
    for (p, n) in [(&fern, "Fern"), (&sam, "Sam's device"), (&kit, "Kit")] {
        ok(hearth(p, &["init", "--name", n]));
    }
    register_when_up(&fern, &url);
    ok(hearth(&fern, &["circle", "create", "Evening circle"]));
    let made = ok(hearth(
        &fern,
        &[
            "invite",
            "create",
            "Evening circle",
            "--expires",
            "2d",
            "--label",
            "for Sam",
        ],
    ));
    let code = made
        .lines()
        .find_map(|l| l.trim().strip_prefix("code: "))
        .unwrap()
        .to_string();
    let link = made
        .lines()
        .find_map(|l| l.trim().strip_prefix("link: "))
        .unwrap()
        .to_string();
    assert_eq!(link, format!("hearth://join#{code}"));
    assert!(made.contains("\"for Sam\""), "{made}");

    // Bad input is refused before anything is sent.
    let bad = hearth(
        &sam,
        &["join", "NOT-A-CODE", "--name", "Sam", "--relay", &url],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("error: invalid code"));
    let too_long = hearth(
        &fern,
        &["invite", "create", "Evening circle", "--expires", "8d"],
    );
    assert!(!too_long.status.success());

    let joined = ok(hearth(
        &sam,
        &["join", &link, "--name", "Sam", "--relay", &url],
    ));
    assert!(
        joined.contains("Nothing about the circle can be checked"),
        "{joined}"
    );
    assert!(joined.contains("Waiting for the facilitator"), "{joined}");

    let listed = ok(hearth(&fern, &["invite", "list", "Evening circle"]));
    let nameplate = &code[..6];
    assert!(
        listed.contains(&format!("{nameplate}  waiting for your approval"))
            && listed.contains("used by Sam"),
        "{listed}"
    );
    ok(hearth(&fern, &["invite", "approve", nameplate]));
    let synced = ok(hearth(&sam, &["sync"]));
    assert!(synced.contains("Evening circle"), "{synced}");
    ok(hearth(&fern, &["sync"]));
    let seen = ok(hearth(&fern, &["circle", "members", "Evening circle"]));
    assert!(seen.contains("Sam"), "{seen}");

    // A used code is refused to the next person; a revoked one too. Each refusal exits
    // non-zero, so a script can tell.
    let refused = |out: Output| {
        assert!(!out.status.success(), "a refusal exited 0");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{err}");
        err
    };
    let again = refused(hearth(
        &kit,
        &["join", &code, "--name", "Kit", "--relay", &url],
    ));
    assert!(again.contains("This code cannot be used"), "{again}");
    let other = ok(hearth(&fern, &["invite", "create", "Evening circle"]));
    let other_code = other
        .lines()
        .find_map(|l| l.trim().strip_prefix("code: "))
        .unwrap()
        .to_string();
    ok(hearth(&fern, &["invite", "revoke", &other_code]));
    let revoked = refused(hearth(&kit, &["join", &other_code, "--name", "Kit"]));
    assert!(revoked.contains("This code cannot be used"), "{revoked}");
    let listed = ok(hearth(&fern, &["invite", "list", "Evening circle"]));
    assert!(
        listed.contains("revoked") && listed.contains("used"),
        "{listed}"
    );
}

#[test]
fn how_a_wake_shows_is_set_from_the_cli_and_a_wake_tells_news_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (_relay, url) = relay_for(tmp.path());
    let (fern, ash) = evening_circle(tmp.path(), &url);

    let shown = ok(hearth(&ash, &["push", "notifications"]));
    assert!(
        shown.contains("say only \"New messages in Hearth\"") && shown.contains("No quiet hours"),
        "{shown}"
    );
    let set = ok(hearth(
        &ash,
        &[
            "push",
            "notifications",
            "--name-circles",
            "on",
            "--quiet",
            "23:30-06:00",
            "--time-zone",
            "Europe/Dublin",
        ],
    ));
    assert!(
        set.contains("name the circle")
            && set.contains("Quiet hours: 23:30 to 06:00 (Europe/Dublin)"),
        "{set}"
    );
    let refused = hearth(&ash, &["push", "notifications", "--quiet", "late"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("FROM-UNTIL"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Quiet hours off again, so the wake below speaks whatever the hour.
    ok(hearth(&ash, &["push", "notifications", "--quiet", "off"]));

    ok(hearth(
        &fern,
        &["send", "Evening circle", "Is anyone around tonight?"],
    ));
    let woken = ok(hearth(&ash, &["push", "woken"]));
    assert!(
        woken.contains("New messages in Evening circle (1 new)"),
        "{woken}"
    );
    let again = ok(hearth(&ash, &["push", "woken"]));
    assert!(again.contains("Nothing to tell."), "{again}");
}

/// Fern's "Evening circle" with Ash in it (invitation accepted, guidelines not yet).
fn evening_circle(tmp: &Path, url: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (fern, ash, device) = fern_and_ash(tmp, url);
    ok(hearth(&fern, &["circle", "create", "Evening circle"]));
    ok(hearth(&fern, &["circle", "add", "evening circle", &device]));
    ok(hearth(&ash, &["sync"]));
    ok(hearth(&ash, &["circle", "accept", "Evening circle"]));
    (fern, ash)
}

/// A refusal: non-zero exit and one line on stderr, returned.
fn refused(out: Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

#[test]
fn a_facilitator_sets_the_circles_rules_and_the_cli_holds_and_flags_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let (_relay, url) = relay_for(tmp.path());
    let (fern, ash) = evening_circle(tmp.path(), &url);
    ok(hearth(
        &ash,
        &["guidelines", "accept", "Evening circle", "--version", "1"],
    ));

    let said = ok(hearth(
        &fern,
        &[
            "rules",
            "add",
            "Evening circle",
            "--phrases",
            "diet pills, pro-ana",
            "--hold",
            "--why",
            "We don't talk about diet products here.",
        ],
    ));
    assert!(said.contains("has 1 rule now"), "{said}");
    ok(hearth(
        &fern,
        &[
            "rules",
            "add",
            "Evening circle",
            "--links",
            "nhs.uk",
            "--flag",
            "--why",
            "Links outside the NHS are looked at.",
        ],
    ));
    // Refusals: a member setting rules, a rate without its window, no rule to remove.
    refused(hearth(
        &ash,
        &[
            "rules",
            "add",
            "Evening circle",
            "--rate",
            "2/60",
            "--hold",
            "--why",
            "x",
        ],
    ));
    assert!(refused(hearth(
        &fern,
        &[
            "rules",
            "add",
            "Evening circle",
            "--rate",
            "2",
            "--hold",
            "--why",
            "x"
        ],
    ))
    .contains("POSTS/MINUTES"));
    assert!(
        refused(hearth(&fern, &["rules", "remove", "Evening circle", "3"]))
            .contains("rules 1 to 2")
    );

    ok(hearth(&ash, &["sync"]));
    let listed = ok(hearth(&ash, &["rules", "list", "Evening circle"]));
    assert!(
        listed.contains("1. Hold posts saying diet pills, pro ana")
            && listed.contains("2. Flag links, except to nhs.uk")
            && listed.contains("Links outside the NHS are looked at."),
        "{listed}"
    );
    let held = refused(hearth(
        &ash,
        &["send", "Evening circle", "Anyone tried diet pills?"],
    ));
    assert!(
        held.contains("held back by the circle's rules: We don't talk about diet products here."),
        "{held}"
    );
    ok(hearth(
        &ash,
        &["send", "Evening circle", "this helped me: example.com/calm"],
    ));

    let flagged = ok(hearth(&fern, &["rules", "flagged", "Evening circle"]));
    assert!(
        flagged.contains(
            "Ash: this helped me: example.com/calm (flagged: Links outside the NHS are looked at.)"
        ),
        "{flagged}"
    );
    assert!(ok(hearth(&fern, &["circle", "list"])).contains("1 flagged by its rules"));
    let digits = flagged
        .split('[')
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    ok(hearth(
        &fern,
        &["rules", "dismiss", "Evening circle", digits],
    ));
    assert!(ok(hearth(&fern, &["rules", "flagged", "Evening circle"])).contains("Nothing flagged"));
    assert!(
        ok(hearth(&fern, &["rules", "remove", "Evening circle", "1"]))
            .contains("Removed: Hold posts saying diet pills, pro ana")
    );
    ok(hearth(&ash, &["sync"]));
    ok(hearth(
        &ash,
        &[
            "send",
            "Evening circle",
            "diet pills are gone from the rules",
        ],
    ));
}

#[test]
fn a_person_finds_a_circle_in_a_signed_directory_and_joins_by_the_code_sent_back() {
    let tmp = tempfile::tempdir().unwrap();
    let directory = tmp.path().join("directory.json");
    let (_relay, url) = relay_with(tmp.path(), &["--directory", directory.to_str().unwrap()]);
    let (fern, _ash) = evening_circle(tmp.path(), &url);

    // The facilitator opens the circle to requests; the organisation signs its listing.
    let opened = ok(hearth(&fern, &["requests", "open", "Evening circle"]));
    let entry: serde_json::Value =
        serde_json::from_str(&opened[opened.find('{').unwrap()..]).unwrap();
    let mut circle = entry.clone();
    circle["id"] = "evening".into();
    circle["topics"] = serde_json::json!(["anxiety"]);
    circle["languages"] = serde_json::json!(["en"]);
    let listing = tmp.path().join("listing.json");
    std::fs::write(
        &listing,
        serde_json::json!({"organisation": "Riverside", "published_at": 1, "circles": [circle]})
            .to_string(),
    )
    .unwrap();
    let org = tmp.path().join("org.key");
    let made = ok(hearth(
        &fern,
        &["directory", "keygen", "--out", org.to_str().unwrap()],
    ));
    let org_key = made.lines().last().unwrap().trim().to_string();
    refused(hearth(
        &fern,
        &["directory", "keygen", "--out", org.to_str().unwrap()],
    ));
    let sign = |out: &Path| {
        hearth(
            &fern,
            &[
                "directory",
                "sign",
                listing.to_str().unwrap(),
                "--key-file",
                org.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    ok(sign(&directory));

    // Robin adds it with the organisation's key (a wrong key is refused), asks, and waits.
    let robin = tmp.path().join("robin");
    ok(hearth(&robin, &["init", "--name", "Robin"]));
    let directory_url = format!("{url}/v1/directory");
    let wrong = "A".repeat(43);
    let err = refused(hearth(
        &robin,
        &["find", "add", &directory_url, "--key", &wrong],
    ));
    assert!(err.contains("not signed by the organisation"), "{err}");
    let added = ok(hearth(
        &robin,
        &["find", "add", &directory_url, "--key", &org_key],
    ));
    assert!(added.contains("Riverside's directory: 1 circle"), "{added}");
    let listed = ok(hearth(&robin, &["find", "list", "--topic", "anxiety"]));
    assert!(
        listed.contains("evening  Evening circle  (Riverside)"),
        "{listed}"
    );
    let asked = ok(hearth(
        &robin,
        &[
            "find",
            "ask",
            "evening",
            "--name",
            "Robin",
            "--note",
            "I get panic attacks",
        ],
    ));
    assert!(
        asked.contains("Asked to join Evening circle (request 1)"),
        "{asked}"
    );

    let arrived = ok(hearth(&fern, &["requests", "list", "Evening circle"]));
    assert!(
        arrived.contains("1. Robin asks to join (evening): waiting"),
        "{arrived}"
    );
    assert!(arrived.contains("I get panic attacks"), "{arrived}");
    ok(hearth(
        &fern,
        &["requests", "invite", "1", "--message", "Welcome"],
    ));
    refused(hearth(&fern, &["requests", "decline", "1"]));
    ok(hearth(&fern, &["sync"]));

    let sent = ok(hearth(&robin, &["find", "sent"]));
    assert!(
        sent.contains("1. Evening circle (Riverside): invited"),
        "{sent}"
    );
    assert!(sent.contains("\u{201c}Welcome\u{201d}"), "{sent}");
    ok(hearth(&robin, &["find", "join", "1", "--name", "Robin"]));
    ok(hearth(&fern, &["sync"]));
    ok(hearth(&robin, &["sync"]));
    let circles = ok(hearth(&robin, &["circle", "list"]));
    assert!(circles.contains("Evening circle"), "{circles}");
}

#[test]
fn a_facilitator_splits_the_circle_into_breakout_groups_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let (_relay, url) = relay_for(tmp.path());
    let (fern, ash) = evening_circle(tmp.path(), &url);
    let (birch, device) = registered(tmp.path(), "Birch", &url);
    ok(hearth(&fern, &["circle", "add", "evening circle", &device]));
    ok(hearth(&birch, &["sync"]));
    ok(hearth(&birch, &["circle", "accept", "Evening circle"]));
    for p in [&ash, &birch] {
        ok(hearth(
            p,
            &["guidelines", "accept", "Evening circle", "--version", "1"],
        ));
    }
    ok(hearth(&fern, &["sync"]));

    refused(hearth(
        &ash,
        &["breakout", "start", "Evening circle", "--size", "2"],
    ));
    refused(hearth(&fern, &["breakout", "start", "Evening circle"]));
    let started = ok(hearth(
        &fern,
        &[
            "breakout",
            "start",
            "Evening circle",
            "--groups",
            "Ash, Birch",
            "--minutes",
            "10",
        ],
    ));
    assert!(
        started.contains("split into 1 group for 10 minutes"),
        "{started}"
    );
    assert!(started.contains("Group 1"), "{started}");
    let listed = ok(hearth(&ash, &["breakout", "list", "Evening circle"]));
    assert!(
        listed.contains("Ash, Birch; 10 min left — your group"),
        "{listed}"
    );
    ok(hearth(
        &ash,
        &[
            "breakout",
            "send",
            "Evening circle",
            "group 1",
            "How was your week?",
        ],
    ));
    let read = ok(hearth(
        &birch,
        &["breakout", "read", "Evening circle", "Group 1"],
    ));
    assert!(read.contains("Ash: How was your week?"), "{read}");
    let main = ok(hearth(&birch, &["read", "Evening circle"]));
    assert!(!main.contains("How was your week?"), "{main}");

    ok(hearth(&fern, &["breakout", "end", "Evening circle"]));
    let after = ok(hearth(&ash, &["breakout", "list", "Evening circle"]));
    assert!(after.contains("No breakout groups running"), "{after}");
    refused(hearth(
        &birch,
        &["breakout", "read", "Evening circle", "Group 1"],
    ));
}
