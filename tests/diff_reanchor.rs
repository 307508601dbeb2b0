//! Re-anchoring through a diff of the old and new text (`anchor::reanchor_all_from`,
//! used by `ops::refresh_source`) against the plain search (`anchor::reanchor_all`).
#![allow(clippy::unwrap_used)]

use marginalia::model::anchor::{self, Anchor, AnchorStatus};
use marginalia::model::{ByteOffset, CharRange, TextIndex};
use proptest::prelude::*;

fn index(s: &str) -> TextIndex {
    TextIndex::new(s.to_string())
}

fn anchor_on(text: &TextIndex, quote: &str, nth: usize) -> Anchor {
    let byte = text.as_str().match_indices(quote).nth(nth).expect("quote in text").0;
    let start = text.char_of(ByteOffset(byte)).0;
    Anchor::new(text, CharRange::new(start, start + quote.chars().count()))
}

fn both(anchors: &[Anchor], old: &TextIndex, new: &TextIndex) -> (Vec<Anchor>, Vec<Anchor>) {
    let refs: Vec<&Anchor> = anchors.iter().collect();
    (anchor::reanchor_all(&refs, new), anchor::reanchor_all_from(&refs, old, new))
}

const PARAGRAPHS: [&str; 4] = [
    "In April 1905, 1,033 Korean migrants boarded the Ilford at Chemulpo.\n",
    "Records in Mérida list 1,014 arrivals on 15 May, after a stop at Salina Cruz.\n",
    "A plate erected in 2005 in Progreso says 1,019, a figure no register supports.\n",
    "The contracts ran for four years on the henequen plantations of Yucatán.\n",
];

#[test]
fn unchanged_quotes_follow_an_insertion_as_moved_and_keep_their_place_before_it() {
    let old = index(&PARAGRAPHS.concat());
    let new = index(&format!("{}An editor's note on sources.\n{}", PARAGRAPHS[0], PARAGRAPHS[1..].concat()));
    let anchors = [anchor_on(&old, "Chemulpo", 0), anchor_on(&old, "1,014 arrivals", 0), anchor_on(&old, "Yucatán", 0)];
    let (plain, diffed) = both(&anchors, &old, &new);
    assert_eq!(diffed, plain, "no quote was edited: the diff and the search agree");
    assert_eq!(diffed[0].status, AnchorStatus::Exact);
    assert_eq!(diffed[1].status, AnchorStatus::Moved);
    assert_eq!(new.slice(diffed[1].range), "1,014 arrivals");
}

#[test]
fn an_edited_quote_is_fuzzy_where_its_text_went() {
    let old = index(&PARAGRAPHS.concat());
    let new = index(&PARAGRAPHS.concat().replace("boarded the Ilford", "embarked on the Ilford"));
    let anchors = [anchor_on(&old, "1,033 Korean migrants boarded the Ilford at Chemulpo", 0)];
    let (plain, diffed) = both(&anchors, &old, &new);
    assert_eq!(diffed, plain);
    assert_eq!(diffed[0].status, AnchorStatus::Fuzzy);
    assert_eq!(new.slice(diffed[0].range), "1,033 Korean migrants embarked on the Ilford at Chemulpo");
}

#[test]
fn a_passage_moved_elsewhere_is_found_in_the_added_lines() {
    let old = index(&PARAGRAPHS.concat());
    let new = index(&[PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[3], PARAGRAPHS[0]].concat());
    let anchors = [anchor_on(&old, "boarded the Ilford at Chemulpo", 0), anchor_on(&old, "Salina Cruz", 0)];
    let (plain, diffed) = both(&anchors, &old, &new);
    for a in &diffed {
        assert_ne!(a.status, AnchorStatus::Orphan);
        assert_eq!(new.slice(a.range), a.exact);
    }
    assert_eq!(diffed, plain);
}

#[test]
fn a_deleted_passage_does_not_move_to_a_copy_that_was_already_there() {
    // The same sentence twice; the annotated (second) copy is deleted. By the diff the
    // remaining copy is the other passage, unchanged: the annotation becomes an orphan.
    let repeated = "A plate erected in 2005 in Progreso says 1,019.\n";
    let old_text = format!("{repeated}{}{repeated}{}", PARAGRAPHS[0], PARAGRAPHS[1]);
    let old = index(&old_text);
    let new = index(&format!("{repeated}{}{}", PARAGRAPHS[0], PARAGRAPHS[1]));
    let anchors = [anchor_on(&old, "erected in 2005 in Progreso says 1,019", 1)];
    let (_, diffed) = both(&anchors, &old, &new);
    assert_eq!(diffed[0].status, AnchorStatus::Orphan, "{:?}", diffed[0]);
    assert_eq!(diffed[0].exact, anchors[0].exact, "the quote is kept");
}

#[test]
fn orphans_and_fuzzy_anchors_take_the_plain_search() {
    let old = index(&PARAGRAPHS.concat());
    let new = index(&PARAGRAPHS.concat().replace("Chemulpo", "Incheon"));
    let mut orphan = anchor_on(&old, "1,014 arrivals", 0);
    orphan.status = AnchorStatus::Orphan;
    let mut fuzzy = anchor_on(&old, "Salina Cruz", 0);
    fuzzy.exact = "Salina Kruz".to_string();
    fuzzy.status = AnchorStatus::Fuzzy;
    let anchors = [orphan, fuzzy];
    let (plain, diffed) = both(&anchors, &old, &new);
    assert_eq!(diffed, plain);
}

/// Words with repeats, so that quotes recur and edits collide with copies.
const WORDS: [&str; 14] =
    ["the", "migrants", "boarded", "ship", "Chemulpo", "1905", "and", "Mérida", "1,014", "arrivals", "plate", "says", "records", "Yucatán"];

/// A small deterministic generator.
use marginalia::testing::Lcg;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random edits around annotations, the true place of each quote tracked: where the
    /// diff path differs from the plain search it is on the quote's own text (or a
    /// near-identical twin a few chars away, as `tests/corpus.rs` allows), it never loses a quote the search put on its
    /// own text (a twin does not count: by the diff it was another passage), and an `exact`/`moved` anchor
    /// always sits on its unchanged quote (`exact`: at the same offsets).
    #[test]
    fn diff_mapped_reanchoring_is_never_worse_than_the_search(seed in 0u64..1_000_000) {
        let mut rng = Lcg(seed);
        let mut text: Vec<char> = Vec::new();
        while text.len() < 3000 {
            text.extend(WORDS[rng.next(WORDS.len())].chars());
            text.push(if rng.next(10) == 0 { '\n' } else { ' ' });
        }
        let old = index(&text.iter().collect::<String>());
        let mut spans = Vec::new();
        for k in 0..30 {
            let start = text.len() * k / 30 + rng.next(40);
            let end = (start + 4 + rng.next(50)).min(text.len());
            if !text[start..end].iter().all(|c| c.is_whitespace()) {
                spans.push((start, end));
            }
        }
        let anchors: Vec<Anchor> = spans.iter().map(|&(s, e)| Anchor::new(&old, CharRange::new(s, e))).collect();
        let mut truth: Vec<Option<(usize, usize)>> = spans.iter().map(|&s| Some(s)).collect();
        for _ in 0..1 + rng.next(12) {
            let at = rng.next(text.len());
            let del = rng.next(10).min(text.len() - at);
            let ins: Vec<char> = if rng.next(4) == 0 {
                // Sometimes a copy of text from elsewhere, so that quotes recur.
                let from = rng.next(text.len() - 30);
                text[from..from + 5 + rng.next(25)].to_vec()
            } else {
                (0..rng.next(10)).map(|_| char::from(b'a' + rng.next(26) as u8)).collect()
            };
            text.splice(at..at + del, ins.iter().copied());
            marginalia::testing::shift_spans(&mut truth, at, del, ins.len());
        }
        let new = index(&text.iter().collect::<String>());
        let (plain, diffed) = both(&anchors, &old, &new);
        // As in `tests/corpus.rs`: on the true span give or take a little, or on a
        // (nearly) identical copy a few chars away (which of two repeated words was edited
        // is not decidable from the texts).
        let on_truth = |a: &Anchor, truth: Option<(usize, usize)>, twin_ok: bool| {
            let (s, e) = (a.range.start.0, a.range.end.0);
            match truth {
                Some((ts, te)) => {
                    let overlaps = s < te.max(ts + 1) && ts < e && (s.abs_diff(ts) + e.abs_diff(te)) <= (te - ts) / 2 + 2;
                    // Part of its own edited text (text inserted inside a quote can hold
                    // a closer match than the whole).
                    let tol = a.exact.chars().count() / 2 + 2;
                    let within = s < te.max(ts + 1) && ts < e && s + tol >= ts && e <= te + tol;
                    let placed: Vec<char> = new.slice(a.range).chars().collect();
                    let quote: Vec<char> = a.exact.chars().collect();
                    overlaps || twin_ok && within || twin_ok && marginalia::model::fuzzy::similarity(&placed, &quote) >= 0.8 && s.abs_diff(ts) <= 64
                }
                None => true,
            }
        };
        for ((a, p), t) in diffed.iter().zip(&plain).zip(&truth) {
            if matches!(a.status, AnchorStatus::Exact | AnchorStatus::Moved) {
                prop_assert_eq!(new.slice(a.range), a.exact.as_str(), "{:?}", a);
            }
            if a.status == AnchorStatus::Exact {
                prop_assert!(anchors.iter().any(|o| o.range == a.range), "exact means the same offsets: {:?}", a);
            }
            // Where the two differ, the diff path is on the quote's own text (where
            // they agree, the search's own tolerance is `tests/corpus.rs`'s business).
            if a != p && a.status != AnchorStatus::Orphan {
                prop_assert!(on_truth(a, *t, true), "diff path on wrong text: {:?}, truth {:?}, plain {:?}", a, t, p);
            }
            if p.status != AnchorStatus::Orphan && on_truth(p, *t, false) && t.is_some() {
                prop_assert!(a.status != AnchorStatus::Orphan, "the search kept {:?} on its text, the diff path lost it", p);
            }
        }
    }
}
