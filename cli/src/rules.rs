//! `hearth rules`: a circle's own rules, listed, added and removed (facilitators), and the
//! posts they flagged (facilitators and co-facilitators).

use std::sync::Arc;

use hearth_core::circles::{CircleRule, RuleAction, RuleCheck};
use hearth_core::{Client, Result};

use crate::args::RuleCommand;
use crate::circles::{find, invalid, message_line, short_id, sync_now};

pub fn rules(client: Client, sub: RuleCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        RuleCommand::List { circle } => {
            let c = find(&client, &circle)?;
            let rules = client.circle_rules(&c.group_id)?;
            if rules.is_empty() {
                println!("{} has no rules of its own.", c.name);
            }
            for (n, rule) in rules.iter().enumerate() {
                println!("{}. {}", n + 1, describe(rule));
                println!("   \u{201c}{}\u{201d}", rule.explanation);
            }
        }
        RuleCommand::Add {
            circle,
            phrases,
            links,
            new_member_links,
            rate,
            hold,
            why,
            ..
        } => {
            let c = find(&client, &circle)?;
            let check = if let Some(phrases) = phrases {
                RuleCheck::Phrases {
                    phrases: list(&phrases),
                }
            } else if let Some(domains) = links {
                RuleCheck::Links {
                    allowed_domains: list(&domains),
                }
            } else if let Some(hours) = new_member_links {
                RuleCheck::NewMemberLinks { hours }
            } else {
                let (posts, minutes) = rate
                    .as_deref()
                    .and_then(|r| r.split_once('/'))
                    .and_then(|(p, m)| Some((p.trim().parse().ok()?, m.trim().parse().ok()?)))
                    .ok_or_else(|| invalid("rate", "write it POSTS/MINUTES, like 5/60"))?;
                RuleCheck::Rate { posts, minutes }
            };
            let action = if hold {
                RuleAction::Hold
            } else {
                RuleAction::Flag
            };
            let mut rules = client.circle_rules(&c.group_id)?;
            rules.push(CircleRule {
                check,
                action,
                explanation: why,
            });
            let count = rules.len();
            client.set_circle_rules(&c.group_id, rules)?;
            sync_now(&client)?;
            println!(
                "{} has {count} rule{} now; every phone judges members' posts by them.",
                c.name,
                if count == 1 { "" } else { "s" }
            );
        }
        RuleCommand::Remove { circle, number } => {
            let c = find(&client, &circle)?;
            let mut rules = client.circle_rules(&c.group_id)?;
            if number == 0 || number > rules.len() {
                return Err(invalid(
                    "number",
                    &format!("{} has rules 1 to {}", c.name, rules.len()),
                ));
            }
            let gone = rules.remove(number - 1);
            client.set_circle_rules(&c.group_id, rules)?;
            println!("Removed: {}", describe(&gone));
            sync_now(&client)?;
        }
        RuleCommand::Flagged { circle } => {
            sync_now(&client)?;
            let c = find(&client, &circle)?;
            let flagged = client.flagged_posts(&c.group_id)?;
            if flagged.is_empty() {
                println!("Nothing flagged in {}.", c.name);
            }
            for m in &flagged {
                println!("{}", message_line(m, true));
            }
        }
        RuleCommand::Dismiss { circle, message } => {
            let c = find(&client, &circle)?;
            let flagged = client.flagged_posts(&c.group_id)?;
            let m = crate::circles::by_short_id(flagged, &message, "flagged post", |m| &m.id)?;
            client.dismiss_flag(&c.group_id, &m.id)?;
            println!("Taken off the list: [{}]", short_id(&m.id));
        }
    }
    Ok(())
}

/// A comma-separated list, trimmed, without empty entries.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A rule in a line: what it looks for and what it does.
fn describe(rule: &CircleRule) -> String {
    let what = match &rule.check {
        RuleCheck::Phrases { phrases } => format!("posts saying {}", phrases.join(", ")),
        RuleCheck::Links { allowed_domains } if allowed_domains.is_empty() => "links".into(),
        RuleCheck::Links { allowed_domains } => {
            format!("links, except to {}", allowed_domains.join(", "))
        }
        RuleCheck::NewMemberLinks { hours } => {
            format!("links from members here less than {hours} hours")
        }
        RuleCheck::Rate { posts, minutes } => {
            format!("more than {posts} posts in {minutes} minutes")
        }
    };
    match rule.action {
        RuleAction::Hold => format!("Hold {what}"),
        RuleAction::Flag => format!("Flag {what}"),
    }
}
