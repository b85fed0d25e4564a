//! `hearth import daylio|bearable`: another mood app's export, previewed or imported.

use hearth_core::export::{ForeignApp, ForeignImportOptions, ForeignPreview, MoodMapping};
use hearth_core::Client;

use crate::failure::{Failure, Outcome};
use crate::render::count;

/// The options from the command line: the zone (this computer's when not given) and the
/// person's `WORD=N` mood words.
pub fn options(time_zone: Option<String>, moods: &[String]) -> Outcome<ForeignImportOptions> {
    let time_zone = crate::zone::given_or_system(time_zone).ok_or_else(|| {
        Failure::Refused("Say which time zone the export is in: --time-zone Europe/Dublin".into())
    })?;
    let moods = moods
        .iter()
        .map(|m| {
            let (label, mood) = m.rsplit_once('=').ok_or_else(|| bad_mood(m))?;
            let mood = mood.trim().parse().map_err(|_| bad_mood(m))?;
            Ok(MoodMapping {
                label: label.trim().to_string(),
                mood,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    Ok(ForeignImportOptions { time_zone, moods })
}

fn bad_mood(given: &str) -> Failure {
    Failure::Refused(format!(
        "--mood takes WORD=N with N from 1 to 5, not {given:?}"
    ))
}

/// Previews the export, and imports it unless only a preview was asked for or a mood word
/// still needs its meaning.
pub fn import(
    client: &Client,
    app: ForeignApp,
    file: &[u8],
    options: &ForeignImportOptions,
    preview_only: bool,
) -> Outcome {
    let preview = client.preview_foreign_import(app, file, options)?;
    show(&preview);
    let unknown: Vec<&str> = preview
        .moods
        .iter()
        .filter(|m| m.mood.is_none())
        .map(|m| m.label.as_str())
        .collect();
    if preview_only {
        return Ok(());
    }
    if !unknown.is_empty() {
        let example = unknown.first().copied().unwrap_or_default();
        return Err(Failure::Refused(format!(
            "Nothing imported: say what each mood word means, e.g. --mood \"{example}=2\""
        )));
    }
    let done = client.import_foreign(app, file, options)?;
    let s = done.summary;
    println!(
        "Imported {} and {} ({} already here).",
        count(s.checkins_added, "check-in", "check-ins"),
        count(s.entries_added, "journal entry", "journal entries"),
        s.unchanged
    );
    Ok(())
}

fn show(p: &ForeignPreview) {
    let days = match (p.first_day, p.last_day) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    println!(
        "{} export: {} and {}{days} ({} already here).",
        p.app.name(),
        count(p.checkins, "check-in", "check-ins"),
        count(p.entries, "journal entry", "journal entries"),
        p.already_here
    );
    for m in &p.moods {
        let rows = count(m.rows, "row", "rows");
        match m.mood {
            Some(mood) => println!("  mood \"{}\" is {mood} of 5 ({rows})", m.label),
            None => println!(
                "  mood \"{}\" needs a meaning: --mood \"{}=N\" ({rows})",
                m.label, m.label
            ),
        }
    }
    if !p.tags.is_empty() {
        println!("  tags: {}", p.tags.join(", "));
    }
    for l in &p.left_out {
        println!("  left out: {} ({})", l.what, count(l.rows, "row", "rows"));
    }
    for r in &p.problems {
        println!("  line {}: {}", r.line, r.reason);
    }
}
