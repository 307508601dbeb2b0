//! Metadata ↔ CSL-JSON item, losslessly (CSL-JSON schema 1.0.2, `csl-data.json`).
//!
//! Every CSL variable an item carries is kept: the ones the app edits have their own
//! [`Metadata`] fields, the other name variables go to `Metadata::names` and every other
//! variable to `Metadata::fields`. Numbers (`"volume": 12`) are kept as text, DOIs and
//! ISBNs are normalised, and dates become the EDTF-like text `Metadata` documents.
//! What cannot be kept (a key that is not a CSL variable, a name part CSL does not
//! define) is reported, never dropped in silence.

use serde_json::{Map, Value, json};

use crate::model::{Metadata, Person};

/// CSL name variables other than `author` and `editor` (kept in `Metadata::names`).
pub const OTHER_NAME_VARIABLES: &[&str] = &[
    "chair",
    "collection-editor",
    "compiler",
    "composer",
    "container-author",
    "contributor",
    "curator",
    "director",
    "editorial-director",
    "executive-producer",
    "guest",
    "host",
    "interviewer",
    "illustrator",
    "narrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "recipient",
    "reviewed-author",
    "script-writer",
    "series-creator",
    "translator",
];

/// CSL date variables other than `issued` and `accessed`.
pub const OTHER_DATE_VARIABLES: [&str; 4] = ["available-date", "event-date", "original-date", "submitted"];

/// CSL string and number variables other than the ones `Metadata` has fields for.
pub const OTHER_VARIABLES: &[&str] = &[
    "citation-key",
    "journalAbbreviation",
    "shortTitle",
    "abstract",
    "annote",
    "archive",
    "archive_collection",
    "archive_location",
    "archive-place",
    "authority",
    "call-number",
    "citation-label",
    "collection-title",
    "container-title-short",
    "dimensions",
    "division",
    "event",
    "event-title",
    "event-place",
    "genre",
    "ISSN",
    "jurisdiction",
    "keyword",
    "medium",
    "original-publisher",
    "original-publisher-place",
    "original-title",
    "part-title",
    "PMCID",
    "PMID",
    "references",
    "reviewed-genre",
    "reviewed-title",
    "scale",
    "section",
    "source",
    "status",
    "title-short",
    "version",
    "volume-title",
    "volume-title-short",
    "year-suffix",
    "chapter-number",
    "citation-number",
    "collection-number",
    "edition",
    "first-reference-note-number",
    "locator",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "page-first",
    "part",
    "printing",
    "supplement",
    // Not strings in the schema: kept as their JSON text and written back as JSON.
    "categories",
    "custom",
];

/// Variables stored as JSON text (arrays and objects in the schema).
const JSON_VARIABLES: [&str; 2] = ["categories", "custom"];

/// Keys of a CSL-JSON item that are structure, not data we keep.
const IGNORED_KEYS: [&str; 2] = ["id", "system_id"];

/// A CSL-JSON value that may be a string or a number, as text (`12` → `"12"`).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `https://doi.org/10.1/x`, `http://dx.doi.org/10.1/x`, `doi:10.1/x` → `10.1/x`.
pub fn normalise_doi(doi: &str) -> String {
    let t = doi.trim();
    let lower = t.to_ascii_lowercase();
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "doi "] {
        if lower.starts_with(prefix) {
            return t[prefix.len()..].trim().to_string();
        }
    }
    t.to_string()
}

/// `ISBN 978-0-19-852663-6` → `978-0-19-852663-6` (hyphens kept, `x` upper-cased);
/// anything that does not look like an ISBN is kept as it is.
pub fn normalise_isbn(isbn: &str) -> String {
    let t = isbn.trim();
    let rest = t
        .strip_prefix("ISBN-13")
        .or_else(|| t.strip_prefix("ISBN-10"))
        .or_else(|| t.strip_prefix("ISBN"))
        .or_else(|| t.strip_prefix("isbn"))
        .unwrap_or(t)
        .trim_start_matches([':', ' '])
        .trim();
    let looks_like = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'x' | 'X'));
    if looks_like { rest.replace(' ', "-").replace('x', "X") } else { t.to_string() }
}

/// A name written as text formats write it (BibTeX, RIS: `van den Berg, Anneke de, Jr.`)
/// split into CSL parts the way citeproc-js parses names: leading lower-case words of
/// the family part are the non-dropping particle, trailing lower-case words of the given
/// part the dropping particle.
pub fn person_from_parts(family: &str, given: &str, suffix: &str) -> Person {
    Person::from_parts(family, given, suffix)
}

/// The family part as text formats write it: `van den Berg`.
pub fn family_with_particle(p: &Person) -> String {
    [p.non_dropping_particle.as_str(), p.family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// The given part as text formats write it: `R. de`.
pub fn given_with_particle(p: &Person) -> String {
    [p.given.as_str(), p.dropping_particle.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// One CSL name object as a [`Person`]; problems name the parts not kept.
pub fn person_from_csl(v: &Value, problems: &mut Vec<String>, at: &str) -> Person {
    let Some(obj) = v.as_object() else {
        if let Some(s) = v.as_str() {
            return Person::literal(s);
        }
        problems.push(format!("{at}: a name that is not an object; kept as text"));
        return Person::literal(&v.to_string());
    };
    let part = |k: &str| obj.get(k).and_then(text).unwrap_or_default();
    for key in obj.keys() {
        if !["family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal", "parse-names"].contains(&key.as_str()) {
            problems.push(format!("{at}: name part `{key}` is not kept"));
        }
    }
    Person {
        family: part("family"),
        given: part("given"),
        non_dropping_particle: part("non-dropping-particle"),
        dropping_particle: part("dropping-particle"),
        suffix: part("suffix"),
        literal: part("literal"),
    }
}

/// A [`Person`] as a CSL name object (only the parts it has).
pub fn person_to_csl(p: &Person) -> Value {
    let mut m = Map::new();
    for (key, value) in [
        ("family", &p.family),
        ("given", &p.given),
        ("non-dropping-particle", &p.non_dropping_particle),
        ("dropping-particle", &p.dropping_particle),
        ("suffix", &p.suffix),
        ("literal", &p.literal),
    ] {
        if !value.is_empty() {
            m.insert(key.into(), json!(value));
        }
    }
    Value::Object(m)
}

fn people(v: &Value, problems: &mut Vec<String>, at: &str) -> Vec<Person> {
    match v.as_array() {
        Some(list) => list.iter().enumerate().map(|(i, p)| person_from_csl(p, problems, &format!("{at} {}", i + 1))).collect(),
        None => {
            problems.push(format!("{at}: not a list of names; kept as one literal name"));
            vec![Person::literal(&text(v).unwrap_or_else(|| v.to_string()))]
        }
    }
}

const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];

/// A CSL date object as text: `2024-02-15`, `1979/1984`, `1905-21` (spring), `1905~`, or
/// the literal/raw text.
pub fn date_from_csl(v: &Value) -> String {
    if let Some(s) = v.as_str() {
        return s.to_string();
    }
    if let Some(ranges) = v.get("date-parts").and_then(Value::as_array) {
        let one = |parts: &Value| -> Option<String> {
            let nums: Vec<i64> =
                parts.as_array()?.iter().filter_map(|p| p.as_i64().or_else(|| p.as_str().and_then(|s| s.trim().parse().ok()))).collect();
            match nums.as_slice() {
                [y] => Some(format!("{y:04}")),
                [y, m] => Some(format!("{y:04}-{m:02}")),
                [y, m, d, ..] => Some(format!("{y:04}-{m:02}-{d:02}")),
                [] => None,
            }
        };
        let mut out: Vec<String> = ranges.iter().filter_map(one).collect();
        out.dedup();
        let mut s = out.join("/");
        if !s.is_empty() {
            if let Some(season) = v.get("season") {
                let n = season.as_u64().or_else(|| {
                    let t = text(season)?.to_lowercase();
                    t.parse().ok().or_else(|| SEASONS.iter().position(|x| *x == t).map(|i| i as u64 + 1))
                });
                if let Some(n @ 1..=4) = n
                    && s.len() == 4
                {
                    s = format!("{s}-{}", 20 + n);
                }
            }
            let circa = v
                .get("circa")
                .is_some_and(|c| c.as_bool() == Some(true) || c.as_i64() == Some(1) || c.as_str().is_some_and(|x| !x.is_empty()));
            if circa {
                s.push('~');
            }
            return s;
        }
    }
    ["literal", "raw", "edtf"].iter().find_map(|k| v.get(*k).and_then(Value::as_str)).unwrap_or("").to_string()
}

/// Date text (as [`date_from_csl`] writes it) as a CSL date object; text that is not
/// such a date becomes `{"literal": …}`.
pub fn date_to_csl(s: &str) -> Option<Value> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let (body, circa) = match s.strip_suffix('~') {
        Some(b) => (b, true),
        None => (s, false),
    };
    let part = |p: &str| -> Option<Vec<i64>> {
        let nums: Option<Vec<i64>> = p.split('-').map(|x| x.parse::<i64>().ok().filter(|_| !x.is_empty())).collect();
        nums.filter(|n| (1..=3).contains(&n.len()) && p.split('-').next().is_some_and(|y| y.len() >= 3))
    };
    let ranges: Option<Vec<Vec<i64>>> = body.split('/').map(part).collect();
    let Some(mut ranges) = ranges else { return Some(json!({"literal": s})) };
    let mut obj = Map::new();
    if let [only] = ranges.as_mut_slice()
        && only.len() == 2
        && (21..=24).contains(&only[1])
    {
        obj.insert("season".into(), json!(only[1] - 20));
        only.truncate(1);
    }
    if ranges.iter().any(|r| r.len() > 1 && !(1..=12).contains(&r[1])) {
        return Some(json!({"literal": s}));
    }
    obj.insert("date-parts".into(), json!(ranges));
    if circa {
        obj.insert("circa".into(), json!(true));
    }
    Some(Value::Object(obj))
}

/// Reads one CSL-JSON item; `at` names it in problems (`item 3`).
pub fn metadata_from_csl(item: &Map<String, Value>, at: &str, problems: &mut Vec<String>) -> Metadata {
    let mut m = Metadata::default();
    for (key, value) in item {
        let at = format!("{at}: `{key}`");
        let as_text = || text(value);
        match key.as_str() {
            k if IGNORED_KEYS.contains(&k) => {}
            "author" => m.authors = people(value, problems, &at),
            "editor" => m.editors = people(value, problems, &at),
            k if OTHER_NAME_VARIABLES.contains(&k) => {
                m.names.insert(k.to_string(), people(value, problems, &at));
            }
            "issued" => m.issued = date_from_csl(value),
            "accessed" => m.accessed = date_from_csl(value),
            k if OTHER_DATE_VARIABLES.contains(&k) => {
                m.fields.insert(k.to_string(), date_from_csl(value));
            }
            k if JSON_VARIABLES.contains(&k) => {
                m.fields.insert(k.to_string(), value.to_string());
            }
            k => {
                let slot = match k {
                    "type" => Some(&mut m.item_type),
                    "title" => Some(&mut m.title),
                    "container-title" => Some(&mut m.container_title),
                    "publisher" => Some(&mut m.publisher),
                    "publisher-place" => Some(&mut m.publisher_place),
                    "URL" => Some(&mut m.url),
                    "page" => Some(&mut m.pages),
                    "volume" => Some(&mut m.volume),
                    "issue" => Some(&mut m.issue),
                    "ISBN" => Some(&mut m.isbn),
                    "DOI" => Some(&mut m.doi),
                    "language" => Some(&mut m.language),
                    "note" => Some(&mut m.note),
                    _ => None,
                };
                let known = slot.is_some() || OTHER_VARIABLES.contains(&k);
                match (as_text(), slot) {
                    (Some(t), Some(slot)) => *slot = t,
                    (Some(t), None) if known => {
                        m.fields.insert(k.to_string(), t);
                    }
                    (Some(_), None) => problems.push(format!("{at} is not a CSL variable; not imported")),
                    (None, _) if value.is_null() => {}
                    (None, _) => problems.push(format!("{at}: expected text or a number, found {value}; not imported")),
                }
            }
        }
    }
    m.doi = normalise_doi(&m.doi);
    m.isbn = normalise_isbn(&m.isbn);
    m
}

/// Every variable of `m` as CSL-JSON (no `id`; `type` and `title` as they are).
pub fn metadata_to_csl(m: &Metadata) -> Map<String, Value> {
    let mut map = Map::new();
    let names = |list: &[Person]| Value::Array(list.iter().map(person_to_csl).collect());
    if !m.authors.is_empty() {
        map.insert("author".into(), names(&m.authors));
    }
    if !m.editors.is_empty() {
        map.insert("editor".into(), names(&m.editors));
    }
    for (k, list) in &m.names {
        if !list.is_empty() {
            map.insert(k.clone(), names(list));
        }
    }
    for (k, date) in [("issued", &m.issued), ("accessed", &m.accessed)] {
        if let Some(d) = date_to_csl(date) {
            map.insert(k.into(), d);
        }
    }
    for (field, value) in [
        ("type", &m.item_type),
        ("title", &m.title),
        ("container-title", &m.container_title),
        ("publisher", &m.publisher),
        ("publisher-place", &m.publisher_place),
        ("URL", &m.url),
        ("page", &m.pages),
        ("volume", &m.volume),
        ("issue", &m.issue),
        ("ISBN", &m.isbn),
        ("DOI", &m.doi),
        ("language", &m.language),
        ("note", &m.note),
    ] {
        if !value.is_empty() {
            map.insert(field.into(), json!(value));
        }
    }
    for (k, v) in &m.fields {
        if OTHER_DATE_VARIABLES.contains(&k.as_str()) {
            if let Some(d) = date_to_csl(v) {
                map.insert(k.clone(), d);
            }
        } else if JSON_VARIABLES.contains(&k.as_str()) {
            map.insert(k.clone(), serde_json::from_str(v).unwrap_or_else(|_| json!(v)));
        } else {
            map.insert(k.clone(), json!(v));
        }
    }
    map
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read(v: Value) -> (Metadata, Vec<String>) {
        let mut problems = Vec::new();
        let m = metadata_from_csl(v.as_object().unwrap(), "item 1", &mut problems);
        (m, problems)
    }

    #[test]
    fn name_particles_and_suffixes_are_kept() {
        let (m, problems) = read(json!({"type": "book", "author": [
            {"family": "Berg", "given": "Anneke", "non-dropping-particle": "van den"},
            {"family": "Ortega", "given": "R.", "dropping-particle": "de", "suffix": "Jr."}]}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m.authors[0].non_dropping_particle, "van den");
        assert_eq!((m.authors[1].dropping_particle.as_str(), m.authors[1].suffix.as_str()), ("de", "Jr."));
        assert_eq!(m.authors[1].display(), "R. de Ortega, Jr.");
        assert_eq!(
            metadata_to_csl(&m)["author"][1],
            json!({"family": "Ortega", "given": "R.", "dropping-particle": "de", "suffix": "Jr."})
        );
    }

    #[test]
    fn inverted_names_read_back_with_their_particles() {
        for p in [
            Person { non_dropping_particle: "van den".into(), ..Person::new("Berg", "Anneke") },
            Person { dropping_particle: "de".into(), suffix: "Jr.".into(), ..Person::new("Ortega", "R.") },
            Person::new("López Aymes", "Juan Felipe"),
        ] {
            let text = p.inverted();
            let mut parts = text.splitn(3, ',').map(str::trim);
            let (f, g, s) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap_or(""));
            assert_eq!(person_from_parts(f, g, s), p, "{text}");
        }
    }

    #[test]
    fn numbers_are_kept_as_text() {
        let (m, problems) = read(json!({"type": "article-journal", "volume": 12, "issue": 3, "page": 101, "edition": 2}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((m.volume.as_str(), m.issue.as_str(), m.pages.as_str()), ("12", "3", "101"));
        assert_eq!(m.fields["edition"], "2");
    }

    #[test]
    fn doi_links_and_isbn_labels_are_normalised() {
        let (m, _) = read(json!({"DOI": "https://doi.org/10.5555/abc", "ISBN": "ISBN 978-0-19-852663-6"}));
        assert_eq!(m.doi, "10.5555/abc");
        assert_eq!(m.isbn, "978-0-19-852663-6");
        assert_eq!(normalise_doi("http://dx.doi.org/10.1/X"), "10.1/X");
        assert_eq!(normalise_doi("doi:10.1/x"), "10.1/x");
    }

    #[test]
    fn what_is_not_csl_is_reported() {
        let (m, problems) =
            read(json!({"title": "T", "colour": "red", "volume": {"x": 1}, "author": [{"family": "A", "comma-suffix": true}]}));
        assert_eq!(m.title, "T");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`colour`")));
    }

    #[test]
    fn dates_round_trip() {
        for date in [
            json!({"date-parts": [[2024, 2, 15]]}),
            json!({"date-parts": [[1979], [1984]]}),
            json!({"date-parts": [[1905, 8], [1905, 9]]}),
            json!({"date-parts": [[1905]], "season": 2}),
            json!({"date-parts": [[1905]], "circa": true}),
            json!({"literal": "Michaelmas term 1905"}),
        ] {
            let text = date_from_csl(&date);
            assert_eq!(date_to_csl(&text).unwrap(), date, "{text}");
        }
        assert_eq!(date_from_csl(&json!({"raw": "1905-08-01"})), "1905-08-01");
    }

    #[test]
    fn other_variables_round_trip() {
        let item = json!({"type": "manuscript", "title": "Letter", "archive": "AGN", "archive_location": "box 3",
            "translator": [{"family": "Kim", "given": "Minji"}], "original-date": {"date-parts": [[1905]]},
            "categories": ["a", "b"], "number": "7"});
        let (m, problems) = read(item.clone());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(Value::Object(metadata_to_csl(&m)), item);
    }
}
