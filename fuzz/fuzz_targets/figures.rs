//! Fuzz target: the figure parser, see `properties::figures`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) && let Err(broken) = properties::figures(text) { panic!("{broken}") }
});
