//! `hearth talk`: one-to-one talks asked for inside a circle, answered, ended and blocked.
//! An open talk is a circle of two: `read` and `send` work there as in any circle.

use std::sync::Arc;

use hearth_core::talks::{Talk, TalkState};
use hearth_core::{Client, Result};

use crate::args::TalkCommand;
use crate::circles::{by_short_id, find, invalid, pick, short_id, sync_now};
use crate::moderation::member;

pub fn talk(client: Client, sub: TalkCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        TalkCommand::Ask {
            circle,
            member: who,
            note,
        } => {
            let c = find(&client, &circle)?;
            let m = member(&client, &c, &who)?;
            let id = client.ask_to_talk(&c.group_id, &m.key, &note)?;
            let name = m.display_name.unwrap_or_else(|| "them".into());
            println!(
                "Asked {name} for a private talk ({}). Only they can read it; you will see \
                 their answer in `hearth talk list`.",
                short_id(id.as_str())
            );
            sync_now(&client)?;
        }
        TalkCommand::List => {
            sync_now(&client)?;
            let talks = client.talks(None)?;
            if talks.is_empty() {
                println!(
                    "No talks. Ask someone in a circle: hearth talk ask CIRCLE NAME --note \"...\""
                );
            }
            for t in &talks {
                println!("{}", line(t));
                if !t.note.is_empty() {
                    println!("      \u{201c}{}\u{201d}", t.note);
                }
            }
        }
        TalkCommand::Accept { talk } => {
            let t = find_talk(&client, &talk)?;
            let circle = client.accept_talk(&t.id)?;
            sync_now(&client)?;
            println!(
                "You and {} can talk now: hearth send {} \"...\"",
                t.with_name,
                &circle.to_hex()[..8]
            );
        }
        TalkCommand::Decline { talk } => {
            let t = find_talk(&client, &talk)?;
            client.decline_talk(&t.id)?;
            sync_now(&client)?;
            println!("Declined. {} will see you cannot talk now.", t.with_name);
        }
        TalkCommand::Withdraw { talk } => {
            let t = find_talk(&client, &talk)?;
            client.withdraw_talk_request(&t.id)?;
            sync_now(&client)?;
            println!("Request to {} taken back.", t.with_name);
        }
        TalkCommand::End { talk } => {
            let t = find_talk(&client, &talk)?;
            let circle = t
                .talk_circle
                .filter(|_| t.state == TalkState::Open)
                .ok_or_else(|| invalid("talk", "that talk is not open"))?;
            client.end_talk(&circle)?;
            sync_now(&client)?;
            println!("The talk with {} has ended.", t.with_name);
        }
        TalkCommand::Block { talk } => {
            let t = find_talk(&client, &talk)?;
            client.block_talker(&t.id)?;
            sync_now(&client)?;
            println!(
                "Blocked {}: they cannot ask you for a talk again. Nobody was told.",
                t.with_name
            );
        }
        TalkCommand::Unblock { name } => {
            let person = pick(
                client.blocked_talkers()?,
                &name,
                "blocked person",
                |p| Some(&p.display_name),
                |p| &p.key,
            )?;
            client.unblock_talker(&person.key)?;
            println!("{} can ask you for a talk again.", person.display_name);
        }
        TalkCommand::Blocked => {
            let blocked = client.blocked_talkers()?;
            if blocked.is_empty() {
                println!("You have not blocked anyone.");
            }
            for p in blocked {
                println!("{}  {}", &hex::encode(&p.key)[..8], p.display_name);
            }
        }
        TalkCommand::Allow { circle, off } => {
            let c = find(&client, &circle)?;
            client.set_members_may_talk(&c.group_id, !off)?;
            sync_now(&client)?;
            println!(
                "{}",
                if off {
                    "Only facilitators can be asked for a private talk now."
                } else {
                    "Members can ask each other for a private talk now."
                }
            );
        }
    }
    Ok(())
}

/// The talk whose id ends with `digits` (as `talk list` prints it, 4 digits or more).
fn find_talk(client: &Client, digits: &str) -> Result<Talk> {
    by_short_id(client.talks(None)?, digits, "talk", |t| t.id.as_str())
}

/// One talk as `talk list` prints it.
fn line(t: &Talk) -> String {
    let state = match (t.state, t.asked_by_me) {
        (TalkState::Asked, false) => "asks you for a private talk: accept or decline",
        (TalkState::Asked, true) => "you asked; waiting for an answer",
        (TalkState::Open, _) => "open",
        (TalkState::Declined, true) => "cannot talk now",
        (TalkState::Declined, false) => "you declined",
        (TalkState::Withdrawn, true) => "you took the request back",
        (TalkState::Withdrawn, false) => "they took the request back",
        (TalkState::Ended, _) => "ended",
    };
    let circle = if t.circle_name.is_empty() {
        String::new()
    } else {
        format!(" (from {})", t.circle_name)
    };
    format!(
        "{}  {}{circle}: {state}",
        short_id(t.id.as_str()),
        t.with_name
    )
}
