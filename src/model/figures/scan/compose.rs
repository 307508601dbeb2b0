//! Compositions: `702 men, 135 women and 196 children` as one figure with parts.

use super::super::{Figure, FigureKind, Qualifier};
use super::context::{PEOPLE, counted_noun};
use crate::model::offsets::CharRange;

/// Joins `702 men, 135 women and 196 children` into one figure with parts.
pub(super) fn compositions(chars: &[char], figures: Vec<Figure>) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < figures.len() {
        let mut j = i;
        let mut members = vec![i];
        while j + 1 < figures.len() && joins(chars, &figures[j], &figures[j + 1]) {
            j += 1;
            members.push(j);
        }
        if members.len() >= 2 {
            let first = &figures[i];
            let last = &figures[j];
            let end = counted_noun(chars, last.range.end.0).map_or(last.range.end.0, |(_, e)| e);
            let parts: Vec<f64> = members.iter().filter_map(|&k| figures[k].value).collect();
            let nouns: Vec<String> = members.iter().filter_map(|&k| figures[k].unit.clone()).collect();
            let unit = if nouns.iter().all(|n| PEOPLE.contains(&n.as_str())) {
                Some("people".to_string())
            } else if nouns.windows(2).all(|w| w[0] == w[1]) {
                nouns.first().cloned()
            } else {
                None
            };
            let total: f64 = parts.iter().sum();
            out.push(Figure {
                range: CharRange::new(first.range.start.0, end),
                text: chars[first.range.start.0..end].iter().collect(),
                kind: FigureKind::Count,
                value: Some(total),
                low: Some(total),
                high: Some(total),
                qualifier: Qualifier::Exact,
                unit,
                parts: Some(parts),
            });
            i = j + 1;
        } else {
            out.push(figures[i].clone());
            i += 1;
        }
    }
    out
}

/// Whether `b` continues a composition after `a`: both exact counts of nouns, with
/// only `,`, `and` or `, and` between `a`'s noun and `b`.
pub(super) fn joins(chars: &[char], a: &Figure, b: &Figure) -> bool {
    let exact_count = |f: &Figure| f.kind == FigureKind::Count && f.qualifier == Qualifier::Exact && f.unit.is_some() && f.parts.is_none();
    if !exact_count(a) || !exact_count(b) {
        return false;
    }
    let Some((_, noun_end)) = counted_noun(chars, a.range.end.0) else {
        return false;
    };
    if noun_end > b.range.start.0 {
        return false;
    }
    let between: String = chars[noun_end..b.range.start.0].iter().collect();
    matches!(between.trim(), "," | "and" | ", and" | ";")
}
