//! `hearth goal`: personal goals, their daily log, how each is going, reminders, and sharing
//! a goal's week to a circle. The arithmetic is the core's; this prints it.

use std::sync::Arc;

use hearth_core::goals::{
    GoalDraft, GoalOutcome, GoalPlan, GoalProgress, GoalReminder, GoalShareChoice, StreakUnit,
};
use hearth_core::{Client, Error, Result};
use jiff::civil::Date;

use crate::args::{GoalCommand, GoalPlanArgs};
use crate::commands::{date, today};
use crate::render::count;

pub fn goal(client: Client, sub: GoalCommand) -> Result<()> {
    match sub {
        GoalCommand::Add {
            title,
            why,
            starts,
            plan,
        } => {
            let Some(goal_plan) = plan_of(&plan)? else {
                return Err(Error::InvalidInput {
                    field: "plan",
                    reason: "say which days (--days mon,wed,fri) or how often (--times-per-week 3)"
                        .into(),
                });
            };
            let draft = GoalDraft {
                title,
                why,
                plan: goal_plan,
                reminder: reminder_of(&plan)?,
                starts_on: date("starts", &starts)?,
            };
            let g = client.add_goal(&draft, today())?;
            println!("Added goal {} ({}): {}", short(&g.id), g.plan, g.title);
        }
        GoalCommand::Edit {
            goal,
            title,
            why,
            plan,
        } => {
            let id = client.resolve_goal_id(&goal)?;
            let old = client.goal(&id)?;
            let draft = GoalDraft {
                title: title.unwrap_or(old.title),
                why: why.or(old.why),
                plan: plan_of(&plan)?.unwrap_or(old.plan),
                reminder: if plan.no_reminder {
                    None
                } else {
                    reminder_of(&plan)?.or(old.reminder)
                },
                starts_on: None,
            };
            let g = client.update_goal(&id, &draft)?;
            println!("Saved goal {} ({}): {}", short(&g.id), g.plan, g.title);
        }
        GoalCommand::List { all } => {
            let goals = client.goals(today(), all)?;
            if goals.is_empty() {
                println!(
                    "No goals{}. Add one: hearth goal add \"Walk 20 minutes\" --days mon,wed,fri",
                    if all {
                        ""
                    } else {
                        " running (--all shows ended ones)"
                    }
                );
            }
            for p in &goals {
                line(p);
            }
        }
        GoalCommand::Show { goal } => {
            let id = client.resolve_goal_id(&goal)?;
            show(&client.goal_progress(&id, today())?);
            let log = client.goal_log(&id)?;
            if !log.is_empty() {
                println!("Log (newest first):");
            }
            for entry in log.iter().rev().take(28) {
                let note = entry
                    .note
                    .as_deref()
                    .map(|n| format!(" · {n}"))
                    .unwrap_or_default();
                println!(
                    "  {} {:<3} {}{note}",
                    entry.day,
                    weekday(entry.day),
                    entry.outcome
                );
            }
        }
        GoalCommand::Log {
            goal,
            outcome,
            day,
            note,
        } => {
            let id = client.resolve_goal_id(&goal)?;
            let outcome: GoalOutcome = outcome.parse()?;
            let day = date("day", &day)?.unwrap_or_else(today);
            client.log_goal(&id, day, outcome, note.as_deref())?;
            let p = client.goal_progress(&id, today())?;
            println!("{}: {} on {day}.", p.goal.title, outcome);
            println!("  {}", week_words(&p));
        }
        GoalCommand::Unlog { goal, day } => {
            let id = client.resolve_goal_id(&goal)?;
            let day = date("day", &day)?.unwrap_or_else(today);
            if client.clear_goal_log(&id, day)? {
                println!("Took back what {day} said.");
            } else {
                println!("{day} said nothing for this goal.");
            }
        }
        GoalCommand::End { goal, day } => {
            let id = client.resolve_goal_id(&goal)?;
            let day = date("day", &day)?.unwrap_or_else(today);
            let g = client.end_goal(&id, day)?;
            println!(
                "Ended \u{201c}{}\u{201d} on {day}; its log is kept.",
                g.title
            );
        }
        GoalCommand::Resume { goal } => {
            let id = client.resolve_goal_id(&goal)?;
            let g = client.resume_goal(&id)?;
            println!("\u{201c}{}\u{201d} runs again.", g.title);
        }
        GoalCommand::Delete { goal } => {
            let id = client.resolve_goal_id(&goal)?;
            let title = client.goal(&id)?.title;
            client.delete_goal(&id)?;
            println!("Deleted \u{201c}{title}\u{201d} and its log.");
        }
        GoalCommand::Share {
            goal,
            circle,
            why,
            streak,
        } => {
            let client = Arc::new(client);
            let id = client.resolve_goal_id(&goal)?;
            let c = crate::circles::find(&client, &circle)?;
            client.share_goal(&c.group_id, &id, today(), GoalShareChoice { why, streak })?;
            println!(
                "Shared this week of the goal with {} (title and week{}{}).",
                c.name,
                if why { ", why" } else { "" },
                if streak { ", streak" } else { "" }
            );
            crate::circles::sync_now(&client)?;
        }
        GoalCommand::Reminders { count } => {
            let reminders = client.next_goal_reminders(None, count)?;
            if reminders.is_empty() {
                println!("No goal reminders: add one with `goal edit GOAL --remind 18:00`.");
            }
            for r in reminders {
                let title = client.goal(&r.goal_id)?.title;
                println!("  {}  {title}", r.at);
            }
        }
    }
    Ok(())
}

/// The plan the flags give, if they give one.
fn plan_of(args: &GoalPlanArgs) -> Result<Option<GoalPlan>> {
    Ok(match (&args.days, args.times_per_week) {
        (Some(days), _) => Some(GoalPlan::Weekdays {
            days: days.parse()?,
        }),
        (None, Some(times)) => Some(GoalPlan::TimesPerWeek { times }),
        (None, None) => None,
    })
}

/// The reminder the flags give, in the zone given or this computer's.
fn reminder_of(args: &GoalPlanArgs) -> Result<Option<GoalReminder>> {
    let Some(time) = &args.remind else {
        return Ok(None);
    };
    let time_zone = crate::zone::given_or_system(args.time_zone.clone()).ok_or_else(|| {
        Error::InvalidInput {
            field: "time_zone",
            reason: "say which: --time-zone Europe/Dublin".into(),
        }
    })?;
    Ok(Some(GoalReminder {
        time: time.parse()?,
        time_zone,
    }))
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn weekday(day: Date) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        [day.weekday().to_monday_zero_offset() as usize % 7]
}

/// `■` done, `◧` partly, `·` not today, `□` planned and open, blank when not planned.
fn marks(p: &GoalProgress) -> String {
    p.week
        .days
        .iter()
        .map(|d| match (d.planned, d.outcome) {
            (_, Some(GoalOutcome::Done)) => '■',
            (_, Some(GoalOutcome::Partly)) => '◧',
            (_, Some(GoalOutcome::NotToday)) => '·',
            (true, None) => '□',
            (false, None) => ' ',
        })
        .collect()
}

fn streak_words(p: &GoalProgress) -> String {
    let n = p.streak.current;
    match p.streak.unit {
        StreakUnit::Days => format!("streak {}", count(n, "day", "days")),
        StreakUnit::Weeks => format!("streak {}", count(n, "week", "weeks")),
    }
}

fn week_words(p: &GoalProgress) -> String {
    let partly = if p.week.partly > 0 {
        format!(", {} partly", p.week.partly)
    } else {
        String::new()
    };
    format!(
        "This week [{}] {} of {} done{partly} · {}",
        marks(p),
        p.week.done,
        p.week.target,
        streak_words(p)
    )
}

fn rate_words(p: &GoalProgress) -> String {
    match p.completion.rate {
        Some(r) => format!(
            "{:.0}% of what it asked in the last 4 weeks ({} of {})",
            r * 100.0,
            p.completion.credit,
            p.completion.asked
        ),
        None => "nothing asked yet".to_string(),
    }
}

fn line(p: &GoalProgress) {
    let state = match (p.goal.ended_on, p.today, p.due_today) {
        (Some(end), _, _) => format!("ended {end}"),
        (None, Some(o), _) => format!("today: {o}"),
        (None, None, true) => "today: to do".to_string(),
        (None, None, false) => "today: nothing asked".to_string(),
    };
    println!(
        "{}  {}  ({}) · {state}\n          {}",
        short(&p.goal.id),
        p.goal.title,
        p.goal.plan,
        week_words(p)
    );
}

pub fn show(p: &GoalProgress) {
    let g = &p.goal;
    println!("{}  {}", short(&g.id), g.title);
    if let Some(why) = &g.why {
        println!("Why: {why}");
    }
    println!("Plan: {} · since {}", g.plan, g.starts_on);
    if let Some(end) = g.ended_on {
        println!("Ended: {end}");
    }
    if let Some(r) = &g.reminder {
        println!("Reminder: {} ({})", r.time, r.time_zone);
    }
    println!("{}", week_words(p));
    println!("Longest streak {} · {}", p.streak.longest, rate_words(p));
}
