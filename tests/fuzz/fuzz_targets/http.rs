#![no_main]
// See tests/fuzz/src/lib.rs for what the target checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| vetted_fuzz::http(data));
