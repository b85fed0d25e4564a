#![no_main]
//! See `hearth_fuzz_targets::core::risk_language`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hearth_fuzz_targets::core::risk_language(data));
