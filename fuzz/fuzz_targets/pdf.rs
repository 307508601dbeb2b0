//! Fuzz target: the PDF importer, see `properties::document`.
//!
//! pdf-extract panics on many malformed files; `formats::pdf` catches those panics,
//! keeps them quiet (its panic hook wraps libFuzzer's, which would abort) and reports
//! a damaged PDF. Any other panic still reaches libFuzzer's hook and is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = properties::document(properties::DocFormat::Pdf, data) {
        panic!("{broken}")
    }
});
