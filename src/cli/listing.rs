//! `list`, `search`, `outline`, `text`: what a project holds, as lines or JSON (shapes in `../shared/docs/cli.md`).

use super::*;

/// The JSON record of an annotation (`list annotations --json`).
pub fn annotation_json(project: &Project, a: &Annotation) -> Value {
    let text = project.text(a.source);
    let quote = match (text, a.anchor.status) {
        (Some(t), s) if s != AnchorStatus::Orphan => reading_quote(t, a.anchor.range),
        _ => a.anchor.exact.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let line = text.map_or(0, |t| t.stored.line_of(a.anchor.range.start));
    json!({
        "id": a.id.to_string(),
        "source": a.source.to_string(),
        "kind": a.kind.as_str(),
        "tags": a.tags,
        "note": a.note,
        "locator": a.locator,
        "quote": quote,
        "start": a.anchor.range.start.0,
        "end": a.anchor.range.end.0,
        "line": line,
        "status": a.anchor.status.as_str(),
    })
}

pub(super) fn source_json(project: &Project, s: &Source) -> Value {
    let authors: Vec<String> = s.meta.authors.iter().map(crate::model::Person::inverted).collect();
    json!({
        "id": s.id.to_string(),
        "file": s.file,
        "title": s.meta.title,
        "authors": authors,
        "year": s.meta.year(),
        "type": s.meta.item_type,
        "chars": project.text(s.id).map_or(0, |t| t.stored.char_len()),
    })
}

pub(super) fn cmd_list(path: &Path, what: ListWhat, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let p = &loaded.project;
    let records: Vec<Value> = match what {
        ListWhat::Sources => p.sources.values().map(|s| source_json(p, s)).collect(),
        ListWhat::Annotations => p.annotations.values().map(|a| annotation_json(p, a)).collect(),
        ListWhat::Links => p
            .links
            .values()
            .map(|l| json!({"id": l.id.to_string(), "from": l.from.to_string(), "to": l.to.to_string(), "relation": l.relation.as_str(), "note": l.note}))
            .collect(),
        ListWhat::Tags => p
            .tags
            .values()
            .map(|t| {
                let count = p.annotations.values().filter(|a| a.has_tag(&t.name)).count();
                json!({"name": t.name, "colour": t.colour, "description": t.description, "count": count})
            })
            .collect(),
    };
    let stdout = if as_json { format!("{}\n", Value::Array(records)) } else { records.iter().map(plain_line).collect() };
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

/// A record as one tab-separated line of its scalar fields.
pub(super) fn plain_line(record: &Value) -> String {
    let Value::Object(map) = record else {
        return format!("{record}\n");
    };
    let cells: Vec<String> = map
        .values()
        .map(|v| match v {
            Value::String(s) => s.replace(['\t', '\n'], " "),
            Value::Null => "-".to_string(),
            Value::Array(items) => {
                items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(",")
            }
            other => other.to_string(),
        })
        .collect();
    format!("{}\n", cells.join("\t"))
}

pub(super) fn cmd_search(path: &Path, query: &str, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let mut index = crate::model::search::SearchIndex::default();
    index.update(&loaded.project);
    let hits = index.search(query);
    let stdout = if as_json {
        let records: Vec<Value> = hits
            .iter()
            .filter_map(|h| hits.text_of(h.source).map(|doc| (h, doc)))
            .map(|(h, doc)| {
                let stored = h.stored(doc);
                json!({"source": h.source.to_string(), "line": h.line(doc), "start": stored.start.0, "end": stored.end.0, "snippet": h.snippet(doc)})
            })
            .collect();
        format!("{}\n", Value::Array(records))
    } else {
        hits.iter()
            .filter_map(|h| hits.text_of(h.source).map(|doc| format!("{}:{}\t{}\n", h.source, h.line(doc), h.snippet(doc))))
            .collect()
    };
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

pub(super) fn cmd_outline(path: &Path, key: &str) -> Result<Output, CliError> {
    use crate::model::structure;
    let loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let doc = loaded.project.text(id).ok_or_else(|| CliError::usage(format!("source {id} has no document")))?;
    let mut out = String::new();
    for h in structure::outline(&doc.reading) {
        let line = doc.stored.line_of(doc.reading.to_stored(h.range.start));
        out.push_str(&format!("{}{} (line {line})\n", "  ".repeat(usize::from(h.level - 1)), h.title));
    }
    let (markers, notes) = structure::notes(doc);
    for m in &markers {
        let line = doc.stored.line_of(doc.reading.to_stored(m.range.start));
        let note = structure::note_for(m, &notes).map(|n| n.text.chars().take(70).collect::<String>()).unwrap_or_default();
        out.push_str(&format!("note {} at line {line} -> {note}\n", m.number));
    }
    Ok(Output { stdout: out, stderr: warnings_text(&loaded.warnings), code: 0 })
}

pub(super) fn cmd_text(path: &Path, key: &str, original: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let text = loaded.project.text(id).ok_or_else(|| CliError::usage(format!("source {id} has no document")))?;
    let mut stdout = if original { text.stored.as_str().to_string() } else { text.reading.as_str().to_string() };
    if !stdout.ends_with('\n') {
        stdout.push('\n');
    }
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}
