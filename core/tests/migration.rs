//! Databases written by every released schema open and upgrade in place, keeping their data.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use hearth_core::instruments::Instrument;
use hearth_core::journal::JournalQuery;
use hearth_core::{Client, DbKey, ProfileSecret};

fn copy_fixture(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    std::fs::create_dir(&dir).unwrap();
    for file in ["profile.db", "profile.key.json"] {
        std::fs::copy(src.join(file), dir.join(file)).unwrap();
    }
    (tmp, dir)
}

#[test]
fn schema_1_upgrades_and_keeps_everything() {
    let (_tmp, dir) = copy_fixture("profile-v1");
    let secret = ProfileSecret::raw_key(DbKey::from_bytes(&[0x5a; 32]).unwrap());
    let client = Client::open(&dir, &secret, fast()).unwrap();
    assert_eq!(client.identity().unwrap().display_name, "Fixture V1");
    let checkins = client.checkins(&JournalQuery::default()).unwrap();
    assert_eq!(checkins.len(), 2);
    let pond = checkins.iter().find(|c| c.mood == 4).unwrap();
    assert_eq!(pond.emotions, ["happy", "proud"]);
    assert_eq!(pond.tags, ["outdoors"]);
    assert_eq!(pond.at.to_string(), "2026-01-01T18:00:00-05:00");
    // Schema 2's search index was built from the rows already there.
    let hits = client.search("pond", 10).unwrap();
    assert_eq!(hits.len(), 2, "the note and the entry");
    let entry = client.entries(&JournalQuery::default()).unwrap().remove(0);
    assert_eq!(entry.checkin_id.as_deref(), Some(pond.id.as_str()));
    let gad = client.survey_results(Some(Instrument::Gad7)).unwrap();
    assert_eq!(
        (gad.len(), gad[0].score, gad[0].band.as_str()),
        (1, 4, "Minimal anxiety")
    );
    // And it keeps working, and reopens at the new version.
    client
        .add_checkin(&hearth_core::journal::CheckinDraft {
            mood: Some(3),
            note: Some("pond again".into()),
            ..Default::default()
        })
        .unwrap();
    drop(client);
    let client = Client::open(&dir, &secret, fast()).unwrap();
    assert_eq!(client.search("pond", 10).unwrap().len(), 3);
    // Its key file names no page format (SQLCipher's defaults); a rekey keeps that format.
    let new_secret = ProfileSecret::raw_key(DbKey::from_bytes(&[0x5b; 32]).unwrap());
    client.rekey(&new_secret, &mut |_| {}).unwrap();
    drop(client);
    let keyfile: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("profile.key.json")).unwrap()).unwrap();
    assert_eq!(keyfile["page_format"]["page_size"], 4096);
    assert_eq!(keyfile["page_format"]["hmac"], "hmac_sha512");
    let client = Client::open(&dir, &new_secret, fast()).unwrap();
    assert_eq!(client.search("pond", 10).unwrap().len(), 3);
}
