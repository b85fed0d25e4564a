//! When to remind the person of their goals: at each goal's time, in its zone, on the days
//! it is still to do (planned, not logged yet, and on a times-a-week plan, the week's target
//! not met yet). The shells schedule local notifications at them, with text that names no
//! goal.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use super::model::{Goal, GoalLogEntry};
use super::progress::Tracker;
use crate::error::{Error, Result};
use crate::moment::Moment;
use crate::reminders::{wall_clock, MAX_COUNT};

/// How many days ahead reminders are looked for.
const DAYS_AHEAD: usize = 400;

/// One goal reminder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalReminderTime {
    /// When, with the goal's zone offset then.
    pub at: Moment,
    /// Which goal (for the app to open it; never shown in the notification).
    pub goal_id: String,
}

/// The next `count` goal reminders strictly after `after`, soonest first.
pub(crate) fn next(
    goals: &[(Goal, Vec<GoalLogEntry>)],
    after: Timestamp,
    count: u32,
) -> Result<Vec<GoalReminderTime>> {
    if count > MAX_COUNT {
        return Err(Error::invalid("count", format!("at most {MAX_COUNT}")));
    }
    let mut out = Vec::new();
    for (goal, log) in goals {
        let Some(reminder) = &goal.reminder else {
            continue;
        };
        let zone = TimeZone::get(&reminder.time_zone)
            .map_err(|_| Error::invalid("time_zone", "not a known IANA time zone"))?;
        let tracker = Tracker::new(goal, log);
        let logged = |day| log.iter().any(|e| e.day == day);
        let mut day = zone.to_datetime(after).date();
        let mut found = 0u32;
        for _ in 0..DAYS_AHEAD {
            if found == count || goal.ended_on.is_some_and(|end| day > end) {
                break;
            }
            if tracker.due(day) && !logged(day) {
                let at = wall_clock(day, reminder.time, &zone)?;
                if at.timestamp() > after {
                    out.push(GoalReminderTime {
                        at,
                        goal_id: goal.id.clone(),
                    });
                    found += 1;
                }
            }
            let Ok(next) = day.tomorrow() else { break };
            day = next;
        }
    }
    out.sort_by_key(|r| (r.at.timestamp(), r.goal_id.clone()));
    out.truncate(count as usize);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::goals::{GoalOutcome, GoalPlan, GoalReminder};
    use jiff::civil::date;

    fn goal(id: &str, plan: GoalPlan, time: &str) -> Goal {
        Goal {
            id: id.into(),
            title: "t".into(),
            why: None,
            plan,
            reminder: Some(GoalReminder {
                time: time.parse().unwrap(),
                time_zone: "Europe/Dublin".into(),
            }),
            starts_on: date(2026, 3, 23),
            ended_on: None,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn reminders_come_on_days_still_to_do_at_wall_clock_time_across_dst() {
        // Mon/Wed/Fri at 18:00 Dublin; Ireland moves to summer time on Sunday 2026-03-29.
        let mwf = goal(
            "a",
            GoalPlan::Weekdays {
                days: "mon,wed,fri".parse().unwrap(),
            },
            "18:00",
        );
        let done_wednesday = vec![GoalLogEntry {
            day: date(2026, 3, 25),
            outcome: GoalOutcome::Done,
            note: None,
            updated_at: Timestamp::UNIX_EPOCH,
        }];
        let after: Timestamp = "2026-03-23T00:00:00Z".parse().unwrap();
        let got = next(&[(mwf, done_wednesday)], after, 3).unwrap();
        let at: Vec<String> = got.iter().map(|r| r.at.to_string()).collect();
        assert_eq!(
            at,
            [
                "2026-03-23T18:00:00+00:00",
                "2026-03-27T18:00:00+00:00",
                "2026-03-30T18:00:00+01:00"
            ]
        );
    }

    #[test]
    fn a_times_a_week_goal_stops_reminding_once_the_week_is_met() {
        let twice = goal("b", GoalPlan::TimesPerWeek { times: 2 }, "09:00");
        let log: Vec<GoalLogEntry> = [date(2026, 3, 23), date(2026, 3, 24)]
            .into_iter()
            .map(|day| GoalLogEntry {
                day,
                outcome: GoalOutcome::Partly,
                note: None,
                updated_at: Timestamp::UNIX_EPOCH,
            })
            .collect();
        let after: Timestamp = "2026-03-24T12:00:00Z".parse().unwrap();
        let got = next(&[(twice, log)], after, 1).unwrap();
        assert_eq!(
            got[0].at.to_string(),
            "2026-03-30T09:00:00+01:00",
            "next Monday"
        );
        assert!(next(&[], after, MAX_COUNT + 1).is_err());
    }
}
