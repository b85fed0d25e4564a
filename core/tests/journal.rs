//! Check-ins, entries, queries, search, questionnaires and bad input through the Client.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::instruments::{Instrument, SafetyConcern, SurveyOutcome};
use hearth_core::journal::{CheckinDraft, EntryDraft, JournalQuery};
use hearth_core::{Error, Moment};

fn at(text: &str) -> Option<Moment> {
    Some(Moment::parse(text).unwrap())
}

fn invalid_field(e: Error) -> &'static str {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn check_in_round_trip_edit_and_delete() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let c = client
        .add_checkin(&CheckinDraft {
            at: at("2026-03-08T21:15:00-05:00"),
            mood: Some(4),
            energy: Some(2),
            emotions: vec!["Calm".into(), " calm ".into(), "Wistful".into()],
            tags: vec!["Walk".into(), "deep   work".into()],
            sleep_hours: Some(6.5),
            note: Some("  Walked by the canal.  ".into()),
        })
        .unwrap();
    assert_eq!(c.emotions, ["calm", "wistful"]);
    assert_eq!(c.tags, ["deep work", "walk"]);
    assert_eq!(c.note.as_deref(), Some("Walked by the canal."));
    assert_eq!(c.at.to_string(), "2026-03-08T21:15:00-05:00");
    assert_eq!(client.checkin(&c.id).unwrap(), c);
    // "wistful" is not built in, so it joins the user's own vocabulary.
    assert_eq!(client.emotions().unwrap().custom, ["wistful"]);

    let edited = client
        .update_checkin(
            &c.id,
            &CheckinDraft {
                mood: Some(2),
                tags: vec!["rain".into()],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (edited.mood, edited.tags.clone(), edited.at),
        (2, vec!["rain".to_string()], c.at)
    );
    assert!(edited.emotions.is_empty() && edited.note.is_none());
    assert!(edited.updated_at >= c.updated_at);
    assert_eq!(client.tags().unwrap().len(), 1);

    client.delete_checkin(&c.id).unwrap();
    assert!(matches!(client.checkin(&c.id), Err(Error::NotFound { .. })));
    assert!(matches!(
        client.delete_checkin(&c.id),
        Err(Error::NotFound { .. })
    ));
    assert!(client.tags().unwrap().is_empty());
}

#[test]
fn entries_link_to_check_ins_and_survive_their_deletion() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let c = client
        .add_checkin(&CheckinDraft {
            mood: Some(3),
            ..Default::default()
        })
        .unwrap();
    let e = client
        .add_entry(&EntryDraft {
            at: None,
            body: "Thinking about the week.".into(),
            prompt: Some("What drained you?".into()),
            checkin_id: Some(c.id.clone()),
        })
        .unwrap();
    assert_eq!(e.checkin_id.as_deref(), Some(c.id.as_str()));
    let dangling = EntryDraft {
        body: "x".into(),
        checkin_id: Some("no-such-id".into()),
        ..Default::default()
    };
    assert!(matches!(
        client.add_entry(&dangling),
        Err(Error::NotFound { .. })
    ));
    client.delete_checkin(&c.id).unwrap();
    assert_eq!(client.entry(&e.id).unwrap().checkin_id, None);
    let edited = client
        .update_entry(
            &e.id,
            &EntryDraft {
                body: "Rewritten.".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((edited.body.as_str(), edited.at), ("Rewritten.", e.at));
    client.delete_entry(&e.id).unwrap();
    assert!(client.entries(&JournalQuery::default()).unwrap().is_empty());
}

#[test]
fn queries_by_local_date_emotion_and_tag() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let add = |when: &str, mood, emotion: &str, tag: &str| {
        client
            .add_checkin(&CheckinDraft {
                at: at(when),
                mood: Some(mood),
                emotions: vec![emotion.into()],
                tags: vec![tag.into()],
                ..Default::default()
            })
            .unwrap()
    };
    // 23:30 in New York on 1 March is 2 March in UTC; the user's day is 1 March.
    add("2026-03-01T23:30:00-05:00", 3, "calm", "walk");
    add("2026-03-02T08:00:00+00:00", 4, "happy", "work");
    add("2026-03-05T12:00:00+00:00", 2, "sad", "walk");
    let q = |from: Option<&str>, to: Option<&str>, emotion: Option<&str>, tag: Option<&str>| {
        JournalQuery {
            from: from.map(|d| d.parse().unwrap()),
            to: to.map(|d| d.parse().unwrap()),
            emotion: emotion.map(Into::into),
            tag: tag.map(Into::into),
            ..Default::default()
        }
    };
    let moods = |q: JournalQuery| -> Vec<u8> {
        client
            .checkins(&q)
            .unwrap()
            .iter()
            .map(|c| c.mood)
            .collect()
    };
    assert_eq!(
        moods(q(Some("2026-03-01"), Some("2026-03-01"), None, None)),
        [3]
    );
    assert_eq!(moods(q(Some("2026-03-02"), None, None, None)), [2, 4]);
    assert_eq!(moods(q(None, None, None, Some("Walk"))), [2, 3]);
    assert_eq!(moods(q(None, None, Some("happy"), None)), [4]);
    assert_eq!(moods(q(None, Some("2026-03-04"), None, Some("walk"))), [3]);
    let page = JournalQuery {
        limit: Some(1),
        offset: 1,
        ..Default::default()
    };
    assert_eq!(moods(page), [4]);
}

#[test]
fn full_text_search_finds_notes_and_entries_and_follows_edits() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let c = client
        .add_checkin(&CheckinDraft {
            mood: Some(3),
            note: Some("Café with Jordan, felt anxious".into()),
            ..Default::default()
        })
        .unwrap();
    client
        .add_entry(&EntryDraft {
            body: "Jordan said something kind.".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(client.search("jordan", 10).unwrap().len(), 2);
    assert_eq!(
        client.search("cafe", 10).unwrap().len(),
        1,
        "diacritics folded"
    );
    assert_eq!(
        client.search("anx", 10).unwrap().len(),
        1,
        "prefix of the last word"
    );
    let hit = &client.search("anxious", 10).unwrap()[0];
    assert_eq!(hit.id, c.id);
    assert!(hit.snippet.contains("[anxious]"));
    // Query syntax in user input is just words.
    assert!(client.search("\"jordan OR NEAR(", 10).is_ok());
    assert!(client.search("", 10).unwrap().is_empty());
    client
        .update_checkin(
            &c.id,
            &CheckinDraft {
                mood: Some(3),
                note: Some("Quiet evening".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(client.search("anxious", 10).unwrap().len(), 0);
    assert_eq!(client.search("quiet", 10).unwrap().len(), 1);
    client.delete_checkin(&c.id).unwrap();
    assert_eq!(client.search("quiet", 10).unwrap().len(), 0);
    assert!(matches!(
        client.search("x", 0),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn bad_input_gets_typed_errors_and_changes_nothing() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let mood = |m| CheckinDraft {
        mood: Some(m),
        ..Default::default()
    };
    assert_eq!(
        invalid_field(client.add_checkin(&mood(0)).unwrap_err()),
        "mood"
    );
    assert_eq!(
        invalid_field(client.add_checkin(&mood(6)).unwrap_err()),
        "mood"
    );
    assert_eq!(
        invalid_field(client.add_checkin(&CheckinDraft::default()).unwrap_err()),
        "mood"
    );
    let huge = CheckinDraft {
        note: Some("x".repeat(10 * 1024 * 1024)),
        ..mood(3)
    };
    assert_eq!(
        invalid_field(client.add_checkin(&huge).unwrap_err()),
        "note"
    );
    let huge_entry = EntryDraft {
        body: "y".repeat(10 * 1024 * 1024),
        ..Default::default()
    };
    assert_eq!(
        invalid_field(client.add_entry(&huge_entry).unwrap_err()),
        "body"
    );
    assert_eq!(
        invalid_field(client.add_entry(&EntryDraft::default()).unwrap_err()),
        "body"
    );
    for (draft, field) in [
        (
            CheckinDraft {
                energy: Some(9),
                ..mood(3)
            },
            "energy",
        ),
        (
            CheckinDraft {
                sleep_hours: Some(-1.0),
                ..mood(3)
            },
            "sleep_hours",
        ),
        (
            CheckinDraft {
                sleep_hours: Some(f64::NAN),
                ..mood(3)
            },
            "sleep_hours",
        ),
        (
            CheckinDraft {
                tags: vec!["  ".into()],
                ..mood(3)
            },
            "tag",
        ),
        (
            CheckinDraft {
                emotions: vec!["e".repeat(41)],
                ..mood(3)
            },
            "emotion",
        ),
        (
            CheckinDraft {
                tags: (0..31).map(|i| i.to_string()).collect(),
                ..mood(3)
            },
            "tag",
        ),
        (
            CheckinDraft {
                at: at("2099-01-01T00:00:00Z"),
                ..mood(3)
            },
            "time",
        ),
    ] {
        assert_eq!(
            invalid_field(client.add_checkin(&draft).unwrap_err()),
            field
        );
    }
    // Questionnaires: wrong count, out-of-scale answers.
    for (instrument, answers) in [
        (Instrument::Phq9, vec![0u8; 8]),
        (Instrument::Phq9, vec![0, 0, 0, 0, 0, 0, 0, 0, 4]),
        (Instrument::Gad7, vec![0; 9]),
        (Instrument::Who5, vec![6, 0, 0, 0, 0]),
        (Instrument::Phq2, vec![]),
    ] {
        assert_eq!(
            invalid_field(
                client
                    .record_survey(instrument, &answers, None)
                    .unwrap_err()
            ),
            "answers"
        );
    }
    assert!(Instrument::from_code("beck").is_none());
    assert!(client
        .checkins(&JournalQuery::default())
        .unwrap()
        .is_empty());
    assert!(client.survey_results(None).unwrap().is_empty());
}

#[test]
fn questionnaires_score_band_and_raise_safety() {
    let (_t, _d, client) = new_profile(&raw_secret(1));
    let outcome = client
        .record_survey(Instrument::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, 0], None)
        .unwrap();
    let SurveyOutcome::Recorded(r) = &outcome else {
        panic!("no safety concern expected")
    };
    assert_eq!(
        (r.score, r.max_score, r.band.as_str()),
        (10, 27, "Moderate depression")
    );

    let outcome = client
        .record_survey(Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1], None)
        .unwrap();
    match &outcome {
        SurveyOutcome::SafetyConcern { result, concern } => {
            assert_eq!(*concern, SafetyConcern::SelfHarmThoughts { answer: 1 });
            assert_eq!(result.score, 1);
            assert!(concern.guidance().contains("988"));
        }
        other => panic!("item 9 must raise the safety outcome, got {other:?}"),
    }
    // Item 9 on other instruments does not exist; GAD-7 never raises it.
    assert!(matches!(
        client.record_survey(Instrument::Gad7, &[3; 7], None).unwrap(),
        SurveyOutcome::Recorded(ref r) if r.score == 21 && r.band == "Severe anxiety"
    ));
    let who5 = client
        .record_survey(Instrument::Who5, &[3, 3, 2, 2, 2], None)
        .unwrap();
    assert_eq!(who5.result().score, 48);
    assert_eq!(who5.result().band, "Low well-being: the PHQ-9 is suggested");
    let phq2 = client
        .record_survey(Instrument::Phq2, &[2, 1], None)
        .unwrap();
    assert!(phq2.result().band.starts_with("Positive"));
    assert_eq!(
        client.survey_results(Some(Instrument::Phq9)).unwrap().len(),
        2
    );
    assert_eq!(client.survey_results(None).unwrap().len(), 5);
}
