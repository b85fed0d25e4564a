//! Bearable's data export CSV: one row per thing logged,
//! `date,date formatted,weekday,time of day,category,rating/amount,detail,notes`.
//!
//! Bearable logs moods by part of the day rather than by clock: `am` is read as 08:00,
//! `mid` as 13:00, `pm` as 20:00 (a clock time is taken as written; anything else, such as
//! a whole-day row, as 12:00). Each `Mood` row becomes a check-in: ratings on Bearable's
//! 1–5 scale map one to one; an export whose moods go above 5 is on a 1–10 scale, and two
//! steps of it make one of Hearth's (1–2 is 1, … 9–10 is 5). The same part of the day's
//! `Energy` (1–5, or its words from "v. low" to "v. high") goes with it. The day's sleep
//! (hours, `7:30` or `7.5`), symptoms and factors (any other category: the items of its
//! ` | ` list, without their emoji and level) go on the day's first check-in as sleep and
//! tags; notes go on the check-in of their part of the day. A day with notes but no mood
//! keeps them as journal entries. Sleep quality, nutrition, medication, periods and
//! health measurements have no place in Hearth's journal and are counted as left out.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime, Time};

use super::table::{self, Table};
use super::{fit_tags, split_note, Builder};
use crate::error::Result;
use crate::journal::{CheckinDraft, EntryDraft};

/// Categories Hearth keeps nothing of.
const LEFT_OUT: [&str; 6] = [
    "sleep quality",
    "nutrition",
    "meds/supplements",
    "medication",
    "period",
    "health measurements",
];

/// The clock time a part of the day stands for.
fn time_of_day(cell: &str) -> Time {
    let noon = Time::constant(12, 0, 0, 0);
    match cell.trim().to_ascii_lowercase().as_str() {
        "am" | "morning" => Time::constant(8, 0, 0, 0),
        "mid" | "midday" | "afternoon" => Time::constant(13, 0, 0, 0),
        "pm" | "evening" | "night" => Time::constant(20, 0, 0, 0),
        other => table::clock_time(other).unwrap_or(noon),
    }
}

/// Energy from its rating or its word.
fn energy(rating: &str, detail: &str) -> Option<u8> {
    let words = ["v. low", "low", "ok", "high", "v. high"];
    rating
        .parse::<f64>()
        .ok()
        .filter(|r| (1.0..=5.0).contains(r))
        .map(|r| r.round() as u8)
        .or_else(|| {
            let d = detail.trim().to_ascii_lowercase();
            words.iter().position(|w| d == *w).map(|i| i as u8 + 1)
        })
}

/// Hours slept: `7:30`, `7.5`.
fn sleep_hours(rating: &str) -> Option<f64> {
    let hours = match rating.split_once(':') {
        Some((h, m)) => h.trim().parse::<f64>().ok()? + m.trim().parse::<f64>().ok()? / 60.0,
        None => rating.trim().parse::<f64>().ok()?,
    };
    (0.0..=24.0).contains(&hours).then_some(hours)
}

/// An item of a factor list without its emoji and level: `☕ Caffeine - Little` → `Caffeine`.
fn factor(item: &str) -> String {
    let item = item.trim_start_matches(|c: char| !c.is_alphanumeric());
    let name = item.split(" - ").next().unwrap_or(item);
    // Symptoms carry their severity in brackets: `Anxiety (Moderate)`.
    let name = match name.rfind(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    };
    name.trim().to_string()
}

/// What one day holds, gathered from its rows.
#[derive(Default)]
struct Day {
    /// (time, Hearth mood, line) per mood row.
    moods: Vec<(Time, u8, u64)>,
    energy: Vec<(Time, u8)>,
    sleep: Option<f64>,
    tags: Vec<String>,
    /// (time, text, line) per note.
    notes: Vec<(Time, String, u64)>,
}

pub(super) fn read(table: &Table, out: &mut Builder) -> Result<()> {
    let rating_of = |row: &table::Row<'_>| row.get("rating/amount").parse::<f64>().ok();
    let ten_point = table
        .rows()
        .filter(|r| r.get("category").eq_ignore_ascii_case("mood"))
        .any(|r| rating_of(&r).is_some_and(|x| x > 5.0));
    let top = if ten_point { 10.0 } else { 5.0 };

    let mut days: BTreeMap<Date, Day> = BTreeMap::new();
    for row in table.rows() {
        let date = table::iso_date(row.get("date formatted"))
            .or_else(|| table::words_date(row.get("date")));
        let Some(date) = date else {
            out.problem(row.line, "date: not a date");
            continue;
        };
        let time = time_of_day(row.get("time of day"));
        let category = row.get("category").to_ascii_lowercase();
        let detail = row.get("detail");
        if let Some(note) = table::plain_note(row.get("notes")) {
            days.entry(date)
                .or_default()
                .notes
                .push((time, note, row.line));
        }
        match category.as_str() {
            "mood" => match rating_of(&row).filter(|r| (1.0..=top).contains(r)) {
                Some(r) => {
                    let mood = if ten_point {
                        (r / 2.0).ceil()
                    } else {
                        r.round()
                    } as u8;
                    let label = format!("{r} of {top}");
                    out.mood_word(&label, Some(mood));
                    days.entry(date)
                        .or_default()
                        .moods
                        .push((time, mood, row.line));
                }
                None => out.problem(row.line, format!("mood: a rating from 1 to {top}")),
            },
            "energy" => match energy(row.get("rating/amount"), detail) {
                Some(e) => days.entry(date).or_default().energy.push((time, e)),
                None => out.problem(row.line, "energy: a rating from 1 to 5"),
            },
            "sleep" => match sleep_hours(row.get("rating/amount")) {
                Some(h) => {
                    let day = days.entry(date).or_default();
                    day.sleep.get_or_insert(h);
                }
                None if detail.is_empty() && row.get("rating/amount").is_empty() => {}
                None => out.problem(row.line, "sleep: hours from 0 to 24"),
            },
            "notes" | "note" => {
                if let Some(note) = table::plain_note(detail) {
                    days.entry(date)
                        .or_default()
                        .notes
                        .push((time, note, row.line));
                }
            }
            "gratitudes" | "gratitude" => {
                if let Some(note) = table::plain_note(detail) {
                    let note = format!("Grateful for: {note}");
                    days.entry(date)
                        .or_default()
                        .notes
                        .push((time, note, row.line));
                }
            }
            c if LEFT_OUT.contains(&c) => out.left_out(row.get("category")),
            _ => {
                let day = days.entry(date).or_default();
                day.tags
                    .extend(table::items(detail).map(factor).filter(|f| !f.is_empty()));
            }
        }
    }

    for (date, day) in days {
        write_day(out, date, day);
    }
    Ok(())
}

/// One day's check-ins (one per mood row), with the day's sleep and tags on the first and
/// each note on the check-in of its part of the day; notes of a day with no mood become
/// journal entries.
fn write_day(out: &mut Builder, date: Date, mut day: Day) {
    day.moods.sort_by_key(|m| m.0);
    let tags = fit_tags(out, std::mem::take(&mut day.tags));
    let first_time = day.moods.first().map(|m| m.0);
    let mut notes = std::mem::take(&mut day.notes);
    for (i, &(time, mood, line)) in day.moods.iter().enumerate() {
        let Ok(at) = out.moment(date, time) else {
            out.problem(line, "time: outside the calendar");
            continue;
        };
        let first = i == 0;
        // Notes of this part of the day; the first check-in also takes notes of parts of
        // the day without a mood of their own.
        let (mine, rest): (Vec<_>, Vec<_>) = notes
            .into_iter()
            .partition(|(t, _, _)| *t == time || (first && !day.moods.iter().any(|m| m.0 == *t)));
        notes = rest;
        let text: Vec<String> = mine.into_iter().map(|(_, n, _)| n).collect();
        let (note, long) = split_note((!text.is_empty()).then(|| text.join("\n")));
        let draft = CheckinDraft {
            at: Some(at),
            mood: Some(mood),
            energy: day.energy.iter().find(|e| e.0 == time).map(|e| e.1),
            tags: if first { tags.clone() } else { Vec::new() },
            sleep_hours: if first { day.sleep } else { None },
            note,
            ..CheckinDraft::default()
        };
        let local = DateTime::from_parts(date, time);
        if let (Some(id), Some(body)) = (out.checkin(line, local, draft), long) {
            let entry = EntryDraft {
                at: Some(at),
                body,
                prompt: None,
                checkin_id: Some(id),
            };
            out.entry(line, local, entry);
        }
    }
    if first_time.is_none() && (!tags.is_empty() || day.sleep.is_some()) {
        out.left_out("Days with factors or sleep but no mood");
    }
    // Whatever notes are left had no check-in to go on (a day without a mood).
    for (time, body, line) in notes {
        match out.moment(date, time) {
            Ok(at) => out.entry(
                line,
                DateTime::from_parts(date, time),
                EntryDraft {
                    at: Some(at),
                    body,
                    prompt: None,
                    checkin_id: None,
                },
            ),
            Err(_) => out.problem(line, "time: outside the calendar"),
        }
    }
}
