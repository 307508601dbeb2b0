//! Fuzz target: the PDF importer, see `properties::document`.
//!
//! pdf-extract panics on many malformed files; `formats::pdf` catches those panics
//! and reports a damaged PDF. libFuzzer's panic hook would abort on them before the
//! catch, so this target lets panics raised inside a registry crate (pdf-extract
//! and the parsers it uses: lopdf, adobe-cmap-parser, type1-encoding-parser…)
//! unwind to that catch, and still aborts on every other panic (ours).
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

static HOOK: Once = Once::new();

fn library_panics_unwind() {
    let fuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let file = info.location().map(|l| l.file()).unwrap_or("");
        if !file.contains("/.cargo/registry/") {
            fuzzer_hook(info);
        }
    }));
}

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(library_panics_unwind);
    if let Err(broken) = properties::document(properties::DocFormat::Pdf, data) {
        panic!("{broken}")
    }
});
