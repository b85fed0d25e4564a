//! Bringing history from Daylio and Bearable: real-shaped exports (`fixtures/foreign/`,
//! written from the apps' export columns) previewed, imported once, then again.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::export::{
    ForeignApp, ForeignImportOptions, ForeignPreview, LeftOut, MoodMapping, RowProblem,
};
use hearth_core::journal::{Checkin, JournalQuery};
use hearth_core::{Client, Error};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/foreign/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn options(zone: &str, moods: &[(&str, u8)]) -> ForeignImportOptions {
    ForeignImportOptions {
        time_zone: zone.to_string(),
        moods: moods
            .iter()
            .map(|(label, mood)| MoodMapping {
                label: label.to_string(),
                mood: *mood,
            })
            .collect(),
    }
}

fn checkins(client: &Client) -> Vec<Checkin> {
    let mut all = client.checkins(&JournalQuery::default()).unwrap();
    all.reverse();
    all
}

fn problem(line: u64, reason: &str) -> RowProblem {
    RowProblem {
        line,
        reason: reason.to_string(),
    }
}

fn moods_of(preview: &ForeignPreview) -> Vec<(String, Option<u8>, u32)> {
    preview
        .moods
        .iter()
        .map(|m| (m.label.clone(), m.mood, m.rows))
        .collect()
}

#[test]
fn a_daylio_export_is_previewed_then_imported_once_with_its_own_mood_words() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(1));
    let file = fixture("daylio.csv");

    // The preview writes nothing and asks about the word Daylio does not define.
    let dublin = options("Europe/Dublin", &[]);
    let preview = client
        .preview_foreign_import(ForeignApp::Daylio, &file, &dublin)
        .unwrap();
    assert_eq!(
        moods_of(&preview),
        [
            ("good".into(), Some(4), 1),
            ("meh".into(), Some(3), 1),
            ("sad".into(), None, 1),
            ("rad".into(), Some(5), 1),
            ("awful".into(), Some(1), 1),
        ]
    );
    assert_eq!(
        (preview.checkins, preview.entries, preview.already_here),
        (4, 0, 0)
    );
    assert_eq!(
        preview.problems,
        [
            problem(6, "date: not a date"),
            problem(7, "time: not a clock time")
        ]
    );
    assert!(checkins(&client).is_empty(), "a preview writes nothing");
    let refused = client.import_foreign(ForeignApp::Daylio, &file, &dublin);
    assert!(
        matches!(refused, Err(Error::InvalidInput { field: "moods", .. })),
        "{refused:?}"
    );
    assert!(checkins(&client).is_empty());

    // Said what "sad" means (any case), it all comes in.
    let told = options("Europe/Dublin", &[("Sad", 2)]);
    let preview = client
        .preview_foreign_import(ForeignApp::Daylio, &file, &told)
        .unwrap();
    assert_eq!(preview.checkins, 5);
    assert_eq!(preview.first_day.unwrap().to_string(), "2025-03-27");
    assert_eq!(preview.last_day.unwrap().to_string(), "2025-03-31");
    let done = client
        .import_foreign(ForeignApp::Daylio, &file, &told)
        .unwrap();
    assert_eq!(done.summary.checkins_added, 5);
    assert_eq!(done.problems.len(), 2);

    let got: Vec<(String, u8, Vec<String>, Option<String>)> = checkins(&client)
        .into_iter()
        .map(|c| (c.at.to_string(), c.mood, c.tags, c.note))
        .collect();
    assert_eq!(
        got,
        [
            (
                "2025-03-27T19:45:00+00:00".into(),
                1,
                vec!["family".into(), "stressed".into()],
                Some("Hard call with Mum & Dad.".into())
            ),
            (
                "2025-03-29T08:05:00+00:00".into(),
                5,
                vec!["exercise".into()],
                Some("Morning run".into())
            ),
            (
                "2025-03-29T22:00:00+00:00".into(),
                2,
                vec!["tired".into(), "work".into()],
                None
            ),
            // 01:30 did not happen in Dublin that night (clocks went to 02:00): moved on.
            (
                "2025-03-30T02:30:00+01:00".into(),
                3,
                vec!["bad sleep".into()],
                None
            ),
            (
                "2025-03-31T21:15:00+01:00".into(),
                4,
                vec!["friends".into(), "good sleep".into(), "walk".into()],
                Some("Dinner with Sam\nTalked for hours.\nFelt lighter.".into())
            ),
        ]
    );

    // Again: nothing new, and the preview says it is all here.
    let again = client
        .import_foreign(ForeignApp::Daylio, &file, &told)
        .unwrap();
    assert_eq!(again.summary.checkins_added, 0);
    assert_eq!(again.summary.unchanged, 5);
    assert_eq!(checkins(&client).len(), 5);
    let preview = client
        .preview_foreign_import(ForeignApp::Daylio, &file, &told)
        .unwrap();
    assert_eq!(preview.already_here, 5);
    // Read in another zone by mistake: still the same records, nothing added.
    let elsewhere = options("America/New_York", &[("sad", 2)]);
    let moved = client
        .import_foreign(ForeignApp::Daylio, &file, &elsewhere)
        .unwrap();
    assert_eq!(moved.summary.checkins_added, 0);
    assert_eq!(checkins(&client).len(), 5);
}

#[test]
fn an_older_daylio_export_with_a_year_column_reads_too() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(2));
    let done = client
        .import_foreign(
            ForeignApp::Daylio,
            &fixture("daylio-2018.csv"),
            &options("Europe/London", &[]),
        )
        .unwrap();
    assert_eq!(done.summary.checkins_added, 2);
    let got: Vec<(String, u8)> = checkins(&client)
        .into_iter()
        .map(|c| (c.at.to_string(), c.mood))
        .collect();
    assert_eq!(
        got,
        [
            ("2018-05-17T22:21:00+01:00".into(), 3),
            ("2018-05-18T23:54:00+01:00".into(), 4)
        ]
    );
}

#[test]
fn a_bearable_export_becomes_check_ins_by_part_of_the_day() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(3));
    let file = fixture("bearable.csv");
    let london = options("Europe/London", &[]);
    let preview = client
        .preview_foreign_import(ForeignApp::Bearable, &file, &london)
        .unwrap();
    assert_eq!((preview.checkins, preview.entries), (3, 1));
    assert_eq!(
        moods_of(&preview),
        [
            ("4 of 5".into(), Some(4), 1),
            ("2 of 5".into(), Some(2), 1),
            ("3 of 5".into(), Some(3), 1),
        ]
    );
    assert_eq!(
        preview.left_out,
        [
            LeftOut {
                what: "Sleep quality".into(),
                rows: 1
            },
            LeftOut {
                what: "Nutrition".into(),
                rows: 1
            }
        ]
    );
    assert_eq!(
        preview.problems,
        [
            problem(15, "mood: a rating from 1 to 5"),
            problem(16, "date: not a date")
        ]
    );

    let done = client
        .import_foreign(ForeignApp::Bearable, &file, &london)
        .unwrap();
    assert_eq!(
        (done.summary.checkins_added, done.summary.entries_added),
        (3, 1)
    );
    let got: Vec<_> = checkins(&client)
        .into_iter()
        .map(|c| {
            (
                c.at.to_string(),
                c.mood,
                c.energy,
                c.sleep_hours,
                c.tags,
                c.note,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2025-01-05T08:00:00+00:00".into(),
                4,
                Some(5),
                Some(7.5),
                vec![
                    "anxiety".to_string(),
                    "caffeine".into(),
                    "family".into(),
                    "party".into(),
                    "stress".into()
                ],
                None
            ),
            (
                "2025-01-05T20:00:00+00:00".into(),
                2,
                Some(2),
                None,
                vec![],
                Some("Tired after the party".into())
            ),
            (
                "2025-01-06T13:00:00+00:00".into(),
                3,
                None,
                None,
                vec![],
                Some("Grateful for: A quiet lunch".into())
            ),
        ]
    );
    let entries = client.entries(&JournalQuery::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].body, "No mood today, just a note");
    assert_eq!(entries[0].at.to_string(), "2025-01-07T20:00:00+00:00");

    let again = client
        .import_foreign(ForeignApp::Bearable, &file, &london)
        .unwrap();
    assert_eq!(
        (again.summary.checkins_added, again.summary.entries_added),
        (0, 0)
    );
    assert_eq!(again.summary.unchanged, 4);
}

#[test]
fn a_bearable_export_on_the_ten_point_scale_takes_two_steps_for_one() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(4));
    client
        .import_foreign(
            ForeignApp::Bearable,
            &fixture("bearable-ten.csv"),
            &options("UTC", &[]),
        )
        .unwrap();
    let moods: Vec<u8> = checkins(&client).into_iter().map(|c| c.mood).collect();
    assert_eq!(moods, [4, 5, 1]);
}

#[test]
fn a_file_that_is_not_the_export_it_claims_to_be_writes_nothing() {
    let (_tmp, _dir, client) = new_profile(&raw_secret(5));
    let london = options("Europe/London", &[]);
    for (app, file) in [
        (ForeignApp::Bearable, fixture("daylio.csv")),
        (ForeignApp::Daylio, fixture("bearable.csv")),
        (ForeignApp::Daylio, b"\xff\xfe not text".to_vec()),
        (ForeignApp::Daylio, client.export_csv().unwrap()),
        (ForeignApp::Bearable, b"hello,world\n1,2\n".to_vec()),
    ] {
        let refused = client.import_foreign(app, &file, &london);
        assert!(
            matches!(refused, Err(Error::InvalidInput { field: "file", .. })),
            "{app:?}: {refused:?}"
        );
    }
    let bad_zone = client.preview_foreign_import(
        ForeignApp::Daylio,
        &fixture("daylio.csv"),
        &options("Mars/Olympus", &[]),
    );
    assert!(matches!(
        bad_zone,
        Err(Error::InvalidInput {
            field: "time_zone",
            ..
        })
    ));
    let bad_mood = client.preview_foreign_import(
        ForeignApp::Daylio,
        &fixture("daylio.csv"),
        &options("UTC", &[("sad", 6)]),
    );
    assert!(matches!(
        bad_mood,
        Err(Error::InvalidInput { field: "moods", .. })
    ));
    assert!(checkins(&client).is_empty());
}
