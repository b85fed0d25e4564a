//! The checks behind Hearth's fuzz targets, one function per target, each taking the raw
//! input bytes. cargo-fuzz (`fuzz/libfuzzer/`, its own workspace) calls them with libFuzzer's inputs;
//! this crate's test replays every committed corpus (`fuzz/corpus/TARGET/`) through them,
//! so CI holds every seed and every past finding without fuzzing anew.
//!
//! A target fails by panicking: on its own (a bug in the code under test) or through an
//! `assert!` of what must hold for every input.

// Test code: a target reports a broken set-up or a broken promise by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

pub mod core;
pub mod relay;

/// A target: it panics when an input breaks what it checks.
pub type Target = fn(&[u8]);

/// Every target by name, as `fuzz/corpus/` names its folders.
pub const TARGETS: &[(&str, Target)] = &[
    ("relay_framing", relay::framing),
    ("relay_requests", relay::requests),
    ("relay_live", relay::live),
    ("core_receive", core::receive),
    ("member_payload", core::member_payload),
    ("sealed_report", core::sealed_report),
    ("invite_code", core::invite_code),
    ("invite_messages", core::invite_messages),
    ("risk_language", core::risk_language),
    ("backup", core::backup),
    ("json_import", core::json),
];
