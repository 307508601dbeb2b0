//! EPUB (2 and 3) → stored text: the zip's `META-INF/container.xml` names the
//! package (OPF) file, whose spine lists the content documents in reading order;
//! each (X)HTML document goes through the HTML converter. Read with the `zip` and
//! `quick-xml` crates; every part read is bounded, as for DOCX.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::Event;

use super::formats::{Converted, FormatError};

/// The largest part of an EPUB read (unpacked), as for documents.
const LIMIT: u64 = super::import::MAX_DOCUMENT_BYTES;

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::default()).ok().map(|v| v.into_owned()))
}

/// Elements of an XML part by local name, with their attributes (`rootfile`, `item`, `itemref`).
fn elements(xml: &str, wanted: &[&[u8]]) -> Result<Vec<(Vec<u8>, quick_xml::events::BytesStart<'static>)>, FormatError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|source| FormatError::Xml { at: reader.buffer_position(), source })? {
            Event::Start(e) | Event::Empty(e) if wanted.contains(&e.local_name().as_ref()) => {
                out.push((e.local_name().as_ref().to_vec(), e.into_owned()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Joins a path relative to a folder inside the zip, resolving `..` and `.`.
fn join(dir: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in href.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// EPUB → text, chapter after chapter in spine order.
pub fn epub(bytes: &[u8]) -> Result<Converted, FormatError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(FormatError::NotEpub)?;
    let mut part = |name: &str| -> Result<String, FormatError> {
        let f = archive.by_name(name).map_err(|_| FormatError::EpubMissingPart { part: name.to_string() })?;
        let mut s = String::new();
        f.take(LIMIT + 1).read_to_string(&mut s).map_err(|source| FormatError::ReadPart { part: name.to_string(), source })?;
        if s.len() as u64 > LIMIT {
            return Err(FormatError::EpubPartTooLarge { part: name.to_string(), limit_mb: LIMIT / (1024 * 1024) });
        }
        Ok(s)
    };
    let container = part("META-INF/container.xml")?;
    let opf_path =
        elements(&container, &[b"rootfile"])?.into_iter().find_map(|(_, e)| attr(&e, b"full-path")).ok_or(FormatError::EpubNoPackage)?;
    let opf = part(&opf_path)?;
    let dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut manifest: HashMap<String, String> = HashMap::new();
    let mut spine = Vec::new();
    for (name, e) in elements(&opf, &[b"item", b"itemref"])? {
        if name == b"item" {
            if let (Some(id), Some(href)) = (attr(&e, b"id"), attr(&e, b"href")) {
                manifest.insert(id, href);
            }
        } else if let Some(idref) = attr(&e, b"idref") {
            spine.push(idref);
        }
    }
    let mut text = String::new();
    for idref in spine {
        let Some(href) = manifest.get(&idref) else { continue };
        let chapter = super::formats::html(&part(&join(dir, href))?).text;
        if chapter.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(chapter.trim());
    }
    Ok(Converted { text, ..Converted::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn build(files: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in files {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("file");
            zip.write_all(body.as_bytes()).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn chapters_come_in_spine_order() {
        let bytes = build(&[
            ("META-INF/container.xml", r#"<container><rootfiles><rootfile full-path="OPS/book.opf"/></rootfiles></container>"#),
            (
                "OPS/book.opf",
                r#"<package><manifest><item id="b" href="text/two.xhtml"/><item id="a" href="text/one.xhtml"/></manifest>
                   <spine><itemref idref="a"/><itemref idref="b"/></spine></package>"#,
            ),
            ("OPS/text/one.xhtml", "<html><body><h1>One</h1><p>First &amp; foremost.</p></body></html>"),
            ("OPS/text/two.xhtml", "<html><body><p>Second.</p></body></html>"),
        ]);
        assert_eq!(epub(&bytes).expect("epub").text, "One\n\nFirst & foremost.\n\nSecond.");
        assert_eq!(join("OPS", "../x/./y.xhtml#frag"), "x/y.xhtml");
    }

    #[test]
    fn broken_epubs_are_errors() {
        assert!(epub(b"not a zip").unwrap_err().to_string().contains("not an EPUB"));
        assert!(matches!(epub(b"not a zip"), Err(FormatError::NotEpub(_))));
        assert!(epub(&build(&[("mimetype", "application/epub+zip")])).unwrap_err().to_string().contains("container.xml"));
    }
}
