//! How mood goes with each tag or goal, and how far that can be trusted.
//!
//! The label is deliberately plain. Below [`MIN_GROUP_SIZE`] check-ins with or without the
//! tag, there is "not enough data". Otherwise Welch's t statistic of the difference decides:
//! under 2 the difference may well be chance (low); from 2 it is unlikely to be chance
//! (moderate); from 3, with at least 10 check-ins on each side, it is clear (high). These
//! are associations in one person's notes, never causes.

use serde::Serialize;

use crate::insights::MoodComparison;

/// Fewer check-ins than this on either side means "not enough data".
pub const MIN_GROUP_SIZE: u32 = 5;

/// How far a difference can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Too few check-ins with or without the tag to say anything.
    NotEnoughData,
    /// The difference may well be chance.
    Low,
    /// The difference is unlikely to be chance.
    Moderate,
    /// The difference is clear.
    High,
}

impl Confidence {
    /// Plain words for the label.
    pub fn describe(self) -> &'static str {
        match self {
            Confidence::NotEnoughData => "not enough data",
            Confidence::Low => "low confidence",
            Confidence::Moderate => "moderate confidence",
            Confidence::High => "high confidence",
        }
    }
}

/// Mean and sample variance.
fn mean_var(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var)
}

/// How the moods of check-ins `with` (a tag, a goal done) compare with the rest.
pub(crate) fn compare(with: &[f64], without: &[f64]) -> MoodComparison {
    let mean = |v: &[f64]| (!v.is_empty()).then(|| mean_var(v).0);
    let (mean_with, mean_without) = (mean(with), mean(without));
    let difference = mean_with.zip(mean_without).map(|(a, b)| a - b);
    let (n1, n2) = (with.len() as u32, without.len() as u32);
    let confidence = if n1 < MIN_GROUP_SIZE || n2 < MIN_GROUP_SIZE {
        Confidence::NotEnoughData
    } else {
        let (m1, v1) = mean_var(with);
        let (m2, v2) = mean_var(without);
        let se = (v1 / f64::from(n1) + v2 / f64::from(n2)).sqrt();
        let diff = m1 - m2;
        let t = if se > 0.0 {
            (diff / se).abs()
        } else if diff == 0.0 {
            0.0
        } else {
            f64::INFINITY
        };
        if t >= 3.0 && n1.min(n2) >= 10 {
            Confidence::High
        } else if t >= 2.0 {
            Confidence::Moderate
        } else {
            Confidence::Low
        }
    };
    MoodComparison {
        count_with: n1,
        mean_with,
        count_without: n2,
        mean_without,
        difference,
        confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_check_ins_are_not_enough_data() {
        let e = compare(&[5.0, 5.0, 5.0, 5.0], &[1.0; 20]);
        assert_eq!(e.confidence, Confidence::NotEnoughData);
        assert_eq!(e.difference, Some(4.0));
    }

    #[test]
    fn labels_follow_welch_t() {
        // with: mean 4, var 0.5 (n=5); without: mean 3, var 0.5 (n=5) → se = sqrt(0.2) ≈ 0.447,
        // t ≈ 2.24 → moderate.
        let with = [3.0, 4.0, 4.0, 4.0, 5.0];
        let without = [2.0, 3.0, 3.0, 3.0, 4.0];
        assert_eq!(compare(&with, &without).confidence, Confidence::Moderate);
        // Same difference, far noisier: t < 2 → low.
        let noisy_with = [1.0, 5.0, 5.0, 4.0, 5.0];
        let noisy_without = [1.0, 5.0, 2.0, 5.0, 2.0];
        assert_eq!(
            compare(&noisy_with, &noisy_without).confidence,
            Confidence::Low
        );
        // A clear, large difference with 10 on each side → high.
        let hi = [5.0, 4.0, 5.0, 4.0, 5.0, 4.0, 5.0, 4.0, 5.0, 4.0];
        let lo = [2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0];
        assert_eq!(compare(&hi, &lo).confidence, Confidence::High);
    }
}
