#![no_main]
//! See `hearth_fuzz_targets::core::invite_messages`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hearth_fuzz_targets::core::invite_messages(data));
