//! Fuzz target: the project file loader (RON), see `properties::project_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::properties;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = properties::project_file(data) { panic!("{broken}") }
});
