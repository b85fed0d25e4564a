//! Exponential backoff with jitter, so phones that lost the relay together do not return
//! together.

use std::time::Duration;

/// Waits that double after each failure, up to a ceiling, and reset after a success.
#[derive(Clone, Debug)]
pub struct Backoff {
    min: Duration,
    max: Duration,
    failures: u32,
}

impl Backoff {
    /// Starts at `min` and never waits longer than `max`.
    pub fn new(min: Duration, max: Duration) -> Self {
        Backoff {
            min,
            max: max.max(min),
            failures: 0,
        }
    }

    /// The wait after one more failure: between half and all of `min * 2^failures`, capped.
    pub fn next_wait(&mut self) -> Duration {
        let exp = self.min.saturating_mul(1 << self.failures.min(16));
        self.failures = self.failures.saturating_add(1);
        let cap = exp.min(self.max);
        let mut byte = [0u8; 1];
        // Jitter only; a failing random source just means no jitter.
        let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut byte);
        cap / 2 + cap.mul_f64(f64::from(byte[0]) / 510.0)
    }

    /// Forget past failures.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_to_the_ceiling_and_reset() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let first = b.next_wait();
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        for _ in 0..10 {
            b.next_wait();
        }
        let late = b.next_wait();
        assert!(
            late >= Duration::from_secs(1) && late <= Duration::from_secs(2),
            "{late:?}"
        );
        b.reset();
        assert!(b.next_wait() <= Duration::from_millis(100));
    }
}
