#![no_main]
//! See `hearth_fuzz_targets::core::member_payload`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hearth_fuzz_targets::core::member_payload(data));
