//! Reports: a member reports a message to the circle's facilitators (or asks them for
//! support); a facilitator lists the reports their phone opened and marks them handled.

use std::sync::Arc;

use hearth_core::circles::{CircleReport, ReportReason};
use hearth_core::{Client, Result};

use crate::circles::{by_short_id, find, invalid, short_id, sync_now};
use crate::moderation::message;

pub fn report(
    client: Client,
    circle: &str,
    message_id: Option<&str>,
    reason: &str,
    comment: &str,
    support: bool,
) -> Result<()> {
    let client = Arc::new(client);
    let c = find(&client, circle)?;
    if support {
        client.ask_facilitators_for_support(&c.group_id, comment)?;
        println!(
            "The facilitators of {} will know you would like support. Only they can read it.",
            c.name
        );
    } else {
        let reason = ReportReason::parse(reason)
            .filter(|r| *r != ReportReason::SupportRequest)
            .ok_or_else(|| {
                invalid(
                    "reason",
                    "one of harassment, hate, threat, self_harm, sexual, privacy, spam, other",
                )
            })?;
        let m = message(&client, &c, message_id.unwrap_or_default())?;
        client.report_message(&c.group_id, &m.id, reason, comment)?;
        println!(
            "Reported to the facilitators of {} ({}). Nobody else can tell.",
            c.name,
            reason.label()
        );
    }
    sync_now(&client)
}

pub fn reports(client: Client, circle: &str, all: bool, handled: Option<&str>) -> Result<()> {
    let client = Arc::new(client);
    let c = find(&client, circle)?;
    sync_now(&client)?;
    if let Some(prefix) = handled {
        let r = by_short_id(
            client.circle_reports(&c.group_id, true)?,
            prefix,
            "report",
            |r| &r.id,
        )?;
        client.set_report_handled(&c.group_id, &r.id, true)?;
        println!("Marked handled.");
        return Ok(());
    }
    let list = client.circle_reports(&c.group_id, all)?;
    if list.is_empty() {
        println!(
            "No {}reports for {}.",
            if all { "" } else { "open " },
            c.name
        );
    }
    for r in &list {
        print_report(r);
    }
    Ok(())
}

fn print_report(r: &CircleReport) {
    let who = r.reporter_name.as_deref().unwrap_or("a member");
    let state = if r.handled_at_ms.is_some() {
        "handled"
    } else {
        "open"
    };
    println!(
        "[{}] {} — from {who} ({state})",
        short_id(&r.id),
        r.reason.label()
    );
    match (&r.message_id, &r.message) {
        (Some(_), Some(m)) => println!(
            "  message from {}: {}",
            m.sender_name.as_deref().unwrap_or("someone"),
            m.body
        ),
        (Some(_), None) => {
            println!("  the message is no longer on this phone (deleted or disappeared)")
        }
        (None, _) => println!("  asked for support"),
    }
    if !r.comment.is_empty() {
        println!("  comment: {}", r.comment);
    }
}
