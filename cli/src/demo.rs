//! `hearth demo`: the whole story on throwaway profiles, end to end through the core: the
//! journal first, then a circle through an in-process relay (`demo_circles`).

use hearth_core::insights::InsightsRequest;
use hearth_core::instruments::Instrument;
use hearth_core::journal::CheckinDraft;
use hearth_core::{Client, DbKey, Error, ProfileOptions, ProfileSecret, Result};
use jiff::tz::TimeZone;

use crate::commands::today;
use crate::render;

pub fn run(days: u32) -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("demo-profile");
    let key = DbKey::generate()?;
    let options = ProfileOptions::default();

    println!("== A throwaway profile, encrypted with a random 256-bit key");
    let client = Client::create(&dir, &ProfileSecret::raw_key(key.clone()), "Demo", options)?;
    render::identity(&client.identity()?);

    let zone = TimeZone::system();
    let today = today();
    let added = client.add_sample_data(&zone, today, days, 2026)?;
    println!(
        "\n== Added {} days of sample data: {} check-ins, {} journal entries, {} questionnaires",
        days, added.checkins, added.entries, added.surveys
    );
    client.add_checkin(&CheckinDraft {
        mood: Some(4),
        energy: Some(3),
        emotions: vec!["hopeful".into(), "a bit wobbly".into()],
        tags: vec!["exercise".into()],
        sleep_hours: Some(7.5),
        note: Some("Walked to the demo. Still a bit nervous, but hopeful.".into()),
        ..Default::default()
    })?;

    println!();
    render::insights(&client.insights(&InsightsRequest::last_days(today, 90))?);

    println!("\n== Search for \"friend\"");
    for hit in client.search("friend", 3)? {
        render::search_hit(&hit);
    }

    println!("\n== A PHQ-9 answered today");
    let outcome = client.record_survey(Instrument::Phq9, &[1, 1, 0, 1, 0, 0, 1, 0, 0], None)?;
    render::survey_outcome(&outcome);

    goal_over_the_weeks(&client, today)?;

    println!("\n== Encrypted at rest");
    let db = std::fs::read(dir.join("profile.db"))?;
    let has_header = db.windows(15).any(|w| w == b"SQLite format 3");
    println!(
        "profile.db: {} bytes, SQLite header visible: {}",
        db.len(),
        has_header
    );

    println!("\n== Backup and restore into a fresh profile");
    let backup = client.export_backup("demo backup passphrase")?;
    let restored_dir = tmp.path().join("restored");
    let restored = Client::create(
        &restored_dir,
        &ProfileSecret::raw_key(DbKey::generate()?),
        "Demo",
        options,
    )?;
    let summary = restored.import_backup(&backup, "demo backup passphrase")?;
    println!(
        "backup: {} bytes; restored {} check-ins, {} entries, {} questionnaires, {}",
        backup.len(),
        summary.checkins_added,
        summary.entries_added,
        summary.surveys_added,
        render::count(summary.goals_added, "goal", "goals")
    );
    let again = restored.import_backup(&backup, "demo backup passphrase")?;
    println!(
        "importing the same backup again adds {} check-ins",
        again.checkins_added
    );
    match restored.import_backup(&backup, "wrong passphrase") {
        Err(Error::BackupWrongPassphrase) => println!("a wrong backup passphrase is refused"),
        other => return Err(unexpected(other.err())),
    }

    history_from_daylio(&client)?;

    crate::demo_circles::run(tmp.path())?;

    println!("\n== Delete everything");
    restored.delete_everything()?;
    client.delete_everything()?;
    println!(
        "journal profiles left on disk: {}",
        [&dir, &restored_dir].iter().filter(|d| d.exists()).count()
    );
    Ok(())
}

/// A goal kept for four weeks: its week, streak and rate, and how mood goes on days done.
fn goal_over_the_weeks(client: &Client, today: jiff::civil::Date) -> Result<()> {
    use hearth_core::goals::{GoalDraft, GoalOutcome, GoalPlan};
    use jiff::ToSpan;
    println!("\n== A goal: walk on Mondays, Wednesdays and Fridays, four weeks of it");
    let start = today
        .checked_sub(27.days())
        .map_err(|_| Error::Internal("demo: calendar"))?;
    let goal = client.add_goal(
        &GoalDraft {
            title: "Walk 20 minutes".into(),
            why: Some("It clears my head.".into()),
            plan: GoalPlan::Weekdays {
                days: "mon,wed,fri".parse()?,
            },
            reminder: None,
            starts_on: Some(start),
        },
        today,
    )?;
    let mut day = start;
    let mut n = 0u32;
    while day < today {
        if client.log_goal(&goal.id, day, outcome_of(n), None).is_ok() {
            n += 1;
        }
        day = day
            .tomorrow()
            .map_err(|_| Error::Internal("demo: calendar"))?;
    }
    crate::goals::show(&client.goal_progress(&goal.id, today)?);
    let insights = client.insights(&InsightsRequest::last_days(today, 28))?;
    for g in &insights.goals {
        println!("{}", render::comparison_line(&g.title, &g.mood));
    }
    // Most planned days done, some partly, one in five not.
    fn outcome_of(n: u32) -> GoalOutcome {
        match n % 5 {
            4 => GoalOutcome::NotToday,
            3 => GoalOutcome::Partly,
            _ => GoalOutcome::Done,
        }
    }
    Ok(())
}

/// A few days of a Daylio export, as the app writes it (its own mood word "sad" among the
/// defaults, and one row whose date is damaged).
const DAYLIO_EXPORT: &str = "full_date,date,weekday,time,mood,activities,note_title,note
2025-03-31,31 March,Monday,9:15 pm,good,\"friends | walk\",\"Dinner with Sam\",\"Talked for hours.\"
2025-03-30,30 March,Sunday,8:40 pm,sad,\"work | tired\",\"\",\"\"
2025-02-30,30 February,Sunday,8:00 pm,awful,\"\",\"\",\"\"
2025-03-29,29 March,Saturday,8:05 am,rad,\"exercise\",\"Morning run\",\"\"
";

/// Another app's history comes in after a preview, and only once.
fn history_from_daylio(client: &Client) -> Result<()> {
    use hearth_core::export::{ForeignApp, ForeignImportOptions, MoodMapping};
    println!("\n== Bring your history from Daylio");
    let mut options = ForeignImportOptions {
        time_zone: "Europe/Dublin".into(),
        moods: Vec::new(),
    };
    let file = DAYLIO_EXPORT.as_bytes();
    let preview = client.preview_foreign_import(ForeignApp::Daylio, file, &options)?;
    for word in preview.moods.iter().filter(|m| m.mood.is_none()) {
        println!("the preview asks what \"{}\" means; say 2 of 5", word.label);
        options.moods.push(MoodMapping {
            label: word.label.clone(),
            mood: 2,
        });
    }
    for problem in &preview.problems {
        println!("line {} is left out: {}", problem.line, problem.reason);
    }
    let done = client.import_foreign(ForeignApp::Daylio, file, &options)?;
    let again = client.import_foreign(ForeignApp::Daylio, file, &options)?;
    println!(
        "imported {} check-ins; importing the same file again adds {}",
        done.summary.checkins_added, again.summary.checkins_added
    );
    Ok(())
}

fn unexpected(e: Option<Error>) -> Error {
    e.unwrap_or(Error::Internal("demo: a wrong passphrase was accepted"))
}
