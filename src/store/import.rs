//! Reading documents to import: decoding, size and binary checks, newline
//! normalisation, and a first guess at the title.

use std::fs;
use std::path::Path;

use super::StoreError;

/// Larger documents are refused with a clear message rather than risking memory.
pub const MAX_DOCUMENT_BYTES: u64 = 200 * 1024 * 1024;

/// Document kinds this version imports.
const TEXT_EXTENSIONS: [&str; 4] = ["txt", "md", "markdown", "text"];
const LATER_EXTENSIONS: [&str; 4] = ["pdf", "html", "htm", "docx"];

/// A decoded document ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedText {
    pub text: String,
    /// Things the user should know (e.g. the encoding was guessed).
    pub warnings: Vec<String>,
}

/// Reads and decodes a document from disk.
pub fn read_document(path: &Path) -> Result<ImportedText, StoreError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if LATER_EXTENSIONS.contains(&ext.as_str()) {
        return Err(StoreError::invalid(path, format!(".{ext} import is not supported yet; import the document's text (.txt or .md)")));
    }
    if !ext.is_empty() && !TEXT_EXTENSIONS.contains(&ext.as_str()) {
        return Err(StoreError::invalid(path, format!("unsupported file type .{ext} (supported: .txt, .md)")));
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
    decode(&bytes).map_err(|problem| StoreError::invalid(path, problem))
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
    Ok(ImportedText { text, warnings })
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
    fn titles_are_guessed_from_a_short_first_line() {
        assert_eq!(guess_title("\n# Arrival  records\n\nbody").as_deref(), Some("Arrival records"));
        assert_eq!(guess_title(&"long ".repeat(60)), None);
        assert_eq!(guess_title("A sentence that wraps\nonto the next line."), None);
    }
}
