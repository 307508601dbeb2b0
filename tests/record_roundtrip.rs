//! Import → export → import is the identity for BibTeX, RIS and CSL-JSON on random
//! records (every name part, numbers, identifiers, dates and the other CSL variables
//! each format has a place for), and the lossy cases once reported.
#![allow(clippy::unwrap_used)]

use marginalia::model::{Edit, Metadata, Person, Project, Source, SourceId, Transaction};
use marginalia::store::bib;
use marginalia::store::export::{self, Format, Scope};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,8}",
        Just("Ángel".to_string()),
        Just("Müller".to_string()),
        Just("Ñandú".to_string()),
        Just("Jae-Hyun".to_string()),
    ]
}

fn words(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), n).prop_map(|w| w.join(" "))
}

/// Text with characters BibTeX escapes and others that need none.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            word(),
            Just("&".into()),
            Just("50%".into()),
            Just("$5".into()),
            Just("#3".into()),
            Just("a_b".into()),
            Just("Who?".into()),
            Just("D.C.".into())
        ],
        1..6,
    )
    .prop_map(|w| w.join(" "))
}

fn person() -> impl Strategy<Value = Person> {
    prop_oneof![
        4 => (
            words(1..=2),
            prop_oneof![words(1..=2), Just("J. R.".to_string())],
            prop_oneof![Just(String::new()), Just("van den".to_string()), Just("de la".to_string()), Just("von".to_string())],
            prop_oneof![3 => Just(String::new()), 1 => Just("de".to_string()), 1 => Just("von".to_string())],
            prop_oneof![3 => Just(String::new()), 1 => Just("Jr.".to_string()), 1 => Just("III".to_string())],
        )
            .prop_map(|(family, given, ndp, dp, suffix)| Person {
                family,
                given,
                non_dropping_particle: ndp,
                dropping_particle: dp,
                suffix,
                literal: String::new()
            }),
        1 => words(2..=4).prop_map(|w| Person::literal(&format!("{w} Commission"))),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        (1800..2030i32).prop_map(|y| y.to_string()),
        (1800..2030i32, 1..=12u32).prop_map(|(y, m)| format!("{y}-{m:02}")),
        (1800..2030i32, 1..=12u32, 1..=28u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (1800..2000i32, 1..30i32).prop_map(|(y, n)| format!("{y}/{}", y + n)),
        (1800..2030i32).prop_map(|y| format!("{y}~")),
    ]
}

fn opt(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 2 => s]
}

const TYPES: [&str; 12] = [
    "article-journal",
    "article-newspaper",
    "article-magazine",
    "book",
    "chapter",
    "report",
    "thesis",
    "webpage",
    "manuscript",
    "paper-conference",
    "document",
    "dataset",
];

/// A random record; `extra` lists the other CSL variables the format can hold.
fn record(extra: &'static [&'static str], translators: bool) -> impl Strategy<Value = Metadata> {
    let people = || prop::collection::vec(person(), 0..4);
    (
        (prop::sample::select(&TYPES[..]), text(), people(), people(), opt(date()), opt(text()), opt(text()), opt(words(1..=2))),
        (
            opt(Just("https://example.org/item/1".to_string())),
            opt(prop_oneof![(1..999u32).prop_map(|p| p.to_string()), (1..400u32, 1..99u32).prop_map(|(a, b)| format!("{a}–{}", a + b))]),
            opt((1..99u32).prop_map(|v| v.to_string())),
            opt((1..12u32).prop_map(|v| v.to_string())),
            opt(Just("978-0-19-852663-6".to_string())),
            opt("10\\.5555/[a-z]{3}\\.[0-9]{4}"),
            opt(prop::sample::select(vec!["en".to_string(), "es".to_string(), "de".to_string()])),
            opt(text()),
        ),
        prop::collection::vec(opt(words(1..=3)), extra.len()),
        if translators { people().boxed() } else { Just(Vec::new()).boxed() },
    )
        .prop_map(
            move |(
                (item_type, title, authors, editors, issued, container, publisher, place),
                (url, pages, volume, issue, isbn, doi, language, note),
                values,
                translators,
            )| {
                let mut m = Metadata {
                    item_type: item_type.to_string(),
                    title,
                    authors,
                    editors,
                    issued,
                    container_title: container,
                    publisher,
                    publisher_place: place,
                    url,
                    pages,
                    volume,
                    issue,
                    isbn,
                    doi,
                    language,
                    note,
                    ..Metadata::default()
                };
                for (name, value) in extra.iter().zip(values) {
                    if !value.is_empty() {
                        m.fields.insert(name.to_string(), value);
                    }
                }
                if !translators.is_empty() {
                    m.names.insert("translator".into(), translators);
                }
                m
            },
        )
}

fn project(meta: &Metadata) -> Project {
    let mut p = Project::new("round trip");
    let mut tx = Transaction::new("record");
    tx.push(Edit::PutSource { id: SourceId(1), source: Some(Box::new(Source::record(SourceId(1), meta.clone()))), text: None });
    tx.apply(&mut p);
    p
}

fn export_text(meta: &Metadata, format: Format) -> String {
    String::from_utf8(export::export(&project(meta), format, "apa", &Scope::All).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn csl_json_round_trip_is_the_identity(meta in record(&["edition", "genre", "archive", "archive_location", "collection-title", "event-title", "number", "original-date"], true)) {
        let mut meta = meta;
        if let Some(d) = meta.fields.get_mut("original-date") { *d = "1905".into(); }
        let text = export_text(&meta, Format::CslJson);
        let back = bib::csl_json(&text).unwrap();
        prop_assert!(back.problems.is_empty(), "{:?}", back.problems);
        prop_assert_eq!(&back.records[0].meta, &meta, "{}", text);
    }

    #[test]
    fn bibtex_round_trip_is_the_identity(meta in record(&["edition", "genre", "archive", "archive_location", "collection-title", "event-title"], true)) {
        let text = export_text(&meta, Format::Bibtex);
        let back = bib::bibtex(&text).unwrap();
        prop_assert!(back.problems.is_empty(), "{:?}", back.problems);
        prop_assert_eq!(&back.records[0].meta, &meta, "{}", text);
    }

    #[test]
    fn ris_round_trip_is_the_identity(meta in record(&["edition", "genre", "archive", "archive_location", "collection-title", "call-number", "number"], true)) {
        let text = export_text(&meta, Format::Ris);
        let back = bib::ris(&text);
        prop_assert!(back.problems.is_empty(), "{:?}", back.problems);
        prop_assert_eq!(&back.records[0].meta, &meta, "{}", text);
    }
}

/// The lossy cases the issue names, one by one.
#[test]
fn particles_suffixes_numbers_and_doi_links_survive_a_csl_json_import() {
    let input = r#"[{"id": "a", "type": "article-journal", "title": "T",
        "author": [{"family": "Berg", "given": "Anneke", "non-dropping-particle": "van den"},
                   {"family": "Ortega", "given": "R.", "dropping-particle": "de", "suffix": "Jr."}],
        "volume": 12, "issue": 3, "page": 101, "DOI": "https://doi.org/10.5555/x.1"}]"#;
    let r = bib::csl_json(input).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let m = &r.records[0].meta;
    assert_eq!(m.authors[0].display(), "Anneke van den Berg");
    assert_eq!(m.authors[1].display(), "R. de Ortega, Jr.");
    assert_eq!((m.volume.as_str(), m.issue.as_str(), m.pages.as_str()), ("12", "3", "101"));
    let list = export_text(m, Format::Bibliography);
    assert_eq!(list.matches("doi.org").count(), 1, "{list}");
    assert!(list.contains("van den Berg") && list.contains("Ortega") && list.contains("Jr."), "{list}");
}

#[test]
fn bibtex_von_jr_accents_ranges_strings_and_crossref() {
    let r = bib::bibtex(
        r#"@string{jhg = {Journal of Harbour Geography}}
@article{a, title = {M{\'e}xico \& Caf{\"u}}, author = {van den Berg, Jr., Anneke and Ortega, R. de}, journal = jhg, pages = {101--119}, year = 1999}
@incollection{b, crossref = {c}, title = {Chap}, author = {Kim, Minji}}
@book{c, title = {Big Book}, publisher = {Harbourside}, year = 2000}
@misc{d, title = {Odd}, frobnicate = {x}}
"#,
    )
    .unwrap();
    let a = &r.records[0].meta;
    assert_eq!(a.title, "México & Cafü");
    assert_eq!(a.authors[0], Person { non_dropping_particle: "van den".into(), suffix: "Jr.".into(), ..Person::new("Berg", "Anneke") });
    assert_eq!(a.authors[1], Person { dropping_particle: "de".into(), ..Person::new("Ortega", "R.") });
    assert_eq!((a.container_title.as_str(), a.pages.as_str()), ("Journal of Harbour Geography", "101–119"));
    let b = &r.records[1].meta;
    assert_eq!((b.container_title.as_str(), b.publisher.as_str(), b.issued.as_str()), ("Big Book", "Harbourside", "2000"));
    assert!(r.problems.iter().any(|p| p.contains("`frobnicate`")), "{:?}", r.problems);
}
