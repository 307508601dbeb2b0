//! Fuzz target: plain-text decoding (UTF-8/UTF-16/Windows-1252), see `properties::document`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = properties::document(properties::DocFormat::PlainText, data) { panic!("{broken}") }
});
