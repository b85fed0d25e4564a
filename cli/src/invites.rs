//! Invite code commands: a facilitator makes, lists and revokes codes and answers the people
//! who used them; anyone joins a circle with a code. Each syncs once so the step goes out.

use std::sync::Arc;
use std::time::Duration;

use hearth_core::invites::{
    Invite, InviteJoin, InviteOptions, InviteState, JoinState, ASK_FOR_A_NEW_CODE,
    BEFORE_JOINING_NOTICE,
};
use hearth_core::{Client, Result};

use crate::args::InviteCommand;
use crate::circles::{find, invalid, sync_now};
use crate::failure::{Failure, Outcome};

/// Reads `30m`, `48h` or `7d` given for `field`.
pub(crate) fn duration(field: &'static str, text: &str) -> Result<Duration> {
    let text = text.trim();
    let wrong = || invalid(field, "a number and m, h or d (30m, 48h, 7d)");
    let unit = match text.chars().last() {
        Some('m') => 60,
        Some('h') => 3600,
        Some('d') => 24 * 3600,
        _ => return Err(wrong()),
    };
    let number: u64 = text[..text.len() - 1].parse().map_err(|_| wrong())?;
    Ok(Duration::from_secs(number.saturating_mul(unit)))
}

fn state(s: InviteState) -> &'static str {
    match s {
        InviteState::Open => "open",
        InviteState::Claimed => "claimed, admitting",
        InviteState::WaitingForApproval => "waiting for your approval",
        InviteState::Used => "used",
        InviteState::Declined => "declined",
        InviteState::Failed => "failed (a wrong secret was tried; it no longer works)",
        InviteState::Expired => "expired",
        InviteState::Revoked => "revoked",
    }
}

fn when(expires_at: u64) -> String {
    jiff::Timestamp::from_second(expires_at as i64)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| expires_at.to_string())
}

fn invite_line(i: &Invite) -> String {
    let mut line = format!("{}  {}", i.nameplate, state(i.state));
    if !i.published && i.state == InviteState::Open {
        line += " (not at the relay yet)";
    }
    if !i.label.is_empty() {
        line += &format!("  \"{}\"", i.label);
    }
    if let Some(name) = &i.invitee_name {
        line += &format!("  used by {name}");
    }
    if i.state == InviteState::Open {
        line += &format!("  until {}", when(i.expires_at));
    }
    if i.auto_admit {
        line += "  (admits without asking)";
    }
    line
}

fn join_line(j: &InviteJoin) -> String {
    match j.state {
        JoinState::Sending => "Sending the code to the relay…".into(),
        JoinState::WaitingForFacilitator => {
            "Waiting for the facilitator: you are let in when their phone next syncs \
             (run `hearth sync` to check)."
                .into()
        }
        JoinState::Joined => "You joined the circle.".into(),
        JoinState::Declined => "The facilitator declined this request.".into(),
        JoinState::CodeDidNotWork => {
            "This code did not work. Check it with your facilitator, or ask for a new one.".into()
        }
        JoinState::Unavailable => {
            "This code cannot be used: it expired, was already used or withdrawn, or does not \
             exist. Ask your facilitator for a new code."
                .into()
        }
    }
}

pub fn invite(client: Client, sub: InviteCommand) -> Result<()> {
    let client = Arc::new(client);
    match sub {
        InviteCommand::Create {
            circle,
            expires,
            auto_admit,
            label,
        } => {
            let c = find(&client, &circle)?;
            let options = InviteOptions {
                lifetime: duration("expires", &expires)?,
                auto_admit,
                label,
            };
            let made = client.create_invite(&c.group_id, &options)?;
            sync_now(&client)?;
            let now = client
                .invites(&c.group_id)?
                .into_iter()
                .find(|i| i.nameplate == made.nameplate)
                .unwrap_or(made);
            println!("Invite code for {}:", c.name);
            println!(
                "  code: {}",
                now.code.as_deref().unwrap_or("(no longer open)")
            );
            println!(
                "  link: {}",
                now.link.as_deref().unwrap_or("(no longer open)")
            );
            println!("  {}", invite_line(&now));
            println!("Give it to the person you invite; it works once.");
        }
        InviteCommand::List { circle } => {
            let c = find(&client, &circle)?;
            sync_now(&client)?;
            for i in client.invites(&c.group_id)? {
                println!("{}", invite_line(&i));
                if let Some(code) = &i.code {
                    println!("    code: {code}");
                }
                if let Some(words) = &i.words {
                    println!("    words to compare: {words}");
                }
            }
        }
        InviteCommand::Revoke { code } => {
            client.revoke_invite(&code)?;
            sync_now(&client)?;
            println!("Revoked.");
        }
        InviteCommand::Approve { request } => {
            client.approve_invite(&request)?;
            sync_now(&client)?;
            println!("Approved: they join when their phone next syncs.");
        }
        InviteCommand::Decline { request } => {
            client.decline_invite(&request)?;
            sync_now(&client)?;
            println!("Declined: their phone is told when it next syncs.");
        }
    }
    Ok(())
}

pub fn join(client: Client, code: &str, name: &str, relay: Option<&str>) -> Outcome {
    if let Some(url) = relay {
        client.set_relay(url)?;
    }
    if client.relay_account()?.is_none() {
        return Err(invalid(
            "relay",
            "set a relay first (hearth join CODE --name NAME --relay URL)",
        )
        .into());
    }
    println!("{BEFORE_JOINING_NOTICE}");
    let client = Arc::new(client);
    let started = client.join_with_code(code, name)?;
    sync_now(&client)?;
    let now = client
        .invite_joins()?
        .into_iter()
        .find(|j| j.nameplate == started.nameplate)
        .unwrap_or(started);
    if now.state.is_refused() {
        return Err(Failure::Refused(join_line(&now)));
    }
    println!("{}", join_line(&now));
    if let Some(words) = &now.words {
        println!("Words to compare with your facilitator: {words}");
    }
    if let Some(group) = &now.group_id {
        let c = client.circle(group)?;
        println!("Circle: {}", c.name);
        println!("Guidelines (version {}):", c.guidelines_version);
        for line in c.guidelines.lines() {
            println!("  {line}");
        }
    }
    Ok(())
}

/// What `hearth sync` says about codes waiting for a facilitator, and circles that need a
/// new code.
pub fn report(client: &Client) -> Result<()> {
    for j in client.invite_joins()? {
        if j.state == JoinState::WaitingForFacilitator {
            println!("Code {}…: {}", j.nameplate, join_line(&j));
        }
    }
    for c in client.circles()? {
        if c.state == hearth_core::CircleState::Stalled {
            println!("{}: {ASK_FOR_A_NEW_CODE}", c.name);
        }
    }
    Ok(())
}
