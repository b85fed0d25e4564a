//! Cards shared to a circle: a check-in (the mood always, and only the parts the person
//! chose, the note only when they ticked it) or a goal's week ([`GoalCard`]). Every phone
//! checks a card's fields as it arrives and writes the same one-line summary from them,
//! which is what lists, search and the crisis check read; the card itself is kept beside it
//! for the apps to draw.

use serde::{Deserialize, Serialize};

use crate::goals::GoalCard;
use crate::journal::{Checkin, LABELS_MAX, LABEL_MAX_CHARS, NOTE_MAX_CHARS};

/// A card as a message carries and stores it. Stored untagged: the two kinds are told
/// apart by their fields, so cards stored before goals existed read as they did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum SharedCard {
    /// A shared check-in.
    Checkin(CheckinCard),
    /// A goal's week.
    Goal(GoalCard),
}

impl SharedCard {
    /// Whether every field is within bounds.
    pub(crate) fn is_valid(&self) -> bool {
        match self {
            SharedCard::Checkin(c) => c.is_valid(),
            SharedCard::Goal(g) => g.is_valid(),
        }
    }

    /// The summary every phone writes for it.
    pub(crate) fn summary(&self) -> String {
        match self {
            SharedCard::Checkin(c) => c.summary(),
            SharedCard::Goal(g) => g.summary(),
        }
    }
}

/// Which parts of a check-in to share beside its mood.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShareChoice {
    /// Energy.
    pub energy: bool,
    /// Emotion words.
    pub emotions: bool,
    /// Tags.
    pub tags: bool,
    /// Hours slept.
    pub sleep: bool,
    /// The note (only when the person ticked it).
    pub note: bool,
}

/// A shared check-in, as every member's phone shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinCard {
    /// The check-in's local date (`YYYY-MM-DD`), not its time.
    pub day: String,
    /// Mood 1–5.
    pub mood: u8,
    /// Energy 1–5, when shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy: Option<u8>,
    /// Emotion words, when shared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emotions: Vec<String>,
    /// Tags, when shared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Minutes slept, when shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_minutes: Option<u32>,
    /// The note, when the person ticked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl CheckinCard {
    /// The card for `checkin` with the parts `choice` allows.
    pub fn from_checkin(checkin: &Checkin, choice: ShareChoice) -> CheckinCard {
        CheckinCard {
            day: checkin.at.local().date().to_string(),
            mood: checkin.mood,
            energy: checkin.energy.filter(|_| choice.energy),
            emotions: if choice.emotions {
                checkin.emotions.clone()
            } else {
                Vec::new()
            },
            tags: if choice.tags {
                checkin.tags.clone()
            } else {
                Vec::new()
            },
            sleep_minutes: checkin
                .sleep_hours
                .filter(|_| choice.sleep)
                .map(|h| (h * 60.0).round().clamp(0.0, 24.0 * 60.0) as u32),
            note: checkin
                .note
                .clone()
                .filter(|n| choice.note && !n.trim().is_empty()),
        }
    }

    /// Whether every field is within what a check-in can hold (a card from another phone is
    /// refused otherwise).
    pub(crate) fn is_valid(&self) -> bool {
        let words_ok = |words: &[String]| {
            words.len() <= LABELS_MAX
                && words.iter().all(|w| {
                    !w.is_empty() && w.chars().count() <= LABEL_MAX_CHARS && !w.contains('\n')
                })
        };
        (1..=5).contains(&self.mood)
            && self.energy.is_none_or(|e| (1..=5).contains(&e))
            && jiff::civil::Date::strptime("%Y-%m-%d", &self.day).is_ok()
            && words_ok(&self.emotions)
            && words_ok(&self.tags)
            && self.sleep_minutes.is_none_or(|m| m <= 24 * 60)
            && self
                .note
                .as_ref()
                .is_none_or(|n| n.chars().count() <= NOTE_MAX_CHARS)
    }

    /// The one-line summary every phone writes for it (and the note below, when shared).
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("Check-in {}: mood {}/5", self.day, self.mood)];
        if let Some(e) = self.energy {
            parts.push(format!("energy {e}/5"));
        }
        if !self.emotions.is_empty() {
            parts.push(format!("feeling {}", self.emotions.join(", ")));
        }
        if !self.tags.is_empty() {
            parts.push(format!("tags {}", self.tags.join(", ")));
        }
        if let Some(m) = self.sleep_minutes {
            parts.push(format!("slept {}h{:02}", m / 60, m % 60));
        }
        let mut out = parts.join(" · ");
        if let Some(note) = &self.note {
            out.push('\n');
            out.push_str(note);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::Moment;

    fn checkin() -> Checkin {
        Checkin {
            id: "c1".into(),
            at: Moment::parse("2026-11-20T21:30:00+01:00").unwrap(),
            mood: 2,
            energy: Some(3),
            emotions: vec!["tired".into(), "worried".into()],
            tags: vec!["work".into()],
            sleep_hours: Some(6.5),
            note: Some("private thoughts".into()),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn only_the_chosen_parts_are_shared_and_the_note_only_when_ticked() {
        let mood_only = CheckinCard::from_checkin(&checkin(), ShareChoice::default());
        assert_eq!(mood_only.summary(), "Check-in 2026-11-20: mood 2/5");
        assert!(mood_only.note.is_none() && mood_only.emotions.is_empty());
        let all = ShareChoice {
            energy: true,
            emotions: true,
            tags: true,
            sleep: true,
            note: true,
        };
        let card = CheckinCard::from_checkin(&checkin(), all);
        assert_eq!(
            card.summary(),
            "Check-in 2026-11-20: mood 2/5 · energy 3/5 · feeling tired, worried · tags work · slept 6h30\nprivate thoughts"
        );
        assert!(card.is_valid());
        let no_note = CheckinCard::from_checkin(&checkin(), ShareChoice { note: false, ..all });
        assert!(!no_note.summary().contains("private"));
    }

    #[test]
    fn a_card_outside_what_a_check_in_holds_is_invalid() {
        let good = CheckinCard::from_checkin(&checkin(), ShareChoice::default());
        for bad in [
            CheckinCard {
                mood: 0,
                ..good.clone()
            },
            CheckinCard {
                energy: Some(9),
                ..good.clone()
            },
            CheckinCard {
                day: "yesterday".into(),
                ..good.clone()
            },
            CheckinCard {
                tags: vec![String::new()],
                ..good.clone()
            },
            CheckinCard {
                sleep_minutes: Some(5000),
                ..good.clone()
            },
        ] {
            assert!(!bad.is_valid(), "{bad:?}");
        }
    }

    #[test]
    fn stored_cards_are_told_apart_by_their_fields() {
        let goal = serde_json::to_string(&crate::goals::GoalCard {
            title: "Walk".into(),
            week_of: "2026-12-07".into(),
            done: 1,
            partly: 0,
            target: 3,
            why: None,
            streak: None,
        })
        .unwrap();
        assert!(matches!(
            serde_json::from_str::<SharedCard>(&goal).unwrap(),
            SharedCard::Goal(_)
        ));
        let checkin = serde_json::to_string(&CheckinCard {
            day: "2026-12-07".into(),
            mood: 3,
            energy: None,
            emotions: vec![],
            tags: vec![],
            sleep_minutes: None,
            note: None,
        })
        .unwrap();
        assert!(matches!(
            serde_json::from_str::<SharedCard>(&checkin).unwrap(),
            SharedCard::Checkin(_)
        ));
    }
}
