//! What the relay takes at most, in one place (besides the per-address rate in `limits`
//! and the body size in `config`): what a Welcome inbox holds, and how long a KeyPackage
//! claim lets its claimer leave that device a Welcome.

/// How long after claiming one of a device's KeyPackages the claimer may leave that device
/// a Welcome (one per claim). A day: an adder offline after its commit still delivers.
pub const WELCOME_GRANT_SECS: u64 = 24 * 3600;
/// Welcomes waiting in one device's inbox at most; more are refused (`quota_exceeded`).
pub const INBOX_MAX: u32 = 100;
/// Welcomes in one inbox page.
pub const INBOX_PAGE: u32 = 20;
