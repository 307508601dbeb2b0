//! `new`, `add`, `refresh`, `check`, `stress-save`: making a project, bringing documents in, and checking anchors.

use super::*;

pub(super) fn cmd_new(path: &Path, title: Option<String>) -> Result<Output, CliError> {
    let title = title.unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    ProjectFolder::create(path, &title)?;
    Ok(Output::ok(format!("created project {}\n", path.display())))
}

pub(super) fn cmd_add(path: &Path, files: &[PathBuf], bib: Option<&Path>) -> Result<Output, CliError> {
    use crate::store::import_batch;
    let mut loaded = open(path)?;
    let mut warnings = loaded.warnings.clone();
    let bibs: Vec<PathBuf> = bib.map(Path::to_path_buf).into_iter().collect();
    let read = import_batch::read_inputs(files, &bibs, || true);
    let (tx, report) = import_batch::plan(&loaded.project, loaded.folder.root(), read);
    if let Some(tx) = tx {
        tx.apply(&mut loaded.project);
        loaded.folder.save(&loaded.project)?;
    }
    let mut out = String::new();
    out.extend(report.added.iter().map(|(id, name)| format!("{id}\t{name}\n")));
    out.extend(report.records_added.iter().map(|id| format!("{id}\t-\n")));
    warnings.extend(report.warnings.iter().cloned());
    warnings.extend(report.matched.iter().map(|(_, line, id)| format!("record at line {line} describes {id}")));
    if report.failures.is_empty() {
        return Ok(Output { stdout: out, stderr: warnings_text(&warnings), code: 0 });
    }
    // The files that could be read are added and saved; each failure is said once.
    let mut stderr = warnings_text(&warnings);
    stderr.extend(report.failures.iter().map(|e| format!("error: {e}\n")));
    // With several inputs, say what came of the whole; one failing file is said once.
    if files.len() + bibs.len() > 1 {
        stderr.push_str(&format!("{}\n", report.summary()));
    }
    Ok(Output { stdout: out, stderr, code: 1 })
}

pub(super) fn cmd_refresh(path: &Path, key: &str, from: Option<&Path>) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let source = &loaded.project.sources[&id];
    let origin = match (from, &source.original_path) {
        (Some(f), _) => f.to_path_buf(),
        (None, Some(p)) => import::resolve_original(p, loaded.folder.root()),
        (None, None) => {
            return Err(CliError::usage(format!("source {id} has no original path; pass --from FILE")));
        }
    };
    let doc = import::read_document(&origin)?;
    let root = loaded.folder.root().to_path_buf();
    let original = from.and_then(|f| import::original_path(f, &root));
    let tx = ops::refresh_source(&loaded.project, id, crate::model::SourceText::new(doc.text), original)
        .map_err(|e| CliError::error(e.to_string()))?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    let counts = count_statuses(loaded.project.annotations.values().filter(|a| a.source == id).map(|a| a.anchor.status));
    let summary = summary_line(&counts);
    let orphans = counts[3];
    Ok(Output { stdout: format!("{summary}\n"), stderr: warnings_text(&doc.warnings), code: if orphans > 0 { 3 } else { 0 } })
}

pub(super) fn count_statuses(statuses: impl Iterator<Item = AnchorStatus>) -> [usize; 4] {
    let mut counts = [0; 4];
    for s in statuses {
        counts[s as usize] += 1;
    }
    counts
}

pub(super) fn summary_line(counts: &[usize; 4]) -> String {
    format!("exact {}, moved {}, fuzzy {}, orphan {}", counts[0], counts[1], counts[2], counts[3])
}

pub(super) fn cmd_check(path: &Path, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let p = &loaded.project;
    let mut records = Vec::new();
    let mut statuses = Vec::new();
    for a in p.annotations.values() {
        let status = p.text(a.source).map_or(AnchorStatus::Orphan, |t| anchor::verify(&a.anchor, &t.stored));
        statuses.push(status);
        records.push(json!({"id": a.id.to_string(), "status": status.as_str(), "quote": annotation_json(p, a)["quote"]}));
    }
    let counts = count_statuses(statuses.into_iter());
    let mut stdout = if as_json { format!("{}\n", Value::Array(records)) } else { format!("{}\n", summary_line(&counts)) };
    let mut stderr = warnings_text(&loaded.warnings);
    if counts[3] > 0 && !as_json {
        stderr.push_str(&format!("{} orphaned annotations\n", counts[3]));
    }
    // Merge conflicts: listed on stdout (stderr with --json, whose shape is fixed).
    let merge_lines = collab::conflict_lines(p);
    if as_json {
        stderr.push_str(&merge_lines)
    } else {
        stdout.push_str(&merge_lines)
    }
    let code = if !p.merge_conflicts.is_empty() {
        collab::EXIT_MERGE_CONFLICTS
    } else if counts[3] > 0 {
        3
    } else {
        0
    };
    Ok(Output { stdout, stderr, code })
}

pub(super) fn cmd_stress_save(path: &Path, rounds: usize, per_round: usize) -> Result<Output, CliError> {
    use std::io::Write;
    let mut loaded = open(path)?;
    let source = *loaded.project.texts.keys().next().ok_or_else(|| CliError::usage("the project needs a source with text"))?;
    let len = loaded.project.texts[&source].stored.char_len();
    for round in 0..rounds {
        for k in 0..per_round {
            let start = (round * 7919 + k * 104_729) % len.saturating_sub(10).max(1);
            let (tx, _) = ops::add_annotation(
                &loaded.project,
                source,
                crate::model::CharRange::new(start, start + 5),
                Kind::Claim,
                "2026-01-01T00:00:00Z",
            )
            .map_err(|e| CliError::error(e.to_string()))?;
            tx.apply(&mut loaded.project);
        }
        loaded.folder.save(&loaded.project)?;
        // Only after the save returned: the harness trusts this count.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "saved {}", loaded.project.annotations.len());
        let _ = out.flush();
    }
    Ok(Output::ok(String::new()))
}
