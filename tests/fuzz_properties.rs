//! The fuzz targets' promises (`marginalia::properties`), checked on every `cargo test`
//! with proptest: random inputs and random mutations of real-looking files (the
//! fixtures and the sample project). The long coverage-guided runs are `scripts/fuzz.sh`.

use marginalia::properties::{self, BibFormat, DocFormat};
use proptest::prelude::*;

const PROJECT: &str = include_str!("../sample_projects/migrants-1905/project.ron");
const BIBTEX: &str = include_str!("fixtures/records.bib");
const RIS: &str = include_str!("fixtures/records.ris");
const CSL_JSON: &str = include_str!("fixtures/records.json");
const HTML: &str = include_str!("fixtures/fixture.html");
const MARKDOWN: &str = include_str!("fixtures/fixture.md");
const DOCX: &[u8] = include_bytes!("fixtures/fixture.docx");
const PDF: &[u8] = include_bytes!("fixtures/fixture.pdf");

/// One change to a byte string, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: f64, len: usize },
    Insert { at: f64, bytes: Vec<u8> },
    Duplicate { at: f64, len: usize },
    Flip { at: f64, mask: u8 },
}

/// Bytes that make parsers branch: delimiters, digits, quotes, UTF-8 lead bytes.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => prop::sample::select(b"{}[]()<>\"'\\,;:=-/&#%@ \n\r\t0123456789.aZ".to_vec()),
        1 => any::<u8>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0, 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0.0..1.0, prop::collection::vec(interesting_byte(), 1..16)).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (0.0..1.0, 1usize..256).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (0.0..1.0, 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
    ]
}

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for m in mutations {
        let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
        match m {
            Mutation::Delete { at, len } => {
                let start = pos(*at, out.len());
                let end = (start + len).min(out.len());
                out.drain(start..end);
            }
            Mutation::Insert { at, bytes } => {
                let start = pos(*at, out.len());
                out.splice(start..start, bytes.iter().copied());
            }
            Mutation::Duplicate { at, len } => {
                let start = pos(*at, out.len());
                let end = (start + len).min(out.len());
                let copy = out[start..end].to_vec();
                out.splice(end..end, copy);
            }
            Mutation::Flip { at, mask } => {
                if !out.is_empty() {
                    let i = pos(*at, out.len() - 1);
                    out[i] ^= mask;
                }
            }
        }
    }
    out
}

/// A seed file under up to 8 random mutations.
fn mutated(seed: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(mutation(), 0..8).prop_map(move |ms| mutate(seed, &ms))
}

/// Text shaped like extracted documents: lines of words, numbers, hyphens at line
/// ends, page numbers, blank lines, odd spaces and note markers.
fn document_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Zé]{1,9}",
        2 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("-\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => "\n[0-9]{1,3}\n",
        1 => "[0-9]{1,3}(,[0-9]{3}){0,2}",
        1 => prop::sample::select(vec!["\u{a0}", "\t", "\r\n", "\u{ad}", ".", "[1]", "“", "’", "%", "US$", "about ", "more than "])
            .prop_map(str::to_string),
        // Text that reads the same in other forms (issue 13).
        1 => prop::sample::select(vec!["e\u{301}", "\u{fb01}", "\u{fb03}", "서울", "\u{1109}\u{1165}", "\u{200b}", "\u{feff}", "\u{200d}", "ß", "Ｍ１，０", "\u{2009}", "С", "\u{301}"])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|parts| parts.concat())
}

fn check(result: Result<(), String>) -> Result<(), TestCaseError> {
    result.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_project_file_loads_and_round_trips_or_is_refused_with_a_position(bytes in mutated(PROJECT.as_bytes())) {
        check(properties::project_file(&bytes))?;
    }

    #[test]
    fn any_bibtex_is_read_or_refused_and_exports_back(bytes in mutated(BIBTEX.as_bytes())) {
        check(properties::bibliography(BibFormat::Bibtex, &bytes))?;
    }

    #[test]
    fn any_ris_is_read_and_exports_back(bytes in mutated(RIS.as_bytes())) {
        check(properties::bibliography(BibFormat::Ris, &bytes))?;
    }

    #[test]
    fn any_csl_json_is_read_or_refused_and_exports_back(bytes in mutated(CSL_JSON.as_bytes())) {
        check(properties::bibliography(BibFormat::CslJson, &bytes))?;
    }

    #[test]
    fn any_bytes_decode_as_text_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(properties::document(DocFormat::PlainText, &bytes))?;
    }

    #[test]
    fn any_markdown_converts(bytes in mutated(MARKDOWN.as_bytes())) {
        check(properties::document(DocFormat::Markdown, &bytes))?;
    }

    #[test]
    fn any_html_converts(bytes in mutated(HTML.as_bytes())) {
        check(properties::document(DocFormat::Html, &bytes))?;
    }

    #[test]
    fn any_docx_converts_or_is_refused(bytes in mutated(DOCX)) {
        check(properties::document(DocFormat::Docx, &bytes))?;
    }

    #[test]
    fn any_text_has_a_reading_text_that_maps_both_ways(text in document_text()) {
        check(properties::reading_text(&text))?;
    }

    #[test]
    fn any_text_folds_with_a_map_back_to_it(text in document_text()) {
        check(properties::text_fold(&text))?;
    }

    #[test]
    fn any_text_yields_figures_inside_it_with_ordered_intervals(text in document_text()) {
        check(properties::figures(&text))?;
    }
}

proptest! {
    // pdf-extract is slow on a 20 KB file, and panics (caught, reported as a damaged
    // PDF) on most mutations: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_pdf_converts_or_is_refused(bytes in mutated(PDF)) {
        check(properties::document(DocFormat::Pdf, &bytes))?;
    }
}

#[test]
fn the_seeds_hold_and_the_mutator_does_what_it_says() {
    assert_eq!(properties::project_file(PROJECT.as_bytes()), Ok(()));
    assert_eq!(properties::bibliography(BibFormat::Bibtex, BIBTEX.as_bytes()), Ok(()));
    let doc = mutate(b"abcdef", &[Mutation::Delete { at: 0.5, len: 2 }, Mutation::Insert { at: 0.0, bytes: b"x".to_vec() }]);
    assert_eq!(doc, b"xabcf");
}
