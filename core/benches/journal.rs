//! The journal's speed goals, measured (criterion):
//! - add a check-in, each in its own transaction (goal: at least 2,000 per second);
//! - insights over five years of daily check-ins with tags (goal: at most 20 ms);
//! - open an existing profile with a raw key (goal: at most 5 ms), and with a passphrase
//!   (the Argon2id time at the default costs);
//! - the same write and insights on plain SQLite, so the SQLCipher cost shows as a ratio.
//!
//! Run: `cargo bench -p hearth-core --features bench-plaintext`
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use hearth_core::insights::InsightsRequest;
use hearth_core::journal::CheckinDraft;
use hearth_core::{Client, DbKey, ProfileOptions, ProfileSecret};
use jiff::civil::date;
use jiff::tz::TimeZone;

fn draft(n: u64) -> CheckinDraft {
    CheckinDraft {
        mood: Some((n % 5) as u8 + 1),
        energy: Some(3),
        emotions: vec!["calm".into(), "tired".into()],
        tags: vec!["work".into(), "exercise".into()],
        sleep_hours: Some(7.0),
        note: Some(format!("note number {n}, a few words long")),
        ..Default::default()
    }
}

fn profiles(tmp: &std::path::Path) -> [(&'static str, Client); 2] {
    let key = ProfileSecret::raw_key(DbKey::generate().unwrap());
    [
        (
            "sqlcipher",
            Client::create(&tmp.join("enc"), &key, "Bench", ProfileOptions::default()).unwrap(),
        ),
        (
            "plain",
            Client::open_plaintext_for_benchmark(&tmp.join("plain")).unwrap(),
        ),
    ]
}

fn add_checkin(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("add_checkin");
    group.throughput(criterion::Throughput::Elements(1));
    for (name, client) in profiles(tmp.path()) {
        let mut n = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                black_box(client.add_checkin(&draft(n)).unwrap());
            })
        });
    }
    group.finish();
}

fn insights_five_years(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let today = date(2026, 11, 1);
    let mut group = c.benchmark_group("insights_5_years");
    for (name, client) in profiles(tmp.path()) {
        // 1,826 days of sample data (about 1,620 check-ins with tags, a note on a third).
        client
            .add_sample_data(&TimeZone::UTC, today, 1826, 5)
            .unwrap();
        let request = InsightsRequest { from: None, today };
        group.bench_function(name, |b| {
            b.iter(|| black_box(client.insights(&request).unwrap()))
        });
    }
    group.finish();
}

fn open_profile(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let raw = ProfileSecret::raw_key(DbKey::generate().unwrap());
    let pass = ProfileSecret::passphrase("a passphrase for the benchmark").unwrap();
    let options = ProfileOptions::default();
    for (dir, secret) in [("raw", &raw), ("pass", &pass)] {
        let client = Client::create(&tmp.path().join(dir), secret, "Bench", options).unwrap();
        client
            .add_sample_data(&TimeZone::UTC, date(2026, 11, 1), 365, 1)
            .unwrap();
    }
    let mut group = c.benchmark_group("open_profile");
    group.bench_function("raw_key", |b| {
        b.iter(|| black_box(Client::open(&tmp.path().join("raw"), &raw, options).unwrap()))
    });
    group.sample_size(10);
    group.bench_function("passphrase_argon2id_64MiB_t3", |b| {
        b.iter(|| black_box(Client::open(&tmp.path().join("pass"), &pass, options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, add_checkin, insights_five_years, open_profile);
criterion_main!(benches);
