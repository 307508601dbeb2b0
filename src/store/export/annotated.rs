//! Annotated bibliographies: each source formatted by the CSL processor, its
//! annotations grouped by kind beneath it, then the conflict sets with every
//! figure cited in the same style.

use serde_json::Value;

use super::cite::{self, Reference, escape_html, escape_markdown};
use super::csl;
use crate::model::{Annotation, Kind, Project, SourceId};

/// Which sources an export covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Sources(Vec<SourceId>),
    Tag(String),
}

impl Scope {
    fn includes_source(&self, p: &Project, id: SourceId) -> bool {
        match self {
            Scope::All => true,
            Scope::Sources(ids) => ids.contains(&id),
            Scope::Tag(tag) => p.annotations.values().any(|a| a.source == id && a.has_tag(tag)),
        }
    }
    fn includes_annotation(&self, a: &Annotation) -> bool {
        match self {
            Scope::Tag(tag) => a.has_tag(tag),
            _ => true,
        }
    }
}

/// The document model shared by the Markdown, HTML and DOCX writers.
pub struct Document {
    pub title: String,
    pub style: String,
    pub entries: Vec<Entry>,
    pub sets: Vec<SetSection>,
}

pub struct Entry {
    pub reference: Reference,
    /// (heading, items) per kind present, in a fixed order.
    pub groups: Vec<(String, Vec<Item>)>,
}

pub struct Item {
    pub quote: String,
    /// Parsed figure (`= 1,033`), locator and note.
    pub figure: Option<String>,
    pub locator: String,
    pub note: String,
    pub tags: Vec<String>,
}

pub struct SetSection {
    pub subject: String,
    pub verdict: String,
    pub rationale: String,
    /// (figure text, role, in-text citation).
    pub figures: Vec<(String, String, String)>,
}

const GROUPS: [(Kind, &str); 5] =
    [(Kind::Claim, "Claims"), (Kind::Figure, "Figures"), (Kind::Quote, "Quotes"), (Kind::Question, "Questions"), (Kind::Note, "Notes")];

/// Builds the annotated bibliography in a CSL style.
pub fn build(p: &Project, style: &str, scope: &Scope) -> Result<Document, super::ExportError> {
    let all = csl::items(p, false);
    let chosen: Vec<&(SourceId, String, Value)> = all.iter().filter(|(id, _, _)| scope.includes_source(p, *id)).collect();
    let values: Vec<Value> = chosen.iter().map(|(_, _, v)| v.clone()).collect();
    // Citations are told apart among the reference list's items (year suffixes as the
    // list gives them); a member whose source is outside the list is cited alone.
    let (references, citer) = cite::bibliography_and_citer(&values, style).map_err(super::ExportError::from_cite)?;
    // Looked up once, not per reference (1,000 references × 10,000 annotations).
    let source_of: std::collections::HashMap<&str, SourceId> = chosen.iter().map(|(id, k, _)| (k.as_str(), *id)).collect();
    let mut annotations_of: std::collections::HashMap<SourceId, Vec<&Annotation>> = std::collections::HashMap::new();
    for a in p.annotations.values().filter(|a| scope.includes_annotation(a)) {
        annotations_of.entry(a.source).or_default().push(a);
    }
    for list in annotations_of.values_mut() {
        // The order of `Project::annotations_of`.
        list.sort_by_key(|a| (a.anchor.range.start, a.anchor.range.end, a.id));
    }
    let mut entries = Vec::new();
    for reference in references {
        let Some(source) = source_of.get(reference.key.as_str()) else { continue };
        let annotations: &[&Annotation] = annotations_of.get(source).map_or(&[], Vec::as_slice);
        let groups = GROUPS
            .iter()
            .filter_map(|(kind, heading)| {
                let items: Vec<Item> = annotations
                    .iter()
                    .filter(|a| a.kind == *kind)
                    .map(|a| Item {
                        quote: crate::model::quote::reading_quote_or_exact(p, a),
                        figure: a.figure.as_ref().map(|f| f.describe()).filter(|d| !d.is_empty()),
                        locator: a.locator.clone(),
                        note: a.note.clone(),
                        tags: a.tags.clone(),
                    })
                    .collect();
                (!items.is_empty()).then(|| (heading.to_string(), items))
            })
            .collect();
        entries.push(Entry { reference, groups });
    }
    let mut sets = Vec::new();
    for set in p.sets.values() {
        let mut figures = Vec::new();
        for m in &set.members {
            let Some(a) = p.annotations.get(&m.annotation) else { continue };
            let Some((_, _, item)) = all.iter().find(|(id, _, _)| *id == a.source) else { continue };
            let citation = match chosen.iter().position(|(id, _, _)| *id == a.source) {
                Some(i) => citer.cite(i, Some(a.locator.as_str())).map_err(super::ExportError::from_cite)?,
                None => cite::citation(item, Some(a.locator.as_str()), style).map_err(super::ExportError::from_cite)?,
            };
            figures.push((crate::model::quote::reading_quote_or_exact(p, a), m.role.clone(), citation));
        }
        sets.push(SetSection { subject: set.subject.clone(), verdict: set.verdict.to_string(), rationale: set.rationale.clone(), figures });
    }
    Ok(Document {
        title: if p.title.is_empty() { "Annotated bibliography".into() } else { p.title.clone() },
        style: style.into(),
        entries,
        sets,
    })
}

fn item_line(i: &Item, esc: &dyn Fn(&str) -> String) -> String {
    let mut line = format!("“{}”", esc(&i.quote));
    if let Some(f) = &i.figure {
        line.push_str(&format!(" — {}", esc(f)));
    }
    if !i.locator.is_empty() {
        line.push_str(&format!(" ({})", esc(&i.locator)));
    }
    if !i.tags.is_empty() {
        line.push_str(&format!(" [{}]", esc(&i.tags.join(", "))));
    }
    line
}

/// Markdown (clean for Pandoc and Obsidian).
pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n\n", escape_markdown(&doc.title));
    for e in &doc.entries {
        out.push_str(&format!("{}\n\n", e.reference.markdown));
        for (heading, items) in &e.groups {
            out.push_str(&format!("**{heading}**\n\n"));
            for i in items {
                out.push_str(&format!("- {}\n", item_line(i, &escape_markdown)));
                for line in i.note.lines().filter(|l| !l.trim().is_empty()) {
                    out.push_str(&format!("  {}\n", escape_markdown(line)));
                }
            }
            out.push('\n');
        }
    }
    if !doc.sets.is_empty() {
        out.push_str("## Conflicting figures\n\n");
        for s in &doc.sets {
            out.push_str(&format!("### {} ({})\n\n", escape_markdown(&s.subject), escape_markdown(&s.verdict)));
            if !s.rationale.is_empty() {
                out.push_str(&format!("{}\n\n", escape_markdown(&s.rationale)));
            }
            for (figure, role, citation) in &s.figures {
                let role = if role.is_empty() { String::new() } else { format!(" — {}", escape_markdown(role)) };
                out.push_str(&format!("- {} {}{role}\n", escape_markdown(figure), escape_markdown(citation)));
            }
            out.push('\n');
        }
    }
    out
}

/// One self-contained, printable HTML page; every user string escaped.
pub fn html(doc: &Document) -> String {
    let mut body = String::from("<h2>Sources</h2>\n");
    for e in &doc.entries {
        body.push_str(&format!("<section class=\"entry\">\n<p class=\"reference\">{}</p>\n", e.reference.html));
        for (heading, items) in &e.groups {
            body.push_str(&format!("<h3>{heading}</h3>\n<ul>\n"));
            for i in items {
                body.push_str(&format!("<li>{}", item_line(i, &escape_html)));
                if !i.note.is_empty() {
                    body.push_str(&format!("<p class=\"note\">{}</p>", escape_html(&i.note).replace('\n', "<br>")));
                }
                body.push_str("</li>\n");
            }
            body.push_str("</ul>\n");
        }
        body.push_str("</section>\n");
    }
    if !doc.sets.is_empty() {
        body.push_str("<h2>Conflicting figures</h2>\n");
        for s in &doc.sets {
            body.push_str(&format!("<h3>{} ({})</h3>\n", escape_html(&s.subject), escape_html(&s.verdict)));
            if !s.rationale.is_empty() {
                body.push_str(&format!("<p>{}</p>\n", escape_html(&s.rationale)));
            }
            body.push_str("<ul>\n");
            for (figure, role, citation) in &s.figures {
                let role = if role.is_empty() { String::new() } else { format!(" — {}", escape_html(role)) };
                body.push_str(&format!("<li>{} {}{role}</li>\n", escape_html(figure), escape_html(citation)));
            }
            body.push_str("</ul>\n");
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\nbody {{ font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.5; padding: 0 1em; }}\n.reference {{ padding-left: 2em; text-indent: -2em; }}\nh3 {{ font-size: 1em; margin-bottom: 0.2em; }}\n.note {{ margin: 0.2em 0 0.5em; color: #333; }}\n@media print {{ body {{ margin: 0; }} }}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n",
        title = escape_html(&doc.title)
    )
}
