//! The phone's clock as the core reads it. Everything a profile decides by the time asks
//! its client's clock, so a test can set one phone's clock apart from another's and from
//! the relay's: people set their phones' clocks themselves, and ten minutes off is common.

use std::sync::atomic::{AtomicI64, Ordering};

/// This phone's clock: the system's, plus a skew only tests set.
#[derive(Default)]
pub(crate) struct Clock {
    skew_ms: AtomicI64,
}

impl Clock {
    /// Now, in Unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        system_now_ms().saturating_add(self.skew_ms.load(Ordering::Relaxed))
    }

    /// Sets the clock `skew_ms` ahead of the system's (behind when negative).
    #[cfg(feature = "test-hooks")]
    pub(crate) fn set_skew_ms(&self, skew_ms: i64) {
        self.skew_ms.store(skew_ms, Ordering::Relaxed);
    }
}

/// The system's time in Unix milliseconds: only for what happens before a client exists.
pub(crate) fn system_now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
