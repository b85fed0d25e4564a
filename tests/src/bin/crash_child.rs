//! A child process for crash tests: it writes to a profile until it is killed.
//!
//! `hearth-crash-child checkins DIR` adds check-ins forever (secret A), printing
//! `committed <id>` after each commit. `hearth-crash-child rekey DIR` opens with A or B and
//! rekeys back and forth forever, printing `opened <A|B>`, each `step <Step>` and
//! `rekeyed <A|B>`. `hearth-crash-child sync DIR URL` syncs the profile (secret A) with the
//! relay at URL over and over, printing `synced` after each pass.
//!
//! `hearth-crash-child op DIR KIND URL GROUP TEXT` does one thing a person does and syncs it
//! once, printing `done`: `send` (the text to the circle), `receive` (fetch what waits),
//! `commit` (rename the circle to the text, a commit), `join` (accept every invitation). A
//! test stops it at a chosen write with `HEARTH_TEST_ABORT_AT_WRITE` (see
//! `hearth_core::ABORT_AT_WRITE`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hearth_core::journal::CheckinDraft;
use hearth_core::{Client, Error, Result};
use hearth_tests::{options, secret_a, secret_b, EMOTIONS, TAGS};

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn checkins(dir: &Path) -> Result<()> {
    let client = Client::open(dir, &secret_a()?, options())?;
    for n in 0u64.. {
        let c = client.add_checkin(&CheckinDraft {
            mood: Some((n % 5) as u8 + 1),
            energy: Some(3),
            emotions: EMOTIONS.iter().map(|e| e.to_string()).collect(),
            tags: TAGS.iter().map(|t| t.to_string()).collect(),
            sleep_hours: Some(7.0),
            note: Some(format!("crash note number {n} with enough words to index")),
            ..Default::default()
        })?;
        say(&format!("committed {}", c.id));
    }
    Ok(())
}

fn rekey(dir: &Path) -> Result<()> {
    let (client, mut on_a) = match Client::open(dir, &secret_a()?, options()) {
        Ok(c) => (c, true),
        Err(Error::WrongKey) => (Client::open(dir, &secret_b()?, options())?, false),
        Err(e) => return Err(e),
    };
    say(if on_a { "opened A" } else { "opened B" });
    loop {
        let next = if on_a { secret_b()? } else { secret_a()? };
        client.rekey(&next, &mut |step| say(&format!("step {step:?}")))?;
        on_a = !on_a;
        say(if on_a { "rekeyed A" } else { "rekeyed B" });
    }
}

fn sync(dir: &Path, url: &str) -> Result<()> {
    let client = std::sync::Arc::new(Client::open(dir, &secret_a()?, options())?);
    let transport = hearth_core::sync::HttpTransport::for_relay(url)?;
    let sync = hearth_core::sync::SyncEngine::new(client, transport, Default::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|_| Error::Internal("runtime"))?;
    runtime.block_on(async {
        loop {
            sync.sync_once().await?;
            say("synced");
        }
    })
}

fn op(kind: &str, dir: &Path, url: &str, group: &str, text: &str) -> Result<()> {
    let client = std::sync::Arc::new(Client::open(dir, &secret_a()?, options())?);
    let group = hearth_core::GroupId::from_hex(group)?;
    let transport = hearth_core::sync::HttpTransport::for_relay(url)?;
    let sync = hearth_core::sync::SyncEngine::new(
        std::sync::Arc::clone(&client),
        transport,
        Default::default(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|_| Error::Internal("runtime"))?;
    match kind {
        "send" => {
            client.send_text(&group, text, None)?;
        }
        "commit" => client.update_circle(&group, Some(text), None, None)?,
        "receive" | "join" => {}
        _ => return Err(Error::Internal("unknown operation")),
    }
    runtime.block_on(sync.sync_once())?;
    if kind == "join" {
        for c in client.circles()? {
            if c.state == hearth_core::CircleState::Invited {
                client.accept_invitation(&c.group_id)?;
            }
        }
        runtime.block_on(sync.sync_once())?;
    }
    say("done");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: hearth-crash-child checkins|rekey DIR");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let result = match mode.as_str() {
        "checkins" => checkins(&dir),
        "rekey" => rekey(&dir),
        "op" => match (args.get(3), args.get(4), args.get(5), args.get(6)) {
            (Some(kind), Some(url), Some(group), Some(text)) => op(kind, &dir, url, group, text),
            _ => Err(Error::Internal("op needs DIR KIND URL GROUP TEXT")),
        },
        "sync" => match args.get(3) {
            Some(url) => sync(&dir, url),
            None => Err(Error::Internal("sync needs the relay URL")),
        },
        _ => Err(Error::Internal("unknown mode")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
