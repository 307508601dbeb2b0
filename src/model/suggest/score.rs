//! Whether two figures speak of the same quantity: a score from their values,
//! counted nouns, years and sentence words, with the reasons behind it; and the
//! grouping of pairs into sets that hold together.

use std::collections::{BTreeSet, HashMap};

use super::Candidate;
use crate::model::figures::{Figure, FigureKind, Qualifier};

/// A pair scoring this much is suggested.
pub const THRESHOLD: f64 = 0.6;
/// Every pair of a set must score at least this (no chaining through one figure).
pub const COHESION: f64 = 0.3;

/// How close two values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// Within 50% of each other.
    Near,
    /// Within 10%.
    Close,
    /// Their intervals (widened by the rounding of round numbers) overlap.
    Compatible,
    /// The same number.
    Equal,
}

/// The unit a figure's number was rounded to, as written: `6,100` → 100,
/// `107 million` → 1,000,000, `656.0 million` → 100,000, `1,014` → 1.
pub fn rounding(f: &Figure) -> Option<f64> {
    let v = f.value?;
    let Some(start) = f.text.find(|c: char| c.is_ascii_digit()) else {
        // Number words (`three hundred`, `one-thousand-strong`): rounded to their last word.
        let mut unit = 1.0;
        while v.fract() == 0.0 && v != 0.0 && (v / (unit * 10.0)).fract() == 0.0 {
            unit *= 10.0;
        }
        return Some(unit);
    };
    let digits: String = f.text[start..].chars().take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}')).collect();
    let digits = digits.trim_end_matches([',', '.', ' ', '\u{a0}']);
    // The last separator followed by other than three digits is a decimal point.
    let (int, decimals) = match digits.rfind(['.', ',']) {
        Some(p) if digits.len() - p - 1 != 3 => (&digits[..p], digits.len() - p - 1),
        _ => (digits, 0),
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let written: f64 = format!("{int}.{}", &digits[digits.len() - decimals..]).parse().ok().filter(|n: &f64| *n != 0.0)?;
    let scale = v / written;
    let unit = if decimals > 0 {
        10f64.powi(-(decimals as i32))
    } else {
        10f64.powi(int.chars().rev().take_while(|c| *c == '0').count().min(int.len().saturating_sub(1)) as i32)
    };
    Some(unit * scale)
}

/// The interval a figure allows, a round exact number (`300`, `1,000`) widened by
/// half its rounding unit: `300` may stand for 288.
pub fn interval(f: &Figure) -> (f64, f64) {
    let lo = f.low.unwrap_or(f64::NEG_INFINITY);
    let hi = f.high.unwrap_or(f64::INFINITY);
    match (f.qualifier, f.value, rounding(f)) {
        // At most 10% either way: `1,000` may stand for 1,033, not for 1,500.
        (Qualifier::Exact, Some(v), Some(unit)) if unit >= 100.0 && f.parts.is_none() => {
            let half = (unit * 0.49).min(0.1 * v.abs());
            (v - half, v + half)
        }
        _ => (lo, hi),
    }
}

/// Whether two figures can both be true.
pub fn compatible(a: &Figure, b: &Figure) -> bool {
    let (a0, a1) = interval(a);
    let (b0, b1) = interval(b);
    a0 <= b1 && b0 <= a1
}

/// A representative number of a figure (its value, else a bound).
pub fn point(f: &Figure) -> Option<f64> {
    f.value.or(f.low).or(f.high)
}

/// How close two figures' numbers are; `None` beyond 50% apart (two lower bounds
/// such as `over 15` and `over 21` overlap, but say nothing about being one quantity).
pub fn closeness(a: &Figure, b: &Figure) -> Option<Closeness> {
    let (va, vb) = (point(a)?, point(b)?);
    if (va - vb).abs() <= 1e-9 * va.abs().max(vb.abs()).max(1.0) {
        return Some(Closeness::Equal);
    }
    if va.signum() != vb.signum() {
        return None;
    }
    let ratio = va.abs().max(vb.abs()) / va.abs().min(vb.abs()).max(1e-9);
    if ratio > 1.5 {
        return None;
    }
    if compatible(a, b) {
        return Some(Closeness::Compatible);
    }
    if ratio <= 1.1 {
        Some(Closeness::Close)
    } else if ratio <= 1.5 {
        Some(Closeness::Near)
    } else {
        None
    }
}

/// Units that name durations and repetitions: `20 years`, `14 times` are not quantities to reconcile.
fn is_duration(f: &Figure) -> bool {
    f.unit.as_deref().is_some_and(|u| {
        matches!(u, "year" | "years" | "month" | "months" | "day" | "days" | "hours" | "weeks" | "times" | "decades" | "centuries")
    })
}

/// What the project as a whole says about words and numbers.
pub struct Context {
    /// Rarity (inverse document frequency over figures) of context words and names.
    pub idf: HashMap<String, f64>,
    /// How many figures of the project state each number.
    pub value_count: HashMap<String, usize>,
}

/// The key of a number in [`Context::value_count`].
pub fn value_key(f: &Figure) -> Option<String> {
    point(f).map(|v| format!("{v}"))
}

/// The score of a pair, with why (`None`: not the same quantity).
pub fn pair(a: &Candidate, b: &Candidate, ctx: &Context) -> Option<(f64, Vec<String>)> {
    let idf = &ctx.idf;
    let (fa, fb) = (&a.figure, &b.figure);
    if fa.kind != fb.kind || is_duration(fa) || is_duration(fb) {
        return None;
    }
    if fa.kind == FigureKind::Money && fa.unit != fb.unit {
        return None;
    }
    if a.source == b.source && fa.range.overlaps(&fb.range) {
        return None;
    }
    let close = closeness(fa, fb)?;
    // Two cells of tables: only the same number for the same year is one quantity
    // (Korean and Mexican tables of the same flows differ year after year).
    if a.features.table && b.features.table && (close != Closeness::Equal || a.features.year != b.features.year) {
        return None;
    }
    let same_sentence = a.source == b.source && a.features.sentence == b.features.sentence;
    // Figures in one breath are a series (`from 15,000 … to 12,000`), unless they
    // say the same thing twice.
    let bounded = |f: &Figure| f.low.is_some() && f.high.is_some();
    if same_sentence && (close < Closeness::Compatible || close == Closeness::Compatible && !(bounded(fa) || bounded(fb))) {
        return None;
    }
    let mut why = Vec::new();
    let mut score = match close {
        Closeness::Equal => 0.35,
        Closeness::Compatible => 0.3,
        Closeness::Close => 0.15,
        Closeness::Near => 0.0,
    };
    // The same uncommon number twice (`656.1 million`, `US$200,000`) is evidence in itself.
    let rare_equal = close == Closeness::Equal && value_key(fa).and_then(|k| ctx.value_count.get(&k)).is_some_and(|&k| k <= 3);
    let digits = |f: &Figure| f.text.chars().filter(|c| c.is_ascii_digit() && *c != '0').count();
    let precise = digits(fa) >= 3;
    if rare_equal {
        score += if precise { 0.3 } else { 0.2 };
    }
    // Two precise numbers within 0.1% of each other (`656.1` and `656.0` million) are
    // one quantity with a slip, not two quantities.
    if close == Closeness::Close
        && precise
        && digits(fb) >= 3
        && point(fa).zip(point(fb)).is_some_and(|(x, y)| (x - y).abs() <= 0.001 * x.abs().max(y.abs()))
    {
        score += 0.3;
        why.push("nearly the same precise figure".into());
    }
    // Shares are many in any text: only a strong context makes two of them one.
    if fa.kind == FigureKind::Percent && close != Closeness::Equal {
        score -= 0.2;
    }
    let (xa, xb) = (&a.features, &b.features);
    let same_noun = match (&xa.noun, &xb.noun, &fa.unit, &fb.unit) {
        // `migrants`/`migrant` but not `nations`/`nationals`: one stem, nearly one word.
        (Some(na), Some(nb), Some(ua), Some(ub)) => na == nb && ua.chars().count().abs_diff(ub.chars().count()) <= 1,
        _ => false,
    };
    match (&xa.noun, &xb.noun) {
        (Some(_), Some(_)) if same_noun => {
            let na = xa.noun.as_deref().unwrap_or_default();
            score += 0.3;
            why.push(format!("both count {}", fa.unit.as_deref().unwrap_or(na)));
        }
        (Some(_), Some(_)) if xa.people && xb.people => {
            score += 0.2;
            why.push("both count people".into());
        }
        (Some(_), Some(_)) => score -= 0.6,
        _ => {}
    }
    // A year only one of them is near, but which the other's sentence names, is shared too.
    let year_a = xa.year.or_else(|| xb.year.filter(|y| xa.years.contains(y)));
    let year_b = xb.year.or_else(|| xa.year.filter(|y| xb.years.contains(y)));
    match (year_a, year_b) {
        (Some(ya), Some(yb)) if ya == yb => {
            score += 0.2;
            why.push(format!("same year ({ya})"));
        }
        (Some(_), Some(_)) => score -= 0.3,
        _ => {}
    }
    match (&xa.place, &xb.place) {
        (Some(pa), Some(pb)) if pa != pb && !xa.names.contains(pb) && !xb.names.contains(pa) => score -= 0.15,
        (Some(pa), Some(pb)) if pa != pb && same_sentence => score -= 0.3,
        _ => {}
    }
    if let (Some(da), Some(db)) = (xa.flow, xb.flow)
        && da != db
    {
        score -= 0.4;
    }
    if close == Closeness::Near {
        score -= 0.1;
    }
    // Shared words of the two sentences, weighted by rarity in the project.
    let shared: Vec<&String> = xa.terms.intersection(&xb.terms).collect();
    let weight = |t: &String| idf.get(t).copied().unwrap_or(0.0);
    let total_a: f64 = xa.terms.iter().map(weight).sum();
    let total_b: f64 = xb.terms.iter().map(weight).sum();
    let common: f64 = shared.iter().map(|t| weight(t)).sum();
    let similarity = if total_a > 0.0 && total_b > 0.0 { common / (total_a * total_b).sqrt() } else { 0.0 };
    score += similarity * 1.2;
    let mut names: Vec<&String> = xa.names.intersection(&xb.names).collect();
    names.sort_by(|x, y| weight(y).total_cmp(&weight(x)).then(x.cmp(y)));
    // Some evidence beyond the number itself: the thing counted, the year, or words.
    // A rare number with many digits (`125,252.5`), or repeated within one source, or
    // a table cell quoted with its number, needs less.
    let evidence = same_noun
        || year_a.is_some() && year_a == year_b
        || similarity >= 0.12
        || rare_equal && (precise || a.source == b.source)
        || close == Closeness::Equal && (xa.table || xb.table) && similarity >= 0.05
        // People counted in a place few figures mention (`Cuba`).
        || xa.people && xb.people && names.iter().any(|n| weight(n) >= 2.0);
    // Without it the pair is never linked on its own, but may sit in a set that
    // other pairs make (a footnote's bare `1,014` beside the set of 1905).
    if !evidence || fa.kind == FigureKind::Percent && close != Closeness::Equal && similarity < 0.3 {
        score = score.min(THRESHOLD - 0.01) - 0.3;
    }
    if !names.is_empty() {
        why.push(format!("same context ({})", names.iter().take(4).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
    }
    why.push(match close {
        Closeness::Equal => "the same figure".into(),
        Closeness::Compatible => "their intervals overlap".into(),
        Closeness::Close => "within 10% of each other".into(),
        Closeness::Near => "within 50% of each other".into(),
    });
    Some((score, why))
}

/// Groups candidates whose pairs score at least [`THRESHOLD`], best pairs first;
/// two groups join only if every pair across them is comparable and the pairs
/// across them score [`COHESION`] on average (no chaining through one figure).
pub fn group(n: usize, scores: &HashMap<(usize, usize), f64>) -> Vec<Vec<usize>> {
    let mut edges: Vec<(&(usize, usize), &f64)> = scores.iter().filter(|(_, s)| **s >= THRESHOLD).collect();
    edges.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let mut cluster: Vec<usize> = (0..n).collect();
    let mut members: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    let score = |i: usize, j: usize| scores.get(&(i.min(j), i.max(j))).copied().unwrap_or(f64::NEG_INFINITY);
    for (&(i, j), _) in edges {
        let (ci, cj) = (cluster[i], cluster[j]);
        if ci == cj {
            continue;
        }
        let a = members.get(&ci).cloned().unwrap_or_else(|| BTreeSet::from([i]));
        let b = members.get(&cj).cloned().unwrap_or_else(|| BTreeSet::from([j]));
        let cross: Vec<f64> = a.iter().flat_map(|&x| b.iter().map(move |&y| (x, y))).map(|(x, y)| score(x, y)).collect();
        let mean = cross.iter().sum::<f64>() / cross.len().max(1) as f64;
        if cross.iter().all(|s| s.is_finite()) && mean >= COHESION {
            let joined: BTreeSet<usize> = a.union(&b).copied().collect();
            for &k in &joined {
                cluster[k] = ci;
            }
            members.remove(&cj);
            members.insert(ci, joined);
        }
    }
    let mut out: Vec<Vec<usize>> = members.into_values().map(|s| s.into_iter().collect()).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figures::find_figures;

    fn fig(text: &str) -> Figure {
        find_figures(text).into_iter().find(|f| f.kind.is_measure()).unwrap()
    }

    #[test]
    fn round_numbers_allow_their_rounding() {
        assert_eq!(rounding(&fig("USD 6,100 each")), Some(100.0));
        assert_eq!(rounding(&fig("107 million people")), Some(1e6));
        assert_eq!(rounding(&fig("1,014 men")), Some(1.0));
        assert!((rounding(&fig("656.0 million")).unwrap() - 1e5).abs() < 1e-3);
        assert_eq!(rounding(&fig("one-thousand-strong diaspora")), Some(1000.0), "number words");
        assert!(compatible(&fig("300 Spartans"), &fig("288 laborers")));
        assert!(compatible(&fig("one-thousand-strong diaspora"), &fig("approximately 1,100 descendants")));
        assert!(!compatible(&fig("USD 6,100 each"), &fig("USD 6,300 each")), "6,100 is rounded to hundreds only");
        assert!(!compatible(&fig("1,014 men"), &fig("1,019 men")));
        assert!(compatible(&fig("over 1,000 men"), &fig("1,019 men")));
        assert_eq!(closeness(&fig("656.1 million"), &fig("656.0 million")), Some(Closeness::Close));
        assert_eq!(closeness(&fig("43 nations"), &fig("forty-three countries")), Some(Closeness::Equal));
        assert_eq!(closeness(&fig("15,000 people"), &fig("30,000 people")), None);
    }

    #[test]
    fn groups_do_not_chain_through_one_figure() {
        // 0–1 and 1–2 are strong, 0–2 unrelated: two groups, not one.
        let scores = HashMap::from([((0, 1), 0.9), ((1, 2), 0.8), ((0, 2), -1.5), ((3, 4), 0.7)]);
        let groups = group(5, &scores);
        assert_eq!(groups, vec![vec![0, 1], vec![3, 4]]);
        let all = HashMap::from([((0, 1), 0.9), ((1, 2), 0.8), ((0, 2), 0.4)]);
        assert_eq!(group(3, &all), vec![vec![0, 1, 2]]);
    }
}
