//! Property: whatever journal a person keeps, its JSON export and its encrypted backup bring
//! back exactly that journal in a fresh profile, and a second import adds nothing.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::export::JournalDocument;
use hearth_core::instruments::Instrument;
use hearth_core::journal::{CheckinDraft, EntryDraft};
use hearth_core::{Client, Moment};
use proptest::prelude::*;

const PASS: &str = "a long enough passphrase";

/// An instant from 2020 to mid-2026 (the core refuses times to come), with a UTC offset a clock could show (quarter hours,
/// -12:00 to +14:00).
fn moment() -> impl Strategy<Value = Moment> {
    (1_577_836_800_000i64..1_780_000_000_000, -48i32..=56)
        .prop_map(|(ms, quarters)| Moment::from_parts(ms, quarters * 900).unwrap())
}

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            Just("calm".to_string()),
            Just("anxious".to_string()),
            "[a-zà-ÿ]{1,12}( [a-z]{1,8})?",
        ],
        0..4,
    )
}

#[derive(Debug, Clone)]
enum Record {
    Checkin(CheckinDraft),
    Entry(EntryDraft),
    Survey(Vec<u8>, Moment),
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![
        4 => (moment(), 1u8..=5, prop::option::of(1u8..=5), words(), words(),
              prop::option::of(0u32..=48), prop::option::of("\\PC{0,80}"))
            .prop_map(|(at, mood, energy, emotions, tags, half_hours, note)| {
                Record::Checkin(CheckinDraft {
                    at: Some(at),
                    mood: Some(mood),
                    energy,
                    emotions,
                    tags,
                    sleep_hours: half_hours.map(|h| f64::from(h) / 2.0),
                    note,
                })
            }),
        2 => (moment(), "\\PC{1,200}", prop::option::of("[A-Za-z ?]{1,40}"))
            .prop_map(|(at, body, prompt)| Record::Entry(EntryDraft {
                at: Some(at),
                body,
                prompt,
                checkin_id: None,
            })),
        1 => (prop::collection::vec(0u8..=3, 5), moment())
            .prop_map(|(answers, at)| Record::Survey(answers, at)),
    ]
}

/// Keeps every record (the strategies make only what a person could save).
fn keep(client: &Client, records: &[Record]) {
    for r in records {
        let kept = match r {
            Record::Checkin(d) => client.add_checkin(d).map(|_| ()),
            Record::Entry(d) => client.add_entry(d).map(|_| ()),
            Record::Survey(answers, at) => client
                .record_survey(Instrument::Who5, answers, Some(*at))
                .map(|_| ()),
        };
        kept.unwrap_or_else(|e| panic!("{r:?} was refused: {e}"));
    }
}

fn content(doc: &JournalDocument) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &doc.checkins,
        &doc.entries,
        &doc.surveys,
        &doc.custom_emotions,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn exports_bring_back_exactly_the_journal(records in prop::collection::vec(record(), 0..25)) {
        let (_t1, _d1, source) = new_profile(&raw_secret(1));
        keep(&source, &records);
        let original = source.export_document().unwrap();

        let (_t2, _d2, from_json) = new_profile(&raw_secret(2));
        let json = source.export_json().unwrap();
        let summary = from_json.import_json(json.as_bytes()).unwrap();
        prop_assert_eq!(summary.checkins_added as usize, original.checkins.len());
        let imported = from_json.export_document().unwrap();
        prop_assert_eq!(content(&imported), content(&original));
        let again = from_json.import_json(json.as_bytes()).unwrap();
        prop_assert_eq!((again.checkins_added, again.entries_added, again.surveys_added), (0, 0, 0));

        let (_t3, _d3, from_backup) = new_profile(&raw_secret(3));
        from_backup.import_backup(&source.export_backup(PASS).unwrap(), PASS).unwrap();
        let restored = from_backup.export_document().unwrap();
        prop_assert_eq!(content(&restored), content(&original));
    }
}
