//! Reading documents to import: decoding, size and binary checks, newline
//! normalisation, and a first guess at the title.

use crate::model::meta_field::MetaField;
use std::fs;
use std::path::Path;

use super::StoreError;

/// Larger documents are refused with a clear message rather than risking memory.
pub const MAX_DOCUMENT_BYTES: u64 = 200 * 1024 * 1024;

/// Document kinds this version imports.
const MARKDOWN_EXTENSIONS: [&str; 2] = ["md", "markdown"];
const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];
/// Every extension `read_document` accepts, for file dialogs.
pub const EXTENSIONS: [&str; 9] = ["txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "pdf"];

/// A decoded document ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedText {
    pub text: String,
    /// Things the user should know (e.g. the encoding was guessed).
    pub warnings: Vec<String>,
    /// Char offset where each page starts (PDF).
    pub pages: Vec<usize>,
    /// Metadata the document itself states (HTML meta tags), marked as guessed.
    pub meta: Option<crate::model::Metadata>,
}

/// Reads and decodes a document from disk.
pub fn read_document(path: &Path) -> Result<ImportedText, StoreError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !ext.is_empty() && !EXTENSIONS.contains(&ext.as_str()) {
        return Err(StoreError::invalid(
            path,
            format!("unsupported file type .{ext} (supported: {})", EXTENSIONS.map(|e| format!(".{e}")).join(", ")),
        ));
    }
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::invalid(path, "is a folder, not a document"));
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(StoreError::invalid(
            path,
            format!("is {} MB; documents over {} MB are not imported", meta.len() / (1024 * 1024), MAX_DOCUMENT_BYTES / (1024 * 1024)),
        ));
    }
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
    let invalid = |problem: String| StoreError::invalid(path, problem);
    let converted = match ext.as_str() {
        "pdf" => super::formats::pdf(&bytes).map_err(|e| invalid(e.to_string()))?,
        "docx" => super::formats::docx(&bytes).map_err(|e| invalid(e.to_string()))?,
        e if HTML_EXTENSIONS.contains(&e) => super::formats::html(&decode(&bytes).map_err(invalid)?.text),
        e if MARKDOWN_EXTENSIONS.contains(&e) => super::formats::markdown(&decode(&bytes).map_err(invalid)?.text),
        _ => return decode(&bytes).map_err(invalid),
    };
    if converted.text.trim().is_empty() {
        return Err(invalid("has no readable text".to_string()));
    }
    let meta = (converted.meta != crate::model::Metadata::default()).then_some(converted.meta);
    Ok(ImportedText { text: normalise_newlines(&converted.text), warnings: Vec::new(), pages: converted.pages, meta })
}

/// Decodes document bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else
/// Windows-1252 with a warning. Binary data and empty documents are refused.
pub fn decode(bytes: &[u8]) -> Result<ImportedText, String> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_1252(rest, &mut warnings)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            warnings.push("some UTF-16 sequences were invalid and replaced with �".to_string());
        }
        text.into_owned()
    } else {
        utf8_or_1252(bytes, &mut warnings)?
    };
    if text.contains('\0') {
        return Err("looks like a binary file (it contains NUL bytes), not a text document".to_string());
    }
    let text = normalise_newlines(&text);
    if text.trim().is_empty() {
        return Err("is empty: there is no text to import".to_string());
    }
    Ok(ImportedText { text, warnings, pages: Vec::new(), meta: None })
}

fn utf8_or_1252(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("looks like a binary file (it contains NUL bytes), not a text document".to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            warnings.push(format!("not valid UTF-8 (first bad byte at offset {}); read as Windows-1252", e.valid_up_to()));
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// A new source for an imported document: file name, original path, the metadata
/// the document states or that can be guessed, and its page map.
pub fn new_source(id: crate::model::SourceId, path: &Path, doc: &ImportedText, project_root: &Path) -> crate::model::Source {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut source = crate::model::Source::untitled(id, &name);
    source.original_path = original_path(path, project_root);
    let guessed = guess_metadata(&doc.text);
    source.meta = match &doc.meta {
        Some(stated) => {
            let mut m = stated.clone();
            if m.title.is_empty() {
                m.title = guessed.title.clone();
            }
            if m.authors.is_empty() {
                m.authors = guessed.authors.clone();
            }
            // A dateline in the text says when it was written; a file's creation date
            // only when the text has none.
            if !guessed.issued.is_empty() {
                m.issued = guessed.issued.clone();
            }
            m.guessed.extend(guessed.guessed.iter().cloned());
            m
        }
        None => guessed,
    };
    source.page_starts = doc.pages.clone();
    source
}

/// Where a document came from, relative to the project folder when they share a
/// parent (so a project moved with its documents still refreshes, and no machine
/// path is written into the project file), else absolute.
pub fn original_path(file: &Path, project_root: &Path) -> Option<String> {
    let file = fs::canonicalize(file).ok()?;
    let root = fs::canonicalize(project_root).unwrap_or_else(|_| project_root.to_path_buf());
    let (f, r): (Vec<_>, Vec<_>) = (file.components().collect(), root.components().collect());
    let common = f.iter().zip(&r).take_while(|(a, b)| a == b).count();
    // Sharing only the filesystem root (or one top folder) is no shared parent.
    if common <= 2 {
        return Some(file.to_string_lossy().into_owned());
    }
    let mut rel = std::path::PathBuf::new();
    for _ in common..r.len() {
        rel.push("..");
    }
    for c in &f[common..] {
        rel.push(c.as_os_str());
    }
    Some(rel.to_string_lossy().into_owned())
}

/// Resolves a recorded original path against the project folder.
pub fn resolve_original(recorded: &str, project_root: &Path) -> std::path::PathBuf {
    let p = Path::new(recorded);
    if p.is_absolute() { p.to_path_buf() } else { project_root.join(p) }
}

/// CRLF and lone CR become LF.
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A first non-empty line short enough to be a title, if any.
pub fn guess_title(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next()?.trim_start_matches('#').trim();
    // A title stands alone: the next line is blank (or there is none).
    if lines.next().is_some_and(|next| !next.is_empty()) {
        return None;
    }
    let words = first.split_whitespace().count();
    (first.chars().count() <= 150 && words >= 2 && !first.ends_with(',')).then(|| first.split_whitespace().collect::<Vec<_>>().join(" "))
}

const MONTH_NAMES: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/// Family names that come first in romanised Korean bylines (`Kim Joo-heon`).
const FAMILY_FIRST: [&str; 12] = ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "shin"];

/// Guesses title, author and date from the top of a document (a first-line title,
/// a `By …` byline, a dateline such as `Posted : February 15, 2024`). Every
/// guessed field is marked as guessed until the user confirms it.
pub fn guess_metadata(text: &str) -> crate::model::Metadata {
    let mut meta = crate::model::Metadata::default();
    if let Some(title) = guess_title(text) {
        meta.title = title;
        meta.guessed.insert(MetaField::Title.key().into());
    }
    let head: Vec<&str> = text.lines().take(12).collect();
    if let Some(person) = head.iter().find_map(|l| byline(l)) {
        meta.authors = vec![person];
        meta.guessed.insert(MetaField::Authors.key().into());
    }
    if let Some(date) = head.iter().find_map(|l| dateline(l)) {
        meta.issued = date;
        meta.guessed.insert(MetaField::Issued.key().into());
    }
    meta
}

fn byline(line: &str) -> Option<crate::model::Person> {
    let rest = line.trim().strip_prefix("By ").or_else(|| line.trim().strip_prefix("by "))?;
    let words: Vec<&str> = rest
        .split_whitespace()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase) && !matches!(*w, "Posted" | "Updated" | "Published"))
        .take(4)
        .collect();
    if words.len() < 2 {
        return None;
    }
    let words: Vec<String> = words.iter().map(|w| w.trim_end_matches([',', ';', '|']).to_string()).collect();
    let family_first = FAMILY_FIRST.contains(&words[0].to_lowercase().as_str()) || words.last().is_some_and(|w| w.contains('-'));
    Some(if family_first {
        crate::model::Person::new(&words[0], &words[1..].join(" "))
    } else {
        crate::model::Person::new(&words[words.len() - 1], &words[..words.len() - 1].join(" "))
    })
}

/// Words that introduce a publication date on a dateline.
const DATE_CUES: [&str; 8] = ["posted", "published", "updated", "date", "dated", "on", "issued", "released"];

/// `February 15, 2024`, `June 1st, 2005`, `15 May 1905` on a *dateline* → ISO date.
/// A dateline holds the date alone, after a place (`Mexico City, June 1st, 2005`) or a
/// cue (`Posted : February 15, 2024, 16:09`); a date inside a sentence (`May 4, 2021,
/// marked the 116th anniversary of …`) is what the text is about, not when it was
/// written, and is not taken.
fn dateline(line: &str) -> Option<String> {
    let raw: Vec<&str> = line.split_whitespace().collect();
    let words: Vec<String> = raw.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    // A word of running prose: starts lower case and is not a cue.
    let prose =
        |i: usize| raw.get(i).is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase)) && !DATE_CUES.contains(&words[i].as_str());
    for (i, w) in words.iter().enumerate() {
        let Some(month) = MONTH_NAMES.iter().position(|m| m == w) else { continue };
        let day_of = |s: &str| s.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        let year_of = |s: &str| s.parse::<u32>().ok().filter(|y| (1000..=2100).contains(y));
        let found = if let (Some(d), Some(y)) = (words.get(i + 1).and_then(|s| day_of(s)), words.get(i + 2).and_then(|s| year_of(s))) {
            // Month Day, Year
            Some((i, i + 2, d, y))
        } else if let (Some(d), Some(y)) =
            (i.checked_sub(1).and_then(|j| words.get(j)).and_then(|s| day_of(s)), words.get(i + 1).and_then(|s| year_of(s)))
        {
            // Day Month Year
            Some((i - 1, i + 1, d, y))
        } else {
            None
        };
        let Some((first, last, d, y)) = found else { continue };
        if (0..first).any(prose) || prose(last + 1) {
            continue;
        }
        return Some(format!("{y:04}-{:02}-{d:02}", month + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let t = decode(b"\xEF\xBB\xBFline one\r\nline two\rthree").unwrap();
        assert_eq!(t.text, "line one\nline two\nthree");
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252_with_a_warning() {
        let t = decode(b"M\xe9rida \x93quoted\x94").unwrap();
        assert_eq!(t.text, "Mérida “quoted”");
        assert_eq!(t.warnings.len(), 1);
        assert!(t.warnings[0].contains("offset 1"));
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Yucatán".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&bytes).unwrap().text, "Yucatán");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_err().contains("binary"));
        assert!(decode(b"  \n\n ").unwrap_err().contains("empty"));
        assert!(decode(b"").unwrap_err().contains("empty"));
    }

    #[test]
    fn bylines_and_datelines_are_guessed_and_marked() {
        let m = guess_metadata(
            "S. Korea and Cuba\n\nBy Kim Joo-heon Posted : February 15, 2024, 16:09 Updated : February 23, 2024\n\nSEOUL -- text",
        );
        assert_eq!(m.authors, vec![crate::model::Person::new("Kim", "Joo-heon")]);
        assert_eq!(m.issued, "2024-02-15");
        assert!(m.guessed.contains("authors") && m.guessed.contains("issued") && m.guessed.contains("title"));
        let m = guess_metadata("A Title Here\n\nBy Victoria Kim\n\nBody text.");
        assert_eq!(m.authors, vec![crate::model::Person::new("Kim", "Victoria")]);
        assert_eq!(guess_metadata("Mexico City, June 1st, 2005\n").issued, "2005-06-01");
        assert!(guess_metadata("no byline here\nand no date").authors.is_empty());
        assert_eq!(guess_metadata("Posted on 15 May 1905\n").issued, "1905-05-15");
    }

    #[test]
    fn a_date_inside_a_sentence_is_not_a_dateline() {
        // What the text is about, not when it was written.
        for line in [
            "May 4, 2021, marked the 116th anniversary of the first Korean arrivals.",
            "The ship left on April 4, 1905 for Salina Cruz.",
            "It was 15 May 1905 when they landed.",
        ] {
            assert_eq!(guess_metadata(&format!("A Title Here\n\n{line}\n")).issued, "", "{line}");
        }
    }

    #[test]
    fn titles_are_guessed_from_a_short_first_line() {
        assert_eq!(guess_title("\n# Arrival  records\n\nbody").as_deref(), Some("Arrival records"));
        assert_eq!(guess_title(&"long ".repeat(60)), None);
        assert_eq!(guess_title("A sentence that wraps\nonto the next line."), None);
    }
}
