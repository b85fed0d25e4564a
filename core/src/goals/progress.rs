//! How a goal is going, computed from its plan and log on the person's calendar days: which
//! days are planned, this week's marks, the streak, and the completion rate.
//!
//! The rules, so every screen and the CLI say the same:
//! - A day counts as done when logged "done" or "partly". "Partly" keeps a streak and counts
//!   half in the completion rate; "not today" and no entry count as not done.
//! - On a weekdays plan only planned days count; today counts once logged, so an open today
//!   never breaks a streak. The streak is in planned days.
//! - On a times-a-week plan every day may count; a week's target is the plan's number (fewer
//!   in a first or last week the goal only partly covers). The streak is in weeks that met
//!   their target; the current week counts once met and never breaks the streak while open.
//! - Weeks start on Monday. The completion rate looks at the last [`RATE_WINDOW_DAYS`] days.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use serde::Serialize;

use super::model::{Goal, GoalLogEntry, GoalOutcome, GoalPlan};
use crate::moment::week_start;

/// The completion rate's window, in days up to today.
pub const RATE_WINDOW_DAYS: i64 = 28;

/// What a streak counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreakUnit {
    /// Planned days done in a row.
    Days,
    /// Weeks in a row that met their target.
    Weeks,
}

/// A goal's streak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct GoalStreak {
    /// The run that reaches today.
    pub current: u32,
    /// The longest run.
    pub longest: u32,
    /// Days or weeks.
    pub unit: StreakUnit,
}

/// One day of this week, as a goal sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalDay {
    /// The day.
    pub day: Date,
    /// Whether the plan asks for it (every day the goal runs, on a times-a-week plan).
    pub planned: bool,
    /// What was logged.
    pub outcome: Option<GoalOutcome>,
}

/// This week's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekProgress {
    /// Its Monday.
    pub starts: Date,
    /// Monday to Sunday.
    pub days: Vec<GoalDay>,
    /// Days logged done.
    pub done: u32,
    /// Days logged partly.
    pub partly: u32,
    /// Days the plan asks for this week.
    pub target: u32,
}

/// The share of what the plan asked for that was done.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Completion {
    /// Done (1) and partly (½) over what was asked; `None` when nothing was asked yet.
    pub rate: Option<f64>,
    /// The credit earned.
    pub credit: f64,
    /// Days asked for.
    pub asked: u32,
}

/// Everything a goal's card on the goals screen shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalProgress {
    /// The goal.
    pub goal: Goal,
    /// Whether today is one to do it (planned, and the week's target not met yet).
    pub due_today: bool,
    /// What today's log says.
    pub today: Option<GoalOutcome>,
    /// This week.
    pub week: WeekProgress,
    /// The streak.
    pub streak: GoalStreak,
    /// Over the last [`RATE_WINDOW_DAYS`] days.
    pub completion: Completion,
}

fn next_day(day: Date) -> Option<Date> {
    day.tomorrow().ok()
}

/// Days from `from` to `to` inclusive (none when `from > to`).
fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), move |d| next_day(*d).filter(|n| *n <= to))
        .filter(move |d| *d <= to)
}

/// A goal with its log by day, answering calendar questions.
pub(crate) struct Tracker<'a> {
    goal: &'a Goal,
    log: BTreeMap<Date, GoalOutcome>,
}

impl<'a> Tracker<'a> {
    pub(crate) fn new(goal: &'a Goal, log: &[GoalLogEntry]) -> Self {
        Tracker {
            goal,
            log: log.iter().map(|e| (e.day, e.outcome)).collect(),
        }
    }

    fn outcome(&self, day: Date) -> Option<GoalOutcome> {
        self.log.get(&day).copied()
    }

    fn counts(&self, day: Date) -> bool {
        self.outcome(day).is_some_and(GoalOutcome::counts)
    }

    /// Whether the plan asks for `day` at all (a planned weekday, or any day it runs).
    pub(crate) fn planned(&self, day: Date) -> bool {
        self.goal.is_active_on(day)
            && match self.goal.plan {
                GoalPlan::Weekdays { days } => days.contains(day.weekday()),
                GoalPlan::TimesPerWeek { .. } => true,
            }
    }

    /// The days of `monday`'s week the goal runs on.
    fn active_days_of_week(&self, monday: Date) -> u32 {
        days(monday, monday.checked_add(6.days()).unwrap_or(monday))
            .filter(|d| self.goal.is_active_on(*d))
            .count() as u32
    }

    /// What the plan asks for in `monday`'s week.
    fn target_of_week(&self, monday: Date) -> u32 {
        let sunday = monday.checked_add(6.days()).unwrap_or(monday);
        match self.goal.plan {
            GoalPlan::Weekdays { .. } => {
                days(monday, sunday).filter(|d| self.planned(*d)).count() as u32
            }
            GoalPlan::TimesPerWeek { times } => {
                u32::from(times).min(self.active_days_of_week(monday))
            }
        }
    }

    /// Days counted done in `monday`'s week up to `until`.
    fn counted_in_week(&self, monday: Date, until: Date) -> u32 {
        let sunday = monday.checked_add(6.days()).unwrap_or(monday);
        days(monday, sunday.min(until))
            .filter(|d| self.planned(*d) && self.counts(*d))
            .count() as u32
    }

    /// Whether `day` is one to do it: planned, and on a times-a-week plan, the week's target
    /// not yet met by the days before it.
    pub(crate) fn due(&self, day: Date) -> bool {
        if !self.planned(day) {
            return false;
        }
        match self.goal.plan {
            GoalPlan::Weekdays { .. } => true,
            GoalPlan::TimesPerWeek { .. } => {
                let monday = week_start(day);
                let before = day.yesterday().unwrap_or(day);
                let done = if day == monday {
                    0
                } else {
                    self.counted_in_week(monday, before)
                };
                done < self.target_of_week(monday)
            }
        }
    }

    /// The last day the goal counts up to, for a question asked on `today`.
    fn last_day(&self, today: Date) -> Date {
        self.goal.ended_on.map_or(today, |end| end.min(today))
    }

    pub(crate) fn week(&self, today: Date) -> WeekProgress {
        let monday = week_start(today);
        let sunday = monday.checked_add(6.days()).unwrap_or(monday);
        let days: Vec<GoalDay> = days(monday, sunday)
            .map(|day| GoalDay {
                day,
                planned: self.planned(day),
                outcome: self.outcome(day),
            })
            .collect();
        let count = |o: GoalOutcome| {
            days.iter()
                .filter(|d| d.planned && d.outcome == Some(o))
                .count() as u32
        };
        WeekProgress {
            starts: monday,
            done: count(GoalOutcome::Done),
            partly: count(GoalOutcome::Partly),
            target: self.target_of_week(monday),
            days,
        }
    }

    pub(crate) fn streak(&self, today: Date) -> GoalStreak {
        let last = self.last_day(today);
        let (mut run, mut longest) = (0u32, 0u32);
        let unit = match self.goal.plan {
            GoalPlan::Weekdays { .. } => {
                for day in days(self.goal.starts_on, last).filter(|d| self.planned(*d)) {
                    if self.counts(day) {
                        run += 1;
                    } else if !(day == today && self.outcome(day).is_none()) {
                        run = 0;
                    }
                    longest = longest.max(run);
                }
                StreakUnit::Days
            }
            GoalPlan::TimesPerWeek { .. } => {
                let mut monday = week_start(self.goal.starts_on);
                while monday <= last {
                    let met = self.counted_in_week(monday, last) >= self.target_of_week(monday);
                    let open = week_start(today) == monday
                        && self.goal.ended_on.is_none_or(|e| e >= today);
                    if met {
                        run += 1;
                    } else if !open {
                        run = 0;
                    }
                    longest = longest.max(run);
                    let Ok(next) = monday.checked_add(7.days()) else {
                        break;
                    };
                    monday = next;
                }
                StreakUnit::Weeks
            }
        };
        GoalStreak {
            current: run,
            longest,
            unit,
        }
    }

    pub(crate) fn completion(&self, today: Date) -> Completion {
        let window_start = today
            .checked_sub((RATE_WINDOW_DAYS - 1).days())
            .unwrap_or(today)
            .max(self.goal.starts_on);
        let last = self.last_day(today);
        let credit_of = |d: Date| self.outcome(d).map_or(0.0, GoalOutcome::credit);
        let (mut credit, mut asked) = (0.0f64, 0u32);
        match self.goal.plan {
            GoalPlan::Weekdays { .. } => {
                for day in days(window_start, last).filter(|d| self.planned(*d)) {
                    // An open today is not yet asked for.
                    if day == today && self.outcome(day).is_none() {
                        continue;
                    }
                    asked += 1;
                    credit += credit_of(day);
                }
            }
            GoalPlan::TimesPerWeek { times } => {
                let mut monday = week_start(window_start);
                while monday <= last {
                    let sunday = monday.checked_add(6.days()).unwrap_or(monday);
                    let in_window: Vec<Date> = days(monday.max(window_start), sunday.min(last))
                        .filter(|d| self.planned(*d))
                        .collect();
                    // A week the window or the goal covers in part asks for its share.
                    let covered = days(monday.max(window_start), sunday)
                        .filter(|d| self.goal.is_active_on(*d))
                        .count() as u32;
                    let target = (u32::from(times) * covered).div_ceil(7).min(covered);
                    let earned: f64 = in_window.iter().map(|d| credit_of(*d)).sum();
                    let earned = earned.min(f64::from(target));
                    let over = sunday < today
                        || self.goal.ended_on.is_some_and(|e| e <= sunday && e < today);
                    if over || earned >= f64::from(target) {
                        asked += target;
                        credit += earned;
                    }
                    let Ok(next) = monday.checked_add(7.days()) else {
                        break;
                    };
                    monday = next;
                }
            }
        }
        Completion {
            rate: (asked > 0).then(|| credit / f64::from(asked)),
            credit,
            asked,
        }
    }

    /// The goal's days with a log that counts, and the other days it asked for, up to `today`:
    /// what insights compare mood on.
    pub(crate) fn done_and_not(&self, today: Date) -> (Vec<Date>, Vec<Date>) {
        let last = self.last_day(today);
        days(self.goal.starts_on, last)
            .filter(|d| self.planned(*d) && !(*d == today && self.outcome(*d).is_none()))
            .partition(|d| self.counts(*d))
    }

    pub(crate) fn progress(&self, today: Date) -> GoalProgress {
        GoalProgress {
            goal: self.goal.clone(),
            due_today: self.due(today),
            today: self.outcome(today),
            week: self.week(today),
            streak: self.streak(today),
            completion: self.completion(today),
        }
    }
}

/// Whether a log entry may be written for `day` (the goal runs then, and the plan asks for
/// it on a weekdays plan).
pub(crate) fn loggable(goal: &Goal, day: Date) -> bool {
    Tracker::new(goal, &[]).planned(day)
}

/// Whether `day` is a Monday.
pub(crate) fn is_monday(day: Date) -> bool {
    day.weekday() == Weekday::Monday
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::goals::WeekdaySet;
    use jiff::civil::date;
    use jiff::Timestamp;

    fn goal(plan: GoalPlan, starts_on: Date) -> Goal {
        Goal {
            id: "g".into(),
            title: "Walk".into(),
            why: None,
            plan,
            reminder: None,
            starts_on,
            ended_on: None,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn log(entries: &[(Date, GoalOutcome)]) -> Vec<GoalLogEntry> {
        entries
            .iter()
            .map(|(day, outcome)| GoalLogEntry {
                day: *day,
                outcome: *outcome,
                note: None,
                updated_at: Timestamp::UNIX_EPOCH,
            })
            .collect()
    }

    use GoalOutcome::{Done, NotToday, Partly};

    // 2026-11-30 is a Monday.
    fn mwf() -> GoalPlan {
        GoalPlan::Weekdays {
            days: "mon,wed,fri".parse().unwrap(),
        }
    }

    #[test]
    fn a_weekdays_streak_counts_planned_days_and_an_open_today_keeps_it() {
        let g = goal(mwf(), date(2026, 11, 30));
        // Mon done, Wed partly, Fri not today; next Mon done, Wed done; today is Fri, open.
        let l = log(&[
            (date(2026, 11, 30), Done),
            (date(2026, 12, 2), Partly),
            (date(2026, 12, 4), NotToday),
            (date(2026, 12, 7), Done),
            (date(2026, 12, 9), Done),
        ]);
        let t = Tracker::new(&g, &l);
        let s = t.streak(date(2026, 12, 11));
        assert_eq!((s.current, s.longest, s.unit), (2, 2, StreakUnit::Days));
        // By hand: asked Mon, Wed, Fri, Mon, Wed = 5 (open Friday not asked); credit 1 + ½ + 0 + 1 + 1.
        let c = t.completion(date(2026, 12, 11));
        assert_eq!((c.asked, c.credit), (5, 3.5));
        assert_eq!(c.rate, Some(0.7));
        assert!(t.due(date(2026, 12, 11)));
        assert!(!t.due(date(2026, 12, 10)), "Thursday is not planned");
        // Saturday: Friday went by unlogged, the streak is broken.
        assert_eq!(t.streak(date(2026, 12, 12)).current, 0);
        let w = t.week(date(2026, 12, 11));
        assert_eq!(
            (w.starts, w.done, w.partly, w.target),
            (date(2026, 12, 7), 2, 0, 3)
        );
        assert_eq!(w.days.iter().filter(|d| d.planned).count(), 3);
    }

    #[test]
    fn a_times_a_week_streak_counts_weeks_and_the_rate_counts_only_what_was_asked() {
        let g = goal(GoalPlan::TimesPerWeek { times: 3 }, date(2026, 11, 30));
        let l = log(&[
            // Week 1: three days done (met).
            (date(2026, 11, 30), Done),
            (date(2026, 12, 1), Done),
            (date(2026, 12, 5), Partly),
            // Week 2: one day (missed).
            (date(2026, 12, 8), Done),
            // Week 3 (current, Wednesday): two so far.
            (date(2026, 12, 14), Done),
            (date(2026, 12, 15), Done),
        ]);
        let t = Tracker::new(&g, &l);
        let today = date(2026, 12, 16);
        let s = t.streak(today);
        assert_eq!((s.current, s.longest, s.unit), (0, 1, StreakUnit::Weeks));
        // Week 1 asks 3, earns 2.5; week 2 asks 3, earns 1; week 3 is open and unmet: left out.
        let c = t.completion(today);
        assert_eq!((c.asked, c.credit), (6, 3.5));
        assert!(t.due(today), "two of three so far");
        let more = log(&[
            (date(2026, 12, 14), Done),
            (date(2026, 12, 15), Done),
            (date(2026, 12, 16), Done),
        ]);
        let t3 = Tracker::new(&g, &more);
        assert!(!t3.due(date(2026, 12, 17)), "the week's three are done");
        assert_eq!(t3.streak(today).current, 1, "the open week counts once met");
    }

    #[test]
    fn a_goal_started_mid_week_asks_for_what_fits() {
        // Starts on a Saturday: that week has two days, so 3 times a week asks for 2.
        let g = goal(GoalPlan::TimesPerWeek { times: 3 }, date(2026, 12, 5));
        let t = Tracker::new(
            &g,
            &log(&[(date(2026, 12, 5), Done), (date(2026, 12, 6), Done)]),
        );
        assert_eq!(t.week(date(2026, 12, 6)).target, 2);
        assert_eq!(t.streak(date(2026, 12, 7)).current, 1);
        assert!(!t.planned(date(2026, 12, 4)), "before it started");
        assert!(!loggable(&g, date(2026, 12, 4)));
    }

    #[test]
    fn an_ended_goal_stops_counting() {
        let mut g = goal(
            GoalPlan::Weekdays {
                days: WeekdaySet::EVERY_DAY,
            },
            date(2026, 12, 1),
        );
        g.ended_on = Some(date(2026, 12, 3));
        let t = Tracker::new(
            &g,
            &log(&[
                (date(2026, 12, 1), Done),
                (date(2026, 12, 2), Done),
                (date(2026, 12, 3), Done),
            ]),
        );
        let s = t.streak(date(2026, 12, 20));
        assert_eq!((s.current, s.longest), (3, 3));
        assert_eq!(t.completion(date(2026, 12, 20)).rate, Some(1.0));
        assert!(!t.due(date(2026, 12, 20)));
        let (done, not) = t.done_and_not(date(2026, 12, 20));
        assert_eq!((done.len(), not.len()), (3, 0));
    }

    #[test]
    fn weekday_sets_parse_and_print() {
        let s: WeekdaySet = "Monday, wed fri".parse().unwrap();
        assert_eq!(s.to_string(), "mon,wed,fri");
        assert_eq!(s.len(), 3);
        assert_eq!(
            "daily".parse::<WeekdaySet>().unwrap(),
            WeekdaySet::EVERY_DAY
        );
        assert!("funday".parse::<WeekdaySet>().is_err());
        assert!("mo".parse::<WeekdaySet>().is_err());
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"["mon","wed","fri"]"#);
        assert_eq!(
            serde_json::from_str::<WeekdaySet>(r#"["mon","wed","fri"]"#).unwrap(),
            s
        );
        assert!(is_monday(week_start(date(2026, 12, 6))));
    }
}
