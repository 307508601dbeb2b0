//! Re-anchoring through a diff (see [`reanchor_all_from`](super::reanchor_all_from)):
//! a child of [`super`] so that it scores candidates exactly as [`super::reanchor`]
//! does, with the same private thresholds.

use super::{
    Anchor, AnchorStatus, Candidate, LOCAL_EDIT_CONTEXT, NEAR, combined_score, context_similarity, placed, reanchor_in, required_context,
    required_fuzzy_context,
};
use crate::model::diffmap::DiffMap;
use crate::model::fuzzy;
use crate::model::offsets::{CharRange, TextIndex};

/// What re-anchoring through a diff works with (see [`super::reanchor_all_from`]).
pub(super) struct Mapped<'a> {
    pub(super) map: &'a DiffMap,
    pub(super) old: &'a TextIndex,
    pub(super) text: &'a TextIndex,
    pub(super) chars: &'a [char],
    /// The new text's fold, made on first need and shared by the batch.
    pub(super) folded: &'a std::sync::OnceLock<crate::model::fold::Folded>,
    pub(super) search_changed: bool,
}

impl Mapped<'_> {
    pub(super) fn reanchor(&self, anchor: &Anchor, quote: &[char]) -> Anchor {
        let plain = || reanchor_in(anchor, quote, self.text, self.chars, self.folded);
        if anchor.status == AnchorStatus::Fuzzy || !anchor.holds_in(self.old) {
            return plain();
        }
        let (start, end) = (anchor.range.start.0, anchor.range.end.0);
        let need = required_context(quote.len());
        let score = |s: usize, e: usize, errors: usize, from: usize| {
            let (before, after) = context_similarity(anchor, self.chars, s, e);
            let context = (before + after) / 2.0;
            let quote_sim = 1.0 - errors as f64 / quote.len() as f64;
            Candidate {
                start: s,
                one_side: before.max(after),
                end: e,
                errors,
                context,
                score: combined_score(quote_sim, context, s.abs_diff(from)),
            }
        };

        // 1. Unchanged: where the diff put its chars, in its old context.
        if let Some(to) = self.map.map_range(start, end) {
            if score(to.start, to.end, 0, to.start).context >= need.max(0.5) {
                // `exact` is the same offsets: a quote that lost a trailing space to an
                // edit (the search ignores it) has moved its end.
                let status = if to.start == start && to.end == end { AnchorStatus::Exact } else { AnchorStatus::Moved };
                return placed(self.text, to.start, to.end, status);
            }
            // Its surroundings were rewritten: the diff may have matched a few common
            // chars (a short figure) of unrelated text. Let the search decide.
            return plain();
        }

        // 2. Its own text was edited: look where that text went.
        let image = self.map.image(start, end);
        if image.len() > quote.len() + 4 * NEAR {
            // Whole regions rewritten (re-wrapped lines): the diff does not narrow it down.
            return plain();
        }
        let max_errors = (quote.len() / 5).max(1);
        let slack = quote.len() + max_errors;
        let acceptable = |c: &Candidate| c.context >= if c.errors == 0 { need } else { required_fuzzy_context(quote.len()) };
        let own_from = image.start.saturating_sub(slack);
        let own_to = (image.end + slack).min(self.chars.len());
        let mut best: Option<Candidate> = fuzzy::search(&self.chars[own_from..own_to], quote, max_errors, 8)
            .into_iter()
            .map(|m| score(own_from + m.start, own_from + m.end, m.errors, image.start))
            // An edited match must hold some of what its own text became (nearby
            // look-alikes of a short quote are other text); an unchanged one may be a
            // twin next to it, as in [`reanchor`].
            .filter(|c| c.errors == 0 || c.start < image.end && image.start < c.end)
            .filter(|c| acceptable(c) || self.unique_in_place(anchor, quote, c, image.start))
            .max_by(|a, b| a.score.total_cmp(&b.score));
        if best.is_none() && !image.is_empty() {
            // As [`reanchor`] does when a far copy competes, a heavily edited quote
            // (up to two fifths) is accepted where it stood, in strong context: looked
            // for only within what the diff says its text became.
            let from = image.start.saturating_sub(max_errors);
            let to = (image.end + max_errors).min(self.chars.len());
            best = fuzzy::search(&self.chars[from..to], quote, quote.len() * 2 / 5, 8)
                .into_iter()
                .map(|m| score(from + m.start, from + m.end, m.errors, image.start))
                .filter(|c| c.context >= LOCAL_EDIT_CONTEXT && c.one_side >= 0.85)
                .max_by(|a, b| a.score.total_cmp(&b.score));
        }

        // 3. Unless found there, in added or rewritten lines (a moved passage), made
        // of new text or of its own old chars, not of text that was another passage.
        if self.search_changed && best.is_none() {
            let own = start..end;
            for window in self.changed_windows(slack) {
                let found = fuzzy::search(&self.chars[window.clone()], quote, max_errors, 8);
                for m in found {
                    let (s, e) = (window.start + m.start, window.start + m.end);
                    if self.map.mapped_from_outside(s..e, own.clone()) > max_errors {
                        continue;
                    }
                    let c = score(s, e, m.errors, image.start);
                    if acceptable(&c) && best.as_ref().is_none_or(|b| c.score > b.score) {
                        best = Some(c);
                    }
                }
            }
        }
        match best {
            Some(c) if c.errors == 0 => {
                let status = if c.start == start && c.end == end { AnchorStatus::Exact } else { AnchorStatus::Moved };
                placed(self.text, c.start, c.end, status)
            }
            Some(c) => Anchor { range: CharRange::new(c.start, c.end), status: AnchorStatus::Fuzzy, ..anchor.clone() },
            // Nothing where the diff says the text went: the search decides, as it does
            // when the surroundings were rewritten (the diff narrows, it never loses a
            // quote the search would keep).
            None => plain(),
        }
    }

    /// As in [`reanchor`]: a quote of some length found unchanged near where its
    /// text went, occurring nowhere else, is itself whatever happened around it.
    fn unique_in_place(&self, anchor: &Anchor, quote: &[char], c: &Candidate, at: usize) -> bool {
        c.errors == 0
            && quote.len() >= 12
            && c.start.abs_diff(at) <= 64
            && memchr::memmem::find_iter(self.text.as_str().as_bytes(), anchor.exact.as_bytes()).nth(1).is_none()
    }

    /// The changed lines of the new text, each widened by `slack` chars (a match may
    /// run into unchanged text), overlapping ones merged.
    fn changed_windows(&self, slack: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let len = self.chars.len();
        let mut pending: Option<std::ops::Range<usize>> = None;
        let mut ranges = self.map.changed().iter();
        std::iter::from_fn(move || {
            loop {
                let Some(next) = ranges.next() else { return pending.take() };
                let widened = next.start.saturating_sub(slack)..(next.end + slack).min(len);
                match pending.as_mut() {
                    Some(p) if widened.start <= p.end => p.end = p.end.max(widened.end),
                    _ => {
                        if let Some(done) = pending.replace(widened) {
                            return Some(done);
                        }
                    }
                }
            }
        })
    }
}
