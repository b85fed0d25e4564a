//! Streaks over local calendar days.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::insights::Streaks;

/// `days` must be sorted and distinct.
pub(crate) fn streaks(days: &[Date], today: Date) -> Streaks {
    let mut longest = 0u32;
    let mut longest_ended = None;
    let mut run = 0u32;
    let mut previous: Option<Date> = None;
    for &day in days.iter().filter(|d| **d <= today) {
        run = match previous {
            Some(p) if p.tomorrow().ok() == Some(day) => run + 1,
            _ => 1,
        };
        if run > longest {
            longest = run;
            longest_ended = Some(day);
        }
        previous = Some(day);
    }
    // The current run may end yesterday: today is not over yet.
    let yesterday = today.checked_sub(1.day()).ok();
    let current = match previous {
        Some(last) if last == today || Some(last) == yesterday => run,
        _ => 0,
    };
    Streaks {
        current,
        longest,
        longest_ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn runs_and_grace_for_today() {
        let days = [
            date(2026, 1, 1),
            date(2026, 1, 2),
            date(2026, 1, 3),
            date(2026, 1, 5),
            date(2026, 1, 6),
        ];
        let s = streaks(&days, date(2026, 1, 7));
        assert_eq!((s.current, s.longest), (2, 3));
        assert_eq!(s.longest_ended, Some(date(2026, 1, 3)));
        assert_eq!(streaks(&days, date(2026, 1, 6)).current, 2);
        assert_eq!(streaks(&days, date(2026, 1, 8)).current, 0);
        assert_eq!(
            streaks(&[], date(2026, 1, 8)),
            Streaks {
                current: 0,
                longest: 0,
                longest_ended: None
            }
        );
    }

    #[test]
    fn month_and_year_boundaries_are_consecutive() {
        let days = [
            date(2025, 12, 31),
            date(2026, 1, 1),
            date(2026, 2, 28),
            date(2026, 3, 1),
        ];
        let s = streaks(&days, date(2026, 3, 1));
        assert_eq!((s.current, s.longest), (2, 2));
    }
}
