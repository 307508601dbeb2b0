//! Fuzz target: the RIS importer, see `properties::bibliography`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = properties::bibliography(properties::BibFormat::Ris, data) { panic!("{broken}") }
});
