//! Fuzz target: the HTML importer, see `properties::document`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = properties::document(properties::DocFormat::Html, data) { panic!("{broken}") }
});
