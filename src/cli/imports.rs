//! Imports from other programs: `import-qdpx` (REFI-QDA) and `import-zotero`.

use super::*;

pub(super) fn cmd_import_qdpx(path: &Path, file: &Path) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    // Read and map everything first: a bad file adds nothing.
    let (tx, report) = store::qdpx::import::import(&loaded.project, file, &store::now_rfc3339())?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output { stdout: report.text(), stderr: warnings_text(&loaded.warnings), code: 0 })
}

/// `import-zotero`: one transaction, saved once; exit 3 when highlights were orphaned.
pub(super) fn cmd_import_zotero(path: &Path, library: &Path, collection: Option<&str>) -> Result<Output, CliError> {
    use std::io::IsTerminal;
    let mut loaded = open(path)?;
    let root = loaded.folder.root().to_path_buf();
    let show = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if show {
            eprint!("\rimporting item {done}/{total}");
        }
    };
    let (tx, summary) = store::zotero::import(&loaded.project, library, &root, collection, &mut progress)?;
    if show {
        eprintln!();
    }
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    let code = if summary.annotations_orphaned > 0 { 3 } else { 0 };
    Ok(Output { stdout: summary.text(), stderr: warnings_text(&summary.problems), code })
}
