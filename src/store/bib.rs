//! Reading bibliographic records: BibTeX/BibLaTeX (with the `biblatex` crate),
//! CSL-JSON (serde) and RIS (a tagged line format, read line by line). Every
//! record that cannot be read is reported with its line, never dropped silently.

use std::path::Path;

use biblatex::{Bibliography, ChunksExt, Person as BibPerson, RawBibliography};
use serde_json::Value;

use super::{StoreError, csl_record};
use crate::model::search::fold;
use crate::model::{Metadata, Person, Project, SourceId};

/// A bibliographic record read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub meta: Metadata,
    /// The document the record names (`file` in BibTeX, `L1` in RIS), file name only.
    pub file: Option<String>,
    /// 1-based line where the record starts.
    pub line: usize,
}

/// Records read, and the ones that could not be (with line numbers).
#[derive(Debug, Default)]
pub struct Records {
    pub records: Vec<Record>,
    pub problems: Vec<String>,
}

fn line_of(text: &str, byte: usize) -> usize {
    1 + text.as_bytes()[..byte.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Reads a bibliography file, choosing the format by extension or content.
pub fn read(path: &Path) -> Result<Records, StoreError> {
    let limit = crate::store::import::MAX_DOCUMENT_BYTES;
    let size = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?.len();
    if size > limit {
        return Err(StoreError::invalid(
            path,
            format!("is {} MB; bibliography files over {} MB are not read", size / (1024 * 1024), limit / (1024 * 1024)),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let result = if ext == "json" || trimmed.starts_with('[') {
        csl_json(trimmed)
    } else if ext == "ris" || trimmed.starts_with("TY  -") {
        Ok(ris(trimmed))
    } else {
        bibtex(trimmed)
    };
    let records = result.map_err(|problem| StoreError::invalid(path, problem))?;
    // A file with no record at all is not a bibliography (an empty or wrong file picked
    // by mistake): said, not imported as nothing in silence.
    if records.records.is_empty() {
        let what = if trimmed.is_empty() { "is empty" } else { "holds no bibliographic record (BibTeX, RIS or CSL-JSON)" };
        return Err(StoreError::invalid(path, what.to_string()));
    }
    let mut r = records;
    r.problems = r.problems.into_iter().map(|p| format!("{}:{p}", path.display())).collect();
    Ok(r)
}

fn person_from_bib(p: &BibPerson) -> Person {
    let (name, given, prefix, suffix) = (delatex(&p.name), delatex(&p.given_name), delatex(&p.prefix), delatex(&p.suffix));
    if given.is_empty() && prefix.is_empty() && suffix.is_empty() {
        Person::literal(&name)
    } else {
        // biblatex gives the von part apart; a dropping particle is written after the
        // given name (`Ortega, R. de`), as citeproc-js reads it.
        let mut person = csl_record::person_from_parts("", &given, &suffix);
        person.family = name;
        person.non_dropping_particle = prefix;
        person
    }
}

/// A BibLaTeX `langid` (babel/polyglossia language name) as the BCP 47 tag CSL's
/// `language` holds (`ngerman` → `de`); an unknown name is kept as written.
fn langid_tag(langid: &str) -> String {
    let tag = match langid.trim().to_ascii_lowercase().as_str() {
        "english" => "en",
        "american" | "usenglish" => "en-US",
        "british" | "ukenglish" => "en-GB",
        "french" => "fr",
        "german" | "ngerman" => "de",
        "spanish" => "es",
        "italian" => "it",
        "portuguese" | "brazil" | "brazilian" => "pt",
        "dutch" => "nl",
        "korean" => "ko",
        "japanese" => "ja",
        "chinese" => "zh",
        "russian" => "ru",
        "polish" => "pl",
        _ => return langid.trim().to_string(),
    };
    tag.to_string()
}

/// What `biblatex` leaves of LaTeX in a field, written as text: a dotless `\i` under an
/// accent (`{\'\i}`, which Zotero's BibTeX export writes for `í`, came out `\́i`), ties
/// (`R.~F.`), text-style commands (`\emph{Flâneur}` → `Flâneur`), `\relax`, `\noop{…}`,
/// TeX quotes (``` ``x'' ``` → `“x”`), math shifts (`19$^{th}$` → `19th`), escaped
/// specials (`\&`). Not for verbatim fields (URL, DOI, file).
fn delatex(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if !text.contains(['\\', '~', '`', '$', '\'']) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                // `\` + accents + `i`/`j`: the dotless letter the accents sat on
                let marks: String = chars[i + 1..].iter().take_while(|c| is_combining_mark(**c)).collect();
                let after = i + 1 + marks.chars().count();
                if !marks.is_empty() && matches!(chars.get(after), Some('i' | 'j')) {
                    out.push(chars[after]);
                    out.push_str(&marks);
                    i = after + 1;
                    continue;
                }
                let word: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
                let next = i + 1 + word.len();
                match word.as_str() {
                    "relax" => i = next,
                    "noop" => {
                        // `\noop{1850}` only sorts: the argument is dropped
                        i = next;
                        if chars.get(i) == Some(&'{') {
                            let mut depth = 0;
                            while i < chars.len() {
                                match chars[i] {
                                    '{' => depth += 1,
                                    '}' => {
                                        depth -= 1;
                                        if depth == 0 {
                                            i += 1;
                                            break;
                                        }
                                    }
                                    _ => {}
                                }
                                i += 1;
                            }
                        }
                    }
                    "emph" | "textit" | "textbf" | "textsc" | "textup" | "textrm" | "textsf" | "texttt" | "textsl" | "url"
                    | "mkbibquote" | "enquote" | "mkbibemph" => {
                        // the command goes; its braces go below
                        i = next;
                    }
                    "" => {
                        // an escaped special character: the character
                        if let Some(&special) = chars.get(i + 1).filter(|c| "&%$#_{}".contains(**c)) {
                            out.push(special);
                            i += 2;
                        } else {
                            out.push(c);
                            i += 1;
                        }
                    }
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '{' | '}' => i += 1,
            '$' => {
                // a short math shift (`$^{th}$`) is its letters; a lone `$` is a dollar
                let end = chars[i + 1..].iter().take(12).position(|c| *c == '$' || c.is_whitespace()).map(|k| i + 1 + k);
                match end {
                    Some(e) if chars[e] == '$' && e > i + 1 => {
                        out.extend(chars[i + 1..e].iter().filter(|c| !matches!(c, '^' | '_' | '{' | '}')));
                        i = e + 1;
                    }
                    _ => {
                        out.push('$');
                        i += 1;
                    }
                }
            }
            '~' => {
                out.push(' ');
                i += 1;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                out.push('\u{201C}');
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                out.push('\u{201D}');
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    // a tie next to a space (`Famine ~and`) is one space
    let out: String = out.nfc().collect();
    if out.contains("  ") { out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ") } else { out }
}

/// BibTeX/BibLaTeX entry types and the CSL type each stands for; `entrysubtype` names
/// the CSL type where BibTeX has none (`@misc` with `entrysubtype = {map}`), so every
/// CSL type survives a round trip.
const BIB_TYPES: [(&str, &str); 16] = [
    ("article", "article-journal"),
    ("book", "book"),
    ("incollection", "chapter"),
    ("inproceedings", "paper-conference"),
    ("techreport", "report"),
    ("phdthesis", "thesis"),
    ("online", "webpage"),
    ("unpublished", "manuscript"),
    ("inreference", "entry-encyclopedia"),
    ("dataset", "dataset"),
    ("software", "software"),
    ("patent", "patent"),
    ("periodical", "periodical"),
    ("misc", "document"),
    ("report", "report"),
    ("thesis", "thesis"),
];

fn csl_type_from_bibtex(t: &str, subtype: &str) -> String {
    if crate::store::export::csl::CSL_TYPES.contains(&subtype) {
        return subtype.to_string();
    }
    let t = match t {
        "mvbook" | "inbook" => return if t == "inbook" { "chapter".into() } else { "book".into() },
        "conference" => "inproceedings",
        "mastersthesis" => "thesis",
        "electronic" | "www" => "online",
        other => other,
    };
    BIB_TYPES.iter().find(|(b, _)| *b == t).map_or("document", |(_, c)| c).to_string()
}

/// The BibTeX type and `entrysubtype` for a CSL type.
pub fn bibtex_type(csl_type: &str) -> (&'static str, Option<&str>) {
    match csl_type {
        "article-newspaper" | "article-magazine" | "article" => ("article", Some(csl_type)),
        t => match BIB_TYPES.iter().find(|(_, c)| *c == t) {
            Some((b, _)) => (b, None),
            None if t.is_empty() => ("misc", None),
            None => ("misc", Some(csl_type)),
        },
    }
}

/// BibTeX fields that are a CSL variable under another name (both ways).
pub const BIB_FIELDS: [(&str, &str); 15] = [
    ("edition", "edition"),
    ("origdate", "original-date"),
    ("origtitle", "original-title"),
    ("origpublisher", "original-publisher"),
    ("origlocation", "original-publisher-place"),
    ("pagetotal", "number-of-pages"),
    ("volumes", "number-of-volumes"),
    ("series", "collection-title"),
    ("type", "genre"),
    ("issn", "ISSN"),
    ("abstract", "abstract"),
    ("keywords", "keyword"),
    ("eventtitle", "event-title"),
    ("venue", "event-place"),
    ("translator", "translator"),
];

/// Fields read into `Metadata`'s own fields (or consumed) by [`bibtex`].
const BIB_HANDLED: [&str; 25] = [
    "title",
    "author",
    "editor",
    "date",
    "year",
    "month",
    "journaltitle",
    "journal",
    "booktitle",
    "howpublished",
    "publisher",
    "institution",
    "organization",
    "school",
    "location",
    "address",
    "url",
    "urldate",
    "pages",
    "volume",
    "isbn",
    "doi",
    "language",
    "note",
    "file",
];

fn month_number(m: &str) -> Option<u32> {
    let m = m.trim().to_lowercase();
    m.parse().ok().filter(|n| (1..=12).contains(n)).or_else(|| {
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            .iter()
            .position(|x| m.starts_with(x))
            .map(|i| i as u32 + 1)
    })
}

/// BibTeX/BibLaTeX: braces, LaTeX accents and escapes, `--` ranges, `@string` and
/// `crossref` resolved by `biblatex`. Fields that are CSL variables (under their BibTeX
/// or CSL name) are kept; any other field is reported.
pub fn bibtex(text: &str) -> Result<Records, String> {
    match bibtex_whole(text) {
        Ok(records) => Ok(records),
        Err(whole) => bibtex_entry_by_entry(text).filter(|r| !r.records.is_empty()).ok_or(whole),
    }
}

/// A file the reader cannot take whole (one unclosed brace fails every entry): each entry
/// read alone, with the file's `@string`s and `@preamble`s before it, so only the broken
/// ones are lost — each reported with its line. `crossref` between entries is not
/// resolved in this mode. `None` when no entry starts a line.
fn bibtex_entry_by_entry(text: &str) -> Option<Records> {
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('@') {
            starts.push(at);
        }
        at += line.len();
    }
    if starts.is_empty() {
        return None;
    }
    let chunks: Vec<&str> = starts.iter().enumerate().map(|(k, &a)| &text[a..starts.get(k + 1).copied().unwrap_or(text.len())]).collect();
    let kind = |chunk: &str| {
        chunk
            .trim_start()
            .trim_start_matches('@')
            .split(|c: char| c == '{' || c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let prefix: String = chunks.iter().filter(|c| matches!(kind(c).as_str(), "string" | "preamble")).copied().collect();
    let prefix_lines = prefix.matches('\n').count();
    let mut out = Records::default();
    for (chunk, &start) in chunks.iter().zip(&starts) {
        if matches!(kind(chunk).as_str(), "string" | "preamble" | "comment") {
            continue;
        }
        let line = line_of(text, start);
        // a line number in the chunk's own text, as a line of the file
        let relocate = |problem: &str| match problem.split_once(':') {
            Some((n, rest)) if n.trim().parse::<usize>().is_ok() => {
                let n: usize = n.trim().parse().unwrap_or(1);
                format!("{}:{rest}", (n.saturating_sub(prefix_lines + 1)) + line)
            }
            _ => format!("{line}: {problem}"),
        };
        match bibtex_whole(&format!("{prefix}{chunk}")) {
            Ok(records) => {
                out.problems.extend(records.problems.iter().map(|p| relocate(p)));
                out.records.extend(records.records.into_iter().map(|mut r| {
                    r.line = line;
                    r
                }));
            }
            Err(e) => {
                // the reader's position is often past the fault (an unclosed brace is found
                // at the end): the entry's own line is the one to look at
                let what = e.split_once(':').map_or(e.as_str(), |(_, rest)| rest.trim());
                out.problems
                    .push(format!("{line}: this entry could not be read ({what}, often an unclosed brace); not imported, the others were"));
            }
        }
    }
    Some(out)
}

fn bibtex_whole(text: &str) -> Result<Records, String> {
    let parse_error = |e: biblatex::ParseError| format!("{}: {}", line_of(text, e.span.start), e.kind);
    let raw = RawBibliography::parse(text).map_err(parse_error)?;
    // Where each entry starts, from the parser's own spans (finding `{key` in the text
    // misses keys written with spaces, and gave line 0: found by fuzzing).
    let mut starts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for e in &raw.entries {
        starts.entry(e.v.key.v.to_string()).or_insert(e.span.start);
    }
    let bib = Bibliography::from_raw(raw).map_err(parse_error)?;
    let mut out = Records::default();
    for entry in bib.iter() {
        // Verbatim fields as written; every other field with what is left of LaTeX written
        // as text ([`delatex`]).
        let field = |name: &str| {
            let raw = entry.get(name).map(|c| c.format_verbatim()).unwrap_or_default();
            // (dates are EDTF, where `~` means "about": `1905~`)
            if ["url", "doi", "file", "urldate", "isbn", "eprint", "date", "eventdate", "origdate"].contains(&name) {
                raw
            } else {
                delatex(&raw)
            }
        };
        let line = starts.get(&entry.key).map_or(1, |&b| line_of(text, b));
        let kind = entry.entry_type.to_string().to_lowercase();
        let item_type = csl_type_from_bibtex(&kind, &field("entrysubtype"));
        let mut meta = Metadata { item_type, ..Metadata::default() };
        meta.title = field("title");
        // BibTeX's `and others` ends a list that was cut short: not a person (the style
        // says "et al." where it abbreviates).
        let not_others = |p: &BibPerson| !(p.name == "others" && p.given_name.is_empty() && p.prefix.is_empty());
        meta.authors = entry.author().map(|v| v.iter().filter(|p| not_others(p)).map(person_from_bib).collect()).unwrap_or_default();
        meta.editors = entry
            .editors()
            .map(|v| v.into_iter().flat_map(|(people, _)| people).filter(|p| not_others(p)).map(|p| person_from_bib(&p)).collect())
            .unwrap_or_default();
        meta.issued = if !field("date").is_empty() {
            field("date")
        } else {
            match (field("year"), month_number(&field("month"))) {
                (y, Some(m)) if !y.is_empty() => format!("{y}-{m:02}"),
                (y, _) => y,
            }
        };
        let first = |names: &[&str]| names.iter().map(|n| field(n)).find(|s| !s.is_empty()).unwrap_or_default();
        meta.container_title = first(&["journaltitle", "journal", "booktitle", "howpublished"]);
        meta.publisher = first(&["publisher", "institution", "organization", "school"]);
        meta.publisher_place = first(&["location", "address"]);
        meta.url = field("url");
        meta.accessed = field("urldate");
        meta.pages = field("pages");
        meta.volume = field("volume");
        // `number` is a journal issue in an @article, a report's or series' number elsewhere.
        if kind == "article" {
            meta.issue = field("number");
        } else {
            meta.issue = field("issue");
            if !field("number").is_empty() {
                meta.fields.insert("number".into(), field("number"));
            }
        }
        meta.isbn = csl_record::normalise_isbn(&field("isbn"));
        meta.doi = csl_record::normalise_doi(&field("doi"));
        meta.language = if field("language").is_empty() { langid_tag(&field("langid")) } else { field("language") };
        meta.note = field("note");
        for (name, chunks) in entry.fields.iter() {
            let name = name.as_str();
            if BIB_HANDLED.contains(&name) || ["entrysubtype", "crossref", "number", "issue", "xdata", "ids", "langid"].contains(&name) {
                continue;
            }
            let csl = BIB_FIELDS.iter().find(|(b, _)| *b == name).map_or(name, |(_, c)| c);
            if csl_record::OTHER_NAME_VARIABLES.contains(&csl) {
                let people: Vec<BibPerson> = entry.get_as(name).unwrap_or_default();
                meta.names.insert(csl.to_string(), people.iter().map(person_from_bib).collect());
            } else if csl_record::OTHER_VARIABLES.contains(&csl) || csl_record::OTHER_DATE_VARIABLES.contains(&csl) {
                let value = chunks.format_verbatim();
                let value = if csl_record::OTHER_DATE_VARIABLES.contains(&csl) { value } else { delatex(&value) };
                meta.fields.insert(csl.to_string(), value);
            } else {
                out.problems.push(format!("{line}: entry `{}`: field `{name}` has no CSL equivalent; not imported", entry.key));
            }
        }
        if meta.title.is_empty() {
            out.problems.push(format!("{line}: entry `{}` has no title; imported without one", entry.key));
        }
        let file = field("file");
        let file = (!file.is_empty()).then(|| file_name(file.split(':').find(|p| !p.is_empty()).unwrap_or(&file)));
        out.records.push(Record { meta, file, line });
    }
    Ok(out)
}

fn file_name(path: &str) -> String {
    Path::new(path.trim()).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.trim().to_string())
}

/// CSL-JSON (as Zotero exports it): every CSL variable is kept (see [`super::csl_record`]);
/// keys that are not CSL variables are reported with the item's number.
pub fn csl_json(text: &str) -> Result<Records, String> {
    let items: Vec<Value> = serde_json::from_str(text).map_err(|e| format!("{}:{}: {e}", e.line(), e.column()))?;
    let mut out = Records::default();
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            out.problems.push(format!("item {}: not an object; skipped", i + 1));
            continue;
        };
        let at = match obj.get("id").and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_i64().map(|n| n.to_string()))) {
            Some(id) => format!("item {} (`{id}`)", i + 1),
            None => format!("item {}", i + 1),
        };
        let meta = super::csl_record::metadata_from_csl(obj, &at, &mut out.problems);
        out.records.push(Record { meta, file: None, line: i + 1 });
    }
    Ok(out)
}

/// RIS types and the CSL type each stands for (both ways).
pub const RIS_TYPES: [(&str, &str); 16] = [
    ("JOUR", "article-journal"),
    ("MGZN", "article-magazine"),
    ("NEWS", "article-newspaper"),
    ("BOOK", "book"),
    ("CHAP", "chapter"),
    ("RPRT", "report"),
    ("THES", "thesis"),
    ("CPAPER", "paper-conference"),
    ("ELEC", "webpage"),
    ("BLOG", "post-weblog"),
    ("MANSCPT", "manuscript"),
    ("DATA", "dataset"),
    ("COMP", "software"),
    ("ENCYC", "entry-encyclopedia"),
    ("PAT", "patent"),
    ("GEN", "document"),
];

/// RIS tags that hold a CSL variable other than `Metadata`'s own fields (both ways).
pub const RIS_FIELDS: [(&str, &str); 11] = [
    ("ET", "edition"),
    ("T3", "collection-title"),
    ("AB", "abstract"),
    ("KW", "keyword"),
    ("M3", "genre"),
    ("AV", "archive_location"),
    ("DB", "archive"),
    ("CN", "call-number"),
    ("M1", "number"),
    ("ST", "title-short"),
    ("J2", "container-title-short"),
];

/// RIS name tags for CSL name variables other than author and editor.
pub const RIS_NAMES: [(&str, &str); 2] = [("A3", "collection-editor"), ("A4", "translator")];

/// A RIS name: `Family, Given, Suffix` (particles as citeproc-js reads them), or one
/// name without a comma (an organisation).
fn ris_person(v: &str) -> Person {
    let mut parts = v.splitn(3, ',').map(str::trim);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(f), Some(g), suffix) => csl_record::person_from_parts(f, g, suffix.unwrap_or("")),
        _ => Person::literal(v),
    }
}

/// RIS: `TAG  - value` lines from `TY` to `ER`. Tags that hold nothing we keep are
/// reported with their line.
pub fn ris(text: &str) -> Records {
    let mut out = Records::default();
    let mut current: Option<Record> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() {
            continue;
        }
        let (tag, value) = match (line.get(..2), line.get(2..)) {
            (Some(tag), Some(rest)) if rest.starts_with("  -") => (tag, rest[3..].trim()),
            _ => {
                out.problems.push(format!("{}: not a RIS line (`TAG  - value`): {line}", n + 1));
                continue;
            }
        };
        if tag == "TY" {
            if let Some(open) = current.take() {
                out.problems.push(format!("{}: record has no ER line; kept", open.line));
                out.records.push(open);
            }
            let item_type = match value {
                "WEB" => "webpage",
                "CONF" => "paper-conference",
                v => RIS_TYPES.iter().find(|(r, _)| *r == v).map_or("document", |(_, c)| c),
            };
            current = Some(Record { meta: Metadata { item_type: item_type.into(), ..Metadata::default() }, file: None, line: n + 1 });
            continue;
        }
        let Some(rec) = current.as_mut() else {
            out.problems.push(format!("{}: `{tag}` outside a record (no TY before it)", n + 1));
            continue;
        };
        let m = &mut rec.meta;
        let date = |v: &str| {
            // `YYYY/MM/DD/other`: a date RIS cannot write is kept whole in `other`.
            let parts: Vec<&str> = v.splitn(4, '/').collect();
            match parts.get(3) {
                Some(other) if !other.trim().is_empty() => other.trim().to_string(),
                _ => parts.iter().take(3).filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("-"),
            }
        };
        match tag {
            "TI" | "T1" => m.title = value.into(),
            "AU" | "A1" => m.authors.push(ris_person(value)),
            "ED" | "A2" => m.editors.push(ris_person(value)),
            "PY" | "Y1" | "DA" => m.issued = date(value),
            "T2" | "JO" | "JF" | "BT" => m.container_title = value.into(),
            "PB" => m.publisher = value.into(),
            "CY" => m.publisher_place = value.into(),
            "UR" => m.url = value.into(),
            "Y2" => m.accessed = value.replace('/', "-"),
            "SP" => m.pages = value.into(),
            "EP" => m.pages = format!("{}–{value}", m.pages),
            "VL" => m.volume = value.into(),
            "IS" => m.issue = value.into(),
            "SN" => m.isbn = csl_record::normalise_isbn(value),
            "DO" => m.doi = csl_record::normalise_doi(value),
            "LA" => m.language = value.into(),
            "N1" => m.note = if m.note.is_empty() { value.into() } else { format!("{}\n{value}", m.note) },
            "L1" => rec.file = Some(file_name(value.trim_start_matches("file://"))),
            "ID" => {}
            "ER" => {
                if let Some(done) = current.take() {
                    out.records.push(done);
                }
            }
            t => {
                if let Some((_, csl)) = RIS_NAMES.iter().find(|(r, _)| *r == t) {
                    m.names.entry(csl.to_string()).or_default().push(ris_person(value));
                } else if let Some((_, csl)) = RIS_FIELDS.iter().find(|(r, _)| *r == t) {
                    let slot = m.fields.entry(csl.to_string()).or_default();
                    if !slot.is_empty() {
                        slot.push_str(", ");
                    }
                    slot.push_str(value);
                } else {
                    out.problems.push(format!("{}: tag `{t}` has no CSL equivalent; not imported", n + 1));
                }
            }
        }
    }
    if let Some(open) = current.take() {
        out.problems.push(format!("{}: record has no ER line; kept", open.line));
        out.records.push(open);
    }
    out
}

/// What applying records to a project did.
#[derive(Debug, Default)]
pub struct Applied {
    /// (record line, source it now describes).
    pub matched: Vec<(usize, SourceId)>,
    /// Sources created for records that match no document.
    pub added: Vec<SourceId>,
}

/// Applies records to a project, as one transaction: a record replaces the
/// (guessed) metadata of the source it describes; the rest become sources without
/// a document. `pair_with` pairs a single record with a single new document.
pub fn apply_records(p: &Project, records: Vec<Record>, pair_with: Option<SourceId>) -> (crate::model::Transaction, Applied) {
    use crate::model::{Edit, Source, Transaction, ops};
    let mut tx = Transaction::new("Import bibliography");
    let mut applied = Applied::default();
    let single = records.len() == 1;
    let mut ids = p.source_ids();
    let index = SourceIndex::new(p);
    for record in records {
        let target = pair_with.filter(|_| single).or_else(|| index.find(&record));
        match target.and_then(|id| ops::set_metadata(p, id, record.meta.clone()).ok().map(|t| (id, t))) {
            Some((id, t)) => {
                tx.edits.extend(t.edits);
                applied.matched.push((record.line, id));
            }
            None => {
                let id = ids.fresh();
                tx.push(Edit::PutSource { id, source: Some(Box::new(Source::record(id, record.meta))), text: None });
                applied.added.push(id);
            }
        }
    }
    (tx, applied)
}

/// Where a record goes: the source it describes, if any.
pub fn match_source(p: &Project, record: &Record) -> Option<SourceId> {
    SourceIndex::new(p).find(record)
}

/// The project's sources by what a record can be matched on — its document's file name,
/// DOI, URL, ISBN, title (folded, punctuation aside) — built once for a whole file of
/// records: looking each record up in every source folded every source again (10,000
/// records re-imported took 146 s).
struct SourceIndex {
    file: std::collections::HashMap<String, SourceId>,
    doi: std::collections::HashMap<String, SourceId>,
    url: std::collections::HashMap<String, SourceId>,
    isbn: std::collections::HashMap<String, SourceId>,
    title: std::collections::HashMap<String, SourceId>,
}

fn match_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

impl SourceIndex {
    fn new(p: &Project) -> Self {
        let mut index = SourceIndex {
            file: Default::default(),
            doi: Default::default(),
            url: Default::default(),
            isbn: Default::default(),
            title: Default::default(),
        };
        // the first source in order wins, as the scan it replaces found it first
        for s in p.sources.values() {
            if let Some(file) = &s.file {
                index.file.entry(file.clone()).or_insert(s.id);
            }
            let m = &s.meta;
            let put = |map: &mut std::collections::HashMap<String, SourceId>, key: String| {
                if !key.is_empty() {
                    map.entry(key).or_insert(s.id);
                }
            };
            put(&mut index.doi, match_key(&m.doi));
            put(&mut index.url, m.url.trim_end_matches('/').to_string());
            put(&mut index.isbn, match_key(&m.isbn));
            put(&mut index.title, match_key(&m.title));
        }
        index
    }

    /// The source `record` describes: the one with its document file, else the first
    /// source (in id order) that shares its DOI, URL, ISBN or title.
    fn find(&self, record: &Record) -> Option<SourceId> {
        if let Some(id) = record.file.as_ref().and_then(|f| self.file.get(f)) {
            return Some(*id);
        }
        let m = &record.meta;
        let found = [
            (!m.doi.is_empty()).then(|| self.doi.get(&match_key(&m.doi))).flatten(),
            (!m.url.is_empty()).then(|| self.url.get(m.url.trim_end_matches('/'))).flatten(),
            (!m.isbn.is_empty()).then(|| self.isbn.get(&match_key(&m.isbn))).flatten(),
            (!m.title.is_empty()).then(|| self.title.get(&match_key(&m.title))).flatten(),
        ];
        found.into_iter().flatten().min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_with_accents_braces_and_corporate_authors() {
        let r = bibtex(
            r#"@techreport{commission2005,
  title = {Building a {Strategic} Partnership: M{\'e}xico and Korea},
  author = {{Mexico-Korea 21st Century Commission}},
  institution = {Secretar{\'\i}a de Relaciones Exteriores},
  year = {2005},
  file = {:home/me/report.pdf:PDF}
}
@online{kim2021, title = {How South Korea Builds its Soft Power}, author = {Kim, Victoria}, url = {https://example.org/kim}, date = {2021-10-04}}
"#,
        )
        .unwrap();
        assert_eq!(r.records.len(), 2);
        let a = &r.records[0].meta;
        assert_eq!(a.item_type, "report");
        assert_eq!(a.authors, vec![Person::literal("Mexico-Korea 21st Century Commission")]);
        assert!(a.title.contains("Strategic"));
        assert_eq!(a.issued, "2005");
        assert_eq!(r.records[0].file.as_deref(), Some("report.pdf"));
        assert_eq!(r.records[1].meta.authors, vec![Person::new("Kim", "Victoria")]);
        assert_eq!(r.records[1].meta.issued, "2021-10-04");
        assert_eq!(r.records[1].line, 8);
    }

    #[test]
    fn every_bibtex_record_has_the_line_it_starts_on() {
        // Found by fuzzing: a key written with spaces after the brace was looked for
        // as `{key` and not found, so the record was said to be on line 0.
        let r = bibtex("% a comment\n\n@book{  spaced,\n  title = {One}\n}\n@article{plain, title = {Two}}\n").unwrap();
        let lines: Vec<usize> = r.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 6]);
    }

    #[test]
    fn broken_inputs_name_a_line() {
        let e = bibtex("@article{a, title = {x}\n@book{b, title = {unclosed\n").unwrap_err();
        assert!(e.split(':').next().unwrap().parse::<usize>().is_ok(), "{e}");
        let e = csl_json("[{\"id\": 1,\n \"title\": }]").unwrap_err();
        assert!(e.starts_with("2:"), "{e}");
        let r = ris("AU  - Kim, V.\nTY  - JOUR\nTI  - One\nER  - \nTY  - BOOK\nTI  - Two\ngarbage\n");
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(r.problems[0].starts_with("1:"));
    }

    #[test]
    fn ris_with_several_records() {
        let r = ris(
            "TY  - RPRT\nTI  - Final report\nAU  - Luiselli, Cassio\nPY  - 2005\nPB  - SRE\nER  - \n\nTY  - NEWS\nTI  - Ties with Cuba\nAU  - Kim, Joo-heon\nDA  - 2024/02/15\nT2  - AJU Press\nL1  - file:///tmp/news.txt\nER  - \n",
        );
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[1].meta.issued, "2024-02-15");
        assert_eq!(r.records[1].file.as_deref(), Some("news.txt"));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn csl_json_keeps_every_field_we_model() {
        let item = r#"[{"id":"x","type":"chapter","title":"T","author":[{"family":"Ramoneda","given":"Ezequiel"},{"literal":"IRI"}],
            "editor":[{"family":"Consani","given":"Norberto"}],"issued":{"date-parts":[[2020,5]]},"container-title":"Corea del Sur",
            "publisher":"UNLP","publisher-place":"La Plata","URL":"https://x.org","accessed":{"date-parts":[[2021,10,4]]},"page":"1-20",
            "volume":"2","issue":"3","ISBN":"978-950-34-1953-3","DOI":"10.1/x","language":"es","note":"n"}]"#;
        let m = &csl_json(item).unwrap().records[0].meta;
        assert_eq!((m.issued.as_str(), m.accessed.as_str()), ("2020-05", "2021-10-04"));
        assert_eq!(m.authors[1], Person::literal("IRI"));
        assert_eq!((m.isbn.as_str(), m.doi.as_str(), m.language.as_str(), m.pages.as_str()), ("978-950-34-1953-3", "10.1/x", "es", "1-20"));
    }

    /// An empty or wrong file is an error naming the file, not an import of nothing.
    #[test]
    fn a_file_without_records_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text, says) in
            [("empty.bib", "", "is empty"), ("junk.bib", "hello world\n", "no bibliographic record"), ("blank.ris", "\n\n", "is empty")]
        {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let err = read(&path).unwrap_err().to_string();
            assert!(err.contains(name) && err.contains(says), "{err}");
        }
        let ok = dir.path().join("one.bib");
        std::fs::write(&ok, "@book{a, title = {One}}").unwrap();
        assert_eq!(read(&ok).unwrap().records.len(), 1);
    }

    /// What `biblatex` leaves of LaTeX is written as text (the helper's records: Zotero's
    /// `{\'\i}`, ties, `\emph`, TeX quotes, math shifts); URLs stay verbatim.
    #[test]
    fn latex_left_by_the_reader_is_written_as_text() {
        let r = bibtex(concat!(
            "@book{a, author = {Garc{\\'\\i}a M{\\'a}rquez, Gabriel and Foster, R.~F. and others},",
            " title = {The \\emph{Fl{\\^a}neur} and ``modernity'' in the 19$^{th}$ century, \\$5 a day},",
            " url = {https://example.org/~kim/a_b}, year = {1990}}"
        ))
        .unwrap();
        let m = &r.records[0].meta;
        assert_eq!(m.authors[0].family, "García Márquez");
        assert_eq!(m.authors[1].given, "R. F.");
        assert_eq!(m.authors.len(), 2, "`and others` is not a person");
        assert_eq!(m.title, "The Flâneur and \u{201C}modernity\u{201D} in the 19th century, $5 a day");
        assert_eq!(m.url, "https://example.org/~kim/a_b");
    }

    /// BibLaTeX fields with a CSL variable are read into it, not reported and dropped
    /// (`origdate` → `original-date`, so APA prints "Original work published").
    #[test]
    fn biblatex_original_fields_and_langid_are_kept() {
        let r = bibtex(
            "@book{a, title = {Mémoires}, origdate = {1850}, origtitle = {Souvenirs}, langid = {french}, pagetotal = {320}, year = {1990}}",
        )
        .unwrap();
        let m = &r.records[0].meta;
        assert_eq!(m.fields.get("original-date").map(String::as_str), Some("1850"));
        assert_eq!(m.fields.get("original-title").map(String::as_str), Some("Souvenirs"));
        assert_eq!(m.fields.get("number-of-pages").map(String::as_str), Some("320"));
        assert_eq!(m.language, "fr");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    /// One broken entry loses that entry only, said with its own line; the good ones
    /// (before and after it, with the file's `@string`s) are imported.
    #[test]
    fn one_broken_entry_loses_only_itself() {
        let text = "@string{pub = {Tidewater Books}}\n@book{a, title = {One}, publisher = pub}\n\n@book{b,\n  title = {Broken {title},\n  year = {1990}\n}\n@book{c, title = {Three}}\n";
        let r = bibtex(text).unwrap();
        let titles: Vec<&str> = r.records.iter().map(|r| r.meta.title.as_str()).collect();
        assert_eq!(titles, ["One", "Three"]);
        assert_eq!(r.records[0].meta.publisher, "Tidewater Books");
        assert_eq!(r.records[1].line, 8);
        assert!(
            r.problems.iter().any(|p| p.starts_with("4") || p.starts_with("5") || p.starts_with("6") || p.starts_with("7")),
            "{:?}",
            r.problems
        );
        assert!(r.problems.iter().any(|p| p.contains("not imported")), "{:?}", r.problems);
    }
}
