//! Export: a project as a REFI-QDA project (`.qdpx`) or codebook (`.qdc`).
//!
//! What goes where: each source with a document → `TextSource` whose plain text is the
//! stored text (`sources/GUID.txt`, UTF-8, so positions agree); a record without a
//! document → `TextSource` with empty `PlainTextContent`; metadata → text `Variable`s
//! named as CSL variables; annotations (not orphans) → `PlainTextSelection` (name = the
//! quote, note = `Description`, one `Coding` for the kind and one per tag, the locator
//! as a referenced note named [`LOCATOR_NOTE`], a corrected figure value as one named
//! [`FIGURE_NOTE`]); kinds →
//! codes under [`KINDS_CODE`]; tags → codes with colour and description; links →
//! `Link` (relation as name, note as a `Note`); conflict sets → `Set` (verdict and
//! rationale as description) with a member `Note` that each figure's selection refers to.
//! Output is deterministic: GUIDs from [`guid`], fixed zip timestamps, sorted maps.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{CODEBOOK_NS, FIGURE_NOTE, KINDS_CODE, LOCATOR_NOTE, META_VARIABLES, PROJECT_NS, colour, guid};
use crate::model::{AnchorStatus, Annotation, Kind, Person, Project, Source};

type Xml = Writer<Vec<u8>>;
/// Writes an element's content.
type Inner<'a> = &'a dyn Fn(&mut Xml) -> io::Result<()>;

/// The app's highlight colours of the kinds (as `ui::panels::kind_colour`).
fn kind_colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Claim => "#a8d8f0",
        Kind::Figure => "#f4d35e",
        Kind::Quote => "#b5e48c",
        Kind::Question => "#f4a261",
        Kind::Note => "#cdb4db",
    }
}

/// Drops characters XML 1.0 cannot carry (C0 controls other than tab and line ends,
/// U+FFFE/U+FFFF), which would make the file unreadable to every QDA package.
fn clean(s: &str) -> String {
    s.chars().filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')).collect()
}

/// An `xsd:dateTime` if the stored timestamp is one (RFC 3339), else nothing.
fn date_time(s: &str) -> Option<String> {
    humantime::parse_rfc3339(s).ok().map(|_| s.to_string())
}

fn err(e: io::Error) -> String {
    format!("could not write the REFI-QDA XML: {e}")
}

/// Writes `<name attrs…/>`, or with content when `inner` writes some.
fn element(w: &mut Xml, name: &str, attrs: &[(&str, String)], inner: Option<Inner>) -> io::Result<()> {
    let el = w.create_element(name).with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_str())));
    match inner {
        Some(f) => el.write_inner_content(|w| f(w)).map(|_| ()),
        None => el.write_empty().map(|_| ()),
    }
}

fn text_element(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&clean(text))).map(|_| ())
}

/// The GUIDs of one export, all derived from the project title and our ids.
struct Ids<'a> {
    title: &'a str,
}

impl Ids<'_> {
    fn of(&self, key: &str) -> String {
        guid(self.title, key)
    }
    fn user(&self) -> String {
        self.of("user")
    }
    fn kind(&self, k: Kind) -> String {
        self.of(&format!("kind:{k}"))
    }
    fn tag(&self, name: &str) -> String {
        self.of(&format!("tag:{name}"))
    }
}

/// Annotations that can be exported: anchored (not orphans) on a source with text.
fn exported(p: &Project) -> Vec<&Annotation> {
    p.annotations.values().filter(|a| a.anchor.status != AnchorStatus::Orphan && p.texts.contains_key(&a.source)).collect()
}

fn codes(w: &mut Xml, p: &Project, ids: &Ids) -> io::Result<()> {
    element(
        w,
        "Codes",
        &[],
        Some(&|w| {
            let kinds = [("guid", ids.of("kinds")), ("name", KINDS_CODE.to_string()), ("isCodable", "false".to_string())];
            element(
                w,
                "Code",
                &kinds,
                Some(&|w| {
                    text_element(w, "Description", "Annotation kinds of Marginalia; each annotation is coded with its kind.")?;
                    for k in Kind::ALL {
                        let attrs = [
                            ("guid", ids.kind(k)),
                            ("name", k.as_str().to_string()),
                            ("isCodable", "true".to_string()),
                            ("color", kind_colour(k).to_string()),
                        ];
                        element(w, "Code", &attrs, None)?;
                    }
                    Ok(())
                }),
            )?;
            for tag in p.tags.values() {
                let mut attrs = vec![("guid", ids.tag(&tag.name)), ("name", clean(&tag.name)), ("isCodable", "true".to_string())];
                if let Some(c) = colour(&tag.colour) {
                    attrs.push(("color", c));
                }
                let description = |w: &mut Xml| text_element(w, "Description", &tag.description);
                element(w, "Code", &attrs, (!tag.description.is_empty()).then_some(&description as Inner))?;
            }
            Ok(())
        }),
    )
}

fn person(p: &Person) -> String {
    if !p.literal.is_empty() {
        return p.literal.clone();
    }
    let family =
        [p.non_dropping_particle.as_str(), p.family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let given = [p.given.as_str(), p.dropping_particle.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let mut out = if given.is_empty() { family } else { format!("{family}, {given}") };
    if !p.suffix.is_empty() {
        out = format!("{out}, {}", p.suffix);
    }
    out
}

/// The metadata of a source as (CSL variable name, value), non-empty values only.
fn meta_values(s: &Source) -> Vec<(&'static str, String)> {
    let m = &s.meta;
    let people = |list: &[Person]| list.iter().map(person).collect::<Vec<_>>().join("; ");
    let values = [
        m.item_type.clone(),
        m.title.clone(),
        people(&m.authors),
        people(&m.editors),
        m.issued.clone(),
        m.container_title.clone(),
        m.publisher.clone(),
        m.publisher_place.clone(),
        m.url.clone(),
        m.accessed.clone(),
        m.pages.clone(),
        m.volume.clone(),
        m.issue.clone(),
        m.isbn.clone(),
        m.doi.clone(),
        m.language.clone(),
        m.note.clone(),
        s.file.clone().unwrap_or_default(),
    ];
    META_VARIABLES.into_iter().zip(values).filter(|(_, v)| !v.trim().is_empty()).collect()
}

fn selection(w: &mut Xml, p: &Project, ids: &Ids, a: &Annotation) -> io::Result<()> {
    let user = ids.user();
    let mut attrs = vec![
        ("guid", ids.of(&format!("annotation:{}", a.id))),
        ("name", clean(&a.anchor.exact)),
        ("startPosition", a.anchor.range.start.0.to_string()),
        ("endPosition", a.anchor.range.end.0.to_string()),
        ("creatingUser", user.clone()),
    ];
    let created = date_time(&a.created);
    if let Some(c) = &created {
        attrs.push(("creationDateTime", c.clone()));
    }
    if let Some(m) = date_time(&a.modified) {
        attrs.push(("modifyingUser", user.clone()));
        attrs.push(("modifiedDateTime", m));
    }
    let codings: Vec<(String, String)> = std::iter::once((format!("coding:{}:kind", a.id), ids.kind(a.kind)))
        .chain(a.tags.iter().filter(|t| p.tags.contains_key(*t)).map(|t| (format!("coding:{}:tag:{t}", a.id), ids.tag(t))))
        .collect();
    let mut ref_notes: Vec<String> = p.sets.values().filter(|s| s.contains(a.id)).map(|s| ids.of(&format!("note:set:{}", s.id))).collect();
    if !a.locator.is_empty() {
        ref_notes.push(ids.of(&format!("note:locator:{}", a.id)));
    }
    if corrected_figure(a).is_some() {
        ref_notes.push(ids.of(&format!("note:figure:{}", a.id)));
    }
    element(
        w,
        "PlainTextSelection",
        &attrs,
        Some(&|w| {
            if !a.note.is_empty() {
                text_element(w, "Description", &a.note)?;
            }
            for (key, code) in &codings {
                let mut attrs = vec![("guid", ids.of(key)), ("creatingUser", user.clone())];
                if let Some(c) = &created {
                    attrs.push(("creationDateTime", c.clone()));
                }
                element(w, "Coding", &attrs, Some(&|w| element(w, "CodeRef", &[("targetGUID", code.clone())], None)))?;
            }
            for note in &ref_notes {
                element(w, "NoteRef", &[("targetGUID", note.clone())], None)?;
            }
            Ok(())
        }),
    )
}

fn sources(w: &mut Xml, p: &Project, ids: &Ids) -> io::Result<()> {
    let annotations = exported(p);
    element(
        w,
        "Sources",
        &[],
        Some(&|w| {
            for s in p.sources.values() {
                let guid = ids.of(&format!("source:{}", s.id));
                let mut attrs = vec![("guid", guid.clone()), ("name", clean(&s.display_title()))];
                let text = p.texts.get(&s.id);
                if text.is_some() {
                    attrs.push(("plainTextPath", format!("internal://{guid}.txt")));
                }
                attrs.push(("creatingUser", ids.user()));
                element(
                    w,
                    "TextSource",
                    &attrs,
                    Some(&|w| {
                        if text.is_none() {
                            text_element(w, "PlainTextContent", "")?;
                        }
                        for a in annotations.iter().filter(|a| a.source == s.id) {
                            selection(w, p, ids, a)?;
                        }
                        for (name, value) in meta_values(s) {
                            element(
                                w,
                                "VariableValue",
                                &[],
                                Some(&|w| {
                                    element(w, "VariableRef", &[("targetGUID", ids.of(&format!("variable:{name}")))], None)?;
                                    text_element(w, "TextValue", &value)
                                }),
                            )?;
                        }
                        Ok(())
                    }),
                )?;
            }
            Ok(())
        }),
    )
}

/// The files of `sources/`: each stored text under its source's GUID.
fn source_files(p: &Project, ids: &Ids) -> Vec<(String, String)> {
    p.sources
        .values()
        .filter_map(|s| {
            p.texts.get(&s.id).map(|t| (format!("sources/{}.txt", ids.of(&format!("source:{}", s.id))), t.stored.as_str().to_string()))
        })
        .collect()
}

/// A figure value the user set by hand, as JSON (a parsed one is parsed again on import).
fn corrected_figure(a: &Annotation) -> Option<String> {
    a.figure.as_ref().filter(|f| f.corrected).and_then(|f| serde_json::to_string(f).ok())
}

/// Link notes, locators (a note named [`LOCATOR_NOTE`]), corrected figure values (JSON in a
/// note named [`FIGURE_NOTE`]) and conflict-set notes (with each member's role as
/// `a3: boarded`), as (key, name, text).
fn notes(p: &Project, linked: &[&crate::model::Link]) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = linked
        .iter()
        .filter(|l| !l.note.is_empty())
        .map(|l| (format!("note:link:{}", l.id), format!("{} ({})", l.id, l.relation), l.note.clone()))
        .collect();
    for a in exported(p).into_iter().filter(|a| !a.locator.is_empty()) {
        out.push((format!("note:locator:{}", a.id), LOCATOR_NOTE.to_string(), a.locator.clone()));
    }
    for a in exported(p) {
        if let Some(json) = corrected_figure(a) {
            out.push((format!("note:figure:{}", a.id), FIGURE_NOTE.to_string(), json));
        }
    }
    for set in p.sets.values() {
        let mut text = format!("Conflict set “{}”: {}", set.subject, set.verdict);
        for m in set.members.iter().filter(|m| !m.role.is_empty()) {
            text.push_str(&format!("\n{}: {}", m.annotation, m.role));
        }
        out.push((format!("note:set:{}", set.id), set.subject.clone(), text));
    }
    out
}

/// `project.qde` and the files of `sources/` (path in the zip, text).
pub fn project_qde(p: &Project) -> Result<(String, Vec<(String, String)>), String> {
    let title = if p.title.trim().is_empty() { "Marginalia project" } else { p.title.as_str() };
    let ids = Ids { title };
    let exported_ids: std::collections::BTreeSet<_> = exported(p).iter().map(|a| a.id).collect();
    let linked: Vec<&crate::model::Link> =
        p.links.values().filter(|l| exported_ids.contains(&l.from) && exported_ids.contains(&l.to)).collect();
    let notes = notes(p, &linked);
    let used_variables: std::collections::BTreeSet<&str> = p.sources.values().flat_map(meta_values).map(|(n, _)| n).collect();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))).map_err(err)?;
    let attrs = [
        ("xmlns", PROJECT_NS.to_string()),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance".to_string()),
        ("xsi:schemaLocation", format!("{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd")),
        ("name", clean(title)),
        ("origin", format!("Marginalia {}", env!("CARGO_PKG_VERSION"))),
        ("creatingUserGUID", ids.user()),
    ];
    element(
        &mut w,
        "Project",
        &attrs,
        Some(&|w| {
            element(w, "Users", &[], Some(&|w| element(w, "User", &[("guid", ids.user()), ("name", "Marginalia".to_string())], None)))?;
            element(w, "CodeBook", &[], Some(&|w| codes(w, p, &ids)))?;
            if !used_variables.is_empty() {
                element(
                    w,
                    "Variables",
                    &[],
                    Some(&|w| {
                        for name in META_VARIABLES.iter().filter(|n| used_variables.contains(*n)) {
                            let attrs = [
                                ("guid", ids.of(&format!("variable:{name}"))),
                                ("name", name.to_string()),
                                ("typeOfVariable", "Text".to_string()),
                            ];
                            element(w, "Variable", &attrs, None)?;
                        }
                        Ok(())
                    }),
                )?;
            }
            if !p.sources.is_empty() {
                sources(w, p, &ids)?;
            }
            if !notes.is_empty() {
                element(
                    w,
                    "Notes",
                    &[],
                    Some(&|w| {
                        for (key, name, text) in &notes {
                            let attrs = [("guid", ids.of(key)), ("name", clean(name)), ("creatingUser", ids.user())];
                            element(w, "Note", &attrs, Some(&|w| text_element(w, "PlainTextContent", text)))?;
                        }
                        Ok(())
                    }),
                )?;
            }
            if !linked.is_empty() {
                element(
                    w,
                    "Links",
                    &[],
                    Some(&|w| {
                        for l in &linked {
                            let direction = match l.relation {
                                crate::model::Relation::SameAs | crate::model::Relation::Contradicts => "Bidirectional",
                                _ => "OneWay",
                            };
                            let attrs = [
                                ("guid", ids.of(&format!("link:{}", l.id))),
                                ("name", l.relation.as_str().to_string()),
                                ("direction", direction.to_string()),
                                ("originGUID", ids.of(&format!("annotation:{}", l.from))),
                                ("targetGUID", ids.of(&format!("annotation:{}", l.to))),
                            ];
                            let note = |w: &mut Xml| element(w, "NoteRef", &[("targetGUID", ids.of(&format!("note:link:{}", l.id)))], None);
                            element(w, "Link", &attrs, (!l.note.is_empty()).then_some(&note as Inner))?;
                        }
                        Ok(())
                    }),
                )?;
            }
            if !p.sets.is_empty() {
                element(
                    w,
                    "Sets",
                    &[],
                    Some(&|w| {
                        for set in p.sets.values() {
                            let attrs = [("guid", ids.of(&format!("set:{}", set.id))), ("name", clean(&set.subject))];
                            element(
                                w,
                                "Set",
                                &attrs,
                                Some(&|w| {
                                    text_element(w, "Description", &set_description(set))?;
                                    let mut sources: Vec<_> =
                                        set.members.iter().filter_map(|m| p.annotations.get(&m.annotation)).map(|a| a.source).collect();
                                    sources.sort();
                                    sources.dedup();
                                    for s in sources {
                                        element(w, "MemberSource", &[("targetGUID", ids.of(&format!("source:{s}")))], None)?;
                                    }
                                    element(w, "MemberNote", &[("targetGUID", ids.of(&format!("note:set:{}", set.id)))], None)
                                }),
                            )?;
                        }
                        Ok(())
                    }),
                )?;
            }
            Ok(())
        }),
    )
    .map_err(err)?;
    let mut xml = String::from_utf8(w.into_inner()).map_err(|e| e.to_string())?;
    xml.push('\n');
    Ok((xml, source_files(p, &ids)))
}

/// The first line states the verdict (and preferred value) so that import reads it back.
pub fn set_description(set: &crate::model::ConflictSet) -> String {
    let mut out = format!("Verdict: {}", set.verdict);
    if let Some(v) = set.preferred {
        out.push_str(&format!("; preferred: {v}"));
    }
    if !set.rationale.is_empty() {
        out.push_str("\n\n");
        out.push_str(&set.rationale);
    }
    out
}

/// The project as a `.qdpx` zip: `project.qde` then `sources/*.txt`, deflated, every
/// entry dated 1980-01-01 so that the same project gives the same bytes.
pub fn qdpx(p: &Project) -> Result<Vec<u8>, String> {
    let (xml, files) = project_qde(p)?;
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::DEFAULT.compression_method(zip::CompressionMethod::Deflated).unix_permissions(0o644);
    let zerr = |e: zip::result::ZipError| format!("could not write the zip: {e}");
    zip.start_file("project.qde", options).map_err(zerr)?;
    zip.write_all(xml.as_bytes()).map_err(err)?;
    for (name, text) in files {
        zip.start_file(name, options).map_err(zerr)?;
        zip.write_all(text.as_bytes()).map_err(err)?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

/// The codebook alone as a `.qdc` (REFI-QDA codebook, `urn:QDA-XML:codebook:1.0`).
pub fn qdc(p: &Project) -> Result<String, String> {
    let title = if p.title.trim().is_empty() { "Marginalia project" } else { p.title.as_str() };
    let ids = Ids { title };
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))).map_err(err)?;
    let attrs = [("xmlns", CODEBOOK_NS.to_string()), ("origin", format!("Marginalia {}", env!("CARGO_PKG_VERSION")))];
    element(&mut w, "CodeBook", &attrs, Some(&|w| codes(w, p, &ids))).map_err(err)?;
    let mut out = String::from_utf8(w.into_inner()).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}
