//! Data exports for other tools: BibTeX, RIS, CSV and W3C Web Annotation JSON-LD.

use serde_json::{Value, json};

use super::csl;
use crate::model::{AnchorStatus, Person, Project, Source};
use crate::store::{bib, csl_record};

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
    if !p.literal.is_empty() {
        // Braces keep a corporate name from being split into first/last.
        return format!("{{{}}}", bib_escape(&p.literal));
    }
    // `von Last, Jr, First`: a family name with a lower-case word (`da Silva` as one
    // family name) is braced so that it is not read as a von part.
    let family = if p.family.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_lowercase)) {
        format!("{{{}}}", bib_escape(&p.family))
    } else {
        bib_escape(&p.family)
    };
    let last = [bib_escape(&p.non_dropping_particle), family].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let given = bib_escape(&csl_record::given_with_particle(p));
    match (p.suffix.is_empty(), given.is_empty()) {
        (true, true) => last,
        (true, false) => format!("{last}, {given}"),
        (false, _) => format!("{last}, {}, {given}", bib_escape(&p.suffix)),
    }
}

fn bib_people(people: &[Person]) -> String {
    people.iter().map(bib_person).collect::<Vec<_>>().join(" and ")
}

/// BibTeX entries with the annotation summary in `annote`. Every CSL variable of a
/// record is written (under its BibTeX name, or its CSL name where BibTeX has none),
/// so that [`crate::store::bib::bibtex`] reads back the same record.
pub fn bibtex(p: &Project) -> String {
    let keys = csl::citation_keys(p);
    let mut out = String::new();
    for s in p.sources.values() {
        let m = &s.meta;
        let (kind, subtype) = bib::bibtex_type(&m.item_type);
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut push = |name: &str, value: String| {
            if !value.is_empty() {
                fields.push((name.to_string(), value));
            }
        };
        push("entrysubtype", subtype.map(bib_escape).unwrap_or_default());
        let title = if m.title.is_empty() { s.display_title() } else { m.title.clone() };
        push("title", bib_escape(&title));
        push("author", bib_people(&m.authors));
        push("editor", bib_people(&m.editors));
        match m.year() {
            Some(y) if y.to_string() == m.issued => push("year", y.to_string()),
            _ => push("date", bib_escape(&m.issued)),
        }
        let container = match kind {
            "article" | "periodical" => "journal",
            "incollection" | "inproceedings" | "inreference" => "booktitle",
            _ => "howpublished",
        };
        // A journal's issue is `number` in an @article; elsewhere `number` is the CSL number.
        let issue = if kind == "article" { "number" } else { "issue" };
        for (name, value) in [
            (container, &m.container_title),
            ("publisher", &m.publisher),
            ("address", &m.publisher_place),
            ("url", &m.url),
            ("urldate", &m.accessed),
            ("volume", &m.volume),
            (issue, &m.issue),
            ("isbn", &m.isbn),
            ("doi", &m.doi),
            ("language", &m.language),
            ("note", &m.note),
        ] {
            push(name, bib_escape(value));
        }
        // `--` is BibTeX's en dash (and a lone `-` stays a hyphen).
        push("pages", bib_escape(&m.pages).replace('–', "--"));
        for (csl_name, people) in &m.names {
            let name = bib::BIB_FIELDS.iter().find(|(_, c)| c == csl_name).map_or(csl_name.as_str(), |(b, _)| b);
            push(name, bib_people(people));
        }
        for (csl_name, value) in &m.fields {
            if kind == "article" && csl_name == "number" && !m.issue.is_empty() {
                continue; // BibTeX has one `number`: the issue wins (see docs/citations.md)
            }
            let name = bib::BIB_FIELDS.iter().find(|(_, c)| c == csl_name).map_or(csl_name.as_str(), |(b, _)| b);
            push(name, bib_escape(value));
        }
        let summary = csl::annotation_summary(p, s.id);
        if !summary.is_empty() {
            let annote = fields.iter().position(|(n, _)| n == "annote");
            match annote {
                Some(i) => fields[i].1 = format!("{} {}", fields[i].1, bib_escape(&summary)),
                None => fields.push(("annote".into(), bib_escape(&summary))),
            }
        }
        out.push_str(&format!("@{kind}{{{},\n", keys[&s.id]));
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n\n");
    }
    out
}

fn ris_name(p: &Person) -> String {
    if !p.literal.is_empty() {
        return p.literal.clone();
    }
    let mut name = format!("{}, {}", csl_record::family_with_particle(p), csl_record::given_with_particle(p));
    if !p.suffix.is_empty() {
        name.push_str(&format!(", {}", p.suffix));
    }
    name
}

/// RIS records (notes in `N1`). Every CSL variable RIS has a tag for is written, so that
/// [`crate::store::bib::ris`] reads back the same record.
pub fn ris(p: &Project) -> String {
    let mut out = String::new();
    let line = |out: &mut String, tag: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push_str(&format!("{tag}  - {}\n", value.replace(['\n', '\r'], " ")));
        }
    };
    for s in p.sources.values() {
        let m = &s.meta;
        let ty = bib::RIS_TYPES.iter().find(|(_, c)| *c == m.item_type).map_or("GEN", |(r, _)| r);
        out.push_str(&format!("TY  - {ty}\n"));
        line(&mut out, "TI", if m.title.is_empty() { s.file.as_deref().unwrap_or("") } else { &m.title });
        for a in &m.authors {
            line(&mut out, "AU", &ris_name(a));
        }
        for e in &m.editors {
            line(&mut out, "ED", &ris_name(e));
        }
        for (tag, csl_name) in bib::RIS_NAMES {
            for person in m.names.get(csl_name).into_iter().flatten() {
                line(&mut out, tag, &ris_name(person));
            }
        }
        if let Some(y) = m.year() {
            line(&mut out, "PY", &y.to_string());
        }
        // `YYYY/MM/DD/other`: what RIS cannot write (a range, a season) goes whole in `other`.
        let plain = m.issued.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        match m.year() {
            _ if m.issued.is_empty() => {}
            _ if plain => line(&mut out, "DA", &m.issued.replace('-', "/")),
            Some(y) => line(&mut out, "DA", &format!("{y}///{}", m.issued)),
            None => line(&mut out, "DA", &format!("///{}", m.issued)),
        }
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
        for (tag, csl_name) in bib::RIS_FIELDS {
            line(&mut out, tag, m.fields.get(csl_name).map_or("", String::as_str));
        }
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
pub fn csv(p: &Project) -> Result<String, super::ExportError> {
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
    w.write_record(header)?;
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
        w.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| super::ExportError::CsvOutput(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| super::ExportError::CsvOutput(e.to_string()))
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
