//! Writes the core targets' seed corpora from real data (run by hand when formats change):
//!
//!     cargo run -p hearth-fuzz-targets --example write_seeds
//!
//! core_receive: the deliveries a real circle exchanged as it formed; invite_code: codes and
//! links the generator made, with typing slips; risk_language: the safety evaluation set's
//! sentences; backup and json_import: a journal of sample data, exported both ways. The
//! relay targets' seeds come from recorded traffic (fuzz/seeds/record.sh).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::invites::InviteCode;
use hearth_fuzz_targets::core::{
    profile, real_deliveries, real_invite_exchange, real_sealed_report, BACKUP_PASSPHRASE,
};
use std::path::{Path, PathBuf};

fn corpus(target: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    for old in std::fs::read_dir(&dir).unwrap() {
        let path = old.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("seed-")
        {
            std::fs::remove_file(path).unwrap();
        }
    }
    dir
}

fn write(dir: &Path, data: &[u8]) {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    let name: String = digest.as_ref()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
}

fn main() {
    let receive = corpus("core_receive");
    for delivery in real_deliveries() {
        write(&receive, &delivery);
    }

    write(&corpus("sealed_report"), &real_sealed_report());

    // What a member's phone may send, one of each kind (the ids are the hex ids phones use).
    let payloads = corpus("member_payload");
    let id = "5f1e9a0c3b2d4e6f";
    for json in [
        format!(
            r#"{{"t":"text","id":"{id}01","body":"Hello, everyone.","sent_at_ms":1767225600000}}"#
        ),
        format!(
            r#"{{"t":"text","id":"{id}02","body":"A reply","reply_to":"{id}01","sent_at_ms":1767225600000}}"#
        ),
        format!(
            r#"{{"t":"checkin","id":"{id}03","card":{{"day":"2026-11-30","mood":4,"energy":3,"emotions":["calm"],"tags":["walk"],"sleep_minutes":420,"note":"slept well"}},"sent_at_ms":1767225600000}}"#
        ),
        format!(
            r#"{{"t":"intro","id":"{id}04","display_name":"Fern","sent_at_ms":1767225600000,"accepted":1}}"#
        ),
        format!(r#"{{"t":"reaction","id":"{id}05","target":"{id}01","emoji":"🌱"}}"#),
        format!(
            r#"{{"t":"edit","id":"{id}06","target":"{id}01","body":"Hello, all.","sent_at_ms":1767225600000}}"#
        ),
        format!(r#"{{"t":"delete","id":"{id}07","target":"{id}01"}}"#),
        format!(r#"{{"t":"accept","id":"{id}08","version":1}}"#),
        format!(r#"{{"t":"remove","id":"{id}09","target":"{id}02"}}"#),
        format!(r#"{{"t":"pin","id":"{id}0a","target":"{id}01"}}"#),
        format!(
            r#"{{"t":"timeout","id":"{id}0b","member":"00ff","seconds":600,"reason":"a break"}}"#
        ),
    ] {
        write(&payloads, json.as_bytes());
    }

    // Each side of a real invite exchange, in the target's framing (a side byte first).
    let messages = corpus("invite_messages");
    for _ in 0..2 {
        let x = real_invite_exchange();
        let message = x.claim.message.as_slice();
        let mut claim = vec![0, message.len() as u8];
        claim.extend_from_slice(message);
        claim.extend_from_slice(x.claim.sealed.as_slice());
        write(&messages, &claim);
        write(&messages, &[&[1u8][..], &x.offer].concat());
        write(&messages, &[&[2u8][..], &x.answer].concat());
    }

    let codes = corpus("invite_code");
    for _ in 0..4 {
        let code = InviteCode::generate().unwrap();
        write(&codes, code.text().as_bytes());
        write(&codes, code.link().as_bytes());
        write(
            &codes,
            code.text().to_lowercase().replace('-', " ").as_bytes(),
        );
        let mut slip = code.text().to_string();
        slip.pop();
        write(&codes, slip.as_bytes());
    }

    let texts = corpus("risk_language");
    let set = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/safety/eval/en.tsv"),
    )
    .unwrap();
    for line in set.lines().skip(1).step_by(7).take(40) {
        if let Some(text) = line.split('\t').next_back() {
            write(&texts, text.as_bytes());
        }
    }

    let dir = tempfile_dir();
    let journal = profile(&dir, "journal");
    let zone = jiff::tz::TimeZone::get("Europe/Dublin").unwrap();
    journal
        .add_sample_data(&zone, jiff::civil::date(2026, 3, 30), 6, 7)
        .unwrap();
    write(
        &corpus("backup"),
        &journal.export_backup(BACKUP_PASSPHRASE).unwrap(),
    );
    write(
        &corpus("json_import"),
        journal.export_json().unwrap().as_bytes(),
    );
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth-fuzz-seeds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
