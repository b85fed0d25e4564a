//! A goal's week shared to a circle as a card: the title and the week's progress always,
//! the why and the streak only when the person ticks them. Nothing else leaves the phone
//! (no notes, no log of other weeks). Every phone checks a card's fields as it arrives and
//! writes the same one-line summary from them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::progress::{is_monday, GoalProgress, StreakUnit};
use super::store::{GOAL_TITLE_MAX_CHARS, GOAL_WHY_MAX_CHARS};

/// Which parts of a goal to share beside its title and week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GoalShareChoice {
    /// Why it matters.
    pub why: bool,
    /// The current streak.
    pub streak: bool,
}

/// A streak as a card carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardStreak {
    /// The current run.
    pub current: u32,
    /// Days or weeks.
    pub unit: StreakUnit,
}

/// A shared goal week, as every member's phone shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalCard {
    /// The goal's title.
    pub title: String,
    /// The week's Monday (`YYYY-MM-DD`).
    pub week_of: String,
    /// Days done this week.
    pub done: u32,
    /// Days partly done this week.
    pub partly: u32,
    /// Days the plan asks for this week.
    pub target: u32,
    /// Why it matters, when ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The streak, when ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak: Option<CardStreak>,
}

impl GoalCard {
    /// The card for a goal's progress with the parts `choice` allows.
    pub fn from_progress(progress: &GoalProgress, choice: GoalShareChoice) -> GoalCard {
        GoalCard {
            title: progress.goal.title.clone(),
            week_of: progress.week.starts.to_string(),
            done: progress.week.done,
            partly: progress.week.partly,
            target: progress.week.target,
            why: progress.goal.why.clone().filter(|_| choice.why),
            streak: choice.streak.then_some(CardStreak {
                current: progress.streak.current,
                unit: progress.streak.unit,
            }),
        }
    }

    /// Whether every field is within what a goal can hold (a card from another phone is
    /// refused otherwise).
    pub(crate) fn is_valid(&self) -> bool {
        let title_ok = !self.title.trim().is_empty()
            && self.title.chars().count() <= GOAL_TITLE_MAX_CHARS
            && !self.title.chars().any(char::is_control);
        let week_ok = Date::strptime("%Y-%m-%d", &self.week_of).is_ok_and(is_monday);
        title_ok
            && week_ok
            && self.target <= 7
            && self.done + self.partly <= 7
            && self
                .why
                .as_ref()
                .is_none_or(|w| w.chars().count() <= GOAL_WHY_MAX_CHARS)
            && self.streak.is_none_or(|s| s.current <= 100_000)
    }

    /// The one-line summary every phone writes for it (and the why below, when shared).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "Goal \u{201c}{}\u{201d}, week of {}: {} of {} done",
            self.title, self.week_of, self.done, self.target
        );
        if self.partly > 0 {
            line.push_str(&format!(", {} partly", self.partly));
        }
        if let Some(s) = self.streak {
            let unit = match (s.unit, s.current) {
                (StreakUnit::Days, 1) => "day",
                (StreakUnit::Days, _) => "days",
                (StreakUnit::Weeks, 1) => "week",
                (StreakUnit::Weeks, _) => "weeks",
            };
            line.push_str(&format!(" · streak {} {unit}", s.current));
        }
        if let Some(why) = &self.why {
            line.push('\n');
            line.push_str(why);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn card() -> GoalCard {
        GoalCard {
            title: "Walk 20 minutes".into(),
            week_of: "2026-12-07".into(),
            done: 2,
            partly: 1,
            target: 3,
            why: None,
            streak: None,
        }
    }

    #[test]
    fn the_summary_says_the_week_and_only_what_was_ticked() {
        assert_eq!(
            card().summary(),
            "Goal \u{201c}Walk 20 minutes\u{201d}, week of 2026-12-07: 2 of 3 done, 1 partly"
        );
        let ticked = GoalCard {
            why: Some("clears my head".into()),
            streak: Some(CardStreak {
                current: 1,
                unit: StreakUnit::Weeks,
            }),
            ..card()
        };
        assert!(ticked.summary().ends_with("streak 1 week\nclears my head"));
        assert!(ticked.is_valid());
    }

    #[test]
    fn a_card_outside_what_a_goal_holds_is_invalid() {
        for bad in [
            GoalCard {
                title: " ".into(),
                ..card()
            },
            GoalCard {
                title: "x".repeat(81),
                ..card()
            },
            GoalCard {
                week_of: "2026-12-08".into(),
                ..card()
            },
            GoalCard { done: 7, ..card() },
            GoalCard {
                target: 8,
                ..card()
            },
        ] {
            assert!(!bad.is_valid(), "{bad:?}");
        }
    }
}
