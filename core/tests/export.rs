//! CSV, JSON and encrypted backups: round trips, duplicates, damage and wrong passphrases.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::export::{JournalDocument, CSV_HEADER, FORMAT_NAME};
use hearth_core::instruments::Instrument;
use hearth_core::journal::{CheckinDraft, EntryDraft, JournalQuery};
use hearth_core::reminders::{ReminderSchedule, ReminderSettings};
use hearth_core::{Client, Error, Moment};

const PASS: &str = "backup passphrase 42";

fn filled() -> (tempfile::TempDir, Client) {
    let (tmp, _dir, client) = new_profile(&raw_secret(1));
    client
        .add_sample_data(
            &jiff::tz::TimeZone::UTC,
            jiff::civil::date(2026, 5, 1),
            60,
            3,
        )
        .unwrap();
    let c = client
        .add_checkin(&CheckinDraft {
            at: Some(Moment::parse("2026-05-01T20:00:00+02:00").unwrap()),
            mood: Some(4),
            emotions: vec!["my own word".into()],
            tags: vec!["=cmd".into()],
            note: Some("Said \"hi\", then left;\nsecond line, with commas".into()),
            ..Default::default()
        })
        .unwrap();
    client
        .add_entry(&EntryDraft {
            body: "Linked".into(),
            checkin_id: Some(c.id),
            ..Default::default()
        })
        .unwrap();
    client
        .set_reminder_settings(ReminderSettings {
            enabled: true,
            time_zone: "Europe/Berlin".into(),
            schedule: ReminderSchedule::FixedTimes {
                times: vec!["20:00".parse().unwrap()],
            },
        })
        .unwrap();
    (tmp, client)
}

fn content(doc: &JournalDocument) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &doc.checkins,
        &doc.entries,
        &doc.surveys,
        &doc.custom_emotions,
        &doc.reminders,
    )
}

#[test]
fn backup_imports_into_a_fresh_profile_exactly_once() {
    let (_t1, source) = filled();
    let backup = source.export_backup(PASS).unwrap();
    assert!(!contains(&backup, b"second line"));
    let (_t2, _d2, fresh) = new_profile(&raw_secret(2));
    let summary = fresh.import_backup(&backup, PASS).unwrap();
    let original = source.export_document().unwrap();
    assert_eq!(summary.checkins_added as usize, original.checkins.len());
    assert_eq!(summary.entries_added as usize, original.entries.len());
    assert_eq!(summary.surveys_added as usize, original.surveys.len());
    assert_eq!(
        content(&fresh.export_document().unwrap()),
        content(&original)
    );

    // Twice: nothing new.
    let again = fresh.import_backup(&backup, PASS).unwrap();
    assert_eq!(
        (
            again.checkins_added,
            again.entries_added,
            again.surveys_added
        ),
        (0, 0, 0)
    );
    assert_eq!(
        fresh.checkins(&JournalQuery::default()).unwrap().len(),
        original.checkins.len()
    );
    assert_eq!(fresh.search("second line", 10).unwrap().len(), 1);

    // A newer edit at the source replaces the older copy; nothing is duplicated.
    let first = &original.checkins[0];
    source
        .update_checkin(
            &first.id,
            &CheckinDraft {
                mood: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
    let newer = source.export_backup(PASS).unwrap();
    let third = fresh.import_backup(&newer, PASS).unwrap();
    assert_eq!((third.checkins_added, third.checkins_updated), (0, 1));
    assert_eq!(fresh.checkin(&first.id).unwrap().mood, 1);
}

#[test]
fn damaged_or_wrongly_unlocked_backups_import_nothing() {
    let (_t1, source) = filled();
    let backup = source.export_backup(PASS).unwrap();
    let (_t2, _d2, fresh) = new_profile(&raw_secret(2));
    assert!(matches!(
        fresh.import_backup(&backup, "not the passphrase"),
        Err(Error::BackupWrongPassphrase)
    ));
    let mut flipped = backup.clone();
    flipped[backup.len() / 2] ^= 0x20;
    assert!(matches!(
        fresh.import_backup(&flipped, PASS),
        Err(Error::BackupDamaged)
    ));
    assert!(matches!(
        fresh.import_backup(&backup[..backup.len() - 100], PASS),
        Err(Error::BackupDamaged)
    ));
    assert!(matches!(
        fresh.import_backup(b"", PASS),
        Err(Error::BackupDamaged)
    ));
    assert!(matches!(
        fresh.import_backup(b"PK\x03\x04 a zip file", PASS),
        Err(Error::BackupDamaged)
    ));
    assert!(fresh.checkins(&JournalQuery::default()).unwrap().is_empty());
    assert!(fresh.survey_results(None).unwrap().is_empty());
    assert!(matches!(
        source.export_backup("short"),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn csv_reads_back_with_a_real_parser() {
    let (_t, client) = filled();
    let bytes = client.export_csv().unwrap();
    // "=cmd" starts like a formula, so its cell is neutralised (row found by it below).
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let all = client.checkins(&JournalQuery::default()).unwrap();
    assert_eq!(rows.len(), all.len());
    let last = rows.iter().find(|r| &r[9] == "'=cmd").unwrap();
    assert_eq!(&last[1], "2026-05-01");
    assert_eq!(&last[2], "20:00");
    assert_eq!(&last[3], "+02:00");
    assert_eq!(&last[4], "2026-05-01T20:00:00+02:00");
    assert_eq!(&last[5], "4");
    assert_eq!(&last[8], "my own word");
    assert_eq!(
        &last[10],
        "Said \"hi\", then left;\nsecond line, with commas"
    );
    // Oldest first, and every row's mood matches its check-in.
    let by_id: std::collections::HashMap<_, _> =
        all.iter().map(|c| (c.id.as_str(), c.mood)).collect();
    for row in &rows {
        assert_eq!(row[5].parse::<u8>().unwrap(), by_id[&row[0]]);
    }
    // Oldest first (by instant).
    let instants: Vec<i64> = rows
        .iter()
        .map(|r| Moment::parse(&r[4]).unwrap().timestamp().as_second())
        .collect();
    assert!(instants.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn json_export_holds_everything() {
    let (_t, client) = filled();
    client
        .record_survey(Instrument::Who5, &[3, 3, 3, 3, 3], None)
        .unwrap();
    let text = client.export_json().unwrap();
    let doc: JournalDocument = serde_json::from_str(&text).unwrap();
    assert_eq!(doc.format, FORMAT_NAME);
    assert_eq!(doc.display_name, NAME);
    assert_eq!(
        doc.checkins.len(),
        client.checkins(&JournalQuery::default()).unwrap().len()
    );
    assert_eq!(
        doc.surveys.len(),
        client.survey_results(None).unwrap().len()
    );
    assert_eq!(doc.custom_emotions, ["my own word"]);
    assert!(doc.reminders.is_some());
    assert!(text.contains("second line, with commas"));
}
