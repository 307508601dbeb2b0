//! A Zotero item's record as our CSL-like [`Metadata`]: item types as CSL types,
//! Zotero's multipart dates as ISO partial dates, creators with their roles and the
//! CSL name parts (particles and suffixes are kept inside Zotero's two name fields,
//! and split out here the way CSL processors read them).

use super::db::{ZCreator, ZItem};
use crate::model::{Metadata, Person};

/// The CSL type of a Zotero item type (CSL 1.0.2 type names; `document` when none fits).
pub fn csl_type(zotero: &str) -> &'static str {
    match zotero {
        "journalArticle" => "article-journal",
        "magazineArticle" => "article-magazine",
        "newspaperArticle" => "article-newspaper",
        "preprint" => "article",
        "book" => "book",
        "bookSection" => "chapter",
        "thesis" => "thesis",
        "report" => "report",
        "webpage" => "webpage",
        "blogPost" => "post-weblog",
        "forumPost" => "post",
        "conferencePaper" => "paper-conference",
        "encyclopediaArticle" => "entry-encyclopedia",
        "dictionaryEntry" => "entry-dictionary",
        "letter" | "email" | "instantMessage" => "personal_communication",
        "manuscript" => "manuscript",
        "map" => "map",
        "interview" => "interview",
        "film" | "videoRecording" => "motion_picture",
        "tvBroadcast" | "radioBroadcast" => "broadcast",
        "audioRecording" | "podcast" => "song",
        "artwork" => "graphic",
        "presentation" => "speech",
        "case" => "legal_case",
        "statute" => "legislation",
        "bill" | "hearing" => "bill",
        "patent" => "patent",
        "computerProgram" => "software",
        "dataset" => "dataset",
        "standard" => "standard",
        _ => "document",
    }
}

/// Creator roles that make an item's authors: `author` and each type's primary role.
const AUTHOR_ROLES: [&str; 12] = [
    "author",
    "director",
    "artist",
    "cartographer",
    "interviewee",
    "performer",
    "podcaster",
    "presenter",
    "programmer",
    "inventor",
    "sponsor",
    "composer",
];

/// Zotero's stored date (`2007-03-00 March 2007`: `YYYY-MM-DD` with `00` for unknown
/// parts, then the date as typed) as an ISO partial date (`2007-03`); a date Zotero
/// could not parse (`0000-00-00 spring 1905`) keeps what was typed. A plain SQL
/// timestamp (`accessDate`: `2024-02-20 18:30:00`) gives its day.
pub fn iso_date(stored: &str) -> String {
    let stored = stored.trim();
    let b = stored.as_bytes();
    let multipart =
        b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..10].iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !multipart {
        return stored.to_string();
    }
    let (y, m, d) = (&stored[0..4], &stored[5..7], &stored[8..10]);
    let typed = stored[10..].trim();
    match (y, m, d) {
        ("0000", _, _) => typed.to_string(),
        (y, "00", _) => y.to_string(),
        (y, m, "00") => format!("{y}-{m}"),
        (y, m, d) => format!("{y}-{m}-{d}"),
    }
}

/// Zotero's UTC timestamp (`2024-03-01 09:07:00`) as RFC 3339 (`2024-03-01T09:07:00Z`).
pub fn rfc3339(zotero: &str) -> String {
    let t = zotero.trim();
    if t.len() == 19 && t.as_bytes()[10] == b' ' { format!("{}T{}Z", &t[..10], &t[11..]) } else { t.to_string() }
}

const SUFFIXES: [&str; 8] = ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "V"];

fn starts_lowercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// Splits a trailing suffix off a name part: `King, Jr.` or `King Jr.` → (`King`, `Jr.`).
fn split_suffix(part: &str) -> (String, String) {
    if let Some((head, tail)) = part.rsplit_once(',') {
        let tail = tail.trim();
        if !tail.is_empty() && !head.trim().is_empty() {
            return (head.trim().to_string(), tail.to_string());
        }
    }
    let words: Vec<&str> = part.split_whitespace().collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && SUFFIXES.contains(last) => (rest.join(" "), (*last).to_string()),
        _ => (part.trim().to_string(), String::new()),
    }
}

/// A Zotero creator as a CSL name: a one-field name is a literal; a family name's
/// leading lower-case words are its non-dropping particle (`de la` Cruz, `van der`
/// Berg, `d'`Alembert); a given name's trailing lower-case words its dropping
/// particle (Ludwig `van`); `, Jr.` (or a trailing `Jr.`, `III`) its suffix.
pub fn person(c: &ZCreator) -> Person {
    let last = c.last.trim();
    let first = c.first.trim();
    if c.single_field || (first.is_empty() && last.is_empty()) {
        return Person::literal(if last.is_empty() { first } else { last });
    }
    let (family, family_suffix) = split_suffix(last);
    let (given, given_suffix) = split_suffix(first);
    let mut p = Person::new(&family, &given);
    p.suffix = if given_suffix.is_empty() { family_suffix } else { given_suffix };

    let words: Vec<&str> = family.split_whitespace().collect();
    let particles = words.iter().take_while(|w| starts_lowercase(w)).count();
    if particles > 0 && particles < words.len() {
        p.non_dropping_particle = words[..particles].join(" ");
        p.family = words[particles..].join(" ");
    } else if words.len() == 1 && starts_lowercase(words[0]) {
        // `d'Alembert`, `l’Estrange`: an elided particle joined to the name.
        if let Some(i) = words[0].find(['\'', '’']).filter(|&i| i > 0 && i <= 3) {
            let cut = i + words[0][i..].chars().next().map_or(1, char::len_utf8);
            if cut < words[0].len() {
                p.non_dropping_particle = words[0][..cut].to_string();
                p.family = words[0][cut..].to_string();
            }
        }
    }
    let gwords: Vec<&str> = p.given.split_whitespace().collect();
    let trailing = gwords.iter().rev().take_while(|w| starts_lowercase(w)).count();
    if trailing > 0 && trailing < gwords.len() {
        p.dropping_particle = gwords[gwords.len() - trailing..].join(" ");
        p.given = gwords[..gwords.len() - trailing].join(" ");
    }
    p
}

/// Plain text of a Zotero note (HTML), paragraphs separated by blank lines.
pub fn note_text(html: &str) -> String {
    crate::store::formats::html(html).text.trim().to_string()
}

/// The item's record. `abstractNote`, `extra` and child notes go into the note
/// (our record has no abstract field), each under its own heading.
pub fn metadata(item: &ZItem) -> Metadata {
    let f = |name: &str| item.fields.get(name).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut m = Metadata {
        item_type: csl_type(&item.item_type).to_string(),
        title: f("title"),
        issued: iso_date(&f("date")),
        accessed: iso_date(&f("accessDate")),
        container_title: f("publicationTitle"),
        publisher: f("publisher"),
        publisher_place: f("place"),
        url: f("url"),
        pages: f("pages"),
        volume: f("volume"),
        issue: f("issue"),
        isbn: f("ISBN"),
        doi: f("DOI"),
        language: f("language"),
        ..Metadata::default()
    };
    for c in &item.creators {
        if AUTHOR_ROLES.contains(&c.role.as_str()) {
            m.authors.push(person(c));
        } else if c.role == "editor" {
            m.editors.push(person(c));
        }
    }
    let mut note = Vec::new();
    if !f("abstractNote").is_empty() {
        note.push(format!("Abstract: {}", f("abstractNote")));
    }
    if !f("extra").is_empty() {
        note.push(f("extra"));
    }
    note.extend(item.notes.iter().map(|n| note_text(n)).filter(|n| !n.is_empty()));
    m.note = note.join("\n\n");
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creator(first: &str, last: &str) -> ZCreator {
        ZCreator { first: first.into(), last: last.into(), single_field: false, role: "author".into() }
    }

    #[test]
    fn multipart_dates_become_iso_partial_dates() {
        assert_eq!(iso_date("2005-00-00 2005"), "2005");
        assert_eq!(iso_date("2007-03-00 March 2007"), "2007-03");
        assert_eq!(iso_date("2005-05-15 15 de mayo de 2005"), "2005-05-15");
        assert_eq!(iso_date("0000-00-00 spring 1905"), "spring 1905");
        assert_eq!(iso_date("2024-02-20 18:30:00"), "2024-02-20");
        assert_eq!(iso_date("1905"), "1905");
        assert_eq!(iso_date(""), "");
        assert_eq!(rfc3339("2024-03-01 09:07:00"), "2024-03-01T09:07:00Z");
    }

    #[test]
    fn particles_and_suffixes_are_split_out() {
        let p = person(&creator("Juan", "de la Cruz"));
        assert_eq!((p.non_dropping_particle.as_str(), p.family.as_str(), p.given.as_str()), ("de la", "Cruz", "Juan"));
        let p = person(&creator("Daniel", "van der Berg"));
        assert_eq!((p.non_dropping_particle.as_str(), p.family.as_str()), ("van der", "Berg"));
        let p = person(&creator("Martin Luther", "King, Jr."));
        assert_eq!((p.family.as_str(), p.suffix.as_str()), ("King", "Jr."));
        let p = person(&creator("John, III", "Smith"));
        assert_eq!((p.given.as_str(), p.suffix.as_str()), ("John", "III"));
        let p = person(&creator("Ludwig van", "Beethoven"));
        assert_eq!((p.given.as_str(), p.dropping_particle.as_str()), ("Ludwig", "van"));
        let p = person(&creator("Jean", "d'Alembert"));
        assert_eq!((p.non_dropping_particle.as_str(), p.family.as_str()), ("d'", "Alembert"));
        // Spanish double surnames and capitalised particles stay whole.
        assert_eq!(person(&creator("Ana María", "Pérez Ortega")), Person::new("Pérez Ortega", "Ana María"));
        assert_eq!(person(&creator("Hye-won", "Lee")), Person::new("Lee", "Hye-won"));
        let corporate = ZCreator { first: String::new(), last: "Centro Cultural".into(), single_field: true, role: "author".into() };
        assert_eq!(person(&corporate), Person::literal("Centro Cultural"));
    }

    #[test]
    fn types_map_to_csl() {
        assert_eq!(csl_type("journalArticle"), "article-journal");
        assert_eq!(csl_type("bookSection"), "chapter");
        assert_eq!(csl_type("somethingNew"), "document");
    }
}
