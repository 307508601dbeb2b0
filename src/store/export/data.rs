//! Data exports for other tools: BibTeX, RIS, CSV and W3C Web Annotation JSON-LD.

use serde_json::{Value, json};

use super::csl;
use crate::model::{AnchorStatus, Person, Project, Source};

/// Escapes a BibTeX field value (inside braces).
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn bib_person(p: &Person) -> String {
    if p.literal.is_empty() {
        format!("{}, {}", bib_escape(&p.family), bib_escape(&p.given)).trim_end_matches(", ").to_string()
    } else {
        // Braces keep a corporate name from being split into first/last.
        format!("{{{}}}", bib_escape(&p.literal))
    }
}

fn bib_type(csl_type: &str) -> &'static str {
    match csl_type {
        "article-journal" | "article-magazine" | "article-newspaper" | "article" => "article",
        "book" => "book",
        "chapter" => "incollection",
        "report" => "techreport",
        "thesis" => "phdthesis",
        "paper-conference" => "inproceedings",
        "webpage" | "post-weblog" => "online",
        _ => "misc",
    }
}

/// BibTeX entries with the annotation summary in `annote`.
pub fn bibtex(p: &Project) -> String {
    let keys = csl::citation_keys(p);
    let mut out = String::new();
    for s in p.sources.values() {
        let m = &s.meta;
        let kind = bib_type(&m.item_type);
        let mut fields: Vec<(&str, String)> = Vec::new();
        let title = if m.title.is_empty() { s.display_title() } else { m.title.clone() };
        fields.push(("title", bib_escape(&title)));
        if !m.authors.is_empty() {
            fields.push(("author", m.authors.iter().map(bib_person).collect::<Vec<_>>().join(" and ")));
        }
        if !m.editors.is_empty() {
            fields.push(("editor", m.editors.iter().map(bib_person).collect::<Vec<_>>().join(" and ")));
        }
        if let Some(y) = m.year() {
            fields.push(("year", y.to_string()));
        }
        let container = match kind {
            "article" => "journal",
            "incollection" | "inproceedings" => "booktitle",
            _ => "howpublished",
        };
        for (name, value) in [
            (container, &m.container_title),
            (if kind == "techreport" { "institution" } else { "publisher" }, &m.publisher),
            ("address", &m.publisher_place),
            ("url", &m.url),
            ("urldate", &m.accessed),
            ("pages", &m.pages),
            ("volume", &m.volume),
            ("number", &m.issue),
            ("isbn", &m.isbn),
            ("doi", &m.doi),
            ("language", &m.language),
            ("note", &m.note),
        ] {
            if !value.is_empty() {
                fields.push((name, bib_escape(value)));
            }
        }
        let summary = csl::annotation_summary(p, s.id);
        if !summary.is_empty() {
            fields.push(("annote", bib_escape(&summary)));
        }
        out.push_str(&format!("@{kind}{{{},\n", keys[&s.id]));
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n\n");
    }
    out
}

fn ris_type(csl_type: &str) -> &'static str {
    match csl_type {
        "article-journal" | "article" => "JOUR",
        "article-magazine" => "MGZN",
        "article-newspaper" => "NEWS",
        "book" => "BOOK",
        "chapter" => "CHAP",
        "report" => "RPRT",
        "thesis" => "THES",
        "paper-conference" => "CPAPER",
        "webpage" | "post-weblog" => "ELEC",
        _ => "GEN",
    }
}

/// RIS records (notes in `N1`).
pub fn ris(p: &Project) -> String {
    let mut out = String::new();
    let line = |out: &mut String, tag: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push_str(&format!("{tag}  - {}\n", value.replace(['\n', '\r'], " ")));
        }
    };
    for s in p.sources.values() {
        let m = &s.meta;
        out.push_str(&format!("TY  - {}\n", ris_type(&m.item_type)));
        line(&mut out, "TI", if m.title.is_empty() { s.file.as_deref().unwrap_or("") } else { &m.title });
        for a in &m.authors {
            let name = if a.literal.is_empty() { format!("{}, {}", a.family, a.given) } else { a.literal.clone() };
            line(&mut out, "AU", &name);
        }
        for e in &m.editors {
            let name = if e.literal.is_empty() { format!("{}, {}", e.family, e.given) } else { e.literal.clone() };
            line(&mut out, "ED", &name);
        }
        if let Some(y) = m.year() {
            line(&mut out, "PY", &y.to_string());
        }
        line(&mut out, "DA", &m.issued.replace('-', "/"));
        line(&mut out, "T2", &m.container_title);
        line(&mut out, "PB", &m.publisher);
        line(&mut out, "CY", &m.publisher_place);
        line(&mut out, "UR", &m.url);
        line(&mut out, "Y2", &m.accessed);
        line(&mut out, "SP", &m.pages);
        line(&mut out, "VL", &m.volume);
        line(&mut out, "IS", &m.issue);
        line(&mut out, "SN", &m.isbn);
        line(&mut out, "DO", &m.doi);
        line(&mut out, "LA", &m.language);
        line(&mut out, "N1", &m.note);
        line(&mut out, "N1", &csl::annotation_summary(p, s.id));
        out.push_str("ER  - \n\n");
    }
    out
}

/// Makes a cell safe for spreadsheets: a leading `= + - @`, TAB or CR would be
/// read as a formula, so such cells get a leading apostrophe (OWASP).
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

/// One row per annotation.
pub fn csv(p: &Project) -> Result<String, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "source",
        "source_title",
        "kind",
        "tags",
        "quote",
        "note",
        "locator",
        "figure_value",
        "start",
        "end",
        "line",
        "status",
        "created",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for a in p.annotations.values() {
        let title = p.sources.get(&a.source).map(Source::display_title).unwrap_or_default();
        let line = p.text(a.source).map_or(0, |t| t.stored.line_of(a.anchor.range.start));
        let figure = a.figure.as_ref().and_then(|f| f.value).map(|v| v.to_string()).unwrap_or_default();
        let row = [
            a.id.to_string(),
            a.source.to_string(),
            title,
            a.kind.as_str().to_string(),
            a.tags.join("; "),
            crate::model::quote::reading_quote_or_exact(p, a),
            a.note.clone(),
            a.locator.clone(),
            figure,
            a.anchor.range.start.0.to_string(),
            a.anchor.range.end.0.to_string(),
            line.to_string(),
            a.anchor.status.as_str().to_string(),
            a.created.clone(),
        ];
        w.write_record(row.iter().map(|c| neutralise(c))).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// A URI-safe identifier part (RFC 3986 unreserved chars; others percent-encoded).
fn uri_part(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The W3C Web Annotation JSON-LD of the project: an `AnnotationCollection` whose
/// page holds every annotation (quote + position selectors in code points, tags
/// as tagging bodies, notes as Markdown bodies) and every link (`linking`).
pub fn w3c(p: &Project) -> Value {
    let base = format!("urn:x-marginalia:{}", uri_part(if p.title.is_empty() { "project" } else { &p.title }));
    let source_iri = |s: &Source| {
        if crate::store::export::cite::safe_url(&s.meta.url) && s.meta.url.is_ascii() && !s.meta.url.contains([' ', '<', '>', '"']) {
            s.meta.url.clone()
        } else {
            format!("{base}:source:{}", s.id)
        }
    };
    let mut items = Vec::new();
    for a in p.annotations.values() {
        let Some(source) = p.sources.get(&a.source) else { continue };
        let mut bodies = Vec::new();
        if !a.note.is_empty() {
            bodies.push(json!({"type": "TextualBody", "value": a.note, "format": "text/markdown", "purpose": "commenting"}));
        }
        bodies.push(json!({"type": "TextualBody", "value": a.kind.as_str(), "purpose": "classifying"}));
        for t in &a.tags {
            bodies.push(json!({"type": "TextualBody", "value": t, "purpose": "tagging"}));
        }
        let mut selectors =
            vec![json!({"type": "TextQuoteSelector", "exact": a.anchor.exact, "prefix": a.anchor.prefix, "suffix": a.anchor.suffix})];
        if a.anchor.status != AnchorStatus::Orphan {
            selectors.push(json!({"type": "TextPositionSelector", "start": a.anchor.range.start.0, "end": a.anchor.range.end.0}));
        }
        let motivation = if a.note.is_empty() { "highlighting" } else { "commenting" };
        items.push(json!({
            "id": format!("{base}:annotation:{}", a.id),
            "type": "Annotation",
            "motivation": motivation,
            "created": a.created,
            "modified": a.modified,
            "body": bodies,
            "target": {"source": source_iri(source), "selector": selectors},
        }));
    }
    for l in p.links.values() {
        let mut body = vec![json!({"type": "TextualBody", "value": l.relation.as_str(), "purpose": "classifying"})];
        if !l.note.is_empty() {
            body.push(json!({"type": "TextualBody", "value": l.note, "format": "text/markdown", "purpose": "commenting"}));
        }
        body.push(json!({"id": format!("{base}:annotation:{}", l.to), "type": "SpecificResource", "source": format!("{base}:annotation:{}", l.to)}));
        items.push(json!({
            "id": format!("{base}:link:{}", l.id),
            "type": "Annotation",
            "motivation": "linking",
            "body": body,
            "target": format!("{base}:annotation:{}", l.from),
        }));
    }
    let collection = format!("{base}:collection");
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection,
        "type": "AnnotationCollection",
        "label": if p.title.is_empty() { "Marginalia annotations".to_string() } else { p.title.clone() },
        "total": items.len(),
        "first": {
            "id": format!("{base}:page:1"),
            "type": "AnnotationPage",
            "partOf": {"id": collection},
            "startIndex": 0,
            "items": items,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("1,033"), "1,033");
    }

    #[test]
    fn bibtex_escapes_specials_and_braces_corporate_names() {
        assert_eq!(bib_escape("50% & {x}_1"), "50\\% \\& \\{x\\}\\_1");
        assert_eq!(bib_person(&Person::literal("Mexico-Korea Commission")), "{Mexico-Korea Commission}");
        assert_eq!(bib_person(&Person::new("Kim", "Victoria")), "Kim, Victoria");
    }

    #[test]
    fn uri_parts_are_ascii() {
        assert_eq!(uri_part("Korean migrants, 1905"), "Korean%20migrants%2C%201905");
        assert!(uri_part("Mérida").is_ascii());
    }
}
