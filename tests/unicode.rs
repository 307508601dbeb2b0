//! Text that reads the same matches the same (issue 13): `search` and
//! `annotate --quote` through the binary, on documents in the forms PDF extraction,
//! web pages and other systems produce, each hit resolving to the exact stored range.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

/// A project with one document holding `doc`.
fn project_with(doc: &str) -> (tempfile::TempDir, String) {
    let (dir, project, _) = project_with_document("Unicode", "doc.txt", doc);
    (dir, project)
}

fn stored_slice(doc: &str, start: &serde_json::Value, end: &serde_json::Value) -> String {
    let (s, e) = (start.as_u64().unwrap() as usize, end.as_u64().unwrap() as usize);
    doc.chars().skip(s).take(e - s).collect()
}

/// The stored text of every search hit.
fn hits(p: &str, doc: &str, query: &str) -> Vec<String> {
    let out = json(&run_ok(&["search", p, query, "--json"]));
    out.as_array().unwrap().iter().map(|h| stored_slice(doc, &h["start"], &h["end"])).collect()
}

/// The stored text a new annotation on `quote` is anchored on.
fn anchored(p: &str, doc: &str, quote: &str) -> String {
    let o = marginalia(&["annotate", p, "--source", "s1", "--quote", quote, "--kind", "quote"]);
    assert_eq!(o.status.code(), Some(0), "--quote {quote:?}: {}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    let list = json(&run_ok(&["list", p, "annotations", "--json"]));
    let a = list.as_array().unwrap().iter().find(|a| a["id"] == id.as_str()).unwrap();
    stored_slice(doc, &a["start"], &a["end"])
}

#[test]
fn nfd_text_and_nfc_queries_both_ways() {
    let doc = "The migrants reached Me\u{301}rida in May 1905.\nLater they left M\u{e9}rida for the haciendas.\n";
    let (_dir, p) = project_with(doc);
    for q in ["Merida", "M\u{e9}rida", "Me\u{301}rida", "MERIDA"] {
        assert_eq!(hits(&p, doc, q), vec!["Me\u{301}rida", "M\u{e9}rida"], "{q}");
    }
    assert_eq!(anchored(&p, doc, "reached M\u{e9}rida"), "reached Me\u{301}rida");
    assert_eq!(anchored(&p, doc, "left Me\u{301}rida"), "left M\u{e9}rida");
}

#[test]
fn ligatures_and_full_width_forms() {
    let doc = "The \u{fb01}nancial records of the o\u{fb03}ce were kept.\nＦｕｌｌ ｗｉｄｔｈ ｆｉｇｕｒｅ １，０１４ here.\n";
    let (_dir, p) = project_with(doc);
    assert_eq!(hits(&p, doc, "financial"), vec!["\u{fb01}nancial"]);
    assert_eq!(hits(&p, doc, "office"), vec!["o\u{fb03}ce"]);
    assert_eq!(anchored(&p, doc, "financial records of the office"), "\u{fb01}nancial records of the o\u{fb03}ce");
    assert_eq!(hits(&p, doc, "1,014"), vec!["１，０１４"]);
    assert_eq!(hits(&p, doc, "\"full width\""), vec!["Ｆｕｌｌ ｗｉｄｔｈ"]);
    assert_eq!(anchored(&p, doc, "figure 1,014"), "ｆｉｇｕｒｅ １，０１４");
}

#[test]
fn hangul_is_never_cut_to_its_first_jamo() {
    let doc = "세월이 흘러 수원에서 편지가 왔다\n서울\n";
    let (_dir, p) = project_with(doc);
    assert_eq!(hits(&p, doc, "서울"), vec!["서울"]);
    assert_eq!(hits(&p, doc, "세월"), vec!["세월"]);
    assert_eq!(hits(&p, doc, "수원"), vec!["수원"]);
    assert_eq!(anchored(&p, doc, "수원에서"), "수원에서");
    // The same words stored decomposed (jamo), as some systems write them.
    let nfd = "세월이 흘러 수원에서 편지가 왔다\n서울\n".chars().flat_map(hangul_nfd).collect::<String>();
    let (_dir2, p2) = project_with(&nfd);
    assert_eq!(hits(&p2, &nfd, "서울").len(), 1);
    assert_eq!(anchored(&p2, &nfd, "서울"), "서울".chars().flat_map(hangul_nfd).collect::<String>());
}

/// Canonical decomposition of a Hangul syllable (the arithmetic of Unicode 3.12),
/// so that the test does not fold with the code under test.
fn hangul_nfd(c: char) -> Vec<char> {
    let s = c as u32;
    if !(0xAC00..=0xD7A3).contains(&s) {
        return vec![c];
    }
    let i = s - 0xAC00;
    let (l, v, t) = (0x1100 + i / 588, 0x1161 + (i % 588) / 28, 0x11A7 + i % 28);
    let mut out = vec![char::from_u32(l).unwrap(), char::from_u32(v).unwrap()];
    if t != 0x11A7 {
        out.push(char::from_u32(t).unwrap());
    }
    out
}

#[test]
fn case_folding_that_changes_length() {
    let doc = "Die Stra\u{df}e der Arbeiter und die GROSSE Halle.\n";
    let (_dir, p) = project_with(doc);
    assert_eq!(hits(&p, doc, "strasse"), vec!["Stra\u{df}e"]);
    assert_eq!(hits(&p, doc, "gro\u{df}e"), vec!["GROSSE"]);
}

#[test]
fn invisible_chars_inside_words() {
    let doc = "Their contri\u{ad}butions to the re\u{200b}cords of the Ha\u{200d}cienda \u{feff}Yaxcop\u{e1}il.\n";
    let (_dir, p) = project_with(doc);
    assert_eq!(hits(&p, doc, "contributions"), vec!["contri\u{ad}butions"]);
    assert_eq!(hits(&p, doc, "records"), vec!["re\u{200b}cords"]);
    assert_eq!(hits(&p, doc, "hacienda yaxcopail"), vec!["Ha\u{200d}cienda", "Yaxcop\u{e1}il"]);
    assert_eq!(anchored(&p, doc, "the records of the Hacienda"), "the re\u{200b}cords of the Ha\u{200d}cienda");
}

#[test]
fn latin_look_alikes_from_other_scripts() {
    // `Chemulpo` typed with a Cyrillic С and о, `Progreso` with a Greek Ρ.
    let doc = "They sailed from \u{421}hemulp\u{43e} to \u{3a1}rogreso.\n";
    let (_dir, p) = project_with(doc);
    assert_eq!(hits(&p, doc, "chemulpo"), vec!["\u{421}hemulp\u{43e}"]);
    assert_eq!(hits(&p, doc, "Progreso"), vec!["\u{3a1}rogreso"]);
    assert_eq!(anchored(&p, doc, "from Chemulpo to Progreso"), "from \u{421}hemulp\u{43e} to \u{3a1}rogreso");
    assert!(hits(&p, doc, "1905").is_empty());
}

#[test]
fn a_quote_keeps_case_and_accents_and_reports_no_match() {
    let doc = "They reached M\u{e9}rida.\n";
    let (_dir, p) = project_with(doc);
    for q in ["reached Merida", "Reached Mérida"] {
        let o = marginalia(&["annotate", &p, "--source", "s1", "--quote", q, "--kind", "quote"]);
        assert_eq!(o.status.code(), Some(2), "{q}: a citation is exact up to equivalent forms");
    }
}
