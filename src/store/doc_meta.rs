//! What a document file says about itself: the PDF document information dictionary
//! (ISO 32000-1 §14.3.3: `Title`, `Author`, `CreationDate`), a DOCX's core properties
//! (ECMA-376 Part 2 / OPC `docProps/core.xml`: `dc:title`, `dc:creator`,
//! `dcterms:created`), and HTML meta tags (read in `formats::html`). Each value is
//! marked *guessed* (a file's properties are often a template's or a user name), and
//! values that are plainly not a title or an author (`Microsoft Word - draft.docx`,
//! `untitled`, a login name) are left out rather than shown.

use crate::model::meta_field::MetaField;
use crate::model::{Metadata, Person};

/// Metadata from a title, an author and a date as a file states them (any may be
/// missing); kept values are marked guessed. `date` may be ISO 8601 / W3CDTF
/// (`2005-06-01T10:00:00Z`) or a PDF date (`D:20050601…`); only the date part is kept.
pub fn stated(title: Option<&str>, author: Option<&str>, date: Option<&str>) -> Metadata {
    let mut meta = Metadata::default();
    if let Some(t) = title.map(clean).filter(|t| plausible_title(t)) {
        meta.title = t;
        meta.guessed.insert(MetaField::Title.key().into());
    }
    if let Some(a) = author.map(clean).filter(|a| plausible_author(a)) {
        meta.authors = people_of(&a);
        meta.guessed.insert(MetaField::Authors.key().into());
    }
    if let Some(d) = date.and_then(iso_date) {
        meta.issued = d;
        meta.guessed.insert(MetaField::Issued.key().into());
    }
    meta
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Not empty, not a file name or an editor's placeholder.
fn plausible_title(t: &str) -> bool {
    let lower = t.to_lowercase();
    let file_like = [".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".tex", ".indd", ".qxd"].iter().any(|e| lower.ends_with(e));
    let placeholder = ["untitled", "title", "document", "microsoft word", "presentation", "slide 1", "no title"]
        .iter()
        .any(|p| lower == *p || lower.starts_with(&format!("{p} -")))
        || lower.starts_with("microsoft word -");
    t.chars().any(char::is_alphabetic) && t.chars().count() <= 300 && !file_like && !placeholder
}

/// A person or organisation name, not a login (`jsmith`, `user`, `Administrator`).
fn plausible_author(a: &str) -> bool {
    let lower = a.to_lowercase();
    let login = !a.contains([' ', ',']) && (a.chars().all(|c| !c.is_uppercase()) || a.chars().any(|c| c.is_ascii_digit()));
    let placeholder = ["administrator", "admin", "user", "owner", "author", "unknown", "windows user"].contains(&lower.as_str());
    a.chars().any(char::is_alphabetic) && !login && !placeholder
}

/// `Victoria Kim` → Kim, Victoria; `Kim, Victoria` as written; several names split
/// on `;` (and ` and `); one word stays a literal (an organisation).
pub fn people_of(names: &str) -> Vec<Person> {
    names
        .split(';')
        .flat_map(|n| n.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            if n.contains(',') {
                n.parse::<Person>().unwrap_or_else(|never| match never {})
            } else {
                match n.rsplit_once(' ') {
                    Some((given, family)) => Person::new(family, given),
                    None => Person::literal(n),
                }
            }
        })
        .collect()
}

/// `2005-06-01…`, `D:20050601…`, `2005` → `2005-06-01` / `2005`; None otherwise.
fn iso_date(d: &str) -> Option<String> {
    let d = d.trim();
    let d = d.strip_prefix("D:").unwrap_or(d);
    let digits: String = d.chars().filter(char::is_ascii_digit).take(8).collect();
    let compact = d.chars().take(8).all(|c| c.is_ascii_digit());
    let (y, m, day) = if compact {
        (digits.get(0..4)?, digits.get(4..6), digits.get(6..8))
    } else {
        let mut parts = d.split(['-', 'T']);
        (parts.next().filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))?, parts.next(), parts.next())
    };
    let year: u32 = y.parse().ok().filter(|y| (1000..=2100).contains(y))?;
    let month = m.and_then(|m| m.get(0..2)).and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m));
    let day = day.and_then(|d| d.get(0..2)).and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
    Some(match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    })
}

/// The document information dictionary of a PDF already parsed by lopdf (through
/// pdf-extract, which re-exports it). Values that cannot be decoded are skipped.
pub fn pdf_info(doc: &pdf_extract::Document) -> Metadata {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        pdf_extract::Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    });
    let Some(pdf_extract::Object::Dictionary(info)) = info else { return Metadata::default() };
    let text = |key: &[u8]| info.get(key).ok().and_then(|o| pdf_extract::decode_text_string(o).ok());
    stated(text(b"Title").as_deref(), text(b"Author").as_deref(), text(b"CreationDate").as_deref())
}

/// The core properties of a DOCX (`docProps/core.xml`); an unreadable part gives nothing.
pub fn docx_core(xml: &str) -> Metadata {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut title, mut creator, mut created) = (None, None, None);
    let mut current: Option<Vec<u8>> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => current = Some(e.name().as_ref().to_vec()),
            Ok(Event::End(_)) => current = None,
            Ok(Event::Text(t)) => {
                let Ok(value) = t.xml10_content() else { continue };
                match current.as_deref() {
                    Some(b"dc:title") => title = Some(value.into_owned()),
                    Some(b"dc:creator") => creator = Some(value.into_owned()),
                    Some(b"dcterms:created") => created = Some(value.into_owned()),
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    stated(title.as_deref(), creator.as_deref(), created.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_properties_are_kept_when_they_read_as_a_title_and_a_person() {
        let m = stated(Some("Report of the Mexico-Korea Commission"), Some("Victoria Kim"), Some("D:20050601120000+09'00'"));
        assert_eq!(m.title, "Report of the Mexico-Korea Commission");
        assert_eq!(m.authors, vec![Person::new("Kim", "Victoria")]);
        assert_eq!(m.issued, "2005-06-01");
        assert_eq!(m.guessed.len(), 3, "all marked guessed");
        assert_eq!(stated(None, Some("Kim, Victoria; Ortega, R."), Some("2021-10")).authors.len(), 2);
        assert_eq!(stated(None, None, Some("2021-10-04T10:00:00Z")).issued, "2021-10-04");
    }

    #[test]
    fn placeholders_and_logins_are_left_out() {
        for title in ["Microsoft Word - draft3.docx", "untitled", "report_final.pdf", "  ", "1234"] {
            assert!(stated(Some(title), None, None).title.is_empty(), "{title}");
        }
        for author in ["jsmith", "user", "Administrator", "kim2005"] {
            assert!(stated(None, Some(author), None).authors.is_empty(), "{author}");
        }
        assert!(stated(None, None, Some("last spring")).issued.is_empty());
        assert_eq!(stated(None, Some("UNESCO"), None).authors, vec![Person::literal("UNESCO")]);
    }

    #[test]
    fn docx_core_properties() {
        let xml = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y" xmlns:dcterms="z">
            <dc:title>Arrival records of 1905</dc:title><dc:creator>Ana Ortega</dc:creator>
            <dcterms:created xsi:type="dcterms:W3CDTF">2019-03-02T09:00:00Z</dcterms:created></cp:coreProperties>"#;
        let m = docx_core(xml);
        assert_eq!((m.title.as_str(), m.issued.as_str()), ("Arrival records of 1905", "2019-03-02"));
        assert_eq!(m.authors, vec![Person::new("Ortega", "Ana")]);
    }
}
