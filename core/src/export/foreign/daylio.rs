//! Daylio's "Export entries" CSV: one row per entry, newest first. Newer exports have
//! `full_date,date,weekday,time,mood,activities,note_title,note`; older ones
//! `year,date,weekday,time,mood,activities,note` (the date as `18 May`). Times are the
//! phone's local time, `22:05` or `10:05 pm`.
//!
//! Moods: Daylio's five defaults map to Hearth's scale one to one (rad 5, good 4, meh 3,
//! bad 2, awful 1). People rename them and add their own, so any other word needs the
//! person to say what it means ([`ForeignImportOptions::moods`]); until then its rows wait
//! (the preview lists the word). Activities become tags; the note title and note become
//! the check-in's note, a longer one a journal entry linked to it.

use jiff::civil::{Date, DateTime};

use super::table::{self, Table};
use super::{fit_tags, split_note, Builder, ForeignImportOptions};
use crate::error::Result;
use crate::journal::{CheckinDraft, EntryDraft};

/// Daylio's default mood words and the Hearth mood each means.
pub const DAYLIO_DEFAULT_MOODS: [(&str, u8); 5] = [
    ("rad", 5),
    ("good", 4),
    ("meh", 3),
    ("bad", 2),
    ("awful", 1),
];

/// What `label` means: the person's own mapping first, then Daylio's defaults.
fn mood_of(label: &str, options: &ForeignImportOptions) -> Option<u8> {
    let label = label.trim();
    options
        .moods
        .iter()
        .find(|m| m.label.trim().eq_ignore_ascii_case(label))
        .map(|m| m.mood)
        .or_else(|| {
            DAYLIO_DEFAULT_MOODS
                .iter()
                .find(|(word, _)| word.eq_ignore_ascii_case(label))
                .map(|(_, mood)| *mood)
        })
}

fn date_of(row: &table::Row<'_>, full: bool) -> Option<Date> {
    if full {
        table::iso_date(row.get("full_date"))
    } else {
        table::day_month(row.get("date"), row.get("year").parse().ok()?)
    }
}

pub(super) fn read(table: &Table, options: &ForeignImportOptions, out: &mut Builder) -> Result<()> {
    let full = table.has("full_date");
    for row in table.rows() {
        let Some(date) = date_of(&row, full) else {
            out.problem(row.line, "date: not a date");
            continue;
        };
        let Some(time) = table::clock_time(row.get("time")) else {
            out.problem(row.line, "time: not a clock time");
            continue;
        };
        let label = row.get("mood");
        if label.is_empty() {
            out.problem(row.line, "mood: missing");
            continue;
        }
        let mood = mood_of(label, options);
        out.mood_word(label, mood);
        // A word nobody gave a meaning yet: the preview asks; the import waits for it.
        let Some(mood) = mood else { continue };
        let at = match out.moment(date, time) {
            Ok(at) => at,
            Err(_) => {
                out.problem(row.line, "time: outside the calendar");
                continue;
            }
        };
        let activities = table::items(row.get("activities")).map(str::to_string);
        let tags = fit_tags(out, activities.collect::<Vec<_>>());
        let title = table::plain_note(row.get("note_title"));
        let body = table::plain_note(row.get("note"));
        let note = match (title, body) {
            (Some(t), Some(b)) => Some(format!("{t}\n{b}")),
            (t, b) => t.or(b),
        };
        let (note, long) = split_note(note);
        let draft = CheckinDraft {
            at: Some(at),
            mood: Some(mood),
            tags,
            note,
            ..CheckinDraft::default()
        };
        let local = DateTime::from_parts(date, time);
        if let (Some(id), Some(body)) = (out.checkin(row.line, local, draft), long) {
            let entry = EntryDraft {
                at: Some(at),
                body,
                prompt: None,
                checkin_id: Some(id),
            };
            out.entry(row.line, local, entry);
        }
    }
    Ok(())
}
