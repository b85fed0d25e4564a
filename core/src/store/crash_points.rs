//! Tests only (feature `test-hooks`): stops the process at a chosen write transaction, just
//! before or just after it commits, so a crash test can kill a phone at each storage write
//! point of an operation in turn. The point comes from `HEARTH_TEST_ABORT_AT_WRITE`: `N`
//! (before the N-th write of this process commits) or `N:after`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The environment variable naming the write to stop at.
pub const ABORT_AT_WRITE: &str = "HEARTH_TEST_ABORT_AT_WRITE";

static WRITES: AtomicU64 = AtomicU64::new(0);

fn target() -> Option<(u64, bool)> {
    static TARGET: OnceLock<Option<(u64, bool)>> = OnceLock::new();
    *TARGET.get_or_init(|| {
        let text = std::env::var(ABORT_AT_WRITE).ok()?;
        let (n, after) = match text.split_once(':') {
            Some((n, "after")) => (n, true),
            _ => (text.as_str(), false),
        };
        Some((n.parse().ok()?, after))
    })
}

/// A write is about to commit: its number in this process.
pub(crate) fn before_commit() -> u64 {
    let n = WRITES.fetch_add(1, Ordering::SeqCst) + 1;
    if target() == Some((n, false)) {
        std::process::abort();
    }
    n
}

/// Write `n` committed.
pub(crate) fn after_commit(n: u64) {
    if target() == Some((n, true)) {
        std::process::abort();
    }
}
