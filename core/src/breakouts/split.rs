//! Splitting people into breakout groups at random: as even as can be, none larger than the
//! size asked for, none of one person.

use super::{GROUP_MAX, GROUP_MIN};
use crate::error::{Error, Result};

/// The sizes of the groups `people` are split into, asked for groups of `size`: as few groups
/// as keep each at most `size`, sizes differing by at most one; fewer groups when that would
/// leave anyone alone.
pub(crate) fn sizes(people: usize, size: usize) -> Result<Vec<usize>> {
    if !(GROUP_MIN..=GROUP_MAX).contains(&size) {
        return Err(Error::invalid(
            "group size",
            format!("{GROUP_MIN} to {GROUP_MAX} people"),
        ));
    }
    if people < GROUP_MIN {
        return Err(Error::invalid(
            "breakout groups",
            "at least two people to split",
        ));
    }
    let mut groups = people.div_ceil(size);
    while groups > 1 && people / groups < GROUP_MIN {
        groups -= 1;
    }
    let (base, extra) = (people / groups, people % groups);
    let sizes: Vec<usize> = (0..groups).map(|g| base + usize::from(g < extra)).collect();
    if sizes.iter().any(|s| *s > GROUP_MAX) {
        return Err(Error::invalid(
            "group size",
            format!("{people} people do not split into groups of {GROUP_MIN} to {GROUP_MAX}"),
        ));
    }
    Ok(sizes)
}

/// Splits `people` (shuffled by the caller) into groups of the [`sizes`] for `size`.
pub(crate) fn split<T>(people: Vec<T>, size: usize) -> Result<Vec<Vec<T>>> {
    let sizes = sizes(people.len(), size)?;
    let mut rest = people.into_iter();
    Ok(sizes
        .into_iter()
        .map(|n| rest.by_ref().take(n).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn groups_are_even_within_bounds_and_leave_nobody_alone() {
        assert_eq!(sizes(2, 2).unwrap(), [2]);
        assert_eq!(sizes(3, 2).unwrap(), [3]);
        assert_eq!(sizes(7, 3).unwrap(), [3, 2, 2]);
        assert_eq!(sizes(10, 4).unwrap(), [4, 3, 3]);
        assert_eq!(sizes(12, 5).unwrap(), [4, 4, 4]);
        assert_eq!(sizes(49, 5).unwrap().len(), 10);
        for people in 2..=50 {
            for size in 2..=5 {
                let s = sizes(people, size).unwrap();
                assert_eq!(s.iter().sum::<usize>(), people);
                assert!(
                    s.iter().all(|n| (2..=size.max(3)).contains(n)),
                    "{people}/{size}: {s:?}"
                );
            }
        }
        assert!(sizes(1, 2).is_err());
        assert!(sizes(6, 6).is_err());
        assert!(sizes(6, 1).is_err());
        assert_eq!(
            split(vec![1, 2, 3, 4, 5], 2).unwrap(),
            [vec![1, 2, 3], vec![4, 5]]
        );
    }
}
