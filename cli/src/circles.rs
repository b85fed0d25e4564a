//! Circle commands: each calls the core, then syncs once with the relay so the change goes
//! out (a relay that cannot be reached leaves it queued for the next `hearth sync`).

use std::sync::Arc;

use hearth_core::events::{Event, Notification};
use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine};
use hearth_core::{CircleMessage, CircleState, CircleSummary, Client, Error, Result, Role};

use crate::args::CircleCommand;

pub(crate) fn invalid(field: &'static str, reason: &str) -> Error {
    Error::InvalidInput {
        field,
        reason: reason.to_string(),
    }
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|_| Error::Internal("the async runtime could not start"))
}

fn syncer(client: &Arc<Client>) -> Result<Option<SyncEngine<HttpTransport>>> {
    let Some(account) = client.relay_account()? else {
        return Ok(None);
    };
    let transport = HttpTransport::for_relay(&account.url)?;
    Ok(Some(SyncEngine::new(
        Arc::clone(client),
        transport,
        SyncConfig::default(),
    )))
}

/// One sync pass after a change. A relay that cannot be reached, is busy, or moved on first
/// is reported, not an error: the change waits in the outbox for the next `hearth sync`.
pub(crate) fn sync_now(client: &Arc<Client>) -> Result<()> {
    let Some(sync) = syncer(client)? else {
        println!("(no relay set: run `hearth register --relay URL` to send)");
        return Ok(());
    };
    let why = match runtime()?.block_on(sync.sync_once()) {
        Ok(()) => return Ok(()),
        Err(Error::Network) => "the relay cannot be reached".to_string(),
        Err(Error::RelayBusy { retry_after_s }) => {
            format!("the relay is busy and asks to wait {retry_after_s} s")
        }
        Err(Error::StaleEpoch) => "the circle moved on at the relay".to_string(),
        Err(e) => return Err(e),
    };
    println!("({why}; this waits for the next `hearth sync`)");
    Ok(())
}

pub fn register(client: Client, url: &str) -> Result<()> {
    client.set_relay(url)?;
    let client = Arc::new(client);
    let Some(sync) = syncer(&client)? else {
        return Err(Error::Internal("the relay was not kept"));
    };
    let rt = runtime()?;
    let device_id = rt.block_on(sync.register())?;
    rt.block_on(sync.sync_once())?;
    println!("Registered at {url}");
    println!("device id:   {device_id}");
    println!("(a facilitator adds you with: hearth circle add CIRCLE {device_id})");
    Ok(())
}

/// The one item whose name is `text` (any case) or whose hex id starts with it (4 digits or
/// more); `what` names the kind in errors.
pub(crate) fn pick<T>(
    items: Vec<T>,
    text: &str,
    what: &'static str,
    name: impl Fn(&T) -> Option<&str>,
    id: impl Fn(&T) -> &[u8],
) -> Result<T> {
    let wanted = text.trim().to_lowercase();
    let found: Vec<T> = items
        .into_iter()
        .filter(|item| {
            name(item).is_some_and(|n| n.to_lowercase() == wanted)
                || (wanted.len() >= 4 && hex::encode(id(item)).starts_with(&wanted))
        })
        .collect();
    if found.len() > 1 {
        // The circle list shows the first 8 digits of an id.
        let shown = |i: &T| hex::encode(id(i)).chars().take(8).collect::<String>();
        return Err(ambiguous(what, found.iter().map(shown)));
    }
    found.into_iter().next().ok_or(Error::NotFound { what })
}

/// The digits of a message's, report's or meeting's id that the CLI prints and takes back:
/// the last 8. Those ids start with the time they were made, so their first digits are
/// shared by everything made within a minute or so.
pub(crate) fn short_id(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}

/// The one item whose hex id ends with `digits` (4 or more, see `read --ids`, `reports`,
/// `session list`); `what` names the kind in errors.
pub(crate) fn by_short_id<T>(
    items: Vec<T>,
    digits: &str,
    what: &'static str,
    id: impl Fn(&T) -> &str,
) -> Result<T> {
    let digits = digits.trim().to_ascii_lowercase();
    if digits.len() < 4 {
        return Err(invalid(what, "give at least 4 digits of its id"));
    }
    let found: Vec<T> = items
        .into_iter()
        .filter(|item| id(item).ends_with(&digits))
        .collect();
    if found.len() > 1 {
        return Err(ambiguous(
            what,
            found.iter().map(|i| short_id(id(i)).to_string()),
        ));
    }
    found.into_iter().next().ok_or(Error::NotFound { what })
}

/// Several items match what was typed: the error lists them (ids only), so the person can
/// type one of them back.
fn ambiguous(what: &'static str, ids: impl Iterator<Item = String>) -> Error {
    Error::AmbiguousId {
        what,
        candidates: ids.take(hearth_core::AMBIGUOUS_CANDIDATES_MAX).collect(),
    }
}

/// Finds a circle by name or by the start of its id.
pub(crate) fn find(client: &Client, text: &str) -> Result<CircleSummary> {
    pick(
        client.circles()?,
        text,
        "circle",
        |c| Some(&c.name),
        |c| &c.group_id,
    )
}

/// The invitation to `text` (a name or the start of its id) still waiting.
fn find_invitation(client: &Client, text: &str) -> Result<CircleSummary> {
    let invitations = client
        .circles()?
        .into_iter()
        .filter(|c| c.state == CircleState::Invited)
        .collect();
    pick(
        invitations,
        text,
        "invitation",
        |c| Some(&c.name),
        |c| &c.group_id,
    )
}

/// What the person needs to decide on an invitation: the circle, who added them, how many
/// are in it, and its guidelines.
fn invitation_text(c: &CircleSummary) -> String {
    let by = c
        .added_by
        .map_or("a member".to_string(), |r| format!("its {}", role(r)));
    let mut text = format!(
        "{}  {}  (added by {by}; {} members)\n",
        &hex::encode(&c.group_id)[..8],
        c.name,
        c.member_count
    );
    if !c.description.is_empty() {
        text += &format!("   {}\n", c.description);
    }
    if !c.guidelines.is_empty() {
        text += &format!(
            "   Guidelines: {}\n",
            c.guidelines.replace('\n', "\n               ")
        );
    }
    text + &format!(
        "   hearth circle accept {0:?}   or   hearth circle decline {0:?}\n",
        c.name
    )
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Facilitator => "facilitator",
        Role::CoFacilitator => "co-facilitator",
        Role::Member => "member",
    }
}

pub fn summary_line(c: &CircleSummary) -> String {
    let mut line = match &c.talk_with {
        Some(other) => format!(
            "{}  Private talk with {other}  (just the two of you",
            &hex::encode(&c.group_id)[..8]
        ),
        None => format!(
            "{}  {}  ({} members, you: {}",
            &hex::encode(&c.group_id)[..8],
            c.name,
            c.member_count,
            role(c.role)
        ),
    };
    if c.unread > 0 {
        line += &format!(", {} unread", c.unread);
    }
    if c.waiting > 0 {
        line += &format!(", {} waiting to send", c.waiting);
    }
    if c.flagged > 0 {
        line += &format!(", {} flagged by its rules", c.flagged);
    }
    let state = match c.state {
        CircleState::Active => None,
        CircleState::Left => Some("you left"),
        CircleState::Removed => Some("you were removed"),
        CircleState::Closed => Some("closed"),
        CircleState::Stalled => Some("needs a new code"),
        CircleState::Invited => Some("an invitation: accept or decline"),
    };
    if let Some(state) = state {
        line += &format!(", {state}");
    }
    line + ")"
}

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// One message as `read` prints it; with `ids`, each text starts with its short id (what
/// `mod delete`, `mod pin` and `report` take).
pub fn message_line(m: &CircleMessage, ids: bool) -> String {
    if m.kind == hearth_core::circles::MessageKind::System {
        let event = m.event.as_ref().map(|e| e.in_english()).unwrap_or_default();
        return format!("   — {event}");
    }
    let who = if m.from_me {
        "you".to_string()
    } else {
        m.sender_name.clone().unwrap_or_else(|| "(someone)".into())
    };
    let id = if ids {
        format!("[{}] ", short_id(&m.id))
    } else {
        String::new()
    };
    let mut line = if m.removed_by_facilitator {
        format!("   {id}{who}: (removed by a facilitator)")
    } else if m.deleted {
        format!("   {id}{who}: (deleted)")
    } else if m.muted {
        format!("   {id}{who}: (muted)")
    } else if let Some(held) = m.breach.as_ref().filter(|b| b.collapsed()) {
        format!(
            "   {id}{who}: (held back by the circle's rules: {})",
            held.explanation
        )
    } else {
        format!("   {id}{who}: {}", m.body)
    };
    if let Some(flag) = m.breach.as_ref().filter(|b| !b.collapsed()) {
        line += &format!(" (flagged: {})", flag.explanation);
    }
    if let Some(original) = &m.reply_to {
        line += &format!(" (reply to [{}])", short_id(original));
    }
    if m.pinned {
        line += " (pinned)";
    }
    if m.edited_at_ms.is_some() && !m.deleted {
        line += " (edited)";
    }
    for r in &m.reactions {
        line += &format!(" [{} {}]", r.emoji, r.count);
    }
    if m.relay_seq.is_none() {
        line += " (sending…)";
    }
    line
}

pub fn circle(client: Client, sub: CircleCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        CircleCommand::Create {
            name,
            description,
            guidelines_file,
        } => {
            let guidelines = match guidelines_file {
                Some(path) => std::fs::read_to_string(path)?,
                None => String::new(),
            };
            let c = client.create_circle(&name, &description, &guidelines)?;
            println!("Created {}", summary_line(&c));
            sync_now(&client)?;
        }
        CircleCommand::List => {
            for c in client.circles()? {
                println!("{}", summary_line(&c));
            }
        }
        CircleCommand::Invitations => {
            // New ones arrive with a sync.
            sync_now(&client)?;
            let waiting: Vec<CircleSummary> = client
                .circles()?
                .into_iter()
                .filter(|c| c.state == CircleState::Invited)
                .collect();
            if waiting.is_empty() {
                println!("No invitations are waiting.");
            }
            for c in &waiting {
                print!("{}", invitation_text(c));
            }
        }
        CircleCommand::Accept { circle } => {
            let c = find_invitation(&client, &circle)?;
            client.accept_invitation(&c.group_id)?;
            println!(
                "You joined {}. Accept its guidelines to post: hearth guidelines accept \"{}\" --version {}",
                c.name, c.name, c.guidelines_version
            );
            sync_now(&client)?;
        }
        CircleCommand::Decline { circle } => {
            let c = find_invitation(&client, &circle)?;
            client.decline_invitation(&c.group_id)?;
            println!("Declined {}. Nobody was told.", c.name);
        }
        CircleCommand::Show { circle } => {
            let c = find(&client, &circle)?;
            println!("{}", summary_line(&c));
            println!("id:          {}", hex::encode(&c.group_id));
            if !c.description.is_empty() {
                println!("description: {}", c.description);
            }
            if let Some(seconds) = c.disappear_after_s {
                println!("messages disappear after {} hours", seconds / 3600);
            }
            println!("guidelines (version {}):", c.guidelines_version);
            for line in c.guidelines.lines() {
                println!("  {line}");
            }
        }
        CircleCommand::Wakes { circle, choice } => {
            let c = find(&client, &circle)?;
            if let Some(choice) = choice {
                client.set_circle_wakes(&c.group_id, choice == crate::args::OnOff::On)?;
                sync_now(&client)?;
            }
            let on = client.circle_wakes(&c.group_id)?;
            let registered = client.push_registration()?.is_some();
            println!(
                "New messages in {} {} this device{}.",
                c.name,
                if on { "wake" } else { "do not wake" },
                if on && !registered {
                    " once it is registered with a push gateway (hearth push register)"
                } else {
                    ""
                }
            );
        }
        CircleCommand::Members { circle } => {
            let c = find(&client, &circle)?;
            for m in client.circle_members(&c.group_id)? {
                println!(
                    "{}  {}{}  ({})",
                    &hex::encode(&m.key)[..12],
                    m.display_name.as_deref().unwrap_or("(not introduced yet)"),
                    if m.is_me { " (you)" } else { "" },
                    role(m.role)
                );
            }
        }
        CircleCommand::Add { circle, device_id } => {
            let c = find(&client, &circle)?;
            client.add_member(&c.group_id, &device_id)?;
            println!("Adding {device_id} to {}", c.name);
            sync_now(&client)?;
        }
        CircleCommand::Remove { circle, member } => {
            let c = find(&client, &circle)?;
            let target = pick(
                client.circle_members(&c.group_id)?,
                &member,
                "member",
                |m| m.display_name.as_deref(),
                |m| &m.key,
            )?;
            client.remove_member(&c.group_id, &target.key)?;
            println!("Removing them from {}", c.name);
            sync_now(&client)?;
        }
        CircleCommand::Disappear { circle, after, off } => {
            let c = find(&client, &circle)?;
            let seconds = match (off, after) {
                (true, _) | (false, None) => None,
                (false, Some(text)) => Some(crate::invites::duration("after", &text)?.as_secs()),
            };
            client.set_disappearing(&c.group_id, seconds)?;
            match seconds {
                Some(_) => println!("Messages in {} will disappear from every phone.", c.name),
                None => println!("Messages in {} will stay.", c.name),
            }
            sync_now(&client)?;
        }
        CircleCommand::Leave { circle } => {
            let c = find(&client, &circle)?;
            client.leave_circle(&c.group_id)?;
            println!(
                "Leaving {}: a facilitator's phone confirms it when it syncs.",
                c.name
            );
            sync_now(&client)?;
        }
    }
    Ok(())
}

pub fn send(client: Client, circle: &str, text: &str, reply_to: Option<&str>) -> Result<()> {
    let client = Arc::new(client);
    let c = find(&client, circle)?;
    // The message replied to, by the digits `read --ids` shows (or its whole id).
    let reply_to = reply_to
        .map(|digits| crate::moderation::message(&client, &c, digits))
        .transpose()?;
    let id = client.send_text(&c.group_id, text, reply_to.as_ref().map(|m| &m.id))?;
    println!("Message {id}");
    sync_now(&client)
}

pub fn sync(client: Client) -> Result<()> {
    let client = Arc::new(client);
    // Asked for by name, a sync that could not happen is the command's failure.
    let Some(sync) = syncer(&client)? else {
        return Err(invalid("relay", "run `hearth register --relay URL` first"));
    };
    runtime()?.block_on(sync.sync_once())?;
    for c in client.circles()? {
        println!("{}", summary_line(&c));
    }
    crate::invites::report(&client)
}

pub fn read(client: Client, circle: &str, ids: bool, follow: bool) -> Result<()> {
    let client = Arc::new(client);
    if client.relay_account()?.is_some() {
        sync_now(&client)?;
    }
    let c = find(&client, circle)?;
    let mut last = 0;
    let mut after = 0;
    loop {
        let page = client.circle_messages(&c.group_id, after, 500)?;
        for m in &page {
            println!("{}", message_line(m, ids));
        }
        match page.last().and_then(|m| m.relay_seq) {
            Some(seq) if page.len() == 500 => after = seq,
            _ => break,
        }
    }
    for m in client.circle_messages(&c.group_id, 0, 500)? {
        last = last.max(m.relay_seq.unwrap_or(0));
    }
    client.mark_read(&c.group_id, last)?;
    if !follow {
        return Ok(());
    }
    let Some(sync) = syncer(&client)? else {
        return Err(invalid("relay", "run `hearth register --relay URL` first"));
    };
    println!("(following; Ctrl-C to stop)");
    let rt = runtime()?;
    rt.block_on(async {
        let shutdown = tokio_util::sync::CancellationToken::new();
        let mut events = client.subscribe();
        let running = tokio::spawn({
            let shutdown = shutdown.clone();
            async move { sync.run(shutdown).await }
        });
        let hex_id = hex::encode(&c.group_id);
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                n = events.recv() => match n {
                    None => break,
                    Some(Notification::Changed(Event::CircleMessage { group_id, .. }))
                    | Some(Notification::Changed(Event::CircleChanged { group_id }))
                        if group_id == hex_id =>
                    {
                        for m in client.circle_messages(&c.group_id, last, 500)? {
                            if let Some(seq) = m.relay_seq {
                                println!("{}", message_line(&m, ids));
                                last = last.max(seq);
                            }
                        }
                        client.mark_read(&c.group_id, last)?;
                    }
                    Some(_) => {}
                }
            }
        }
        shutdown.cancel();
        let _ = running.await;
        Ok(())
    })
}

/// Deletes the profile; with a relay set, first leaves every circle and deletes the
/// device's relay records.
pub fn delete_everything(client: Client) -> Result<()> {
    let client = Arc::new(client);
    match syncer(&client)? {
        Some(sync) => {
            runtime()?.block_on(sync.delete_everything())?;
            println!("Left every circle and deleted this device's records at the relay.");
            Ok(())
        }
        None => client.delete_everything(),
    }
}
