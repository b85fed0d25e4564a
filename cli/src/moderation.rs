//! Guidelines and moderation commands: show and accept a circle's guidelines, set new ones,
//! the facilitator tools (remove for everyone, pause, pin, hand over, close) and local mutes.
//! Each change syncs once so it goes out.

use std::sync::Arc;

use hearth_core::{CircleMember, CircleMessage, CircleSummary, Client, Result, Role};

use crate::args::{GuidelinesCommand, ModCommand};
use crate::circles::{by_short_id, find, pick, sync_now};

/// The text message whose id ends with `digits` (4 hex digits or more, see `read --ids`).
pub(crate) fn message(
    client: &Client,
    circle: &CircleSummary,
    digits: &str,
) -> Result<CircleMessage> {
    let texts = client
        .latest_circle_messages(&circle.group_id, hearth_core::MESSAGES_PAGE_MAX)?
        .into_iter()
        .filter(|m| m.kind == hearth_core::circles::MessageKind::Text)
        .collect();
    by_short_id(texts, digits, "message", |m| &m.id)
}

/// The member named `text` (or whose key starts with it).
pub(crate) fn member(client: &Client, circle: &CircleSummary, text: &str) -> Result<CircleMember> {
    pick(
        client.circle_members(&circle.group_id)?,
        text,
        "member",
        |m| m.display_name.as_deref(),
        |m| &m.key,
    )
}

pub fn guidelines(client: Client, sub: GuidelinesCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        GuidelinesCommand::Show { circle } => {
            let c = find(&client, &circle)?;
            println!("{} — guidelines, version {}:", c.name, c.guidelines_version);
            for line in c.guidelines.lines() {
                println!("  {line}");
            }
            if c.guidelines_accepted >= c.guidelines_version {
                println!("You accepted this version.");
            } else {
                println!(
                    "You have not accepted this version; posting waits until you do:\n  \
                     hearth guidelines accept \"{}\" --version {}",
                    c.name, c.guidelines_version
                );
            }
        }
        GuidelinesCommand::Accept { circle, version } => {
            let c = find(&client, &circle)?;
            client.accept_guidelines(&c.group_id, version)?;
            println!("Accepted the guidelines of {} (version {version}).", c.name);
            sync_now(&client)?;
        }
        GuidelinesCommand::Set { circle, file } => {
            let c = find(&client, &circle)?;
            let text = std::fs::read_to_string(file)?;
            client.update_circle(&c.group_id, None, None, Some(&text))?;
            println!(
                "New guidelines for {}: every member is asked to accept them.",
                c.name
            );
            sync_now(&client)?;
        }
    }
    Ok(())
}

pub fn moderate(client: Client, sub: ModCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        ModCommand::Delete {
            circle,
            message: id,
        } => {
            let c = find(&client, &circle)?;
            let m = message(&client, &c, &id)?;
            client.remove_message_for_everyone(&c.group_id, &m.id)?;
            println!("Removed the message for everyone in {}.", c.name);
        }
        ModCommand::Timeout {
            circle,
            member: who,
            length,
            reason,
            end,
        } => {
            let c = find(&client, &circle)?;
            let target = member(&client, &c, &who)?;
            let seconds = if end {
                0
            } else {
                crate::invites::duration("for", &length)?.as_secs()
            };
            client.time_out_member(&c.group_id, &target.key, seconds, &reason)?;
            let name = target.display_name.as_deref().unwrap_or("the member");
            if end {
                println!("{name} can post again.");
            } else {
                println!("{name}'s posting is paused for {length}.");
            }
        }
        ModCommand::Pin {
            circle,
            message: id,
            undo,
        } => {
            let c = find(&client, &circle)?;
            let m = message(&client, &c, &id)?;
            client.pin_message(&c.group_id, &m.id, !undo)?;
            println!("{} the message.", if undo { "Unpinned" } else { "Pinned" });
        }
        ModCommand::Handover {
            circle,
            member: who,
            as_member,
        } => {
            let c = find(&client, &circle)?;
            let target = member(&client, &c, &who)?;
            let stay = if as_member {
                Role::Member
            } else {
                Role::CoFacilitator
            };
            client.hand_over_circle(&c.group_id, &target.key, stay)?;
            println!(
                "Handing {} over to {}.",
                c.name,
                target.display_name.as_deref().unwrap_or("them")
            );
        }
        ModCommand::Close { circle, yes } => {
            let c = find(&client, &circle)?;
            let prompt = format!(
                "Close {} for everyone? Its messages at the relay are deleted. Type 'close' to confirm: ",
                c.name
            );
            if !yes && !crate::commands::confirm_word(&prompt, "close")? {
                println!("Nothing was changed.");
                return Ok(());
            }
            client.close_circle(&c.group_id)?;
            println!("Closing {}.", c.name);
        }
    }
    sync_now(&client)
}

pub fn mute(client: Client, circle: &str, who: &str, muted: bool) -> Result<()> {
    let c = find(&client, circle)?;
    let target = member(&client, &c, who)?;
    client.mute_member(&c.group_id, &target.key, muted)?;
    let name = target.display_name.as_deref().unwrap_or("the member");
    if muted {
        println!("Muted {name} on this device (nobody else knows).");
    } else {
        println!("Unmuted {name}.");
    }
    Ok(())
}
