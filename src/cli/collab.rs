//! Commands for working together through git: the merge driver, `git-setup`,
//! listing and resolving recorded merge conflicts, and annotation edits and
//! deletions from the command line (each one transaction).

use std::path::Path;

use serde_json::{Value, json};

use super::{CliError, Output, open, warnings_text};
use crate::model::merge::{self, Choice, MergeConflict};
use crate::model::{AnnotationId, Kind, LinkId, Project, SetId, Transaction, ops};
use crate::store::{self, git};

/// Exit code of `check` when merge conflicts are recorded (they outrank orphans: 3).
pub const EXIT_MERGE_CONFLICTS: i32 = 4;

/// `merge-driver %O %A %P %B`: exit 0 merged cleanly, 1 conflicts recorded (or a
/// version could not be read: then %A is left as it was). git reads the status.
pub fn cmd_merge_driver(base: &Path, ours: &Path, path: &str, theirs: &Path) -> Result<Output, CliError> {
    let outcome = git::merge_driver(base, ours, theirs).map_err(|e| CliError::error(format!("{path}: cannot merge: {e}")))?;
    let n = outcome.conflicts.len();
    if n == 0 {
        return Ok(Output { stdout: String::new(), stderr: String::new(), code: 0 });
    }
    let mut stderr = format!("{path}: merged with {n} conflict(s) recorded in the project; `marginalia check` lists them:\n");
    for c in &outcome.conflicts {
        stderr.push_str(&format!("  {}\n", c.describe()));
    }
    Ok(Output { stdout: String::new(), stderr, code: 1 })
}

/// Quotes a path for the shell git runs the driver with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn cmd_git_setup(path: &Path) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let exe = std::env::current_exe().map_err(|e| CliError::error(format!("cannot find this program's own path: {e}")))?;
    let command = format!("{} merge-driver %O %A %P %B", shell_quote(&exe.to_string_lossy()));
    let done = git::setup(loaded.folder.root(), &command)?;
    let stdout = done.iter().map(|l| format!("{l}\n")).collect();
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

/// The lines `check` adds for recorded merge conflicts (numbered from 1).
pub fn conflict_lines(p: &Project) -> String {
    if p.merge_conflicts.is_empty() {
        return String::new();
    }
    let mut out = format!("merge conflicts: {}\n", p.merge_conflicts.len());
    for (i, c) in p.merge_conflicts.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, c.describe()));
    }
    out.push_str("resolve each with: marginalia resolve PROJECT N --take ours|theirs|both\n");
    out
}

fn conflict_json(i: usize, c: &MergeConflict) -> Value {
    json!({
        "number": i + 1,
        "entity": c.entity.to_string(),
        "field": c.field,
        "kind": format!("{:?}", c.kind).to_lowercase(),
        "base": c.base,
        "ours": c.ours,
        "theirs": c.theirs,
        "description": c.describe(),
    })
}

/// `resolve PROJECT` lists; `resolve PROJECT N --take SIDE` resolves one.
pub fn cmd_resolve(path: &Path, number: Option<usize>, take: Option<&str>, as_json: bool) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let p = &mut loaded.project;
    let Some(n) = number else {
        let stdout = if as_json {
            format!("{}\n", Value::Array(p.merge_conflicts.iter().enumerate().map(|(i, c)| conflict_json(i, c)).collect()))
        } else {
            conflict_lines(p)
        };
        return Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 });
    };
    let choice: Choice =
        take.ok_or_else(|| CliError::usage("say which value to keep: --take ours|theirs|both"))?.parse().map_err(CliError::usage)?;
    if n == 0 {
        return Err(CliError::usage("conflicts are numbered from 1 (see `marginalia check`)"));
    }
    let described = p.merge_conflicts.get(n - 1).map(MergeConflict::describe).unwrap_or_default();
    let tx = merge::resolve(p, n - 1, choice, &store::now_rfc3339()).map_err(|e| CliError::usage(e.to_string()))?;
    tx.apply(p);
    loaded.folder.save(&loaded.project)?;
    let left = loaded.project.merge_conflicts.len();
    Ok(Output::ok(format!("resolved: {described}\n{left} merge conflict(s) left\n")))
}

/// What `edit` changes; fields not given are kept.
#[derive(Debug, Default)]
pub struct AnnotationEdit {
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub note: Option<String>,
    pub kind: Option<String>,
    pub locator: Option<String>,
}

/// One op of a chain: builds its transaction against the project as changed so far.
type Step<'a> = Box<dyn Fn(&Project) -> Result<Transaction, CliError> + 'a>;

/// Joins the transactions of several ops into one, each op seeing the previous ones.
fn chained(p: &Project, label: &str, steps: Vec<Step<'_>>) -> Result<Transaction, CliError> {
    let mut scratch = p.clone();
    let mut all = Transaction::new(label);
    for step in steps {
        let tx = step(&scratch)?;
        all.edits.extend(tx.edits.iter().cloned());
        tx.apply(&mut scratch);
    }
    Ok(all)
}

pub fn cmd_edit(path: &Path, id: &str, change: AnnotationEdit) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let id: AnnotationId = id.parse().map_err(CliError::usage)?;
    if !loaded.project.annotations.contains_key(&id) {
        return Err(CliError::usage(format!("no annotation {id} in this project")));
    }
    let kind = change.kind.as_deref().map(str::parse::<Kind>).transpose().map_err(CliError::usage)?;
    let now = store::now_rfc3339();
    let now = now.as_str();
    let op = |e: ops::OpError| CliError::usage(e.to_string());
    let mut steps: Vec<Step<'_>> = Vec::new();
    for tag in &change.add_tags {
        steps.push(Box::new(move |p| ops::add_tag(p, id, tag, now).map_err(op)));
    }
    for tag in &change.remove_tags {
        steps.push(Box::new(move |p| ops::remove_tag(p, id, tag, now).map_err(op)));
    }
    if let Some(note) = &change.note {
        steps.push(Box::new(move |p| ops::set_note(p, id, note, now).map_err(op)));
    }
    if let Some(k) = kind {
        steps.push(Box::new(move |p| ops::set_kind(p, id, k, now).map_err(op)));
    }
    if let Some(locator) = &change.locator {
        steps.push(Box::new(move |p| ops::set_locator(p, id, locator, now).map_err(op)));
    }
    if steps.is_empty() {
        return Err(CliError::usage("nothing to change: give --add-tag, --remove-tag, --note, --kind or --locator"));
    }
    let tx = chained(&loaded.project, &format!("Edit {id}"), steps)?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

/// `delete PROJECT ID`: an annotation (with its links and set memberships), a link
/// or a conflict set.
pub fn cmd_delete(path: &Path, id: &str) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let p = &loaded.project;
    let op = |e: ops::OpError| CliError::usage(e.to_string());
    let tx = if let Ok(a) = id.parse::<AnnotationId>() {
        ops::delete_annotation(p, a).map_err(op)?
    } else if let Ok(l) = id.parse::<LinkId>() {
        ops::delete_link(p, l).map_err(op)?
    } else if let Ok(c) = id.parse::<SetId>() {
        ops::delete_set(p, c).map_err(op)?
    } else {
        return Err(CliError::usage(format!("`{id}` is not an annotation, link or conflict set id (a3, l2, c1)")));
    };
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("deleted {id}\n")))
}
