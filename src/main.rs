//! The `marginalia` binary: a thin shell over the library's CLI and app.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use marginalia::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let Some(command) = args.command else {
        return open_app(args.project);
    };
    match cli::run(command) {
        Ok(out) => {
            // A closed pipe (`marginalia text … | head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(out.stdout.as_bytes());
            let _ = std::io::stderr().write_all(out.stderr.as_bytes());
            ExitCode::from(out.code as u8)
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {}", e.message);
            ExitCode::from(e.code as u8)
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(project: Option<std::path::PathBuf>) -> ExitCode {
    match marginalia::ui::run(project) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: cannot open the app window: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_project: Option<std::path::PathBuf>) -> ExitCode {
    let _ =
        writeln!(std::io::stderr(), "error: this build has no app window (built without the `gui` feature); give a command, see --help");
    ExitCode::from(2)
}
