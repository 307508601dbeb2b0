//! Promises about arbitrary input, in one place for the two harnesses that check
//! them: the cargo-fuzz targets in `fuzz/` (long, coverage-guided runs) and the
//! property tests in `tests/fuzz_properties.rs` (short runs on every `cargo test`).
//!
//! Each function feeds one loader, importer or parser whatever it is given and
//! returns `Err` naming the promise that broke. A panic is a broken promise too;
//! both harnesses catch it. Nothing here touches the file system.

use std::path::Path;

use crate::model::figures::{figures_in, find_figures, parse_quote};
use crate::model::fold::{self, Folded, Strength};
use crate::model::offsets::{CharOffset, ReadingOffset};
use crate::model::{Project, ReadingText};
use crate::store::export::{self, Format, Scope};
use crate::store::{StoreError, bib, folder, formats, import};

/// Bytes as text the way the loaders see it (they refuse invalid UTF-8 before parsing).
fn text_of(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The project file: any text either loads into a project that keeps its invariants
/// and survives a save/load round trip unchanged, or is refused with a position
/// inside the file.
pub fn project_file(bytes: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(bytes) else { return Ok(()) };
    let file = Path::new("project.ron");
    match folder::parse_project(file, text.to_string()) {
        Ok(project) => {
            project.check_invariants().map_err(|e| format!("loaded a project that breaks an invariant: {e}"))?;
            let saved = folder::serialize_project(&project).map_err(|e| format!("a loaded project cannot be saved: {e}"))?;
            let reloaded = folder::parse_project(file, saved.clone()).map_err(|e| format!("a saved project does not load: {e}"))?;
            if reloaded != project {
                return Err("save then load changed the project".into());
            }
            let resaved = folder::serialize_project(&reloaded).map_err(|e| format!("second save failed: {e}"))?;
            if resaved != saved {
                return Err("saving is not deterministic".into());
            }
            Ok(())
        }
        Err(StoreError::Parse { line, col, .. }) => {
            if line == 0 || line > line_count(text) + 1 || col == 0 {
                return Err(format!("parse error at {line}:{col} is outside the file ({} lines)", line_count(text)));
            }
            Ok(())
        }
        Err(e) => {
            if e.to_string().trim().is_empty() {
                return Err("an empty error message".into());
            }
            Ok(())
        }
    }
}

/// Bibliographic formats the importers read.
#[derive(Debug, Clone, Copy)]
pub enum BibFormat {
    Bibtex,
    Ris,
    CslJson,
}

/// A bibliography file: any text is read into records (each with a line inside the
/// file) or refused with a message; the records become sources that keep the
/// project's invariants, format as a reference list without a panic, and our BibTeX
/// export of them reads back with as many records.
pub fn bibliography(format: BibFormat, bytes: &[u8]) -> Result<(), String> {
    let Some(text) = text_of(bytes) else { return Ok(()) };
    let records = match format {
        BibFormat::Bibtex => bib::bibtex(text),
        BibFormat::Ris => Ok(bib::ris(text)),
        BibFormat::CslJson => bib::csl_json(text),
    };
    let records = match records {
        Ok(r) => r,
        Err(message) if message.trim().is_empty() => return Err("an empty error message".into()),
        Err(_) => return Ok(()),
    };
    let lines = line_count(text);
    if let Some(r) = records.records.iter().find(|r| r.line == 0 || r.line > lines) {
        return Err(format!("record at line {} of a {lines}-line file", r.line));
    }
    let count = records.records.len();
    let mut project = Project::new("fuzz");
    let (tx, applied) = bib::apply_records(&project, records.records, None);
    tx.apply(&mut project);
    if applied.added.len() + applied.matched.len() != count {
        return Err(format!("{count} records read but {} added and {} matched", applied.added.len(), applied.matched.len()));
    }
    project.check_invariants().map_err(|e| format!("imported records break an invariant: {e}"))?;
    // Formatting may refuse (an unknown style), never panic.
    let _ = export::export(&project, Format::Bibliography, "apa", &Scope::All);
    let exported = export::export(&project, Format::Bibtex, "apa", &Scope::All).map_err(|e| e.to_string())?;
    let exported = String::from_utf8(exported).map_err(|_| "the BibTeX export is not UTF-8".to_string())?;
    let back = bib::bibtex(&exported).map_err(|e| format!("our BibTeX export does not read back: {e}"))?;
    if back.records.len() != count {
        return Err(format!("{count} records exported to BibTeX but {} read back", back.records.len()));
    }
    Ok(())
}

/// Document formats the importers read.
#[derive(Debug, Clone, Copy)]
pub enum DocFormat {
    PlainText,
    Markdown,
    Html,
    Docx,
    Pdf,
}

/// A document: any bytes are converted to a stored text or refused with a message;
/// a converted text has its page starts in order and inside it, and its reading
/// text maps (see [`reading_text`]).
pub fn document(format: DocFormat, bytes: &[u8]) -> Result<(), String> {
    let converted = match format {
        DocFormat::PlainText => import::decode(bytes).map(|d| formats::Converted { text: d.text, pages: d.pages, ..Default::default() }),
        DocFormat::Markdown => Ok(formats::markdown(&String::from_utf8_lossy(bytes))),
        DocFormat::Html => Ok(formats::html(&String::from_utf8_lossy(bytes))),
        DocFormat::Docx => formats::docx(bytes).map_err(|e| e.to_string()),
        DocFormat::Pdf => formats::pdf(bytes).map_err(|e| e.to_string()),
    };
    let converted = match converted {
        Ok(c) => c,
        Err(message) if message.trim().is_empty() => return Err("an empty error message".into()),
        Err(_) => return Ok(()),
    };
    let chars = converted.text.chars().count();
    if converted.pages.windows(2).any(|w| w[0] > w[1]) || converted.pages.iter().any(|&p| p > chars) {
        return Err(format!("page starts {:?} out of order or past the text ({chars} chars)", converted.pages));
    }
    reading_text(&converted.text)
}

/// The reading text of any stored text maps both ways: every reading offset maps to
/// a stored offset and back to itself, both maps only move forward, a reading char
/// is the stored char it maps to (or whitespace standing for whitespace), and the
/// lines set aside lie inside the stored text.
pub fn reading_text(stored: &str) -> Result<(), String> {
    let reading = ReadingText::new(stored);
    let stored_chars: Vec<char> = stored.chars().collect();
    let reading_chars: Vec<char> = reading.as_str().chars().collect();
    if reading_chars.len() != reading.char_len() {
        return Err(format!("char_len {} but the text has {} chars", reading.char_len(), reading_chars.len()));
    }
    let mut previous = None;
    for (r, &rc) in reading_chars.iter().enumerate() {
        let s = reading.to_stored(ReadingOffset(r)).0;
        if s >= stored_chars.len() {
            return Err(format!("reading offset {r} maps to {s}, past the stored text ({})", stored_chars.len()));
        }
        if previous.is_some_and(|p| p >= s) {
            return Err(format!("reading offset {r} maps to {s}, not after the previous one"));
        }
        previous = Some(s);
        let sc = stored_chars[s];
        if rc != sc && !(rc.is_whitespace() && sc.is_whitespace()) {
            return Err(format!("reading offset {r} shows {rc:?} but maps to stored {s}, which is {sc:?}"));
        }
        let back = reading.to_reading(CharOffset(s)).0;
        if back != r {
            return Err(format!("reading {r} maps to stored {s}, which maps back to {back}"));
        }
    }
    if reading.to_stored(ReadingOffset(reading_chars.len())).0 != stored_chars.len() {
        return Err("the end of the reading text does not map to the end of the stored text".into());
    }
    let mut last = 0;
    for s in 0..=stored_chars.len() {
        let r = reading.to_reading(CharOffset(s)).0;
        if r > reading_chars.len() || r < last {
            return Err(format!("stored offset {s} maps to reading {r} (previous {last}, length {})", reading_chars.len()));
        }
        last = r;
    }
    if let Some((kind, range)) = reading.aside().iter().find(|(_, range)| range.start > range.end || range.end.0 > stored_chars.len()) {
        return Err(format!("{kind:?} set aside at {}..{}, outside the stored text", range.start.0, range.end.0));
    }
    Ok(())
}

/// The figure parser: every figure found lies inside the text, in order; its
/// interval is ordered and finite where stated; a quote of a measure's own words
/// parses without a panic.
pub fn figures(text: &str) -> Result<(), String> {
    let len = text.chars().count();
    let found = find_figures(text);
    let mut previous_start = 0;
    for f in &found {
        if f.range.start > f.range.end || f.range.end.0 > len {
            return Err(format!("figure {:?} at {}..{} outside a {len}-char text", f.text, f.range.start.0, f.range.end.0));
        }
        if f.range.start.0 < previous_start {
            return Err(format!("figure {:?} found out of order", f.text));
        }
        previous_start = f.range.start.0;
        if let (Some(lo), Some(hi)) = (f.low, f.high)
            && lo > hi
        {
            return Err(format!("figure {:?} has the interval {lo}..{hi}", f.text));
        }
        if !f.is_finite() {
            return Err(format!("figure {:?} has a value, bound or part that is not finite", f.text));
        }
        if f.kind.is_measure() {
            let _ = parse_quote(&f.text);
        }
    }
    let _ = parse_quote(text);
    for f in figures_in(text) {
        if f.range.start > f.range.end || f.range.end.0 > len {
            return Err(format!(
                "figure {:?} read through the fold at {}..{} outside a {len}-char text",
                f.text, f.range.start.0, f.range.end.0
            ));
        }
    }
    Ok(())
}

/// The text fold of any text, at every strength: the map from folded bytes to
/// source chars only moves forward and stays inside the text, ending at its end;
/// and every occurrence found of a piece of the folded text maps to a source range
/// whose own fold holds that piece.
pub fn text_fold(text: &str) -> Result<(), String> {
    let len = text.chars().count();
    for strength in [Strength::SEARCH, Strength::QUOTE, Strength::QUOTE_LOOSE, Strength::FIGURES] {
        let folded = Folded::new(text, strength);
        let f = folded.as_str();
        if folded.source_len() != len || folded.source_offset(f.len()).0 != len {
            return Err(format!("{strength:?}: the folded text ends at {} of a {len}-char text", folded.source_offset(f.len()).0));
        }
        let mut previous = 0;
        for b in 0..=f.len() {
            let s = folded.source_offset(b).0;
            if s < previous || s > len {
                return Err(format!("{strength:?}: folded byte {b} maps to char {s} (previous {previous}, length {len})"));
            }
            previous = s;
        }
        // Pieces of the folded text: words, cut at char boundaries.
        for piece in f.split(' ').filter(|w| !w.is_empty()).take(50) {
            for r in folded.find_all(piece).into_iter().take(5) {
                if r.start > r.end || r.end.0 > len {
                    return Err(format!("{strength:?}: {piece:?} found at {}..{} outside the text", r.start.0, r.end.0));
                }
                let source: String = text.chars().skip(r.start.0).take(r.len()).collect();
                if !fold::fold(&source, strength).contains(piece) {
                    return Err(format!("{strength:?}: {piece:?} found at {source:?}, which folds otherwise"));
                }
            }
        }
    }
    Ok(())
}
