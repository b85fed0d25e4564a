//! Sharing a check-in to a circle as a card, and the circle's meetings: schedule, list what
//! is coming (with the reminder times the phone computes), cancel, and the programme they
//! follow (attach an example or a file, take it off, the coming topics).

use std::sync::Arc;

use hearth_core::circles::{example_programmes, ProgrammeTemplate, Repeat, ShareChoice};
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

/// The circle named `circle` and its meeting whose id starts with `session`.
fn circle_session(
    client: &Client,
    circle: &str,
    session: &str,
) -> Result<(
    hearth_core::CircleSummary,
    hearth_core::circles::CircleSession,
)> {
    let c = find(client, circle)?;
    let s = by_short_id(
        client.circle_sessions(&c.group_id)?,
        session,
        "session",
        |s| &s.id,
    )?;
    Ok((c, s))
}

/// `hearth session programmes`: the examples that ship, week by week (no profile needed).
pub fn print_examples() {
    for p in example_programmes() {
        println!("{}  {} ({} weeks)", p.id, p.title, p.weeks.len());
        for (i, w) in p.weeks.iter().enumerate() {
            println!("  week {}: {}", i + 1, w.topic);
        }
    }
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
            let (c, s) = circle_session(&client, &circle, &session)?;
            client.cancel_session(&c.group_id, &s.id)?;
            println!("Cancelled \"{}\".", s.title);
            sync_now(&client)?;
        }
        // Handled in main before a profile is involved.
        SessionCommand::Programmes => {
            return Err(hearth_core::Error::Internal(
                "this command runs without a profile",
            ))
        }
        SessionCommand::Programme {
            circle,
            session,
            example,
            file,
        } => {
            let (c, s) = circle_session(&client, &circle, &session)?;
            let template = match (example, file) {
                (Some(name), _) => example_programmes()
                    .into_iter()
                    .find(|p| p.id == name)
                    .ok_or_else(|| invalid("example", "see `hearth session programmes`"))?,
                (None, Some(path)) => ProgrammeTemplate::from_json(&std::fs::read(path)?)?,
                (None, None) => return Err(invalid("programme", "give --example or --file")),
            };
            let title = template.title.clone();
            client.attach_programme(&c.group_id, template, &s.id)?;
            println!("\"{title}\" follows \"{}\" from its next meeting.", s.title);
            sync_now(&client)?;
        }
        SessionCommand::NoProgramme { circle } => {
            let c = find(&client, &circle)?;
            client.detach_programme(&c.group_id)?;
            println!("Took the programme off {}.", c.name);
            sync_now(&client)?;
        }
        SessionCommand::Topics { circle, count } => {
            sync_now(&client)?;
            let c = find(&client, &circle)?;
            let topics = client.programme_topics(&c.group_id, None, count)?;
            if topics.is_empty() {
                println!("No programme topics ahead for {}.", c.name);
            }
            let zone = TimeZone::system();
            for t in topics {
                let when = t.starts_at.timestamp().to_zoned(zone.clone());
                println!(
                    "{}  week {} of {}: {}",
                    when.strftime("%a %d %b %H:%M"),
                    t.week,
                    t.weeks,
                    t.content.topic
                );
                println!("  {}", t.content.text);
                for prompt in &t.content.prompts {
                    println!("  - {prompt}");
                }
            }
        }
    }
    Ok(())
}
