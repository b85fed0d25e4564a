//! An export's CSV as rows with named columns and line numbers, and the small readers both
//! apps' exports need (dates, clock times, notes with markup).

use jiff::civil::{Date, Time};

use super::{ForeignApp, FOREIGN_FILE_MAX_BYTES, FOREIGN_ROWS_MAX};
use crate::error::{Error, Result};

/// The columns an export must have to be taken for one.
fn required(app: ForeignApp) -> &'static [&'static str] {
    match app {
        ForeignApp::Daylio => &["date", "time", "mood", "activities", "note"],
        ForeignApp::Bearable => &[
            "date formatted",
            "time of day",
            "category",
            "rating/amount",
            "detail",
            "notes",
        ],
    }
}

/// The rows of an export, read whole.
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

/// One row: its cells by column name.
pub(crate) struct Row<'a> {
    table: &'a Table,
    record: &'a csv::StringRecord,
    /// The line it starts on.
    pub line: u64,
}

impl Row<'_> {
    /// The cell under `column`, trimmed ("" when the row is short or has no such column).
    pub(crate) fn get(&self, column: &str) -> &str {
        self.table
            .header
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }
}

impl Table {
    /// Reads `bytes` as `app`'s CSV export: UTF-8 (a byte-order mark is skipped), with a
    /// header naming the app's columns. Anything else is refused whole.
    pub(crate) fn read(app: ForeignApp, bytes: &[u8]) -> Result<Table> {
        let not_it = || Error::invalid("file", format!("not a {} CSV export", app.name()));
        if bytes.len() > FOREIGN_FILE_MAX_BYTES {
            return Err(Error::invalid(
                "file",
                format!("larger than {} MB", FOREIGN_FILE_MAX_BYTES / (1024 * 1024)),
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if std::str::from_utf8(bytes).is_err() {
            return Err(not_it());
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .map_err(|_| not_it())?
            .iter()
            .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
            .collect();
        let has = |c: &str| header.iter().any(|h| h == c);
        if !required(app).iter().all(|c| has(c)) {
            return Err(not_it());
        }
        if app == ForeignApp::Daylio && !has("full_date") && !has("year") {
            return Err(not_it());
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            // A malformed CSV row (an unclosed quote) makes the rest unreadable: the file
            // is not the export it claims to be.
            let record = record.map_err(|_| not_it())?;
            if rows.len() >= FOREIGN_ROWS_MAX {
                return Err(Error::invalid(
                    "file",
                    format!("more than {FOREIGN_ROWS_MAX} rows"),
                ));
            }
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(Table { header, rows })
    }

    /// Every row, in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, record)| Row {
            table: self,
            record,
            line: *line,
        })
    }

    /// Whether the export has `column`.
    pub(crate) fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }
}

/// `2021-09-28`.
pub(crate) fn iso_date(text: &str) -> Option<Date> {
    text.trim().parse::<Date>().ok()
}

/// The first of `formats` (jiff's strptime) that reads `text`, commas and runs of spaces
/// read as one space.
fn first_of<T>(text: &str, formats: &[&str], read: impl Fn(&str, &str) -> Option<T>) -> Option<T> {
    let text = text.replace(',', " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    formats.iter().find_map(|f| read(f, &text))
}

/// A day and month in words with a year given apart: `18 May`, `May 18`.
pub(crate) fn day_month(text: &str, year: i16) -> Option<Date> {
    words_date(&format!("{text} {year}"))
}

/// A date in words: `05Jan2023`, `5 Jan 2023`, `Jan 5, 2023`, `18 May 2018`.
pub(crate) fn words_date(text: &str) -> Option<Date> {
    let formats = ["%d%b%Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y"];
    first_of(text, &formats, |f, t| Date::strptime(f, t).ok())
}

/// A clock time: `22:05`, `10:05 pm`, `10:05 P.M.`, `7 am`.
pub(crate) fn clock_time(text: &str) -> Option<Time> {
    let formats = ["%H:%M", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"];
    first_of(&text.replace('.', ""), &formats, |f, t| {
        Time::strptime(f, t).ok()
    })
}

/// A note as the apps write it (Daylio's may hold a little HTML): line breaks kept, tags
/// dropped, the common entities read; `None` when nothing is left.
pub(crate) fn plain_note(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        if matches!(name, "br" | "p" | "div" | "li") && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_string())
}

/// Items of a ` | `-separated cell, trimmed, empty ones dropped.
pub(crate) fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_as_the_apps_write_them() {
        assert_eq!(iso_date("2021-09-28"), Date::new(2021, 9, 28).ok());
        assert_eq!(day_month("18 May", 2018), Date::new(2018, 5, 18).ok());
        assert_eq!(day_month("May 18", 2018), Date::new(2018, 5, 18).ok());
        assert_eq!(day_month("31 Feb", 2018), None);
        assert_eq!(words_date("05Jan2023"), Date::new(2023, 1, 5).ok());
        assert_eq!(words_date("5 January 2023"), Date::new(2023, 1, 5).ok());
        assert_eq!(words_date("Jan 5, 2023"), Date::new(2023, 1, 5).ok());
        assert_eq!(clock_time("22:05"), Time::new(22, 5, 0, 0).ok());
        assert_eq!(clock_time("10:05 pm"), Time::new(22, 5, 0, 0).ok());
        assert_eq!(clock_time("12:30 AM"), Time::new(0, 30, 0, 0).ok());
        assert_eq!(clock_time("12:30 p.m."), Time::new(12, 30, 0, 0).ok());
        assert_eq!(clock_time("7 am"), Time::new(7, 0, 0, 0).ok());
        assert_eq!(clock_time("25:00"), None);
        assert_eq!(clock_time("13:00 pm"), None);
        assert_eq!(clock_time("noon"), None);
    }

    #[test]
    fn notes_lose_markup_and_keep_their_lines() {
        assert_eq!(
            plain_note("A <b>good</b> day<br>tea &amp; toast<br/>").as_deref(),
            Some("A good day\ntea & toast")
        );
        assert_eq!(plain_note("  <br> "), None);
        assert_eq!(plain_note("2 < 3").as_deref(), Some("2 < 3"));
    }
}
