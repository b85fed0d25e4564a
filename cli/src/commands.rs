//! Runs each command against the core. No product rules live here: the CLI parses, calls one
//! `Client` method, and prints.

use std::io::{BufRead, Write};
use std::path::Path;

use hearth_core::insights::InsightsRequest;
use hearth_core::instruments::Instrument;
use hearth_core::journal::{CheckinDraft, EntryDraft, JournalQuery};
use hearth_core::reminders::{ReminderSchedule, ReminderSettings, TimeOfDay};
use hearth_core::{Client, Error, Moment, ProfileOptions, Result};
use jiff::Timestamp;

use crate::args::*;
use crate::failure::Outcome;
use crate::{render, secrets};

pub fn open(dir: &Path) -> Result<Client> {
    Client::open(
        dir,
        &secrets::profile_secret(false)?,
        ProfileOptions::default(),
    )
}

pub fn date(field: &'static str, text: &Option<String>) -> Result<Option<jiff::civil::Date>> {
    text.as_deref()
        .map(|t| {
            t.parse().map_err(|_| Error::InvalidInput {
                field,
                reason: "expected YYYY-MM-DD".into(),
            })
        })
        .transpose()
}

fn query(f: &Filter) -> Result<JournalQuery> {
    Ok(JournalQuery {
        from: date("from", &f.from)?,
        to: date("to", &f.to)?,
        emotion: f.emotion.clone(),
        tag: f.tag.clone(),
        limit: Some(f.limit),
        offset: 0,
    })
}

fn draft(a: &CheckinArgs) -> Result<CheckinDraft> {
    Ok(CheckinDraft {
        at: a.at.as_deref().map(Moment::parse).transpose()?,
        mood: a.mood,
        energy: a.energy,
        emotions: a.emotions.clone(),
        tags: a.tags.clone(),
        sleep_hours: a.sleep,
        note: a.note.clone(),
    })
}

pub fn today() -> jiff::civil::Date {
    Moment::now().local_date()
}

pub fn run(dir: &Path, command: Command) -> Outcome {
    match command {
        Command::Init { name } => {
            let secret = secrets::profile_secret(true)?;
            let client = Client::create(dir, &secret, &name, ProfileOptions::default())?;
            println!("Created a profile in {}", dir.display());
            render::identity(&client.identity()?);
        }
        Command::Whoami => {
            let client = open(dir)?;
            render::identity(&client.identity()?);
            render::relay_account(client.relay_account()?.as_ref());
        }
        Command::Checkin(args) => {
            let c = open(dir)?.add_checkin(&draft(&args)?)?;
            println!("Saved check-in {}", c.id);
        }
        Command::Checkins(sub) => checkins(&open(dir)?, sub)?,
        Command::Journal(sub) => journal(&open(dir)?, sub)?,
        Command::Goal(sub) => crate::goals::goal(open(dir)?, sub)?,
        Command::Talk(sub) => crate::talks::talk(open(dir)?, sub)?,
        Command::Rules(sub) => crate::rules::rules(open(dir)?, sub)?,
        Command::Breakout(sub) => crate::breakouts::breakout(open(dir)?, sub)?,
        Command::Find(sub) => crate::finding::find(open(dir)?, sub)?,
        Command::Requests(sub) => crate::finding::requests(open(dir)?, sub)?,
        Command::Directory(sub) => crate::finding::directory(sub)?,
        Command::Vocabulary => {
            let client = open(dir)?;
            let v = client.emotions()?;
            println!("Emotions: {}", v.built_in.join(", "));
            if !v.custom.is_empty() {
                println!("Your own: {}", v.custom.join(", "));
            }
            let tags: Vec<String> = client
                .tags()?
                .iter()
                .map(|t| format!("{} ({})", t.tag, t.count))
                .collect();
            if !tags.is_empty() {
                println!("Tags: {}", tags.join(", "));
            }
        }
        Command::Insights { days } => {
            let i = open(dir)?.insights(&InsightsRequest::last_days(today(), days))?;
            render::insights(&i);
        }
        Command::Survey {
            instrument,
            answers,
        } => {
            let instrument = match instrument {
                InstrumentArg::Phq2 => Instrument::Phq2,
                InstrumentArg::Phq9 => Instrument::Phq9,
                InstrumentArg::Gad2 => Instrument::Gad2,
                InstrumentArg::Gad7 => Instrument::Gad7,
                InstrumentArg::Who5 => Instrument::Who5,
            };
            let client = open(dir)?;
            let answers = match answers {
                Some(text) => parse_answers(&text)?,
                None => ask(instrument)?,
            };
            render::survey_outcome(&client.record_survey(instrument, &answers, None)?);
        }
        Command::Surveys => {
            for r in open(dir)?.survey_results(None)? {
                render::survey_result(&r);
            }
        }
        Command::Export { format, out } => {
            let client = open(dir)?;
            let bytes = match format {
                ExportFormat::Csv => client.export_csv()?,
                ExportFormat::Json => client.export_json()?.into_bytes(),
                ExportFormat::Backup => client.export_backup(&secrets::backup_passphrase(true)?)?,
            };
            std::fs::write(&out, bytes)?;
            println!("Wrote {}", out.display());
        }
        Command::Import {
            format,
            file,
            preview,
            time_zone,
            moods,
        } => {
            let client = open(dir)?;
            let bytes = std::fs::read(&file)?;
            let s = match format {
                ImportFormat::Backup => {
                    client.import_backup(&bytes, &secrets::backup_passphrase(false)?)?
                }
                ImportFormat::Json => client.import_json(&bytes)?,
                ImportFormat::Daylio | ImportFormat::Bearable => {
                    let app = if format == ImportFormat::Daylio {
                        hearth_core::export::ForeignApp::Daylio
                    } else {
                        hearth_core::export::ForeignApp::Bearable
                    };
                    let options = crate::foreign::options(time_zone, &moods)?;
                    return crate::foreign::import(&client, app, &bytes, &options, preview);
                }
            };
            println!(
                "Imported {} new and {} updated check-ins, {} new and {} updated entries, {} questionnaires ({} already here).",
                s.checkins_added, s.checkins_updated, s.entries_added, s.entries_updated, s.surveys_added, s.unchanged
            );
        }
        Command::Reminders(sub) => reminders(&open(dir)?, sub)?,
        Command::Rekey => {
            let client = open(dir)?;
            let new = secrets::new_profile_secret()?;
            client.rekey(&new, &mut |step| eprintln!("rekey: {step:?}"))?;
            println!("The profile now opens only with the new secret.");
        }
        Command::DeleteEverything { yes } => {
            let client = open(dir)?;
            if !yes
                && !confirm("Delete this profile and everything in it? Type 'delete' to confirm: ")?
            {
                println!("Nothing was deleted.");
                return Ok(());
            }
            crate::circles::delete_everything(client)?;
            println!("Deleted the profile in {}", dir.display());
        }
        Command::Demo { days } => crate::demo::run(days)?,
        Command::Register { relay } => crate::circles::register(open(dir)?, &relay)?,
        Command::Circle(sub) => crate::circles::circle(open(dir)?, sub)?,
        Command::Invite(sub) => crate::invites::invite(open(dir)?, sub)?,
        Command::Join { code, name, relay } => {
            crate::invites::join(open(dir)?, &code, &name, relay.as_deref())?
        }
        Command::Send {
            circle,
            text,
            reply_to,
        } => crate::circles::send(open(dir)?, &circle, &text, reply_to.as_deref())?,
        Command::Read {
            circle,
            ids,
            follow,
        } => crate::circles::read(open(dir)?, &circle, ids, follow)?,
        Command::Guidelines(sub) => crate::moderation::guidelines(open(dir)?, sub)?,
        Command::Mod(sub) => crate::moderation::moderate(open(dir)?, sub)?,
        Command::Mute {
            circle,
            member,
            undo,
        } => crate::moderation::mute(open(dir)?, &circle, &member, !undo)?,
        Command::Report {
            circle,
            message,
            reason,
            comment,
            support,
        } => crate::reports::report(
            open(dir)?,
            &circle,
            message.as_deref(),
            &reason,
            &comment,
            support,
        )?,
        Command::Reports {
            circle,
            all,
            handled,
        } => crate::reports::reports(open(dir)?, &circle, all, handled.as_deref())?,
        Command::Share {
            circle,
            checkin,
            energy,
            emotions,
            tags,
            sleep,
            note,
        } => {
            let choice = hearth_core::circles::ShareChoice {
                energy,
                emotions,
                tags,
                sleep,
                note,
            };
            crate::sessions::share(open(dir)?, &circle, &checkin, choice)?
        }
        Command::Session(sub) => crate::sessions::session(open(dir)?, sub)?,
        Command::Sync => crate::circles::sync(open(dir)?)?,
        // Handled in main before a profile is involved.
        Command::Push(
            sub @ (PushCommand::Register { .. }
            | PushCommand::Unregister
            | PushCommand::Status
            | PushCommand::Notifications { .. }
            | PushCommand::Woken),
        ) => crate::push::push(open(dir)?, sub)?,
        Command::Relay(_)
        | Command::Push(PushCommand::Serve(_) | PushCommand::Listen)
        | Command::Safety(_)
        | Command::Resources { .. } => {
            return Err(Error::Internal("this command runs without a profile").into())
        }
    }
    Ok(())
}

fn checkins(client: &Client, sub: CheckinsCommand) -> Result<()> {
    match sub {
        CheckinsCommand::List(f) => {
            for c in client.checkins(&query(&f)?)? {
                render::checkin_line(&c);
            }
        }
        CheckinsCommand::Show { id } => {
            render::checkin(&client.checkin(&client.resolve_checkin_id(&id)?)?)
        }
        CheckinsCommand::Edit { id, fields } => {
            let id = client.resolve_checkin_id(&id)?;
            render::checkin(&client.update_checkin(&id, &draft(&fields)?)?);
        }
        CheckinsCommand::Delete { id } => {
            let id = client.resolve_checkin_id(&id)?;
            client.delete_checkin(&id)?;
            println!("Deleted check-in {id}");
        }
    }
    Ok(())
}

fn journal(client: &Client, sub: JournalCommand) -> Result<()> {
    match sub {
        JournalCommand::Add {
            text,
            prompt,
            checkin,
            at,
        } => {
            let checkin_id = checkin.map(|c| client.resolve_checkin_id(&c)).transpose()?;
            let e = client.add_entry(&EntryDraft {
                at: at.as_deref().map(Moment::parse).transpose()?,
                body: text,
                prompt,
                checkin_id,
            })?;
            println!("Saved entry {}", e.id);
        }
        JournalCommand::List(f) => {
            for e in client.entries(&query(&f)?)? {
                render::entry_line(&e);
            }
        }
        JournalCommand::Show { id } => {
            render::entry(&client.entry(&client.resolve_entry_id(&id)?)?)
        }
        JournalCommand::Edit { id, text, prompt } => {
            let id = client.resolve_entry_id(&id)?;
            let old = client.entry(&id)?;
            let e = client.update_entry(
                &id,
                &EntryDraft {
                    at: Some(old.at),
                    body: text,
                    prompt: prompt.or(old.prompt),
                    checkin_id: old.checkin_id,
                },
            )?;
            render::entry(&e);
        }
        JournalCommand::Delete { id } => {
            let id = client.resolve_entry_id(&id)?;
            client.delete_entry(&id)?;
            println!("Deleted entry {id}");
        }
        JournalCommand::Search { query, limit } => {
            let hits = client.search(&query, limit)?;
            if hits.is_empty() {
                println!("Nothing found.");
            }
            for h in hits {
                render::search_hit(&h);
            }
        }
    }
    Ok(())
}

fn reminders(client: &Client, sub: RemindersCommand) -> Result<()> {
    match sub {
        RemindersCommand::Set { times, window, tz } => {
            let time_zone = crate::zone::given_or_system(tz).unwrap_or_else(|| "UTC".into());
            let schedule = match window {
                Some(w) => {
                    let (a, b) = w.split_once('-').ok_or(Error::InvalidInput {
                        field: "window",
                        reason: "expected HH:MM-HH:MM".into(),
                    })?;
                    ReminderSchedule::RandomInWindow {
                        start: a.parse()?,
                        end: b.parse()?,
                    }
                }
                None => ReminderSchedule::FixedTimes {
                    times: times
                        .iter()
                        .map(|t| t.parse())
                        .collect::<Result<Vec<TimeOfDay>>>()?,
                },
            };
            let s = client.set_reminder_settings(ReminderSettings {
                enabled: true,
                time_zone,
                schedule,
            })?;
            println!("Reminders on ({}).", s.time_zone);
        }
        RemindersCommand::Off => match client.reminder_settings()? {
            Some(mut s) => {
                s.enabled = false;
                client.set_reminder_settings(s)?;
                println!("Reminders off.");
            }
            None => println!("Reminders were not set."),
        },
        RemindersCommand::Show => match client.reminder_settings()? {
            Some(s) => println!("{}", describe(&s)),
            None => println!("Reminders are not set."),
        },
        RemindersCommand::Next { count } => {
            let next = client.next_reminders(Timestamp::now(), count)?;
            if next.is_empty() {
                println!("No reminders scheduled.");
            }
            for m in next {
                println!("{m}");
            }
        }
    }
    Ok(())
}

fn describe(s: &ReminderSettings) -> String {
    let when = match &s.schedule {
        ReminderSchedule::FixedTimes { times } => times
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ReminderSchedule::RandomInWindow { start, end } => {
            format!("once between {start} and {end}")
        }
    };
    format!(
        "{} · {} · {}",
        if s.enabled { "on" } else { "off" },
        when,
        s.time_zone
    )
}

fn parse_answers(text: &str) -> Result<Vec<u8>> {
    text.split(',')
        .map(|a| {
            a.trim().parse::<u8>().map_err(|_| Error::InvalidInput {
                field: "answers",
                reason: "comma-separated whole numbers, e.g. 0,1,2".into(),
            })
        })
        .collect()
}

fn ask(instrument: Instrument) -> Result<Vec<u8>> {
    println!("{} — {}", instrument.name(), instrument.preamble());
    let scale = instrument.scale();
    for (i, label) in scale.iter().enumerate() {
        println!("  {i} = {label}");
    }
    let stdin = std::io::stdin();
    let mut answers = Vec::new();
    for (n, item) in instrument.items().iter().enumerate() {
        loop {
            print!("{}. {item}\n   answer 0–{}: ", n + 1, scale.len() - 1);
            std::io::stdout().flush()?;
            let mut line = String::new();
            if stdin.lock().read_line(&mut line)? == 0 {
                return Err(Error::InvalidInput {
                    field: "answers",
                    reason: "input ended before every item was answered".into(),
                });
            }
            match line.trim().parse::<u8>() {
                Ok(a) if usize::from(a) < scale.len() => {
                    answers.push(a);
                    break;
                }
                _ => println!("   Please type a number from 0 to {}.", scale.len() - 1),
            }
        }
    }
    Ok(answers)
}

fn confirm(prompt: &str) -> Result<bool> {
    confirm_word(prompt, "delete")
}

/// Asks `prompt`; true only when the person typed `word`.
pub(crate) fn confirm_word(prompt: &str, word: &str) -> Result<bool> {
    print!("{prompt}");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim() == word)
}
