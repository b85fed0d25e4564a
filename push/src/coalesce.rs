//! At most one wake per device per window (30 s by default): the first wake goes at once,
//! and any asked for during the window goes once at its end, so a burst of messages wakes a
//! phone at most twice and the last message is never left without a wake. A push service's
//! 429 pushes the device's next wake back by its `Retry-After`.

use hearth_wake_ticket::RegistrationId;
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::time::{Duration, Instant};

/// When a device may next be woken, and whether a wake waits for then.
#[derive(Clone, Copy, Debug)]
struct Slot {
    next_allowed: Instant,
    pending: bool,
}

/// What to do with a wake asked for now.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send it now.
    Now,
    /// Send one at this time (a wake was not yet waiting).
    At(Instant),
    /// One is already waiting: nothing more.
    Merged,
}

/// Per-device wake times.
pub struct Coalescer {
    window: Duration,
    slots: Mutex<HashMap<RegistrationId, Slot>>,
}

impl Coalescer {
    /// At most one wake per device per `window`.
    pub fn new(window: Duration) -> Self {
        Coalescer {
            window,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RegistrationId, Slot>> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Decides about a wake for `device` asked for at `now`.
    pub fn ask(&self, device: RegistrationId, now: Instant) -> Decision {
        let window = self.window;
        let mut slots = self.lock();
        let slot = slots.entry(device).or_insert(Slot {
            next_allowed: now,
            pending: false,
        });
        if slot.pending {
            Decision::Merged
        } else if now >= slot.next_allowed {
            slot.next_allowed = now + window;
            Decision::Now
        } else {
            slot.pending = true;
            Decision::At(slot.next_allowed)
        }
    }

    /// A waiting wake is being sent now (at its time).
    pub fn sending(&self, device: RegistrationId, now: Instant) {
        let mut slots = self.lock();
        if let Some(slot) = slots.get_mut(&device) {
            slot.pending = false;
            slot.next_allowed = now + self.window;
        }
    }

    /// The push service asked to wait `retry_after`: the wake is tried again then.
    pub fn back_off(&self, device: RegistrationId, now: Instant, retry_after: Duration) -> Instant {
        let mut slots = self.lock();
        let at = now + retry_after;
        slots.insert(
            device,
            Slot {
                next_allowed: at,
                pending: true,
            },
        );
        at
    }

    /// Forgets devices with nothing waiting whose window has passed (memory stays flat).
    pub fn forget_idle(&self, now: Instant) {
        self.lock()
            .retain(|_, slot| slot.pending || slot.next_allowed > now);
    }

    /// Devices remembered (for tests).
    pub fn remembered(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_gives_one_wake_now_and_one_at_the_end_of_the_window() {
        let c = Coalescer::new(Duration::from_secs(30));
        let (a, b) = (RegistrationId([1; 16]), RegistrationId([2; 16]));
        let t = Instant::now();
        assert_eq!(c.ask(a, t), Decision::Now);
        assert_eq!(c.ask(b, t), Decision::Now, "devices are apart");
        let end = t + Duration::from_secs(30);
        assert_eq!(c.ask(a, t + Duration::from_secs(1)), Decision::At(end));
        for s in 2..50 {
            assert_eq!(
                c.ask(a, t + Duration::from_millis(s * 100)),
                Decision::Merged
            );
        }
        c.sending(a, end);
        assert_eq!(
            c.ask(a, end + Duration::from_secs(1)),
            Decision::At(end + Duration::from_secs(30))
        );
        let later = end + Duration::from_secs(120);
        c.forget_idle(later);
        assert_eq!(c.remembered(), 1, "a's wake still waits");
        let back = c.back_off(b, later, Duration::from_secs(90));
        assert_eq!(back, later + Duration::from_secs(90));
        assert_eq!(c.ask(b, later + Duration::from_secs(1)), Decision::Merged);
    }
}
