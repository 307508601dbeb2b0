//! Property tests: anchoring survives edits elsewhere; undo restores exactly.
#![allow(clippy::unwrap_used)]

use marginalia::model::{
    Anchor, AnchorStatus, CharRange, FigureValue, History, Project, Relation, Source, SourceId, TextIndex, anchor, ops,
};
use proptest::prelude::*;

/// Random prose-like text over a mixed alphabet (so long quotes are unique).
fn text_strategy(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![Just(' '), Just('\n'), proptest::char::range('a', 'z'), Just('é'), Just('1'), Just(',')], len)
        .prop_map(|v| v.into_iter().collect())
}

#[derive(Debug, Clone)]
enum TextEdit {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, usize, String),
}

fn edit_strategy() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        (any::<usize>(), text_strategy(1..10)).prop_map(|(at, s)| TextEdit::Insert(at, s)),
        (any::<usize>(), 1usize..10).prop_map(|(at, n)| TextEdit::Delete(at, n)),
        (any::<usize>(), 1usize..10, text_strategy(1..10)).prop_map(|(at, n, s)| TextEdit::Replace(at, n, s)),
    ]
}

/// Applies an edit to `chars` outside `[protect.0, protect.1)`, shifting `protect`.
fn apply_outside(chars: &mut Vec<char>, protect: &mut (usize, usize), edit: &TextEdit) {
    let (at, remove, insert): (usize, usize, Vec<char>) = match edit {
        TextEdit::Insert(at, s) => (*at, 0, s.chars().collect()),
        TextEdit::Delete(at, n) => (*at, *n, Vec::new()),
        TextEdit::Replace(at, n, s) => (*at, *n, s.chars().collect()),
    };
    // Choose before or after the protected span, wherever there is room.
    let before_room = protect.0;
    let after_room = chars.len() - protect.1;
    let in_front = at % 2 == 0 && before_room > 0;
    let (start, end) = if in_front {
        let s = at % (before_room + 1);
        (s, (s + remove).min(protect.0))
    } else if after_room > 0 || remove == 0 {
        let s = protect.1 + at % (after_room + 1);
        (s, (s + remove).min(chars.len()))
    } else {
        return;
    };
    let removed = end - start;
    chars.splice(start..end, insert.iter().copied());
    if in_front {
        protect.0 = protect.0 - removed + insert.len();
        protect.1 = protect.1 - removed + insert.len();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn an_unchanged_quote_reanchors_exact_or_moved_onto_itself(
        before in text_strategy(0..300),
        quote in text_strategy(12..60),
        after in text_strategy(0..300),
        edits in proptest::collection::vec(edit_strategy(), 1..4),
    ) {
        prop_assume!(!quote.trim().is_empty());
        let original = format!("{before}{quote}{after}");
        let start = before.chars().count();
        let end = start + quote.chars().count();
        let index = TextIndex::new(original.clone());
        let a = Anchor::new(&index, CharRange::new(start, end));
        let mut chars: Vec<char> = original.chars().collect();
        let mut span = (start, end);
        for e in &edits {
            apply_outside(&mut chars, &mut span, e);
        }
        let changed: String = chars.iter().collect();
        // Only meaningful when the quote stayed unique (random text may repeat it).
        prop_assume!(changed.matches(quote.as_str()).count() == 1);
        let r = anchor::reanchor(&a, &TextIndex::new(changed.clone()));
        prop_assert!(matches!(r.status, AnchorStatus::Exact | AnchorStatus::Moved), "status {:?}", r.status);
        prop_assert_eq!(r.range, CharRange::new(span.0, span.1));
    }

    #[test]
    fn reanchoring_never_places_an_anchor_on_other_text(
        original in text_strategy(50..400),
        changed in text_strategy(50..400),
        start in 0usize..40,
        len in 5usize..30,
    ) {
        let index = TextIndex::new(original);
        prop_assume!(start + len <= index.char_len());
        let a = Anchor::new(&index, CharRange::new(start, start + len));
        let new = TextIndex::new(changed);
        let r = anchor::reanchor(&a, &new);
        match r.status {
            // The same text, or text that reads the same (another Unicode form, spacing;
            // white space around a quote is not part of what it says): then the anchor's
            // exact selector is the document's own text.
            AnchorStatus::Exact | AnchorStatus::Moved => {
                use marginalia::model::fold::{Strength, fold};
                prop_assert_eq!(new.slice(r.range), r.exact.as_str());
                let (found, quoted) = (fold(new.slice(r.range), Strength::QUOTE), fold(&a.exact, Strength::QUOTE));
                prop_assert_eq!(found.trim(), quoted.trim());
            }
            AnchorStatus::Fuzzy => {
                let found: Vec<char> = new.slice(r.range).chars().collect();
                let quote: Vec<char> = a.exact.chars().collect();
                prop_assert!(marginalia::model::fuzzy::levenshtein(&found, &quote) * 5 <= quote.len().max(5));
            }
            AnchorStatus::Orphan => prop_assert_eq!(r.exact, a.exact),
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Annotate(usize, usize, u8),
    Tag(usize, u8),
    Note(usize, String),
    Link(usize, usize, u8),
    Delete(usize),
    RenameTag(u8, u8),
    MergeTags(u8, u8),
    DeleteTag(u8),
    /// A figure value typed by hand (any f64, NaN and infinities included: refused).
    Figure(usize, f64),
    /// A conflict set of two annotations.
    Set(usize, usize),
    Preferred(usize, f64),
    RemoveFromSet(usize, usize),
    Undo,
    Redo,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..200, 1usize..20, 0u8..5).prop_map(|(a, b, k)| Op::Annotate(a, b, k)),
        2 => (any::<usize>(), 0u8..4).prop_map(|(a, t)| Op::Tag(a, t)),
        2 => (any::<usize>(), "[a-z ]{0,8}").prop_map(|(a, s)| Op::Note(a, s)),
        2 => (any::<usize>(), any::<usize>(), 0u8..4).prop_map(|(a, b, r)| Op::Link(a, b, r)),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => (0u8..4, 0u8..6).prop_map(|(a, b)| Op::RenameTag(a, b)),
        1 => (0u8..4, 0u8..4).prop_map(|(a, b)| Op::MergeTags(a, b)),
        1 => (0u8..4).prop_map(Op::DeleteTag),
        1 => (any::<usize>(), any::<f64>()).prop_map(|(a, v)| Op::Figure(a, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Set(a, b)),
        1 => (any::<usize>(), any::<f64>()).prop_map(|(s, v)| Op::Preferred(s, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(s, a)| Op::RemoveFromSet(s, a)),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn nth<K: Copy, V>(map: &std::collections::BTreeMap<K, V>, n: usize) -> Option<K> {
    if map.is_empty() { None } else { map.keys().nth(n % map.len()).copied() }
}

fn step(p: &mut Project, h: &mut History, op: &Op) {
    let now = "2026-01-01T00:00:00Z";
    let tag = |t: u8| format!("tag{t}");
    let tx = match op {
        Op::Annotate(at, len, k) => {
            ops::add_annotation(p, SourceId(1), CharRange::new(*at, at + len), marginalia::model::Kind::ALL[*k as usize], now)
                .map(|(tx, _)| tx)
                .ok()
        }
        Op::Tag(a, t) => nth(&p.annotations, *a).and_then(|id| ops::add_tag(p, id, &tag(*t), now).ok()),
        Op::Note(a, s) => nth(&p.annotations, *a).and_then(|id| ops::set_note(p, id, s, now).ok()),
        Op::Link(a, b, r) => match (nth(&p.annotations, *a), nth(&p.annotations, *b)) {
            (Some(x), Some(y)) => ops::add_link(p, x, y, Relation::ALL[*r as usize], "").ok(),
            _ => None,
        },
        Op::Delete(a) => nth(&p.annotations, *a).and_then(|id| ops::delete_annotation(p, id).ok()),
        Op::RenameTag(a, b) => ops::rename_tag(p, &tag(*a), &tag(*b), now).ok(),
        Op::MergeTags(a, b) if a != b => ops::merge_tags(p, &tag(*a), &tag(*b), now).ok(),
        Op::MergeTags(..) => None,
        Op::DeleteTag(a) => ops::delete_tag(p, &tag(*a), now).ok(),
        Op::Figure(a, v) => nth(&p.annotations, *a).and_then(|id| ops::set_figure(p, id, Some(FigureValue::exact(*v, None)), now).ok()),
        Op::Set(a, b) => match (nth(&p.annotations, *a), nth(&p.annotations, *b)) {
            (Some(x), Some(y)) => ops::create_set(p, "arrivals", &[x, y]).ok().map(|(tx, _)| tx),
            _ => None,
        },
        Op::Preferred(s, v) => nth(&p.sets, *s).and_then(|id| ops::set_preferred(p, id, Some(*v)).ok()),
        Op::RemoveFromSet(s, a) => match (nth(&p.sets, *s), nth(&p.annotations, *a)) {
            (Some(set), Some(id)) => ops::remove_member(p, set, id).ok(),
            _ => None,
        },
        Op::Undo => {
            h.undo(p);
            None
        }
        Op::Redo => {
            h.redo(p);
            None
        }
    };
    if let Some(tx) = tx {
        h.apply(p, tx);
    }
}

/// Runs one editing session: invariants after every step, then undo of everything
/// restores the start and redo of everything the end.
fn session(ops_list: &[Op]) -> Result<(), TestCaseError> {
    let mut p = Project::new("props");
    ops::add_source(&p, Source::untitled(SourceId(1), "a.txt"), "x".repeat(250)).apply(&mut p);
    let original = p.clone();
    let mut h = History::new();
    for op in ops_list {
        step(&mut p, &mut h, op);
        prop_assert!(p.check_invariants().is_ok(), "{:?} after {:?}", p.check_invariants(), op);
    }
    let end = p.clone();
    let mut undone = 0;
    while h.undo(&mut p).is_some() {
        undone += 1;
    }
    prop_assert_eq!(&p, &original);
    for _ in 0..undone {
        h.redo(&mut p);
    }
    prop_assert_eq!(&p, &end);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn undo_of_everything_restores_the_project_and_invariants_always_hold(ops_list in proptest::collection::vec(op_strategy(), 1..120)) {
        session(&ops_list)?;
    }
}

proptest! {
    // A long working session: thousands of edits, undos and redos in one history.
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    #[test]
    fn a_long_session_keeps_its_invariants_and_undoes_to_the_start(ops_list in proptest::collection::vec(op_strategy(), 2000..3000)) {
        session(&ops_list)?;
    }
}
