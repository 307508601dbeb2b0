//! Figures: the numbers sources state, parsed into values and intervals.
//!
//! [`figures_in`] reads a text through the text fold ([`super::fold`]) and
//! [`find_figures`] scans it for numeric mentions (digits, currency and scale,
//! percentages, number words, qualifiers, ranges, compositions such as
//! `702 men, 135 women and 196 children`) and classifies each, so that years, dates,
//! ordinals, decades, identifiers and section numbers are told apart from the
//! counts and measures an editor compares.

mod scan;
mod words;

use serde::{Deserialize, Serialize};

use super::fold::{Folded, Strength};
use super::offsets::CharRange;

pub use scan::find_figures;

/// How a figure bounds the quantity it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    Exact,
    Approximate,
    MoreThan,
    AtLeast,
    LessThan,
    AtMost,
    Range,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::MoreThan => "more-than",
            Qualifier::AtLeast => "at-least",
            Qualifier::LessThan => "less-than",
            Qualifier::AtMost => "at-most",
            Qualifier::Range => "range",
        }
    }
}

/// What a numeric mention is. Only measures (counts, money, percentages) are
/// figures an editor compares; the rest are recognised so they are not mistaken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FigureKind {
    Count,
    Money,
    Percent,
    Year,
    Date,
    Ordinal,
    Decade,
    Identifier,
    Section,
}

impl FigureKind {
    /// Counts, money and percentages: the figures worth comparing.
    pub fn is_measure(self) -> bool {
        matches!(self, FigureKind::Count | FigureKind::Money | FigureKind::Percent)
    }
}

/// A parsed figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Chars of the scanned text (surface form without note markers).
    pub range: CharRange,
    pub text: String,
    pub kind: FigureKind,
    /// The number (in units: `US$21 bn` is 21e9), or `None` for a range.
    pub value: Option<f64>,
    /// The interval the figure allows (`None` = unbounded on that side).
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    /// `%`, a currency code (`USD`), or the counted noun (`migrants`).
    pub unit: Option<String>,
    /// The addends of a composition (`[702, 135, 196]`).
    pub parts: Option<Vec<f64>>,
}

impl Figure {
    /// Whether every number it holds is finite (a number of hundreds of digits, or a
    /// sum of such, parses as infinity).
    pub fn is_finite(&self) -> bool {
        [self.value, self.low, self.high].into_iter().flatten().chain(self.parts.iter().flatten().copied()).all(f64::is_finite)
    }

    /// Whether two figures' intervals overlap (they can both be true).
    pub fn compatible_with(&self, other: &Figure) -> bool {
        let lo = |f: &Figure| f.low.unwrap_or(f64::NEG_INFINITY);
        let hi = |f: &Figure| f.high.unwrap_or(f64::INFINITY);
        lo(self) <= hi(other) && lo(other) <= hi(self)
    }
}

/// The interval of `value` under a qualifier; `rounding` is the unit the number
/// was rounded to (1000 for `1,000`), which widens `about`.
pub fn interval(value: f64, qualifier: Qualifier, rounding: f64) -> (Option<f64>, Option<f64>) {
    match qualifier {
        Qualifier::Exact => (Some(value), Some(value)),
        Qualifier::Approximate => {
            let tolerance = (0.05 * value.abs()).max((rounding / 2.0).min(0.1 * value.abs()));
            (Some(value - tolerance), Some(value + tolerance))
        }
        Qualifier::MoreThan | Qualifier::AtLeast => (Some(value), None),
        Qualifier::LessThan => (None, Some(value)),
        Qualifier::AtMost => (None, Some(value)),
        Qualifier::Range => (None, None),
    }
}

/// The measures (counts, money, percentages) of a source, found in its reading
/// text (so hyphenated line breaks do not split them) with ranges in the stored text.
pub fn measures_in(doc: &crate::model::SourceText) -> Vec<Figure> {
    figures_in(doc.reading.as_str())
        .into_iter()
        .filter(|f| f.kind.is_measure())
        .map(|mut f| {
            f.range = doc.reading.range_to_stored(crate::model::ReadingRange::from_chars(f.range));
            f
        })
        .collect()
}

/// The figure an annotation's quote states, if it states exactly one measure
/// (a composition counts as one).
pub fn parse_quote(quote: &str) -> Option<Figure> {
    let reading = crate::model::ReadingText::new(quote);
    let mut found: Vec<Figure> = figures_in(reading.as_str()).into_iter().filter(|f| f.kind.is_measure()).collect();
    (found.len() == 1).then(|| found.remove(0))
}

/// Every figure of `text`, read through the text fold ([`Strength::FIGURES`]:
/// full-width digits, thin spaces and no-break spaces as group separators, invisible
/// chars inside numbers), with ranges in `text` itself (the figure's `text` is its
/// folded surface form: `１，０１４` reads `1,014`).
pub fn figures_in(text: &str) -> Vec<Figure> {
    let folded = Folded::new(text, Strength::FIGURES);
    let starts: Vec<usize> = folded.as_str().char_indices().map(|(b, _)| b).chain([folded.as_str().len()]).collect();
    let byte = |c: usize| starts.get(c).or(starts.last()).copied().unwrap_or(0);
    find_figures(folded.as_str())
        .into_iter()
        .map(|mut f| {
            f.range = folded.source_range(byte(f.range.start.0), byte(f.range.end.0));
            f
        })
        .collect()
}

/// A number with thousands separators (`1,033`, `21,000,000,000`, `2.5`).
pub fn fmt_number(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "unbounded".into() } else { "-unbounded".into() };
    }
    let negative = v < 0.0;
    let abs = v.abs();
    let int = abs.trunc() as u128;
    let frac = abs - abs.trunc();
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac > 1e-9 {
        let decimals = format!("{frac:.3}");
        grouped.push_str(decimals.trim_start_matches('0').trim_end_matches('0'));
    }
    if negative { format!("-{grouped}") } else { grouped }
}

#[cfg(test)]
mod tests;
