#![no_main]
//! See `hearth_fuzz_targets::relay::framing`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hearth_fuzz_targets::relay::framing(data));
