//! Writes the generated project of the load and frame-time measurements to a folder:
//! 50 sources of about 20 KB and 100,000 annotations by default (the project of the
//! `project` group in `benches/hot_paths.rs`, `marginalia::testing::annotated_project`).
//!
//! Usage: `cargo run --release --example big_project -- DIR [ANNOTATIONS] [SOURCES]`
//! (DIR must not exist yet); `scripts/frame-times.sh` uses it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: big_project DIR [ANNOTATIONS] [SOURCES]");
        return ExitCode::from(2);
    };
    let number = |arg: Option<String>, default: usize| match arg {
        None => Some(default),
        Some(a) => a.parse::<usize>().ok(),
    };
    let (Some(annotations), Some(sources)) = (number(args.next(), 100_000), number(args.next(), 50)) else {
        eprintln!("big_project: ANNOTATIONS and SOURCES are whole numbers");
        return ExitCode::from(2);
    };
    let project = marginalia::testing::annotated_project(sources as u64, 20_000, annotations);
    let saved = marginalia::store::ProjectFolder::create(&dir, "bench").and_then(|mut created| created.folder.save(&project));
    match saved {
        Ok(_) => {
            println!("{}: {} sources, {} annotations", dir.display(), project.texts.len(), project.annotations.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("big_project: {e}");
            ExitCode::from(1)
        }
    }
}
