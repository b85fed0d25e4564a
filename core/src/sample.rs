//! Realistic sample data for the demo and for trying the app: months of daily check-ins with
//! a weekly rhythm, activities that go with better or worse days, notes, journal entries and
//! fortnightly questionnaires. Deterministic for a given seed.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::ToSpan;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::instruments::Instrument;
use crate::journal::{CheckinDraft, EntryDraft};
use crate::moment::Moment;

/// The most sample days one call adds (about five years).
pub const SAMPLE_DAYS_MAX: u32 = 2000;

/// What was added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SampleSummary {
    /// Check-ins added.
    pub checkins: u32,
    /// Journal entries added.
    pub entries: u32,
    /// Questionnaires added.
    pub surveys: u32,
}

/// SplitMix64: a small, fast, seeded generator (sample data needs no cryptography).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const NOTES_GOOD: &[&str] = &[
    "Long walk by the river, felt clear-headed afterwards.",
    "Coffee with an old friend. Laughed a lot.",
    "Finished the project I'd been putting off.",
    "Slept well and had energy all day.",
    "Circle meeting tonight helped more than I expected.",
];
const NOTES_LOW: &[&str] = &[
    "Hard to get out of bed. Skipped lunch.",
    "Felt on edge all afternoon, not sure why.",
    "Argument at work, kept replaying it.",
    "Lonely evening. Called my sister, which helped a little.",
    "Couldn't focus. Too much screen time.",
];
const PROMPTS: &[&str] = &[
    "What is one thing that went well today?",
    "What drained your energy this week?",
    "What would you tell a friend who felt like you do?",
];
const ANSWERS: &[&str] = &[
    "Getting outside early made the rest of the day easier. I want to keep doing that.",
    "Too many late nights. When I sleep badly everything feels heavier.",
    "That it's okay to have a slow week, and that it won't last forever.",
];

impl Client {
    /// Adds `days` days of sample journal ending on `today`, in time zone `zone`.
    pub fn add_sample_data(
        &self,
        zone: &TimeZone,
        today: Date,
        days: u32,
        seed: u64,
    ) -> Result<SampleSummary> {
        if days == 0 || days > SAMPLE_DAYS_MAX {
            return Err(Error::invalid(
                "days",
                format!("from 1 to {SAMPLE_DAYS_MAX}"),
            ));
        }
        let mut rng = Rng(seed);
        let mut summary = SampleSummary::default();
        let start = today
            .checked_sub((i64::from(days) - 1).days())
            .map_err(|_| Error::invalid("days", "reaches before the calendar"))?;
        for i in 0..days {
            let day = start
                .checked_add(i64::from(i).days())
                .map_err(|_| Error::Internal("sample date"))?;
            // Skip about one day in nine, as real people do.
            if rng.chance(0.11) {
                continue;
            }
            let exercise = rng.chance(0.4);
            let social = rng.chance(0.3);
            let work = day.weekday().to_monday_zero_offset() < 5 && rng.chance(0.8);
            let sleep: f64 = 5.0 + (rng.unit() * 4.0 * 2.0).round() / 2.0;
            let weekend = if day.weekday().to_monday_zero_offset() >= 5 {
                0.4
            } else {
                0.0
            };
            // A slow recovery over the period, plus noise.
            let trend = 0.6 * f64::from(i) / f64::from(days.max(1));
            let score = 2.6
                + trend
                + weekend
                + if exercise { 0.7 } else { 0.0 }
                + if social { 0.4 } else { 0.0 }
                - if work { 0.2 } else { 0.0 }
                + (sleep - 7.0) * 0.25
                + (rng.unit() - 0.5) * 1.6;
            let mood = score.round().clamp(1.0, 5.0) as u8;
            let mut tags = Vec::new();
            for (on, tag) in [(exercise, "exercise"), (social, "friends"), (work, "work")] {
                if on {
                    tags.push(tag.to_owned());
                }
            }
            if rng.chance(0.25) {
                tags.push("reading".to_owned());
            }
            let emotions: Vec<String> = match mood {
                5 => vec!["happy", "grateful"],
                4 => vec![rng.pick(&["calm", "content", "hopeful"])],
                3 => vec![rng.pick(&["tired", "calm", "bored"])],
                2 => vec![rng.pick(&["anxious", "sad", "stressed"]), "tired"],
                _ => vec!["sad", rng.pick(&["lonely", "overwhelmed", "numb"])],
            }
            .into_iter()
            .map(str::to_owned)
            .collect();
            let note = rng.chance(0.3).then(|| {
                (if mood >= 4 {
                    rng.pick(NOTES_GOOD)
                } else {
                    rng.pick(NOTES_LOW)
                })
                .to_owned()
            });
            let minute = (rng.next() % 120) as i8;
            let at = local_moment(
                zone,
                day,
                Time::constant(20 + minute / 60, minute % 60, 0, 0),
            )?;
            let checkin = self.add_checkin(&CheckinDraft {
                at: Some(at),
                mood: Some(mood),
                energy: Some(((sleep - 4.0) as u8).clamp(1, 5)),
                emotions,
                tags,
                sleep_hours: Some(sleep),
                note,
            })?;
            summary.checkins += 1;
            if rng.chance(0.08) {
                let k = (rng.next() % PROMPTS.len() as u64) as usize;
                self.add_entry(&EntryDraft {
                    at: Some(at),
                    body: ANSWERS[k].to_owned(),
                    prompt: Some(PROMPTS[k].to_owned()),
                    checkin_id: Some(checkin.id),
                })?;
                summary.entries += 1;
            }
            if i % 14 == 13 {
                // Fortnightly PHQ-9 and GAD-7 that ease as the period goes on. Item 9 stays 0.
                let level = |rng: &mut Rng| -> u8 {
                    let base = 1.6 - 1.2 * f64::from(i) / f64::from(days);
                    (base + rng.unit()).floor().clamp(0.0, 3.0) as u8
                };
                let mut phq: Vec<u8> = (0..9).map(|_| level(&mut rng)).collect();
                phq[8] = 0;
                let gad: Vec<u8> = (0..7).map(|_| level(&mut rng)).collect();
                self.record_survey(Instrument::Phq9, &phq, Some(at))?;
                self.record_survey(Instrument::Gad7, &gad, Some(at))?;
                summary.surveys += 2;
            }
        }
        self.events
            .publish(crate::events::Event::JournalReplaced { import: None });
        Ok(summary)
    }
}

fn local_moment(zone: &TimeZone, day: Date, time: Time) -> Result<Moment> {
    let zoned = day
        .to_datetime(time)
        .to_zoned(zone.clone())
        .map_err(|_| Error::Internal("sample time"))?;
    Ok(Moment::new(zoned.timestamp(), zoned.offset()))
}
