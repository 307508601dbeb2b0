//! `annotate`, `link`, `set`: annotations, links and conflict sets made from the command line.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn cmd_annotate(
    path: &Path,
    key: &str,
    quote: &str,
    nth: Option<usize>,
    kind: &str,
    tags: &[String],
    note: Option<&str>,
    locator: Option<&str>,
) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let project = &mut loaded.project;
    let source = find_source(project, key)?;
    let text = project.text(source).ok_or_else(|| CliError::usage(format!("source {source} has no document to annotate")))?.clone();
    let (kind, kind_tag) = match kind.parse::<Kind>() {
        Ok(k) => (k, None),
        Err(e) if project.tags.contains_key(kind) => {
            let _ = e;
            (Kind::Note, Some(kind.to_string()))
        }
        Err(e) => return Err(CliError::usage(e)),
    };
    let hits = find_quote(&text, quote);
    let range = match (hits.len(), nth) {
        (0, _) => {
            return Err(CliError::usage(format!("quote not found in {source}: \"{quote}\"")));
        }
        (n, Some(k)) if k == 0 || k > n => {
            return Err(CliError::usage(format!("--nth {k}: the quote occurs {n} times in {source}")));
        }
        (_, Some(k)) => hits[k - 1],
        (1, None) => hits[0],
        (n, None) => {
            let lines: Vec<String> = hits.iter().map(|r| text.stored.line_of(r.start).to_string()).collect();
            return Err(CliError::usage(format!(
                "the quote occurs {n} times in {source} (lines {}); choose one with --nth",
                lines.join(", ")
            )));
        }
    };
    let now = store::now_rfc3339();
    let tags: Vec<String> = tags.iter().cloned().chain(kind_tag).collect();
    let spec = ops::AnnotateSpec { kind, tags: &tags, note, locator };
    let (tx, id) = ops::annotate(project, source, range, &spec, &now).map_err(|e| match e {
        ops::OpError::EmptyTagName => CliError::usage(e.to_string()),
        e => CliError::error(e.to_string()),
    })?;
    tx.apply(project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

pub(super) fn cmd_link(path: &Path, from: &str, to: &str, relation: &str, note: Option<&str>) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let relation: Relation = relation.parse().map_err(CliError::usage)?;
    let from = from.parse().map_err(CliError::usage)?;
    let to = to.parse().map_err(CliError::usage)?;
    let tx = ops::add_link(&loaded.project, from, to, relation, note.unwrap_or("")).map_err(|e| CliError::usage(e.to_string()))?;
    let id = loaded.project.next_link_id();
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

pub(super) fn cmd_set(
    path: &Path,
    annotations: &[String],
    subject: &str,
    verdict: &str,
    rationale: Option<String>,
    roles: &[String],
) -> Result<Output, CliError> {
    use crate::model::{AnnotationId, Verdict, ops::SetText};
    let mut loaded = open(path)?;
    let verdict: Verdict = verdict.parse().map_err(CliError::usage)?;
    let ids: Vec<AnnotationId> = annotations.iter().map(|a| a.parse()).collect::<Result<_, _>>().map_err(CliError::usage)?;
    let p = &mut loaded.project;
    let (tx, id) = ops::create_set(p, subject, &ids).map_err(|e| CliError::usage(e.to_string()))?;
    tx.apply(p);
    ops::set_verdict(p, id, verdict).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    if let Some(r) = rationale {
        ops::set_set_text(p, id, SetText::Rationale, &r).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    }
    for role in roles {
        let (a, text) = role.split_once('=').ok_or_else(|| CliError::usage(format!("--role {role}: expected ANNOTATION=ROLE")))?;
        let a: AnnotationId = a.trim().parse().map_err(CliError::usage)?;
        if !ids.contains(&a) {
            return Err(CliError::usage(format!("--role {role}: {a} is not in the set")));
        }
        ops::set_set_text(p, id, SetText::Role(a), text.trim()).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    }
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}
