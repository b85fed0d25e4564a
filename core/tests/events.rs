//! Change notifications: what a subscriber hears, and that it hears nothing for failed writes.
#![allow(clippy::unwrap_used)]

mod common;

use hearth_core::events::{Event, Notification};
use hearth_core::journal::{CheckinDraft, EntryDraft};
use hearth_core::Error;

fn mood(m: u8) -> CheckinDraft {
    CheckinDraft {
        mood: Some(m),
        ..CheckinDraft::default()
    }
}

#[test]
fn writes_are_announced_after_they_commit_and_failures_are_not() {
    let (_tmp, _dir, client) = common::new_profile(&common::raw_secret(1));
    let mut events = client.subscribe();
    assert_eq!(events.try_recv(), None);

    let checkin = client.add_checkin(&mood(4)).unwrap();
    // The event arrives after the commit: reading on hearing it finds the check-in.
    match events.try_recv() {
        Some(Notification::Changed(Event::CheckinSaved { id })) => {
            assert_eq!(id, checkin.id);
            assert_eq!(client.checkin(&id).unwrap().mood, 4);
        }
        other => panic!("expected CheckinSaved, got {other:?}"),
    }

    // Refused input and missing records change nothing and announce nothing.
    assert!(matches!(
        client.add_checkin(&mood(9)),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        client.delete_entry("no-such-entry"),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(events.try_recv(), None);

    let entry = client
        .add_entry(&EntryDraft {
            body: "a quiet evening".into(),
            ..EntryDraft::default()
        })
        .unwrap();
    client.delete_checkin(&checkin.id).unwrap();
    client.set_display_name("Sam").unwrap();
    let got: Vec<_> = std::iter::from_fn(|| events.try_recv()).collect();
    assert_eq!(
        got,
        vec![
            Notification::Changed(Event::EntrySaved { id: entry.id }),
            Notification::Changed(Event::CheckinDeleted { id: checkin.id }),
            Notification::Changed(Event::IdentityChanged),
        ]
    );

    client.close();
    assert_eq!(
        events.try_recv(),
        Some(Notification::Changed(Event::Closed))
    );
}

#[test]
fn an_import_is_one_event_carrying_its_summary() {
    let (_tmp, _dir, source) = common::new_profile(&common::raw_secret(2));
    source.add_checkin(&mood(3)).unwrap();
    let backup = source.export_backup("correct horse battery").unwrap();

    let (_tmp2, _dir2, target) = common::new_profile(&common::raw_secret(3));
    let mut events = target.subscribe();
    let summary = target
        .import_backup(&backup, "correct horse battery")
        .unwrap();
    assert_eq!(summary.checkins_added, 1);
    assert_eq!(
        events.try_recv(),
        Some(Notification::Changed(Event::JournalReplaced {
            import: Some(summary)
        }))
    );
    assert_eq!(events.try_recv(), None);
}

#[test]
fn a_listener_that_falls_behind_is_told_how_much_it_missed() {
    let (_tmp, _dir, client) = common::new_profile(&common::raw_secret(4));
    let mut events = client.subscribe();
    for _ in 0..300 {
        client.add_checkin(&mood(3)).unwrap();
    }
    // The backlog holds 256; the 44 oldest were dropped and the listener is told so.
    assert_eq!(events.try_recv(), Some(Notification::Missed { count: 44 }));
    let rest: Vec<_> = std::iter::from_fn(|| events.try_recv()).collect();
    assert_eq!(rest.len(), 256);
    assert!(rest
        .iter()
        .all(|n| matches!(n, Notification::Changed(Event::CheckinSaved { .. }))));
}
