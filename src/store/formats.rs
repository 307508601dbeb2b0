//! Converting documents to the stored text: Markdown (pulldown-cmark), HTML
//! (scraper/html5ever), DOCX (zip + quick-xml) and PDF (pdf-extract, page by page).
//! Paragraphs and headings become lines separated by blank lines, so the reading
//! text treats each as a paragraph.

use std::io::Read;

use thiserror::Error;

use crate::model::Metadata;

/// Why a document (DOCX, PDF, EPUB) could not be converted to text. The messages
/// name the part of the file at fault; the importer puts the file's path in front.
#[derive(Debug, Error)]
pub enum FormatError {
    /// A DOCX that is not a zip archive.
    #[error("not a DOCX (zip) file: {0}")]
    NotDocx(zip::result::ZipError),
    /// An EPUB that is not a zip archive.
    #[error("not an EPUB (zip) file: {0}")]
    NotEpub(zip::result::ZipError),
    /// A part of a DOCX unpacks to more than the document size limit (a "zip bomb").
    #[error("{part} unpacks to over {limit_mb} MB; documents that large are not imported")]
    TooLarge { part: String, limit_mb: u64 },
    /// A part of an EPUB unpacks to more than the document size limit.
    #[error("{part} unpacks to over {limit_mb} MB")]
    EpubPartTooLarge { part: String, limit_mb: u64 },
    /// A part of the archive could not be read as UTF-8 text.
    #[error("{part}: {source}")]
    ReadPart { part: String, source: std::io::Error },
    /// A zip without `word/document.xml`.
    #[error("no word/document.xml: not a Word document")]
    NotWord,
    /// An EPUB without a part its package names (or without `META-INF/container.xml`).
    #[error("the EPUB has no {part}")]
    EpubMissingPart { part: String },
    /// `META-INF/container.xml` names no package (OPF) file.
    #[error("META-INF/container.xml names no package file")]
    EpubNoPackage,
    /// Malformed XML in a part, at a byte offset of that part.
    #[error("XML error at byte {at}: {source}")]
    Xml { at: u64, source: quick_xml::Error },
    /// Text in a part that is not valid in XML 1.0 after decoding.
    #[error("{0}")]
    XmlText(#[from] quick_xml::encoding::EncodingError),
    /// pdf-extract panicked on the file.
    #[error("the PDF could not be read (it may be damaged)")]
    PdfDamaged,
    /// pdf-extract refused the file.
    #[error("the PDF could not be read: {0}")]
    Pdf(#[from] pdf_extract::OutputError),
    /// A PDF whose pages carry no text (a scan).
    #[error("the PDF has {pages} page(s) but no text layer (a scan?); run it through OCR first, then import the result")]
    NoTextLayer { pages: usize },
}

/// A converted document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// Char offset where each page starts (PDF only).
    pub pages: Vec<usize>,
    /// Metadata the document states (HTML meta tags, DOCX core properties, the PDF
    /// information dictionary: [`super::doc_meta`]), marked as guessed.
    pub meta: Metadata,
}

/// Collapses whitespace inside a block and trims it.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_block(out: &mut String, block: &str) {
    let block = block.trim();
    if block.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(block);
}

/// Markdown → text without markup; headings, paragraphs, list items and quotes
/// become blocks.
pub fn markdown(md: &str) -> Converted {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut block = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => block.push('\n'),
            Event::Start(Tag::Item) => {
                push_block(&mut out, &block);
                block.clear();
                block.push_str("• ");
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow | TagEnd::BlockQuote(_),
            ) => {
                push_block(&mut out, &block);
                block.clear();
            }
            Event::End(TagEnd::TableCell) => block.push('\t'),
            _ => {}
        }
    }
    push_block(&mut out, &block);
    Converted { text: out, ..Converted::default() }
}

/// HTML → readable text: no scripts, styles or navigation; headings and
/// paragraphs as blocks, `<br>` as line breaks, entities decoded. The page's
/// title, author and date meta tags are returned as guesses.
pub fn html(source: &str) -> Converted {
    use scraper::{ElementRef, Html, Node, Selector};
    let doc = Html::parse_document(source);
    const SKIP: [&str; 10] = ["script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form", "svg"];
    const BLOCKS: [&str; 18] = [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "tr",
        "div",
        "section",
        "article",
        "figcaption",
        "dd",
        "dt",
        "td",
    ];
    fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String, block: &mut String) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => block.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    if name == "br" {
                        block.push('\n');
                        continue;
                    }
                    let is_block = BLOCKS.contains(&name);
                    if is_block {
                        push_block(out, &clean_lines(block));
                        block.clear();
                    }
                    walk(child, out, block);
                    if is_block {
                        push_block(out, &clean_lines(block));
                        block.clear();
                    }
                }
                _ => {}
            }
        }
    }
    fn clean_lines(s: &str) -> String {
        s.split('\n').map(clean).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
    }
    let mut out = String::new();
    let mut block = String::new();
    let body = Selector::parse("body").ok().and_then(|s| doc.select(&s).next());
    match body {
        Some(b) => walk(*b, &mut out, &mut block),
        None => walk(doc.tree.root(), &mut out, &mut block),
    }
    push_block(&mut out, &clean_lines(&block));

    let first = |sel: &str| Selector::parse(sel).ok().and_then(|s| doc.select(&s).next().map(|e: ElementRef<'_>| e));
    let title = first("title").map(|e| clean(&e.text().collect::<String>()));
    let content = |names: &[&str]| {
        names.iter().find_map(|n| {
            first(&format!("meta[name=\"{n}\"], meta[property=\"{n}\"]"))
                .and_then(|e| e.value().attr("content").map(clean))
                .filter(|c| !c.is_empty())
        })
    };
    let author = content(&["author", "article:author", "dc.creator", "citation_author"]);
    let date = content(&["article:published_time", "date", "dc.date", "citation_date", "citation_publication_date"]);
    let meta = super::doc_meta::stated(title.as_deref(), author.as_deref(), date.as_deref());
    Converted { text: out, pages: Vec::new(), meta }
}

/// DOCX → paragraphs (headings included) and footnotes, read with a real zip and
/// XML reader.
pub fn docx(bytes: &[u8]) -> Result<Converted, FormatError> {
    docx_within(bytes, crate::store::import::MAX_DOCUMENT_BYTES)
}

/// [`docx`], reading at most `limit` bytes of any part once unpacked: a small file
/// can unpack to gigabytes (a "zip bomb"), and the size a zip states can lie.
fn docx_within(bytes: &[u8], limit: u64) -> Result<Converted, FormatError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(FormatError::NotDocx)?;
    let mut part = |name: &str| -> Result<Option<String>, FormatError> {
        let too_big = || FormatError::TooLarge { part: name.to_string(), limit_mb: limit / (1024 * 1024) };
        match archive.by_name(name) {
            Ok(f) => {
                if f.size() > limit {
                    return Err(too_big());
                }
                let mut s = String::new();
                f.take(limit + 1).read_to_string(&mut s).map_err(|source| FormatError::ReadPart { part: name.to_string(), source })?;
                if s.len() as u64 > limit {
                    return Err(too_big());
                }
                Ok(Some(s))
            }
            Err(_) => Ok(None),
        }
    };
    let document = part("word/document.xml")?.ok_or(FormatError::NotWord)?;
    let footnotes = part("word/footnotes.xml")?;
    let meta = part("docProps/core.xml").ok().flatten().map(|core| super::doc_meta::docx_core(&core)).unwrap_or_default();
    let mut out = String::new();
    for p in paragraphs(&document)? {
        push_block(&mut out, &p);
    }
    if let Some(notes) = footnotes {
        let notes: Vec<String> = paragraphs(&notes)?.into_iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        if !notes.is_empty() {
            push_block(&mut out, "Notes");
            for (i, n) in notes.iter().enumerate() {
                push_block(&mut out, &format!("[{}] {n}", i + 1));
            }
        }
    }
    Ok(Converted { text: out, pages: Vec::new(), meta })
}

/// The text of each `w:p` in a WordprocessingML part (`w:t` runs, tabs, breaks).
fn paragraphs(xml: &str) -> Result<Vec<String>, FormatError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|source| FormatError::Xml { at: reader.buffer_position(), source })? {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Empty(e) if e.name().as_ref() == b"w:tab" => current.push('\t'),
            Event::Empty(e) if e.name().as_ref() == b"w:br" => current.push('\n'),
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()?),
            Event::GeneralRef(r) if in_text => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                current.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push(std::mem::take(&mut current)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

thread_local! {
    /// Set while this thread runs pdf-extract, whose panics are caught and reported.
    static EXTRACTING_PDF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that keeps quiet about panics raised while this
/// thread extracts a PDF: the user gets our one error message, not also a panic
/// report from inside pdf-extract. Every other panic goes to the previous hook.
fn quiet_pdf_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXTRACTING_PDF.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// PDF → text page by page, with the page map; a PDF without text (scanned) is refused.
pub fn pdf(bytes: &[u8]) -> Result<Converted, FormatError> {
    // pdf-extract can panic on malformed files; a broken PDF must be an error, not a crash.
    quiet_pdf_panics();
    EXTRACTING_PDF.with(|e| e.set(true));
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    // The document information dictionary (a second, cheap parse: pdf-extract keeps its own).
    let meta = std::panic::catch_unwind(|| pdf_extract::Document::load_mem(bytes).map(|d| super::doc_meta::pdf_info(&d)))
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    EXTRACTING_PDF.with(|e| e.set(false));
    let pages = extracted.map_err(|_| FormatError::PdfDamaged)??;
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    for page in &pages {
        let body = page.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        starts.push(text.chars().count());
        text.push_str(body);
    }
    if text.trim().is_empty() {
        return Err(FormatError::NoTextLayer { pages: pages.len() });
    }
    Ok(Converted { text, pages: starts, meta })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    #[test]
    fn markdown_loses_its_markup_and_keeps_blocks() {
        let c = markdown(
            "# Arrivals\n\nThe *ship* reached **Progreso** with [1,014](http://x) people.\n\n- boarded: 1,033\n- arrived: 1,014\n",
        );
        assert_eq!(c.text, "Arrivals\n\nThe ship reached Progreso with 1,014 people.\n\n• boarded: 1,033\n\n• arrived: 1,014");
    }

    #[test]
    fn html_drops_scripts_and_navigation_and_reads_meta_tags() {
        let page = r#"<html><head><title>Arrival record</title><meta name="author" content="Victoria Kim">
            <meta property="article:published_time" content="2021-10-04T10:00:00Z"><style>p{}</style></head>
            <body><nav>Home | About</nav><h1>Arrivals</h1><p>The ship&nbsp;reached <b>Progreso</b> &amp; Mérida.<br>Next line.</p>
            <script>alert(1)</script><p>1,014 people.</p><footer>(c) site</footer></body></html>"#;
        let c = html(page);
        assert_eq!(c.text, "Arrivals\n\nThe ship reached Progreso & Mérida.\nNext line.\n\n1,014 people.");
        assert_eq!(c.meta.title, "Arrival record");
        assert_eq!(c.meta.authors, vec![Person::new("Kim", "Victoria")]);
        assert_eq!(c.meta.issued, "2021-10-04");
        assert!(c.meta.guessed.contains("authors"));
    }

    #[test]
    fn a_docx_that_unpacks_beyond_the_limit_is_refused() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", deflate).unwrap();
        let body = format!("<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>", "a".repeat(3 << 20));
        zip.write_all(body.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 64 << 10, "highly compressed: {} bytes", bytes.len());
        let err = docx_within(&bytes, 1 << 20).unwrap_err().to_string();
        assert!(err.contains("word/document.xml") && err.contains("over 1 MB"), "{err}");
        assert!(docx_within(&bytes, 8 << 20).unwrap().text.len() == 3 << 20, "within the limit it reads");
    }

    #[test]
    fn broken_docx_and_pdf_are_errors() {
        assert!(docx(b"not a zip").unwrap_err().to_string().contains("not a DOCX"));
        assert!(matches!(docx(b"not a zip"), Err(FormatError::NotDocx(_))));
        assert!(pdf(b"%PDF-1.4 garbage").is_err());
    }
}
