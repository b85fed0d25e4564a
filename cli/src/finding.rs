//! `hearth find`, `hearth requests` and `hearth directory`: finding a circle through an
//! organisation's signed directory and asking to join it; a facilitator's side of those
//! requests; and the organisation's signing of its directory.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use hearth_core::finding::{
    directory as signed_directory, ReceivedRequestId, ReceivedRequestState, SentRequestId,
    SentRequestState,
};
use hearth_core::sync::refresh_directory;
use hearth_core::{Client, Error, Result};

use crate::args::{DirectoryCommand, FindCommand, RequestsCommand};
use crate::circles::{find as find_circle, invalid, runtime, sync_now};

fn key_text(key: &[u8]) -> String {
    hearth_protocol::Bytes(key.to_vec()).to_text()
}

fn refresh_all(client: &Client) -> Result<()> {
    let rt = runtime()?;
    for source in client.directories()? {
        match rt.block_on(refresh_directory(client, &source.org_key)) {
            Ok(()) => {}
            Err(Error::Network) => println!("({} cannot be reached now)", source.url),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub fn find(client: Client, sub: FindCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        FindCommand::Add { url, key } => {
            let org_key = client.add_directory(&url, &key)?;
            if let Err(e) = runtime()?.block_on(refresh_directory(&client, &org_key)) {
                client.remove_directory(&org_key)?;
                return Err(e);
            }
            let source = client
                .directories()?
                .into_iter()
                .find(|s| s.org_key == org_key)
                .ok_or(Error::Internal("a directory just added was not found"))?;
            println!(
                "Trusting {}'s directory: {} circle{} open to requests (`hearth find list`).",
                source.organisation,
                source.circles,
                if source.circles == 1 { "" } else { "s" }
            );
        }
        FindCommand::Refresh => {
            refresh_all(&client)?;
            for s in client.directories()? {
                println!("{}: {} circles ({})", s.organisation, s.circles, s.url);
            }
        }
        FindCommand::List { topic, language } => {
            let found = client.find_circles(topic.as_deref(), language.as_deref())?;
            if found.is_empty() {
                println!(
                    "No circles listed match. Trust a directory: hearth find add URL --key KEY"
                );
            }
            for f in found {
                let c = &f.circle;
                println!("{}  {}  ({})", c.id, c.name, f.organisation);
                if !c.description.is_empty() {
                    println!("    {}", c.description);
                }
                println!(
                    "    topics: {}; languages: {}; meets: {}",
                    c.topics.join(", "),
                    c.languages.join(", "),
                    if c.schedule.is_empty() {
                        "by arrangement"
                    } else {
                        &c.schedule
                    }
                );
            }
        }
        FindCommand::Topics => {
            for t in client.directory_topics()? {
                println!("{} ({})", t.topic, t.circles);
            }
        }
        FindCommand::Ask { circle, name, note } => {
            let found: Vec<_> = client
                .find_circles(None, None)?
                .into_iter()
                .filter(|f| f.circle.id == circle.trim())
                .collect();
            let f = match found.as_slice() {
                [one] => one,
                [] => {
                    return Err(Error::NotFound {
                        what: "listed circle",
                    })
                }
                _ => {
                    return Err(invalid(
                        "circle",
                        "two directories list a circle of that id",
                    ))
                }
            };
            let request = client.ask_to_join(&f.org_key, &f.circle.id, &name, &note)?;
            sync_now(&client)?;
            println!(
                "Asked to join {} (request {}). Only its facilitators can read it; \
                 `hearth find sent` shows their answer.",
                request.circle_name,
                request.id.raw()
            );
        }
        FindCommand::Sent => {
            sync_now(&client)?;
            let sent = client.sent_requests()?;
            if sent.is_empty() {
                println!("No requests sent. Find a circle: hearth find list");
            }
            for r in sent {
                let state = match r.state {
                    SentRequestState::Sending => "waiting to be sent",
                    SentRequestState::Waiting => "sent; no answer yet",
                    SentRequestState::Invited => "invited",
                    SentRequestState::Declined => "not this time",
                    SentRequestState::Undeliverable => "the circle no longer takes requests",
                    SentRequestState::Joined => "joined with the code",
                };
                println!(
                    "{}. {} ({}): {state}",
                    r.id.raw(),
                    r.circle_name,
                    r.organisation
                );
                if let Some(message) = r.message.filter(|m| !m.is_empty()) {
                    println!("    \u{201c}{message}\u{201d}");
                }
                if r.state == SentRequestState::Invited {
                    println!("    join: hearth find join {} --name NAME", r.id.raw());
                }
            }
        }
        FindCommand::Join { request, name } => {
            let join = client.join_from_request(SentRequestId::from_raw(request), &name)?;
            sync_now(&client)?;
            println!(
                "Joining with the code the facilitator sent ({}); `hearth circle list` shows \
                 the circle once their phone lets you in.",
                join.nameplate
            );
        }
        FindCommand::Forget { request } => {
            client.forget_request(SentRequestId::from_raw(request))?;
            sync_now(&client)?;
            println!("Forgotten.");
        }
    }
    Ok(())
}

pub fn requests(client: Client, sub: RequestsCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        RequestsCommand::Open { circle } => {
            let c = find_circle(&client, &circle)?;
            let inbox = client.open_to_requests(&c.group_id)?;
            sync_now(&client)?;
            println!(
                "{} is open to requests. Give this entry to the organisation for its directory \
                 (they fill in id, description, topics, schedule and languages):",
                c.name
            );
            println!("{}", inbox.listing_entry);
        }
        RequestsCommand::Close { circle } => {
            let c = find_circle(&client, &circle)?;
            client.close_to_requests(&c.group_id)?;
            sync_now(&client)?;
            println!("{} takes no more requests.", c.name);
        }
        RequestsCommand::List { circle } => {
            sync_now(&client)?;
            let group = circle
                .map(|c| find_circle(&client, &c))
                .transpose()?
                .map(|c| c.group_id);
            let requests = client.join_requests(group.as_ref())?;
            if requests.is_empty() {
                println!("No requests.");
            }
            for r in requests {
                let state = match r.state {
                    ReceivedRequestState::Waiting => "waiting for an answer",
                    ReceivedRequestState::Invited => "sent a code",
                    ReceivedRequestState::Declined => "declined",
                };
                // Answered on another facilitator's phone: say whose.
                let by = r
                    .answered_by
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
                println!(
                    "{}. {} asks to join ({}): {state}{by}",
                    r.id.raw(),
                    r.name,
                    r.listing
                );
                if !r.note.is_empty() {
                    println!("    \u{201c}{}\u{201d}", r.note);
                }
            }
        }
        RequestsCommand::Invite { request, message } => {
            client.invite_requester(ReceivedRequestId::from_raw(request), &message)?;
            sync_now(&client)?;
            println!("A one-time code is on its way, sealed to them; whoever uses it is admitted.");
        }
        RequestsCommand::Decline { request, message } => {
            client.decline_request(ReceivedRequestId::from_raw(request), &message)?;
            sync_now(&client)?;
            println!("Your answer is on its way.");
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(Error::from)
}

/// Writes `text` to a new file (refused if one is there) that only this user can read.
fn write_new_private(path: &Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => invalid(
            "out",
            "a file is there already (a key is never overwritten)",
        ),
        _ => Error::from(e),
    })?;
    file.write_all(text.as_bytes())?;
    Ok(file.sync_all()?)
}

pub fn directory(sub: DirectoryCommand) -> Result<()> {
    match sub {
        DirectoryCommand::Keygen { out } => {
            let (seed, public) = signed_directory::new_org_key()?;
            write_new_private(&out, &format!("{}\n", key_text(&seed)))?;
            println!(
                "Secret key written to {} (keep it safe and off line).",
                out.display()
            );
            println!("Your organisation key (people add your directory with it):");
            println!("{}", key_text(&public));
        }
        DirectoryCommand::Sign {
            listing,
            key_file,
            out,
        } => {
            let seed = hearth_protocol::Bytes::from_text(read_text(&key_file)?.trim())
                .ok_or_else(|| invalid("key file", "not a key `directory keygen` wrote"))?;
            let signed = signed_directory::sign(&seed.0, &read_text(&listing)?)?;
            std::fs::write(&out, signed)?;
            println!("Signed directory written to {}.", out.display());
        }
    }
    Ok(())
}
