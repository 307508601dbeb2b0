//! Fuzz target: the reading-text mapping and the text fold, see
//! `properties::reading_text` and `properties::text_fold`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) && let Err(broken) = properties::reading_text(text).and_then(|()| properties::text_fold(text)) { panic!("{broken}") }
});
