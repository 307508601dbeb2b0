//! Sources: an imported document and/or a bibliographic record.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::ids::SourceId;
use super::offsets::TextIndex;
use super::reading::ReadingText;

/// A person's name as CSL has it (CSL-JSON name variables): family/given with the
/// optional particles and suffix, or a single literal (corporate) name. Every part a
/// record carries is kept, so `van den Berg` or `Ortega, R. de, Jr.` survive import and export.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub given: String,
    /// CSL `non-dropping-particle`: part of the family name when sorting (`van den` in `van den Berg`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub non_dropping_particle: String,
    /// CSL `dropping-particle`: dropped when sorting by family name (`de` in `Ortega, R. de`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dropping_particle: String,
    /// CSL `suffix` (`Jr.`, `III`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// A corporate or otherwise unsplittable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub literal: String,
}

impl Person {
    pub fn new(family: &str, given: &str) -> Self {
        Self { family: family.to_string(), given: given.to_string(), ..Self::default() }
    }

    pub fn literal(name: &str) -> Self {
        Self { literal: name.to_string(), ..Self::default() }
    }

    /// "Family" or the literal name, for short displays.
    pub fn short(&self) -> &str {
        if self.literal.is_empty() { &self.family } else { &self.literal }
    }

    /// The name as it is read: `Victoria Kim`, `Jan van den Berg`, `R. de Ortega, Jr.`,
    /// or the literal name.
    pub fn display(&self) -> String {
        if !self.literal.is_empty() {
            return self.literal.clone();
        }
        let parts = [&self.given, &self.dropping_particle, &self.non_dropping_particle, &self.family];
        let mut name = parts.iter().filter(|p| !p.is_empty()).map(|p| p.as_str()).collect::<Vec<_>>().join(" ");
        if !self.suffix.is_empty() {
            name.push_str(", ");
            name.push_str(&self.suffix);
        }
        name
    }

    /// The name inverted for lists and text formats: `van den Berg, Anneke`,
    /// `Ortega, R. de, Jr.`, or the literal name (`store::csl_record::person_from_parts`
    /// reads it back).
    pub fn inverted(&self) -> String {
        if !self.literal.is_empty() {
            return self.literal.clone();
        }
        let join = |a: &str, b: &str| [a, b].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        let mut name = join(&self.non_dropping_particle, &self.family);
        let given = join(&self.given, &self.dropping_particle);
        for part in [given.as_str(), self.suffix.as_str()] {
            if !part.is_empty() {
                name.push_str(", ");
                name.push_str(part);
            }
        }
        name
    }

    /// A name from its written parts, particles read as citeproc-js reads them: leading
    /// lower-case words of `family` are the non-dropping particle (`van den` Berg),
    /// trailing lower-case words of `given` the dropping particle (R. `de`).
    pub fn from_parts(family: &str, given: &str, suffix: &str) -> Person {
        let lower = |w: &&&str| w.chars().next().is_some_and(char::is_lowercase);
        let fam: Vec<&str> = family.split_whitespace().collect();
        let n = fam.iter().take_while(lower).count().min(fam.len().saturating_sub(1));
        let giv: Vec<&str> = given.split_whitespace().collect();
        let d = giv.iter().rev().take_while(lower).count().min(giv.len().saturating_sub(1));
        Person {
            family: fam[n..].join(" "),
            non_dropping_particle: fam[..n].join(" "),
            given: giv[..giv.len() - d].join(" "),
            dropping_particle: giv[giv.len() - d..].join(" "),
            suffix: suffix.trim().to_string(),
            literal: String::new(),
        }
    }

    /// Whether the name has nothing in it.
    pub fn is_empty(&self) -> bool {
        [&self.family, &self.given, &self.non_dropping_particle, &self.dropping_particle, &self.suffix, &self.literal]
            .iter()
            .all(|p| p.is_empty())
    }
}

/// CSL-like bibliographic metadata. Dates are ISO 8601 partial dates (`2021`,
/// `2024-02`, `2024-02-15`) with the EDTF (ISO 8601-2) level-1 extensions a CSL date
/// can carry: an interval `1979/1984`, a season `1905-21` (21–24 = spring–winter), an
/// approximate date `1905~`; any other text is a literal date (`Spring term, 1905`). Any field may be marked as *guessed* (named in
/// `guessed`) until the user confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// CSL item type: `article-journal`, `chapter`, `book`, `report`, `webpage`, …
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub item_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<Person>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub issued: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub container_title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub publisher_place: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub accessed: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pages: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub volume: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub issue: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub isbn: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub doi: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub language: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Every other CSL name variable of the record (`translator`, `container-author`,
    /// `collection-editor`, …), by its CSL name: kept so that an export gives back what
    /// an import read.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, Vec<Person>>,
    /// Every other CSL variable of the record (`number`, `edition`, `genre`, `archive`,
    /// `event-title`, `original-date`, …), by its CSL name, as text. Dates are written
    /// as `issued` is (see there).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Names of fields whose value was guessed, not confirmed (`title`, `issued`, …).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub guessed: BTreeSet<String>,
}

impl Metadata {
    /// The year of `issued`, if it starts with one.
    pub fn year(&self) -> Option<i32> {
        let digits: String = self.issued.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 4).then(|| digits.parse().ok()).flatten()
    }
}

/// A source of the project: a document imported into `sources/` and/or a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: SourceId,
    /// The imported file's name (`report.txt`); `None` for a record without a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where the document was imported from, for `refresh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_path: Option<String>,
    /// The stored text, relative to the project folder (always under `sources/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_path: Option<String>,
    /// SHA-256 of the stored text, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(default)]
    pub meta: Metadata,
    /// Char offsets where the pages of the original start (PDF imports), so that
    /// annotations get a `p. N` locator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_starts: Vec<usize>,
    /// The Zotero item (and attachment) this source was imported from, so that a
    /// re-import updates it rather than adding it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zotero: Option<ZoteroItemRef>,
}

/// Where a source came from in a Zotero library (`import-zotero`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoteroItemRef {
    /// The regular item's key (8 chars of `23456789ABCDEFGHIJKLMNPQRSTUVWXYZ`).
    pub item: String,
    /// The attachment's key when the source holds that attachment's document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<String>,
    /// The item's `dateModified` when it was last imported (Zotero's UTC `YYYY-MM-DD hh:mm:ss`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    /// The item's Zotero tags, as they were at the last import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The Zotero collections holding the item (names, parents first: `Korea/Arrivals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<String>,
}

impl Source {
    /// The 1-based page of a stored offset, if the source has a page map.
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        (!self.page_starts.is_empty()).then(|| self.page_starts.partition_point(|&s| s <= offset).max(1))
    }

    /// A readable stand-in title for an untitled document: its first line of words
    /// (the heading, usually), at most 80 chars, cut at a word. `None` when the text
    /// has no line with a letter in it.
    pub fn title_from_text(text: &str) -> Option<String> {
        let line = text.lines().map(str::trim).find(|l| l.chars().any(char::is_alphabetic))?;
        let line = line.trim_start_matches(|c: char| c == '#' || c.is_whitespace());
        if line.chars().count() <= 80 {
            return Some(line.to_string());
        }
        let cut: String = line.chars().take(80).collect();
        let at = cut.rfind(' ').filter(|&i| i > 20).unwrap_or(cut.len());
        Some(format!("{}…", cut[..at].trim_end()))
    }

    /// A title for lists: the metadata title, else the file name, else the id.
    pub fn display_title(&self) -> String {
        if !self.meta.title.is_empty() {
            self.meta.title.clone()
        } else if let Some(file) = &self.file {
            file.clone()
        } else {
            self.id.to_string()
        }
    }
}

/// A source's stored text with its derived views, shared cheaply between the
/// project, undo history and UI.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub stored: TextIndex,
    pub reading: ReadingText,
    /// Unique per text made in this process: what caches of derived views are keyed
    /// by (a pointer address could be reused by a later text; this never is).
    serial: u64,
}

/// Texts are equal when their content is; the serial is identity, not content.
impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        self.stored == other.stored && self.reading == other.reading
    }
}

impl Eq for SourceText {}

impl SourceText {
    pub fn new(text: String) -> Arc<Self> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let reading = ReadingText::new(&text);
        let serial = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Arc::new(Self { stored: TextIndex::new(text), reading, serial })
    }

    /// This text's identity for caches: never shared with another text of this run.
    pub fn serial(&self) -> u64 {
        self.serial
    }
}

/// Reads a name as people type it: `Family, Given[, Suffix]` (particles as in
/// [`Person::from_parts`]), `{Literal name}` for a corporate name with commas, or any
/// other text as a literal name. Never fails.
impl std::str::FromStr for Person {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Some(inner) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            return Ok(Person::literal(inner.trim()));
        }
        let mut parts = s.splitn(3, ',').map(str::trim);
        Ok(match (parts.next(), parts.next(), parts.next()) {
            (Some(family), Some(given), suffix) => Person::from_parts(family, given, suffix.unwrap_or("")),
            _ => Person::literal(s),
        })
    }
}

/// Writes a name the way [`FromStr`](std::str::FromStr) reads it back: `van den Berg,
/// Anneke`, `Ortega, R. de, Jr.`, a literal name (in braces when it holds a comma).
impl std::fmt::Display for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.literal.is_empty() && self.literal.contains(',') {
            write!(f, "{{{}}}", self.literal)
        } else {
            f.write_str(&self.inverted())
        }
    }
}

#[cfg(test)]
mod person_tests {
    use super::Person;

    #[test]
    fn names_print_and_parse_back() {
        for text in ["van den Berg, Anneke", "Ortega, R. de, Jr.", "Kim, Victoria", "{Comisión México-Corea, Siglo XXI}", "UNESCO"] {
            let p: Person = text.parse().expect("infallible");
            assert_eq!(p.to_string(), text, "{p:?}");
            assert_eq!(p.to_string().parse::<Person>().expect("infallible"), p);
        }
        let p: Person = "van den Berg, Anneke".parse().expect("infallible");
        assert_eq!((p.non_dropping_particle.as_str(), p.family.as_str(), p.given.as_str()), ("van den", "Berg", "Anneke"));
        let p: Person = "Ortega, R. de, Jr.".parse().expect("infallible");
        assert_eq!((p.dropping_particle.as_str(), p.suffix.as_str()), ("de", "Jr."));
    }
}
