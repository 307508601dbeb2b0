//! Sources as CSL-JSON items: the record format every export starts from (the
//! formatted references are rendered from these by hayagriva).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{Kind, Project, Source, SourceId};

/// The CSL 1.0.2 item types (`csl-data.json`); anything else is written as a type chosen
/// by [`csl_type`].
pub const CSL_TYPES: [&str; 45] = [
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// The CSL type a source is formatted as. A type the user set is kept; an unset type
/// (the default after Add documents) or an unknown one is chosen from what the record
/// holds, because some styles (Chicago notes-bibliography) print nothing for a bare
/// `document`: a container title makes it an article or chapter, a URL a web page, a
/// publisher a book, and anything else an unpublished `manuscript`, which every
/// bundled style prints.
pub fn csl_type(s: &Source) -> &'static str {
    let m = &s.meta;
    if let Some(t) = CSL_TYPES.iter().find(|t| **t == m.item_type)
        && *t != "document"
    {
        return t;
    }
    if !m.container_title.is_empty() {
        if m.editors.is_empty() && m.publisher.is_empty() { "article-journal" } else { "chapter" }
    } else if !m.url.is_empty() {
        "webpage"
    } else if !m.publisher.is_empty() && m.item_type == "document" {
        "document"
    } else if !m.publisher.is_empty() {
        "book"
    } else {
        "manuscript"
    }
}

const TITLE_STOP_WORDS: [&str; 12] = ["a", "an", "the", "how", "on", "of", "in", "and", "to", "for", "what", "why"];

/// ASCII lower-case letters and digits only (for citation keys).
fn key_part(s: &str) -> String {
    crate::model::search::fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Stable citation keys (`kim2021south`), unique within the project.
pub fn citation_keys(project: &Project) -> BTreeMap<SourceId, String> {
    let mut keys = BTreeMap::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for s in project.sources.values() {
        let who = s.meta.authors.first().map(|p| key_part(p.short().split_whitespace().next().unwrap_or(""))).unwrap_or_default();
        let who = if who.is_empty() { "anon".to_string() } else { who };
        let year = s.meta.year().map(|y| y.to_string()).unwrap_or_else(|| "nd".into());
        let word = s
            .meta
            .title
            .split_whitespace()
            .map(key_part)
            .find(|w| !w.is_empty() && !TITLE_STOP_WORDS.contains(&w.as_str()))
            .unwrap_or_default();
        let base = format!("{who}{year}{word}");
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 { base } else { format!("{base}{}", (b'a' + (*n as u8 - 2)) as char) };
        keys.insert(s.id, key);
    }
    keys
}

/// `2024-02-15` → `{"date-parts": [[2024, 2, 15]]}`.
pub fn date_parts(iso: &str) -> Option<Value> {
    let parts: Vec<i64> = iso.split('-').map_while(|p| p.trim().parse::<i64>().ok()).take(3).collect();
    (!parts.is_empty()).then(|| json!({"date-parts": [parts]}))
}

/// A plain-text summary of a source's annotations (for `note`, `annote`, `N1`).
pub fn annotation_summary(project: &Project, source: SourceId) -> String {
    let mut lines = Vec::new();
    for a in project.annotations_of(source) {
        let quote = crate::model::quote::reading_quote_or_exact(project, a);
        let mut line = format!("[{}] \"{quote}\"", a.kind.as_str());
        if a.kind == Kind::Figure
            && let Some(f) = a.figure.as_ref().map(|f| f.describe()).filter(|d| !d.is_empty())
        {
            line.push_str(&format!(" = {f}"));
        }
        if !a.locator.is_empty() {
            line.push_str(&format!(" ({})", a.locator));
        }
        if !a.note.is_empty() {
            line.push_str(&format!(": {}", a.note.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
        lines.push(line);
    }
    lines.join("; ")
}

/// A readable title for a source that has none, marked as guessed: the file name
/// without its extension, separators as spaces, first letter capitalised
/// (`kim_2021-soft-power.pdf` → `Kim 2021 soft power [title guessed]`). `None` for a
/// record without a file (a bibliography entry without a title, as Zotero holds for a
/// web site or a book known by its author): its citation has no title, as citeproc-js
/// writes it, rather than an internal name like `Source s23`.
pub fn guessed_title(s: &Source) -> Option<String> {
    let name = s.file.as_deref().unwrap_or("");
    let stem = std::path::Path::new(name).file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let words: Vec<&str> = stem.split(['_', '-', '.', ' ']).filter(|w| !w.is_empty()).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        title = first.to_uppercase().chain(title.chars().skip(1)).collect();
    }
    (!title.is_empty()).then(|| format!("{title} [title guessed]"))
}

/// One source as a CSL-JSON item (valid against the CSL data schema).
pub fn item(project: &Project, s: &Source, key: &str, with_notes: bool) -> Value {
    let m = &s.meta;
    // A type the user or a record set is written as it is; an unset one is guessed.
    let item_type = CSL_TYPES.iter().find(|t| **t == m.item_type).copied().unwrap_or_else(|| csl_type(s));
    let mut map = serde_json::Map::new();
    map.insert("id".into(), json!(key));
    map.insert("type".into(), json!(item_type));
    let title = if m.title.is_empty() { guessed_title(s) } else { Some(m.title.clone()) };
    if let Some(title) = title {
        map.insert("title".into(), json!(title));
    }
    for (k, v) in crate::store::csl_record::metadata_to_csl(m) {
        if !matches!(k.as_str(), "type" | "title" | "note") {
            map.insert(k, v);
        }
    }
    let mut note = m.note.clone();
    if with_notes {
        let summary = annotation_summary(project, s.id);
        if !summary.is_empty() {
            if !note.is_empty() {
                note.push_str("\n\n");
            }
            note.push_str(&summary);
        }
    }
    if !note.is_empty() {
        map.insert("note".into(), json!(note));
    }
    Value::Object(map)
}

/// Every source as CSL-JSON, in project order, with its key.
pub fn items(project: &Project, with_notes: bool) -> Vec<(SourceId, String, Value)> {
    let keys = citation_keys(project);
    project.sources.values().map(|s| (s.id, keys[&s.id].clone(), item(project, s, &keys[&s.id], with_notes))).collect()
}
