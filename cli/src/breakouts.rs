//! `hearth breakout`: a circle split into small groups for a set time during a meeting.

use std::sync::Arc;

use hearth_core::breakouts::{Breakout, BreakoutPlan};
use hearth_core::{Client, Result};

use crate::args::BreakoutCommand;
use crate::circles::{find, invalid, now_ms, sync_now};
use crate::moderation::member;

fn minutes_left(b: &Breakout) -> i64 {
    ((b.ends_at_ms - now_ms()).max(0) + 59_999) / 60_000
}

fn line(b: &Breakout) -> String {
    let who: Vec<&str> = b.members.iter().map(|m| m.name.as_str()).collect();
    format!(
        "{} ({}): {}; {} min left{}",
        b.name,
        &b.id[..8],
        who.join(", "),
        minutes_left(b),
        if b.mine { " — your group" } else { "" }
    )
}

/// The running group `text` names: its name ("Group 1") or the start of its id.
fn group(client: &Client, circle: &hearth_core::GroupId, text: &str) -> Result<Breakout> {
    let wanted = text.trim().to_lowercase();
    client
        .breakouts(circle)?
        .into_iter()
        .find(|b| {
            b.name.to_lowercase() == wanted || (wanted.len() >= 4 && b.id.starts_with(&wanted))
        })
        .ok_or(hearth_core::Error::NotFound {
            what: "breakout group",
        })
}

pub fn breakout(client: Client, sub: BreakoutCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        BreakoutCommand::Start {
            circle,
            size,
            groups,
            minutes,
        } => {
            let c = find(&client, &circle)?;
            let plan = match (size, groups) {
                (_, Some(groups)) => BreakoutPlan::ByHand {
                    groups: groups
                        .split(';')
                        .map(|g| {
                            g.split(',')
                                .map(|who| Ok(member(&client, &c, who.trim())?.key))
                                .collect::<Result<Vec<_>>>()
                        })
                        .collect::<Result<_>>()?,
                },
                (Some(size), None) => BreakoutPlan::Random { size },
                (None, None) => return Err(invalid("breakout", "give --size or --groups")),
            };
            let made = client.start_breakouts(&c.group_id, &plan, minutes)?;
            sync_now(&client)?;
            println!(
                "{} split into {} group{} for {minutes} minutes; each member sees only their own:",
                c.name,
                made.len(),
                if made.len() == 1 { "" } else { "s" }
            );
            for b in &made {
                println!("  {}", line(b));
            }
        }
        BreakoutCommand::List { circle } => {
            let c = find(&client, &circle)?;
            sync_now(&client)?;
            let groups = client.breakouts(&c.group_id)?;
            if groups.is_empty() {
                println!("No breakout groups running in {}.", c.name);
            }
            for b in &groups {
                println!("{}", line(b));
            }
        }
        BreakoutCommand::Send {
            circle,
            group: g,
            text,
        } => {
            let c = find(&client, &circle)?;
            let b = group(&client, &c.group_id, &g)?;
            client.post_in_breakout(&c.group_id, &b.id, &text)?;
            sync_now(&client)?;
            println!(
                "Sent to {} (only its members and the facilitators can read it).",
                b.name
            );
        }
        BreakoutCommand::Read { circle, group: g } => {
            let c = find(&client, &circle)?;
            sync_now(&client)?;
            let b = group(&client, &c.group_id, &g)?;
            println!("{}", line(&b));
            for m in client.breakout_messages(&c.group_id, &b.id)? {
                let who = if m.is_mine { "you" } else { &m.sender_name };
                println!("   {who}: {}", m.body);
            }
        }
        BreakoutCommand::End { circle } => {
            let c = find(&client, &circle)?;
            client.end_breakouts(&c.group_id)?;
            sync_now(&client)?;
            println!("The breakout groups in {} ended on every phone.", c.name);
        }
    }
    Ok(())
}
