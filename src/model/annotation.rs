//! Annotations, the codebook's tags, and links between annotations.

use serde::{Deserialize, Serialize};

use super::anchor::Anchor;
use super::ids::{AnnotationId, LinkId, SourceId};
use super::string_enum::string_enum;

/// What an annotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Claim,
    Figure,
    Quote,
    Question,
    Note,
}

string_enum!(Kind, "kind", ignore_case: true, {
    Claim => "claim",
    Figure => "figure",
    Quote => "quote",
    Question => "question",
    Note => "note",
});

impl Kind {
    /// Title-case label for menus and headings.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Claim => "Claim",
            Kind::Figure => "Figure",
            Kind::Quote => "Quote",
            Kind::Question => "Question",
            Kind::Note => "Note",
        }
    }
}

/// A highlighted span of a source with what the researcher says about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    pub source: SourceId,
    pub anchor: Anchor,
    pub kind: Kind,
    /// Codebook tag names, sorted and unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Free text (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Where in the source, as a citation locator (`p. 12`, `¶ 4`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub locator: String,
    /// The parsed (or corrected) value of a figure annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<super::conflicts::FigureValue>,
    /// RFC 3339 timestamps.
    pub created: String,
    pub modified: String,
    /// The Zotero annotation this one was imported from, so a re-import updates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zotero: Option<ZoteroAnnotationRef>,
}

/// Where an annotation came from in a Zotero library (`import-zotero`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoteroAnnotationRef {
    /// The Zotero annotation item's key.
    pub key: String,
    /// Its `dateModified` when last imported (Zotero's UTC `YYYY-MM-DD hh:mm:ss`): a
    /// re-import leaves the annotation alone while Zotero's copy has not changed since.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
}

impl Annotation {
    pub fn has_tag(&self, name: &str) -> bool {
        self.tags.iter().any(|t| t == name)
    }

    /// Adds a tag keeping the list sorted and unique.
    pub fn add_tag(&mut self, name: &str) {
        if let Err(at) = self.tags.binary_search_by(|t| t.as_str().cmp(name)) {
            self.tags.insert(at, name.to_string());
        }
    }

    pub fn remove_tag(&mut self, name: &str) {
        self.tags.retain(|t| t != name);
    }
}

/// A codebook entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Colours offered to new tags, in turn: distinct and readable under dark text.
pub const TAG_PALETTE: [&str; 8] = ["#f4d35e", "#8ecae6", "#f4a261", "#b5e48c", "#cdb4db", "#ffafcc", "#90e0ef", "#e9c46a"];

impl Tag {
    pub fn new(name: &str, colour: &str) -> Self {
        Self { name: name.to_string(), colour: colour.to_string(), description: String::new() }
    }

    /// The colour as RGB, if it is a valid `#rrggbb`.
    pub fn rgb(&self) -> Option<[u8; 3]> {
        parse_hex_colour(&self.colour)
    }
}

pub fn parse_hex_colour(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// How one annotation relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    Contradicts,
    Supports,
    SameAs,
    Explains,
}

string_enum!(Relation, "relation", ignore_case: false, {
    Contradicts => "contradicts",
    Supports => "supports",
    SameAs => "same-as",
    Explains => "explains",
});

/// A typed link from one annotation to another (possibly in another source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: LinkId,
    pub from: AnnotationId,
    pub to: AnnotationId,
    pub relation: Relation,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_relations_parse_from_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        for r in Relation::ALL {
            assert_eq!(r.as_str().parse::<Relation>(), Ok(r));
        }
        assert!("contradict".parse::<Relation>().is_err());
    }

    #[test]
    fn colours_parse() {
        assert_eq!(parse_hex_colour("#ff8000"), Some([255, 128, 0]));
        assert_eq!(parse_hex_colour("ff8000"), None);
        assert_eq!(parse_hex_colour("#ff80"), None);
    }
}
