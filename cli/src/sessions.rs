//! Sharing a check-in to a circle as a card, and the circle's meetings: schedule, list what
//! is coming (with the reminder times the phone computes), cancel.

use std::sync::Arc;

use hearth_core::circles::{Repeat, ShareChoice};
use hearth_core::{Client, Result};
use jiff::tz::TimeZone;

use crate::args::SessionCommand;
use crate::circles::{by_short_id, find, invalid, short_id, sync_now};

pub fn share(client: Client, circle: &str, checkin: &str, choice: ShareChoice) -> Result<()> {
    let client = Arc::new(client);
    let c = find(&client, circle)?;
    client.share_checkin(&c.group_id, checkin, choice)?;
    println!(
        "Shared your check-in with {}{}.",
        c.name,
        if choice.note {
            ", with its note"
        } else {
            " (the note stays private)"
        }
    );
    sync_now(&client)
}

pub fn session(client: Client, sub: SessionCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        SessionCommand::Add {
            circle,
            title,
            at,
            tz,
            minutes,
            repeat,
        } => {
            let c = find(&client, &circle)?;
            let repeat = Repeat::parse(&repeat)
                .ok_or_else(|| invalid("repeat", "one of never, weekly, fortnightly, monthly"))?;
            let tz = crate::zone::given_or_system(tz).unwrap_or_else(|| "UTC".into());
            client.add_session(&c.group_id, &title, &at, &tz, minutes, repeat)?;
            println!(
                "Scheduled \"{}\" for {} ({at} {tz}, {minutes} minutes, {}).",
                title.trim(),
                c.name,
                repeat.as_str()
            );
            sync_now(&client)?;
        }
        SessionCommand::List { circle, count } => {
            sync_now(&client)?;
            let only = circle.map(|c| find(&client, &c)).transpose()?;
            let coming: Vec<_> = client
                .upcoming_sessions(None, hearth_core::circles::OCCURRENCES_MAX)?
                .into_iter()
                .filter(|o| only.as_ref().is_none_or(|c| c.group_id == o.group_id))
                .take(count as usize)
                .collect();
            if coming.is_empty() {
                println!("No meetings scheduled.");
            }
            let zone = TimeZone::system();
            for o in coming {
                let local = |m: &hearth_core::Moment| {
                    m.timestamp()
                        .to_zoned(zone.clone())
                        .strftime("%a %d %b %H:%M")
                        .to_string()
                };
                println!(
                    "{}  {} — {} [{}] (reminder {})",
                    local(&o.starts_at),
                    o.circle_name,
                    o.title,
                    short_id(&o.session_id),
                    local(&o.remind_at)
                );
            }
        }
        SessionCommand::Cancel { circle, session } => {
            let c = find(&client, &circle)?;
            let s = by_short_id(
                client.circle_sessions(&c.group_id)?,
                &session,
                "session",
                |s| &s.id,
            )?;
            client.cancel_session(&c.group_id, &s.id)?;
            println!("Cancelled \"{}\".", s.title);
            sync_now(&client)?;
        }
    }
    Ok(())
}
