//! Reading a `.qdpx`: the zip (every entry read with a size limit, since a small
//! file can unpack to gigabytes), `project.qde` checked for what the import relies on
//! (root element and namespace, required attributes, integer positions, GUIDs) with
//! line:col, and the text of each text source.

use std::collections::BTreeMap;
use std::io::Read;

use super::xml::{self, Element};
use super::{PROJECT_NS, guid_key};

/// A code of the codebook, flattened (`parent` indexes [`Package::codes`]).
#[derive(Debug, Clone)]
pub struct Code {
    pub guid: String,
    pub name: String,
    pub colour: Option<String>,
    pub description: String,
    pub parent: Option<usize>,
}

/// A `PlainTextSelection`: positions as written (not yet converted), its codes and notes.
#[derive(Debug, Clone)]
pub struct Selection {
    pub guid: String,
    pub name: String,
    pub start: u64,
    pub end: u64,
    pub description: String,
    pub codes: Vec<String>,
    pub notes: Vec<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// line:col of the element in `project.qde`.
    pub at: (usize, usize),
}

/// A `TextSource` with its plain text (as in the file: BOM removed, line ends kept),
/// or why the text could not be read.
#[derive(Debug, Clone)]
pub struct TextSource {
    pub guid: String,
    pub name: String,
    pub description: String,
    pub text: Result<String, String>,
    pub selections: Vec<Selection>,
    /// Codings of the whole source (no counterpart here).
    pub source_codings: usize,
    /// (variable GUID, value) pairs.
    pub variables: Vec<(String, String)>,
}

/// A source of another kind (PDF, picture, audio, video), skipped by the import.
#[derive(Debug, Clone)]
pub struct OtherSource {
    pub kind: String,
    pub name: String,
    pub selections: usize,
}

/// A `Link` between two objects (selections, codes, sources…) by GUID.
#[derive(Debug, Clone)]
pub struct Link {
    pub guid: String,
    pub name: String,
    pub origin: String,
    pub target: String,
    pub notes: Vec<String>,
}

/// A `Set`: its name, description, how many codes and sources it groups, its member notes.
#[derive(Debug, Clone)]
pub struct Set {
    pub name: String,
    pub description: String,
    pub codes: usize,
    pub sources: usize,
    pub notes: Vec<String>,
}

/// What a `.qdpx` holds, as far as the import uses it. GUIDs are [`guid_key`]s.
#[derive(Debug, Clone, Default)]
pub struct Package {
    pub name: String,
    pub origin: String,
    pub codes: Vec<Code>,
    pub sources: Vec<TextSource>,
    pub others: Vec<OtherSource>,
    /// Notes by GUID: (name, text).
    pub notes: BTreeMap<String, (String, String)>,
    pub links: Vec<Link>,
    pub sets: Vec<Set>,
    /// Variable names by GUID.
    pub variables: BTreeMap<String, String>,
    /// How many `Case`s and `Graph`s the project has (no counterpart here).
    pub cases: usize,
    pub graphs: usize,
}

/// How many times the per-entry limit all entries together may unpack to: many
/// entries each just under the limit would otherwise add up without bound.
const TOTAL_LIMIT_FACTOR: u64 = 2;

/// Opens the zip and reads entries within `limit` bytes each, and within
/// [`TOTAL_LIMIT_FACTOR`] times that in all.
struct Zip {
    archive: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    limit: u64,
    /// Bytes still allowed to be unpacked.
    left: u64,
}

impl Zip {
    /// The entry named `name`, else one differing only in case (NVivo for Windows
    /// writes `Sources/`); `None` if there is none.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let found =
            self.archive.file_names().find(|n| *n == name).or_else(|| self.archive.file_names().find(|n| n.eq_ignore_ascii_case(name)));
        let Some(found) = found.map(str::to_string) else { return Ok(None) };
        let too_big = || format!("{found} unpacks to over {} MB; files that large are not imported", self.limit / (1024 * 1024));
        let entry = self.archive.by_name(&found).map_err(|e| format!("{found}: {e}"))?;
        if entry.size() > self.limit {
            return Err(too_big());
        }
        let mut bytes = Vec::new();
        // The size a zip states can lie: read one byte past the limit to know.
        let cap = self.limit.min(self.left);
        entry.take(cap + 1).read_to_end(&mut bytes).map_err(|e| format!("{found}: {e}"))?;
        if bytes.len() as u64 > self.limit {
            return Err(too_big());
        }
        if bytes.len() as u64 > self.left {
            return Err(format!(
                "the package unpacks to over {} MB in all; projects that large are not imported",
                (self.limit * TOTAL_LIMIT_FACTOR) / (1024 * 1024)
            ));
        }
        self.left -= bytes.len() as u64;
        Ok(Some(bytes))
    }
}

/// An XML document being read and the name its errors give it (`project.qde`, or
/// nothing for a codebook file, which the caller names).
struct Doc<'a> {
    text: &'a str,
    name: &'a str,
}

/// A problem in a document, with its place: `project.qde:12:5: …` (or `12:5: …`).
fn at(doc: &Doc, el: &Element, message: impl std::fmt::Display) -> String {
    let (line, col) = xml::line_col(doc.text, el.offset);
    place(doc.name, line, col, message)
}

fn place(name: &str, line: usize, col: usize, message: impl std::fmt::Display) -> String {
    if name.is_empty() { format!("{line}:{col}: {message}") } else { format!("{name}:{line}:{col}: {message}") }
}

/// A document's text: UTF-8, a BOM dropped.
fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|e| format!("{name} is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

fn required<'a>(doc: &Doc, el: &'a Element, name: &str) -> Result<&'a str, String> {
    el.attr(name).ok_or_else(|| at(doc, el, format!("<{}> has no `{name}` attribute, which the REFI-QDA schema requires", el.name)))
}

/// A GUID attribute, checked against the schema's pattern, as a lookup key.
fn guid_attr(doc: &Doc, el: &Element, name: &str) -> Result<String, String> {
    let value = required(doc, el, name)?;
    let key = guid_key(value);
    let groups: Vec<&str> = key.split('-').collect();
    let shape_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()));
    if !shape_ok {
        return Err(at(doc, el, format!("`{name}` is `{value}`, not a GUID")));
    }
    Ok(key)
}

fn position(doc: &Doc, el: &Element, name: &str) -> Result<u64, String> {
    let value = required(doc, el, name)?;
    value.trim().parse::<u64>().map_err(|_| at(doc, el, format!("`{name}` is `{value}`, not a position (a whole number from 0)")))
}

fn refs(doc: &Doc, el: &Element, name: &str) -> Result<Vec<String>, String> {
    el.children_named(name).map(|r| guid_attr(doc, r, "targetGUID")).collect()
}

fn codes(doc: &Doc, parent: &Element, up: Option<usize>, out: &mut Vec<Code>) -> Result<(), String> {
    for c in parent.children_named("Code") {
        let guid = guid_attr(doc, c, "guid")?;
        let name = required(doc, c, "name")?.to_string();
        required(doc, c, "isCodable")?;
        let colour = c.attr("color").and_then(super::colour);
        out.push(Code { guid, name, colour, description: c.child_text("Description").unwrap_or_default().to_string(), parent: up });
        let index = out.len() - 1;
        codes(doc, c, Some(index), out)?;
    }
    Ok(())
}

/// Text of a source file: UTF-8 (REFI-QDA §9.1.2), a BOM dropped (positions count after it).
fn source_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("its text is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

fn text_source(doc: &Doc, el: &Element, zip: &mut Zip) -> Result<TextSource, String> {
    let guid = guid_attr(doc, el, "guid")?;
    let name = el.attr("name").unwrap_or_default().to_string();
    let text = match (el.child_text("PlainTextContent"), el.attr("plainTextPath")) {
        (Some(content), _) => Ok(content.to_string()),
        (None, Some(path)) => match path.strip_prefix("internal://") {
            Some(file) if !file.contains(['/', '\\']) && !file.contains("..") => match zip.read(&format!("sources/{file}"))? {
                Some(bytes) => source_text(&bytes),
                None => Err(format!("its text sources/{file} is not in the package")),
            },
            Some(file) => Err(format!("its text path `{file}` leaves the flat sources folder")),
            None => Err(format!("its text is outside the package ({path})")),
        },
        (None, None) => Err("it has no plain text (only rich text)".to_string()),
    };
    let mut selections = Vec::new();
    for s in el.children_named("PlainTextSelection") {
        let codes = s
            .children_named("Coding")
            .map(|c| {
                c.child("CodeRef").map_or_else(|| Err(at(doc, c, "<Coding> without a <CodeRef>")), |r| guid_attr(doc, r, "targetGUID"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut notes = refs(doc, s, "NoteRef")?;
        for c in s.children_named("Coding") {
            notes.extend(refs(doc, c, "NoteRef")?);
        }
        selections.push(Selection {
            guid: guid_attr(doc, s, "guid")?,
            name: s.attr("name").unwrap_or_default().to_string(),
            start: position(doc, s, "startPosition")?,
            end: position(doc, s, "endPosition")?,
            description: s.child_text("Description").unwrap_or_default().to_string(),
            codes,
            notes,
            created: s.attr("creationDateTime").map(str::to_string),
            modified: s.attr("modifiedDateTime").map(str::to_string),
            at: xml::line_col(doc.text, s.offset),
        });
    }
    let mut variables = Vec::new();
    for v in el.children_named("VariableValue") {
        let Some(r) = v.child("VariableRef") else { return Err(at(doc, v, "<VariableValue> without a <VariableRef>")) };
        let value = v.child_text("TextValue").unwrap_or_default().to_string();
        variables.push((guid_attr(doc, r, "targetGUID")?, value));
    }
    Ok(TextSource {
        guid,
        name,
        description: el.child_text("Description").unwrap_or_default().to_string(),
        text,
        selections,
        source_codings: el.children_named("Coding").count(),
        variables,
    })
}

/// Reads a `.qdpx` from its bytes, each entry limited to `limit` bytes unpacked.
/// Errors say what is wrong and where (`project.qde:L:C: …`); the caller names the file.
pub fn package(bytes: Vec<u8>, limit: u64) -> Result<Package, String> {
    let archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a REFI-QDA project (.qdpx is a zip file): {e}"))?;
    let mut zip = Zip { archive, limit, left: limit.saturating_mul(TOTAL_LIMIT_FACTOR) };
    let qde = zip.read("project.qde")?.ok_or("no project.qde in the zip: not a REFI-QDA project")?;
    let text = utf8(qde, "project.qde")?;
    let doc = Doc { text: &text, name: "project.qde" };
    let root = xml::parse(doc.text).map_err(|e| place(doc.name, e.line, e.col, e.message))?;
    if root.name != "Project" {
        return Err(at(&doc, &root, format!("the root element is <{}>, not <Project>", root.name)));
    }
    if let Some(ns) = root.attr("xmlns").filter(|ns| *ns != PROJECT_NS) {
        return Err(at(&doc, &root, format!("the namespace is `{ns}`, not `{PROJECT_NS}`")));
    }
    const KNOWN: [&str; 11] =
        ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description", "NoteRef"];
    if let Some(odd) = root.children.iter().find(|c| !KNOWN.contains(&c.name.as_str())) {
        return Err(at(&doc, odd, format!("<{}> is not an element of a REFI-QDA project", odd.name)));
    }
    let mut p = Package {
        name: required(&doc, &root, "name")?.to_string(),
        origin: root.attr("origin").unwrap_or_default().to_string(),
        ..Package::default()
    };
    p.cases = root.child("Cases").map_or(0, |c| c.children_named("Case").count());
    p.graphs = root.child("Graphs").map_or(0, |g| g.children_named("Graph").count());
    if let Some(codes_el) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        codes(&doc, codes_el, None, &mut p.codes)?;
    }
    for v in root.child("Variables").into_iter().flat_map(|v| v.children_named("Variable")) {
        p.variables.insert(guid_attr(&doc, v, "guid")?, required(&doc, v, "name")?.to_string());
    }
    for s in root.child("Sources").into_iter().flat_map(|s| s.children.iter()) {
        match s.name.as_str() {
            "TextSource" => p.sources.push(text_source(&doc, s, &mut zip)?),
            "PictureSource" | "PDFSource" | "AudioSource" | "VideoSource" => {
                let selections = s.children.iter().filter(|c| c.name.ends_with("Selection")).count();
                p.others.push(OtherSource { kind: s.name.clone(), name: s.attr("name").unwrap_or_default().to_string(), selections });
            }
            other => return Err(at(&doc, s, format!("<{other}> is not a kind of source"))),
        }
    }
    for n in root.child("Notes").into_iter().flat_map(|n| n.children_named("Note")) {
        let text = match (n.child_text("PlainTextContent"), n.attr("plainTextPath").and_then(|p| p.strip_prefix("internal://"))) {
            (Some(t), _) => t.to_string(),
            (None, Some(file)) if !file.contains(['/', '\\']) => {
                zip.read(&format!("sources/{file}"))?.map(|b| source_text(&b)).transpose()?.unwrap_or_default()
            }
            _ => String::new(),
        };
        p.notes.insert(guid_attr(&doc, n, "guid")?, (n.attr("name").unwrap_or_default().to_string(), text));
    }
    for l in root.child("Links").into_iter().flat_map(|l| l.children_named("Link")) {
        p.links.push(Link {
            guid: guid_attr(&doc, l, "guid")?,
            name: l.attr("name").unwrap_or_default().to_string(),
            origin: l.attr("originGUID").map(guid_key).unwrap_or_default(),
            target: l.attr("targetGUID").map(guid_key).unwrap_or_default(),
            notes: refs(&doc, l, "NoteRef")?,
        });
    }
    for s in root.child("Sets").into_iter().flat_map(|s| s.children_named("Set")) {
        guid_attr(&doc, s, "guid")?;
        p.sets.push(Set {
            name: required(&doc, s, "name")?.to_string(),
            description: s.child_text("Description").unwrap_or_default().to_string(),
            codes: s.children_named("MemberCode").count(),
            sources: s.children_named("MemberSource").count(),
            notes: refs(&doc, s, "MemberNote")?,
        });
    }
    Ok(p)
}

/// Reads a `.qdc` codebook (root `CodeBook`, namespace `urn:QDA-XML:codebook:1.0`): its
/// codes, as a package without sources. Errors give line:col; the caller names the file.
pub fn codebook(bytes: Vec<u8>) -> Result<Package, String> {
    let text = utf8(bytes, "the codebook")?;
    let doc = Doc { text: &text, name: "" };
    let root = xml::parse(doc.text).map_err(|e| place(doc.name, e.line, e.col, e.message))?;
    if root.name != "CodeBook" {
        return Err(at(&doc, &root, format!("the root element is <{}>, not <CodeBook>", root.name)));
    }
    if let Some(ns) = root.attr("xmlns").filter(|ns| *ns != super::CODEBOOK_NS) {
        return Err(at(&doc, &root, format!("the namespace is `{ns}`, not `{}`", super::CODEBOOK_NS)));
    }
    let mut p = Package { origin: root.attr("origin").unwrap_or_default().to_string(), ..Package::default() };
    let codes_el = root.child("Codes").ok_or_else(|| at(&doc, &root, "<CodeBook> has no <Codes>, which the REFI-QDA schema requires"))?;
    codes(&doc, codes_el, None, &mut p.codes)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::DEFAULT).expect("entry");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn entries_are_limited_one_by_one_and_together() {
        let guid = |n: u32| format!("6d617267-0000-4000-8000-{n:012}");
        let sources: String =
            (1..=4).map(|n| format!(r#"<TextSource guid="{g}" plainTextPath="internal://{g}.txt"/>"#, g = guid(n))).collect();
        let qde = format!(r#"<Project xmlns="{PROJECT_NS}" name="x"><Sources>{sources}</Sources></Project>"#);
        let text = vec![b'a'; 400];
        let names: Vec<String> = (1..=4).map(|n| format!("sources/{}.txt", guid(n))).collect();
        let mut entries: Vec<(&str, &[u8])> = vec![("project.qde", qde.as_bytes())];
        entries.extend(names.iter().map(|n| (n.as_str(), text.as_slice())));
        let bytes = zip_of(&entries);
        // Each entry fits in 1000 bytes, but not all of them in 2000.
        let e = package(bytes.clone(), 1000).expect_err("over the total");
        assert!(e.contains("in all"), "{e}");
        assert_eq!(package(bytes.clone(), 2000).expect("within").sources.len(), 4);
        let e = package(bytes, 300).expect_err("one entry too big");
        assert!(e.contains("unpacks to over"), "{e}");
    }
}
