//! `figures` and `conflicts`: the figures of a text, and the conflict sets of a project
//! (the editor's sets, linked figures, suggestions) as records.

use super::*;

/// The JSON record of a figure (`figures --json`).
pub fn figure_json(source: &str, doc: &crate::model::SourceText, f: &crate::model::figures::Figure) -> Value {
    json!({
        "source": source,
        "line": doc.stored.line_of(f.range.start),
        "start": f.range.start.0,
        "end": f.range.end.0,
        "text": f.text,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier.as_str(),
        "unit": f.unit,
        "parts": f.parts,
    })
}

pub(super) fn cmd_figures(path: &Path, as_json: bool) -> Result<Output, CliError> {
    let mut docs: Vec<(String, std::sync::Arc<crate::model::SourceText>)> = Vec::new();
    let mut warnings = Vec::new();
    if path.is_dir() {
        let loaded = open(path)?;
        warnings = loaded.warnings.clone();
        for (id, doc) in &loaded.project.texts {
            docs.push((id.to_string(), doc.clone()));
        }
    } else {
        let doc = import::read_document(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        docs.push((name, crate::model::SourceText::new(doc.text)));
    }
    let mut records = Vec::new();
    for (source, doc) in &docs {
        for f in crate::model::figures::measures_in(doc) {
            records.push(figure_json(source, doc, &f));
        }
    }
    let stdout = if as_json {
        format!("{}\n", Value::Array(records))
    } else {
        records
            .iter()
            .map(|r| {
                let range = match (r["low"].as_f64(), r["high"].as_f64()) {
                    (Some(l), Some(h)) if l != h => format!(" [{l}, {h}]"),
                    (Some(l), None) => format!(" [>{l}]"),
                    (None, Some(h)) => format!(" [<{h}]"),
                    _ => String::new(),
                };
                format!(
                    "{}:{}\t{}\t{}{}\t{}\n",
                    r["source"].as_str().unwrap_or(""),
                    r["line"],
                    r["text"].as_str().unwrap_or(""),
                    r["value"].as_f64().map_or("-".to_string(), |v| v.to_string()),
                    range,
                    r["unit"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    Ok(Output { stdout, stderr: warnings_text(&warnings), code: 0 })
}

/// Conflict sets of a project as JSON records: the editor's sets, groups of
/// figure annotations linked to each other, then suggestions.
pub fn conflict_records(p: &Project) -> Vec<Value> {
    use crate::model::{AnnotationId, Verdict, conflicts, suggest};
    let figure_of = |id: AnnotationId| -> Option<Value> {
        let a = p.annotations.get(&id)?;
        let fv = a.figure.clone().or_else(|| ops::parse_figure(&a.anchor.exact));
        Some(json!({
            "annotation": id.to_string(),
            "source": a.source.to_string(),
            "line": p.text(a.source).map_or(0, |t| t.stored.line_of(a.anchor.range.start)),
            "text": annotation_json(p, a)["quote"],
            "value": fv.as_ref().and_then(|f| f.value),
            "low": fv.as_ref().and_then(|f| f.low),
            "high": fv.as_ref().and_then(|f| f.high),
        }))
    };
    // Only figures stating a point (both bounds known) spread: `over 1,000` is an open interval.
    let spread_of = |figures: &[Value]| -> Value {
        let values: Vec<f64> =
            figures.iter().filter(|f| !f["low"].is_null() && !f["high"].is_null()).filter_map(|f| f["value"].as_f64()).collect();
        conflicts::spread(&values).map_or(Value::Null, |(abs, _)| json!(abs))
    };
    let mut out = Vec::new();
    for set in p.sets.values() {
        let figures: Vec<Value> = set.members.iter().filter_map(|m| figure_of(m.annotation)).collect();
        out.push(json!({
            "id": set.id.to_string(), "subject": set.subject, "status": "confirmed", "verdict": set.verdict.as_str(),
            "rationale": set.rationale, "preferred": set.preferred, "spread": spread_of(&figures), "figures": figures,
        }));
    }
    // Figure annotations joined by links, not already in a set (the app lists the same groups).
    for group in conflicts::linked_groups(p) {
        let figures: Vec<Value> = group.members.iter().filter_map(|id| figure_of(*id)).collect();
        let ids: Vec<String> = group.members.iter().map(ToString::to_string).collect();
        let first = p.annotations[&group.members[0]].anchor.exact.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(json!({
            "id": format!("links:{}", ids.join(",")), "subject": format!("Linked figures ({first}…)"), "status": "confirmed",
            "verdict": group.verdict.as_str(), "spread": spread_of(&figures), "figures": figures,
        }));
    }
    for s in suggest::suggestions(p) {
        let figures: Vec<Value> = s
            .members
            .iter()
            .map(|c| {
                let text = p.text(c.source).map(|t| crate::model::quote::reading_quote(t, c.figure.range)).unwrap_or_default();
                json!({
                    "annotation": c.annotation.map(|a| a.to_string()), "source": c.source.to_string(), "line": c.line,
                    "text": text, "value": c.figure.value, "low": c.figure.low, "high": c.figure.high, "role": c.role,
                })
            })
            .collect();
        out.push(json!({
            "id": s.key, "subject": s.subject, "status": "suggested", "verdict": Verdict::Unresolved.as_str(),
            "finding": s.finding.as_str(), "reason": s.reason,
            "spread": spread_of(&figures), "figures": figures,
        }));
    }
    out
}

pub(super) fn cmd_conflicts(path: &Path, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let records = conflict_records(&loaded.project);
    let stdout = if as_json {
        format!("{}\n", Value::Array(records))
    } else {
        let mut text = String::new();
        for r in &records {
            text.push_str(&format!(
                "{} [{} / {}] {}\n",
                r["id"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
                r["verdict"].as_str().unwrap_or(""),
                r["subject"].as_str().unwrap_or("")
            ));
            if let Some(reason) = r["reason"].as_str() {
                text.push_str(&format!("    {reason}\n"));
            }
            for f in r["figures"].as_array().into_iter().flatten() {
                text.push_str(&format!(
                    "    {}:{}\t{}\t{}\n",
                    f["source"].as_str().unwrap_or(""),
                    f["line"],
                    f["text"].as_str().unwrap_or(""),
                    f["value"].as_f64().map_or("-".into(), |v| v.to_string())
                ));
            }
        }
        text
    };
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}
