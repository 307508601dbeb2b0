//! REFI-QDA exchange (QDA-XML 1.0, REFI-QDA 1.5): `.qdpx` projects and `.qdc`
//! codebooks, the format ATLAS.ti, MAXQDA, NVivo, QualCoder and Taguette share.
//!
//! A `.qdpx` is a zip holding `project.qde` (XML in the namespace
//! `urn:QDA-XML:project:1.0`, schema `Project.xsd`) and the sources' files in a flat
//! `sources/` folder, referred to as `internal://NAME`. Text positions are Unicode
//! code points from 0 into the source's plain text (REFI-QDA 1.5 §10.2); every real
//! export ends a selection before `endPosition`, as our ranges do.
//!
//! [`write`] exports a project, [`read`] reads a package into plain values (bounded
//! reads, line:col errors), [`import`] turns those into one [`crate::model::Transaction`].

pub mod import;
mod positions;
pub mod read;
pub mod write;
mod xml;

#[cfg(test)]
mod round_trip;

use uuid::Uuid;

/// The namespace of `project.qde`.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The namespace of a `.qdc` codebook.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// The parent code under which annotation kinds are exported (not codable itself), so
/// that a round trip gives each annotation its kind back rather than a tag.
pub const KINDS_CODE: &str = "Marginalia kinds";

/// The name of the note that carries an annotation's citation locator (`p. 12`).
pub const LOCATOR_NOTE: &str = "Locator";

/// The name of the note that carries a figure value set by hand (JSON of
/// [`crate::model::FigureValue`]).
pub const FIGURE_NOTE: &str = "Figure value";

/// Source metadata exported as text variables, by CSL variable name; the same names
/// are read back on import.
pub const META_VARIABLES: [&str; 18] = [
    "type",
    "title",
    "author",
    "editor",
    "issued",
    "container-title",
    "publisher",
    "publisher-place",
    "URL",
    "accessed",
    "page",
    "volume",
    "issue",
    "ISBN",
    "DOI",
    "language",
    "note",
    "file",
];

/// A stable GUID for one of our entities: UUID v5 (RFC 9562, SHA-1 name-based) of the
/// project title and a key such as `annotation:a17`, upper case as QDA tools write
/// them. Exporting the same project twice gives the same GUIDs.
pub fn guid(project_title: &str, key: &str) -> String {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:x-marginalia:refi-qda");
    let name = format!("{project_title}\u{0}{key}");
    Uuid::new_v5(&namespace, name.as_bytes()).hyphenated().to_string().to_uppercase()
}

/// A GUID as a lookup key: lower case, braces dropped (the schema allows `{…}`).
pub fn guid_key(s: &str) -> String {
    s.trim().trim_start_matches('{').trim_end_matches('}').to_ascii_lowercase()
}

/// `#rgb` or `#rrggbb` (the schema's RGBType) → our `#rrggbb`, lower case.
pub fn colour(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_lowercase())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_distinct_and_match_the_schema_pattern() {
        let a = guid("Migrants", "annotation:a1");
        assert_eq!(a, guid("Migrants", "annotation:a1"));
        assert_ne!(a, guid("Migrants", "annotation:a2"));
        assert_ne!(a, guid("Other", "annotation:a1"));
        let parts: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(guid_key("{ABC-d}"), "abc-d");
    }

    #[test]
    fn colours_take_both_rgb_forms() {
        assert_eq!(colour("#ABCDEF").as_deref(), Some("#abcdef"));
        assert_eq!(colour("#a0c").as_deref(), Some("#aa00cc"));
        assert_eq!(colour("red"), None);
        assert_eq!(colour("#12345"), None);
    }
}
