#![no_main]
//! See `hearth_fuzz_targets::core::sealed_report`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hearth_fuzz_targets::core::sealed_report(data));
