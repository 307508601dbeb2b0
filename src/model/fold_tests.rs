use proptest::prelude::*;

use super::*;

fn search(s: &str) -> String {
    fold(s, Strength::SEARCH)
}

fn quote(s: &str) -> String {
    fold(s, Strength::QUOTE)
}

fn slice(s: &str, r: CharRange) -> String {
    s.chars().skip(r.start.0).take(r.len()).collect()
}

#[test]
fn canonical_equivalence_both_ways() {
    let nfd = "Me\u{301}rida";
    let nfc = "M\u{e9}rida";
    assert_eq!(quote(nfd), quote(nfc));
    assert_eq!(search(nfd), "merida");
    assert_eq!(search(nfc), "merida");
    assert_ne!(quote(nfc), quote("Merida"), "a quote keeps its accents");
}

#[test]
fn compatibility_case_and_invisible_chars() {
    assert_eq!(search("The \u{fb01}nancial o\u{fb03}ce"), "the financial office");
    assert_eq!(quote("o\u{fb03}ce"), "office");
    assert_eq!(search("Stra\u{df}e STRASSE"), "strasse strasse");
    assert_eq!(search("ＭＥＲＩＤＡ １９０５"), "merida 1905");
    assert_eq!(search("con\u{ad}tri\u{200b}bu\u{200d}tions\u{feff}"), "contributions");
    assert_eq!(quote("a\u{a0}\u{2009} b\t\n c"), "a b c", "every space, runs collapsed");
    assert_eq!(quote("Korea’s “envoy” 1905–1910"), "Korea's \"envoy\" 1905-1910");
    assert_eq!(fold("wom- en and", Strength::QUOTE_LOOSE), "womenand");
}

#[test]
fn hangul_stays_whole_and_decomposed_hangul_recomposes() {
    assert_eq!(search("서울"), "서울");
    assert_ne!(search("세월"), search("서울"));
    assert_ne!(search("수원"), search("서울"));
    let decomposed: String = "서울".nfd().collect();
    assert_eq!(decomposed.chars().count(), 5);
    assert_eq!(search(&decomposed), "서울");
    let f = Folded::new(&format!("x {decomposed} y"), Strength::SEARCH);
    assert_eq!(f.find_all("서울"), vec![CharRange::new(2, 7)], "the whole decomposed word");
}

#[test]
fn look_alikes_fold_to_latin_but_other_confusables_do_not() {
    assert_eq!(search("Сеул"), search("Ceул"), "Cyrillic С and Latin C");
    assert_eq!(search("Ρrogreso"), "progreso", "Greek capital rho");
    assert_eq!(quote("Сhemulpo"), "Chemulpo");
    assert_ne!(search("1905"), search("l9O5"), "digits are not letters");
    assert_ne!(search("modern"), search("rnodern"));
    // Accents of other scripts are letters, not decoration.
    assert_ne!(search("कि"), search("क"));
}

#[test]
fn matches_map_back_to_whole_source_units() {
    let text = "the o\u{fb03}ce of Me\u{301}rida\u{200b} and Stra\u{df}e";
    let f = Folded::new(text, Strength::SEARCH);
    let hits = f.find_all("office");
    assert_eq!(hits.len(), 1);
    assert_eq!(slice(text, hits[0]), "o\u{fb03}ce");
    assert_eq!(slice(text, f.find_all("merida")[0]), "Me\u{301}rida", "the trailing ZWSP is not part of it");
    assert_eq!(slice(text, f.find_all("strasse")[0]), "Stra\u{df}e");
    assert_eq!(slice(text, f.find_all("fi")[0]), "\u{fb03}", "part of a ligature covers the ligature");
    assert!(f.find_all("").is_empty());
    assert_eq!(f.source_len(), text.chars().count());
}

/// Strings mixing every kind the fold handles.
fn mixed() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "E",
        "z",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "-",
        "–",
        "’",
        "\"",
        "1",
        "５",
        "é",
        "e\u{301}",
        "\u{301}",
        "\u{fb01}",
        "\u{fb03}",
        "ß",
        "ẞ",
        "İ",
        "ǅ",
        "\u{ad}",
        "\u{200b}",
        "\u{200d}",
        "\u{feff}",
        "서",
        "\u{1109}\u{1165}",
        "\u{11af}",
        "с",
        "Ρ",
        "ο",
        "क",
        "ि",
        "Ａ",
        "ŉ",
        "\u{1fc3}",
        "\u{345}",
        "ﬀ",
        "\t",
        "x",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_map_is_monotonic_and_inside_the_source(text in mixed(), which in 0..3usize) {
        let strength = [Strength::SEARCH, Strength::QUOTE, Strength::QUOTE_LOOSE][which];
        let f = Folded::new(&text, strength);
        let n = text.chars().count();
        prop_assert_eq!(f.origin.len(), f.as_str().len() + 1);
        prop_assert_eq!(f.source_len(), n);
        prop_assert!(f.origin.windows(2).all(|w| w[0] <= w[1]), "monotonic");
        prop_assert!(f.origin.iter().all(|&o| o as usize <= n));
        for &(s, e) in &f.long_units {
            prop_assert!(s < e && e as usize <= n);
        }
    }

    #[test]
    fn a_folded_substring_maps_to_a_source_range_that_folds_to_it(text in mixed(), a in 0..200usize, b in 0..200usize, which in 0..3usize) {
        let strength = [Strength::SEARCH, Strength::QUOTE, Strength::QUOTE_LOOSE][which];
        let f = Folded::new(&text, strength);
        let bounds: Vec<usize> = f.as_str().char_indices().map(|(i, _)| i).chain([f.as_str().len()]).collect();
        let (i, j) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
        let (i, j) = (i.min(j), i.max(j));
        let needle = &f.as_str()[i..j];
        let range = f.source_range(i, j);
        prop_assert!(range.start.0 <= range.end.0 && range.end.0 <= text.chars().count());
        let refolded = fold(&slice(&text, range), strength);
        prop_assert!(refolded.contains(needle), "{needle:?} from {range:?} folds to {refolded:?}");
        // Cut at unit boundaries, the range folds to exactly the substring.
        let unit_start = |k: usize| k == 0 || f.origin[k - 1] != f.origin[k];
        if unit_start(i) && unit_start(j) {
            prop_assert_eq!(refolded.as_str(), needle);
        }
        // Every occurrence found maps to a range that folds to (at least) the needle.
        for r in f.find_all(needle).into_iter().chain(f.find_overlapping(needle)) {
            prop_assert!(fold(&slice(&text, r), strength).contains(needle));
        }
    }

    // A mark cut off from its letter by an invisible char (`c`, ZWSP, acute) folds
    // to a letter and a loose mark, which fold again into one char: so this promise
    // holds for text without invisible chars (which fold to nothing anyway).
    #[test]
    fn folding_is_idempotent(text in mixed().prop_filter("no invisible chars", |t| !t.chars().any(|c| "\u{200b}\u{ad}\u{200d}\u{feff}".contains(c)))) {
        for strength in [Strength::SEARCH, Strength::QUOTE] {
            let once = fold(&text, strength);
            prop_assert_eq!(fold(&once, strength), once.clone());
        }
    }
}
