//! Import: a REFI-QDA project into a Marginalia project, as one transaction.
//!
//! Text sources become sources (other kinds are reported as skipped); selections become
//! annotations on the same characters, checked against their text; codes become tags
//! with their colours and descriptions (codes under [`KINDS_CODE`] give the kind back);
//! descriptions and referenced notes become annotation notes (a note named
//! [`LOCATOR_NOTE`] the locator); links between selections
//! whose name is one of our relations become links; sets whose member note the
//! selections refer to (as we export conflict sets) become conflict sets. Everything
//! else is named in the [`Report`].
//!
//! Positions: code points (REFI-QDA 1.5 §10.2), except in NVivo's files, which count
//! UTF-16 code units (`origin="NVivo…"`). CRLF line ends are stored as LF, and the
//! positions moved to match.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::positions::{Positions, Unit, position_unit};
use super::read::{self, Package, Selection, TextSource};
use super::{FIGURE_NOTE, KINDS_CODE, LOCATOR_NOTE, META_VARIABLES, guid, guid_key};
use crate::model::batch::Batch;
use crate::model::{AnnotationId, CharRange, FigureValue, Kind, Metadata, Person, Project, Relation, Source, Transaction, Verdict, ops};
use crate::store::StoreError;
use crate::store::import::MAX_DOCUMENT_BYTES;

/// What an import did and what it could not map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Counts of what was added (tags: new ones only).
    pub sources: usize,
    pub records: usize,
    pub annotations: usize,
    pub tags: usize,
    pub links: usize,
    pub sets: usize,
    /// Things in the file with no counterpart here, one line each.
    pub not_mapped: Vec<String>,
    /// Things imported that the user should check.
    pub warnings: Vec<String>,
}

impl Report {
    /// A human-readable summary, one line per item.
    pub fn text(&self) -> String {
        let mut out = format!(
            "imported {} sources, {} records, {} annotations, {} new tags, {} links, {} conflict sets\n",
            self.sources, self.records, self.annotations, self.tags, self.links, self.sets
        );
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        for n in &self.not_mapped {
            out.push_str(&format!("not imported: {n}\n"));
        }
        out
    }
}

/// Reads `path`, a `.qdpx` project or a `.qdc` codebook (at most [`MAX_DOCUMENT_BYTES`],
/// and as much per unpacked entry), and plans its import into `p`. Nothing is changed: apply the transaction to import.
pub fn import(p: &Project, path: &Path, now: &str) -> Result<(Transaction, Report), StoreError> {
    let limit = MAX_DOCUMENT_BYTES;
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::invalid(path, "is a folder, not a .qdpx file"));
    }
    if meta.len() > limit {
        return Err(StoreError::invalid(path, format!("is {} MB; files over {} MB are not imported", meta.len() >> 20, limit >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, e))?;
    // A `.qdpx` is a zip; a `.qdc` codebook is XML (its codes become tags).
    let is_xml = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).trim_ascii_start().starts_with(b"<");
    let package = if is_xml { read::codebook(bytes) } else { read::package(bytes, limit) }.map_err(|e| StoreError::invalid(path, e))?;
    plan(p, &package, now).map_err(|e| StoreError::invalid(path, e))
}

/// Whitespace runs as one space, for comparing a selection's name with its text.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a selection's name (often its text, sometimes cut short) fits the text it covers.
fn name_fits(name: &str, covered: &str) -> bool {
    let name = collapse(name);
    let name = name.trim_end_matches(['…', '.']).trim_end();
    name.is_empty() || collapse(covered).starts_with(name)
}

/// Tag names for the codes: the code's name, or its path when two codes share a name.
fn tag_names(pkg: &Package, kinds: &BTreeMap<usize, Option<Kind>>) -> Vec<Option<String>> {
    let path = |mut i: usize| {
        let mut parts = vec![pkg.codes[i].name.trim().to_string()];
        while let Some(up) = pkg.codes[i].parent {
            parts.push(pkg.codes[up].name.trim().to_string());
            i = up;
        }
        parts.reverse();
        parts.join(" / ")
    };
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &pkg.codes {
        *count.entry(c.name.trim()).or_default() += 1;
    }
    let mut used = BTreeSet::new();
    (0..pkg.codes.len())
        .map(|i| {
            if kinds.contains_key(&i) {
                return None;
            }
            let name = pkg.codes[i].name.trim();
            let mut tag = if name.is_empty() {
                format!("code {}", i + 1)
            } else if count[name] > 1 {
                path(i)
            } else {
                name.to_string()
            };
            if !used.insert(tag.clone()) {
                tag = format!("{tag} ({})", pkg.codes[i].guid.get(..8).unwrap_or_default());
                used.insert(tag.clone());
            }
            Some(tag)
        })
        .collect()
}

/// The codes that stand for our kinds: the [`KINDS_CODE`] group (`None`) and its children.
fn kind_codes(pkg: &Package) -> BTreeMap<usize, Option<Kind>> {
    let mut out = BTreeMap::new();
    for (i, c) in pkg.codes.iter().enumerate() {
        if c.parent.is_none() && c.name == KINDS_CODE {
            out.insert(i, None);
        }
    }
    for (i, c) in pkg.codes.iter().enumerate() {
        if c.parent.is_some_and(|up| out.get(&up) == Some(&None))
            && let Ok(k) = c.name.parse::<Kind>()
        {
            out.insert(i, Some(k));
        }
    }
    out
}

fn people(s: &str) -> Vec<Person> {
    s.split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| match n.split_once(',') {
            Some((family, given)) => Person::new(family.trim(), given.trim()),
            None => Person::literal(n),
        })
        .collect()
}

/// Metadata from the source's variables named as CSL variables; others are reported.
fn metadata(pkg: &Package, s: &TextSource, report: &mut Report) -> (Metadata, Option<String>) {
    let mut m = Metadata::default();
    let mut file = None;
    for (var, value) in &s.variables {
        let name = pkg.variables.get(var).map_or("", String::as_str);
        let field = match name {
            "type" => &mut m.item_type,
            "title" => &mut m.title,
            "author" => {
                m.authors = people(value);
                continue;
            }
            "editor" => {
                m.editors = people(value);
                continue;
            }
            "issued" => &mut m.issued,
            "container-title" => &mut m.container_title,
            "publisher" => &mut m.publisher,
            "publisher-place" => &mut m.publisher_place,
            "URL" => &mut m.url,
            "accessed" => &mut m.accessed,
            "page" => &mut m.pages,
            "volume" => &mut m.volume,
            "issue" => &mut m.issue,
            "ISBN" => &mut m.isbn,
            "DOI" => &mut m.doi,
            "language" => &mut m.language,
            "note" => &mut m.note,
            "file" => {
                file = Some(value.clone());
                continue;
            }
            _ => {
                debug_assert!(!META_VARIABLES.contains(&name));
                report.not_mapped.push(format!("variable `{name}` = `{value}` of source `{}`", s.name));
                continue;
            }
        };
        *field = value.clone();
    }
    // Our own exports name an untitled source by its file; that is no title.
    if m.title.is_empty() && file.as_deref() != Some(s.name.as_str()) {
        m.title = s.name.trim().to_string();
    }
    if m.note.is_empty() {
        m.note = s.description.trim().to_string();
    }
    (m, file)
}

/// The note of a selection: its description, then the text of the notes it refers to.
fn selection_note(pkg: &Package, s: &Selection, set_notes: &BTreeSet<&str>) -> String {
    let mut parts = vec![s.description.trim().to_string()];
    for guid in s.notes.iter().filter(|g| !set_notes.contains(g.as_str())) {
        if let Some((name, text)) = pkg.notes.get(guid).filter(|(name, _)| name != LOCATOR_NOTE && name != FIGURE_NOTE) {
            let text = text.trim();
            let name = name.trim();
            parts.push(if name.is_empty() || text.starts_with(name) { text.to_string() } else { format!("{name}: {text}") });
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Verdict, preferred value and rationale from a set's description as we write it.
fn set_fields(description: &str) -> (Option<Verdict>, Option<f64>, String) {
    let (first, rest) = description.split_once('\n').unwrap_or((description, ""));
    let Some(head) = first.strip_prefix("Verdict: ") else { return (None, None, description.trim().to_string()) };
    let mut parts = head.split("; preferred: ");
    let verdict = parts.next().and_then(|v| v.trim().parse().ok());
    let preferred = parts.next().and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
    (verdict, preferred, rest.trim().to_string())
}

/// Plans the import of a read package into `p`. Errors name the problem and its place
/// in `project.qde`; the caller names the file.
pub fn plan(p: &Project, pkg: &Package, now: &str) -> Result<(Transaction, Report), String> {
    let mut report = Report::default();
    let mut batch = Batch::new(p, "Import REFI-QDA project");
    let err = |e: ops::OpError| e.to_string();
    let (unit, why) = position_unit(pkg);
    report.warnings.extend(why);

    // Codebook.
    let kinds = kind_codes(pkg);
    let names = tag_names(pkg, &kinds);
    let mut code_tag: BTreeMap<&str, &str> = BTreeMap::new();
    let mut code_kind: BTreeMap<&str, Kind> = BTreeMap::new();
    for (i, code) in pkg.codes.iter().enumerate() {
        if let Some(Some(k)) = kinds.get(&i) {
            code_kind.insert(&code.guid, *k);
        }
        let Some(name) = &names[i] else { continue };
        code_tag.insert(&code.guid, name);
        if batch.project().tags.contains_key(name) {
            continue;
        }
        batch.push(ops::create_tag(batch.project(), name, code.colour.as_deref()).map_err(err)?);
        if !code.description.trim().is_empty() {
            batch.push(ops::describe_tag(batch.project(), name, code.description.trim()).map_err(err)?);
        }
        report.tags += 1;
    }

    // Sources and selections.
    let set_notes: BTreeSet<&str> = pkg.sets.iter().flat_map(|s| s.notes.iter().map(String::as_str)).collect();
    let mut annotation_of: BTreeMap<&str, AnnotationId> = BTreeMap::new();
    let mut notes_of: BTreeMap<AnnotationId, &[String]> = BTreeMap::new();
    let mut used_notes: BTreeSet<&str> = BTreeSet::new();
    for s in &pkg.sources {
        let raw = match &s.text {
            Ok(t) => t,
            Err(why) => {
                report.not_mapped.push(format!("source `{}`: {why} ({} selections)", s.name, s.selections.len()));
                continue;
            }
        };
        let id = batch.project().next_source_id();
        let (meta, file) = metadata(pkg, s, &mut report);
        if raw.is_empty() && s.selections.is_empty() {
            batch.push(ops::add_record(batch.project(), Source::record(id, meta)));
            report.records += 1;
            continue;
        }
        let file = file.or_else(|| Some(s.name.trim().to_string()).filter(|n| !n.is_empty())).unwrap_or_else(|| format!("{id}.txt"));
        let mut source = Source::untitled(id, &file);
        source.meta = meta;
        batch.push(ops::add_source(batch.project(), source, crate::store::import::normalise_newlines(raw)));
        report.sources += 1;
        if s.source_codings > 0 {
            report.not_mapped.push(format!("{} codings of the whole source `{}`", s.source_codings, s.name));
        }
        let positions = Positions::new(raw, unit);
        for sel in &s.selections {
            let (line, col) = sel.at;
            let range = match (positions.stored(sel.start), positions.stored(sel.end)) {
                (Some(a), Some(b)) if sel.start <= sel.end => CharRange::new(a, b),
                _ if sel.start > sel.end => {
                    return Err(format!("project.qde:{line}:{col}: selection {} runs backwards ({}..{})", sel.guid, sel.start, sel.end));
                }
                _ if usize::try_from(sel.start.max(sel.end)).is_ok_and(|e| e <= positions.len) => {
                    return Err(format!(
                        "project.qde:{line}:{col}: selection {} runs {}..{}, splitting a character of source `{}` (a position between the two UTF-16 units of one character)",
                        sel.guid, sel.start, sel.end, s.name
                    ));
                }
                _ => {
                    return Err(format!(
                        "project.qde:{line}:{col}: selection {} runs {}..{}, outside the text of source `{}` ({} {})",
                        sel.guid,
                        sel.start,
                        sel.end,
                        s.name,
                        positions.len,
                        if unit == Unit::Utf16 { "UTF-16 units" } else { "characters" }
                    ));
                }
            };
            if range.is_empty() {
                report.not_mapped.push(format!("project.qde:{line}:{col}: empty selection {} in `{}`", sel.guid, s.name));
                continue;
            }
            let kind = sel.codes.iter().find_map(|c| code_kind.get(c.as_str()).copied()).unwrap_or(Kind::Quote);
            let valid = |t: &Option<String>| t.clone().filter(|t| humantime::parse_rfc3339(t).is_ok());
            let created = valid(&sel.created).unwrap_or_else(|| now.to_string());
            let created = created.as_str();
            // Tags, note, locator and figure are the selection's last changes.
            let modified = valid(&sel.modified).unwrap_or_else(|| created.to_string());
            let (tx, a) = ops::add_annotation(batch.project(), id, range, kind, created).map_err(err)?;
            batch.push(tx);
            let covered = batch.project().annotations[&a].anchor.exact.clone();
            if !name_fits(&sel.name, &covered) {
                report.warnings.push(format!(
                    "project.qde:{line}:{col}: selection {} is named “{}” but covers “{}”",
                    sel.guid,
                    sel.name.chars().take(60).collect::<String>(),
                    covered.chars().take(60).collect::<String>()
                ));
            }
            for code in &sel.codes {
                match code_tag.get(code.as_str()) {
                    Some(tag) => batch.push(ops::add_tag(batch.project(), a, tag, &modified).map_err(err)?),
                    None if code_kind.contains_key(code.as_str()) => {}
                    None => report.not_mapped.push(format!("project.qde:{line}:{col}: a coding with unknown code {code}")),
                }
            }
            let locator = sel.notes.iter().filter_map(|n| pkg.notes.get(n)).find(|(name, _)| name == LOCATOR_NOTE);
            if let Some((_, locator)) = locator {
                batch.push(ops::set_locator(batch.project(), a, locator.trim(), &modified).map_err(err)?);
            }
            if let Some((_, json)) = sel.notes.iter().filter_map(|n| pkg.notes.get(n)).find(|(name, _)| name == FIGURE_NOTE) {
                match serde_json::from_str::<FigureValue>(json.trim()) {
                    Ok(value) => batch.push(ops::set_figure(batch.project(), a, Some(value), &modified).map_err(err)?),
                    Err(e) => report
                        .warnings
                        .push(format!("project.qde:{line}:{col}: the figure value of selection {} is unreadable: {e}", sel.guid)),
                }
            }
            let note = selection_note(pkg, sel, &set_notes);
            if !note.is_empty() {
                batch.push(ops::set_note(batch.project(), a, &note, &modified).map_err(err)?);
            }
            used_notes.extend(sel.notes.iter().map(String::as_str));
            annotation_of.insert(&sel.guid, a);
            notes_of.insert(a, &sel.notes);
            report.annotations += 1;
        }
    }
    for o in &pkg.others {
        report.not_mapped.push(format!("{} `{}` and its {} selections (only text sources are imported)", o.kind, o.name, o.selections));
    }

    // Links between imported selections.
    for l in &pkg.links {
        let ends = (annotation_of.get(l.origin.as_str()), annotation_of.get(l.target.as_str()));
        let relation = l.name.trim().to_lowercase().replace(' ', "-").parse::<Relation>();
        match (ends, relation) {
            ((Some(&from), Some(&to)), Ok(relation)) if from != to => {
                let note: Vec<&str> = l.notes.iter().filter_map(|n| pkg.notes.get(n)).map(|(_, t)| t.trim()).collect();
                used_notes.extend(l.notes.iter().map(String::as_str));
                batch.push(ops::add_link(batch.project(), from, to, relation, &note.join("\n\n")).map_err(err)?);
                report.links += 1;
            }
            ((Some(_), Some(_)), Err(_)) => report
                .not_mapped
                .push(format!("link {} named `{}` (relations here: contradicts, supports, same-as, explains)", l.guid, l.name)),
            ((Some(_), Some(_)), Ok(_)) => report.not_mapped.push(format!("link {} `{}`: it links a selection to itself", l.guid, l.name)),
            _ => report.not_mapped.push(format!("link {} `{}`: it does not join two imported selections", l.guid, l.name)),
        }
    }

    // Sets whose member note the selections refer to: conflict sets.
    for set in &pkg.sets {
        let members: Vec<AnnotationId> =
            notes_of.iter().filter(|(_, notes)| notes.iter().any(|n| set.notes.contains(n))).map(|(a, _)| *a).collect();
        if members.is_empty() {
            report.not_mapped.push(format!(
                "set `{}` ({} sources, {} codes, {} notes): conflict sets here group annotations",
                set.name,
                set.sources,
                set.codes,
                set.notes.len()
            ));
            continue;
        }
        used_notes.extend(set.notes.iter().map(String::as_str));
        let (tx, id) = ops::create_set(batch.project(), &set.name, &members).map_err(err)?;
        batch.push(tx);
        let (verdict, preferred, rationale) = set_fields(&set.description);
        if let Some(v) = verdict {
            batch.push(ops::set_verdict(batch.project(), id, v).map_err(err)?);
        }
        if preferred.is_some() {
            batch.push(ops::set_preferred(batch.project(), id, preferred).map_err(err)?);
        }
        if !rationale.is_empty() {
            batch.push(ops::set_set_text(batch.project(), id, ops::SetText::Rationale, &rationale).map_err(err)?);
        }
        // Our own exports name each member's role as `a3: boarded` in the set's note, by
        // the exporting project's ids, whose GUIDs can be derived again.
        if pkg.origin.starts_with("Marginalia") {
            let lines = set.notes.iter().filter_map(|n| pkg.notes.get(n)).flat_map(|(_, text)| text.lines());
            for (old, role) in lines.filter_map(|l| l.split_once(": ")) {
                let selection = guid_key(&guid(&pkg.name, &format!("annotation:{old}")));
                if let Some(&a) = annotation_of.get(selection.as_str()).filter(|a| members.contains(a)) {
                    batch.push(ops::set_set_text(batch.project(), id, ops::SetText::Role(a), role.trim()).map_err(err)?);
                }
            }
        }
        report.sets += 1;
    }
    for (count, what) in [(pkg.cases, "cases"), (pkg.graphs, "graphs")] {
        if count > 0 {
            report.not_mapped.push(format!("{count} {what}"));
        }
    }
    let loose = pkg.notes.keys().filter(|n| !used_notes.contains(n.as_str())).count();
    if loose > 0 {
        report.not_mapped.push(format!("{loose} notes not attached to an imported selection, link or set"));
    }
    Ok((batch.finish(), report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_their_text_even_when_cut_short() {
        assert!(name_fits("1,033 passengers", "1,033  passengers\nfrom"));
        assert!(name_fits("", "anything"));
        assert!(name_fits("1,033 pass…", "1,033 passengers"));
        assert!(!name_fits("Mérida", "Chemulpo"));
    }

    #[test]
    fn set_descriptions_read_back() {
        assert_eq!(
            set_fields("Verdict: conflict; preferred: 1014\n\nThe ledger wins."),
            (Some(Verdict::Conflict), Some(1014.0), "The ledger wins.".into())
        );
        assert_eq!(set_fields("Counts"), (None, None, "Counts".into()));
    }
}
