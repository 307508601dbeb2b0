//! The figure scanner: numbers first, then what stands around them.
//!
//! `tokens` finds the numbers, `context` reads the words around them,
//! `classify` (here) decides what each number is, `compose` joins counts listed
//! together.

mod compose;
mod context;
mod tokens;

use self::compose::compositions;
use self::context::{
    after_note_marker, counted_noun, currency_before, identifier_end, in_url, is_identifier, lower_word_after, lower_word_before,
    qualifier_before, range_end, year_range_end,
};
use self::tokens::{Token, digit_token, is_spanish, starts_number, uses_point_thousands, word_token};
use super::{Figure, FigureKind, Qualifier, interval};
use crate::model::offsets::CharRange;

const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a number that make it a label or locator, not a quantity.
const LABELS: [&str; 19] = [
    "mti",
    "act",
    "code",
    "no",
    "nº",
    "number",
    "table",
    "figure",
    "fig",
    "chapter",
    "section",
    "article",
    "annex",
    "p",
    "pp",
    "page",
    "paragraph",
    "para",
    "isbn",
];

/// Finds every numeric mention in `text` (offsets are chars of `text`).
pub fn find_figures(text: &str) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    let european = uses_point_thousands(&chars) || is_spanish(&chars);
    let mut figures = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let token = if chars[i].is_ascii_digit() && starts_number(&chars, i) {
            digit_token(&chars, i, european)
        } else if chars[i].is_alphabetic() && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            word_token(&chars, i)
        } else {
            None
        };
        match token {
            Some(t) => {
                let (figure, next) = classify(&chars, t);
                i = next.max(i + 1);
                if let Some(f) = figure {
                    figures.push(f);
                }
            }
            None => i += 1,
        }
    }
    let mut figures = compositions(&chars, figures);
    // A number too long for a float (hundreds of digits), or a sum of such, is no figure.
    figures.retain(Figure::is_finite);
    figures
}

/// Classifies a token; returns the figure (if any) and where scanning resumes.
fn classify(chars: &[char], t: Token) -> (Option<Figure>, usize) {
    let mut start = t.start;
    let mut end = t.end;
    let mut value = t.value;
    let mut kind = FigureKind::Count;
    let mut unit: Option<String> = None;
    let mut next = t.end;

    // Ordinals and decades glued to digits.
    let suffix: String = chars[end..].iter().take_while(|c| c.is_alphabetic() || **c == '’' || **c == '\'').collect();
    let suffix_lower = suffix.to_lowercase();
    if !t.from_words && matches!(suffix_lower.as_str(), "st" | "nd" | "rd" | "th") {
        return (Some(simple(chars, start, end + 2, value, FigureKind::Ordinal)), end + 2);
    }
    if !t.from_words && t.digits == 4 && matches!(suffix_lower.as_str(), "s" | "’s" | "'s") {
        let n = suffix.chars().count();
        return (Some(simple(chars, start, end + n, value, FigureKind::Decade)), end + n);
    }

    // `115-year-long`, `four-month`: a duration glued to its number.
    if ["-year", "-month", "-day", "-week"].iter().any(|w| chars[end..].starts_with(&w.chars().collect::<Vec<_>>())) {
        let mut f = simple(chars, start, end, value, FigureKind::Count);
        f.unit = Some("years".into());
        return (Some(f), end);
    }
    // Numbers inside URLs, paths and e-mail addresses are identifiers.
    if in_url(chars, t.start) {
        let stop = chars[end..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| end + p);
        return (Some(simple(chars, t.start, end, value, FigureKind::Identifier)), stop);
    }
    // Labels and identifiers: `No. 1428-326`, `Table 3`, `p. 12`, ISBN groups.
    let label = lower_word_before(chars, start).is_some_and(|(w, _)| LABELS.contains(&w.as_str()));
    let dash_groups = chars[end..].starts_with(&['-']) && chars.get(end + 1).is_some_and(char::is_ascii_digit);
    if label || (dash_groups && is_identifier(chars, t.start)) {
        let stop = identifier_end(chars, end);
        return (Some(simple(chars, start, stop, value, FigureKind::Identifier)), stop);
    }
    // Section numbers at a line start: `6. The…`, `3.2 Trade`.
    let line_start = start == 0 || chars[..start].iter().rev().take_while(|c| **c != '\n').all(|c| c.is_whitespace());
    if line_start && !t.from_words && t.plain_integer && t.digits <= 2 && chars.get(end) == Some(&'.') && chars.get(end + 1) == Some(&' ') {
        return (Some(simple(chars, start, end, value, FigureKind::Section)), end + 1);
    }

    // Scale and percent after the number; currency before it.
    let mut scaled = false;
    if let Some((mut word, word_start, mut word_end)) = lower_word_after(chars, end) {
        let glued = chars.get(end).is_some_and(|c| c.is_alphabetic());
        // Table cells glued together (`US$4 bnOver US$7 bn`): a scale word ends where
        // a capital starts the next cell.
        if let Some(cut) = (word_start + 1..word_end).find(|&k| chars[k].is_uppercase() && chars[k - 1].is_lowercase())
            && matches!(chars[word_start..cut].iter().collect::<String>().as_str(), "bn" | "million" | "billion" | "mn" | "thousand")
        {
            word = chars[word_start..cut].iter().collect();
            word_end = cut;
        }
        let factor = match word.as_str() {
            "thousand" => Some(1e3),
            "million" | "mn" | "millions" | "millones" | "millón" | "millon" => Some(1e6),
            "billion" | "bn" | "billions" => Some(1e9),
            "trillion" | "tn" => Some(1e12),
            _ => None,
        };
        if let Some(f) = factor.filter(|_| !t.from_words || !glued) {
            value *= f;
            end = word_end;
            scaled = true;
        } else if matches!(word.as_str(), "percent")
            || (word == "per" && lower_word_after(chars, word_end).is_some_and(|(w, _, _)| w == "cent"))
        {
            kind = FigureKind::Percent;
            unit = Some("%".into());
            end = if word == "per" { lower_word_after(chars, word_end).map_or(word_end, |(_, _, e)| e) } else { word_end };
        }
    }
    // A sign standing alone before the digits: `+1,240.6%`, `-4,464.1`.
    if !t.from_words
        && start > 0
        && matches!(chars[start - 1], '+' | '-' | '−')
        && (start == 1 || chars[start - 2].is_whitespace() || chars[start - 2] == '(')
    {
        start -= 1;
        if chars[start] != '+' {
            value = -value;
        }
    }
    if chars.get(end) == Some(&'%') {
        kind = FigureKind::Percent;
        unit = Some("%".into());
        end += 1;
    }
    if let Some((code, at)) = currency_before(chars, start) {
        kind = FigureKind::Money;
        unit = Some(code.into());
        start = at;
    }

    // Years and dates (before the qualifier: `in 1905` is a year).
    if kind == FigureKind::Count && !scaled {
        let month_before = lower_word_before(chars, start).is_some_and(|(w, _)| MONTHS.contains(&w.as_str()));
        let month_after = lower_word_after(chars, end).is_some_and(|(w, _, _)| MONTHS.contains(&w.as_str()));
        let day_like = t.plain_integer && (1.0..=31.0).contains(&value) && t.digits <= 2;
        if day_like && (month_before || month_after) {
            return (Some(simple(chars, start, end, value, FigureKind::Date)), end);
        }
        if t.plain_integer && t.digits == 4 && (1000.0..=2100.0).contains(&value) {
            // `1989-90`, `1910~1945`: a span of years.
            if let Some((y2, stop)) = year_range_end(chars, end, value) {
                let mut f = simple(chars, start, stop, value, FigureKind::Year);
                f.qualifier = Qualifier::Range;
                f.value = None;
                (f.low, f.high) = (Some(value.min(y2)), Some(value.max(y2)));
                return (Some(f), stop);
            }
            let kind = if month_before { FigureKind::Date } else { FigureKind::Year };
            return (Some(simple(chars, start, end, value, kind)), end);
        }
    }

    // Qualifier words before (currency included in the span).
    let mut qualifier = Qualifier::Exact;
    let mut close = false;
    if let Some((q, c, at)) = qualifier_before(chars, start) {
        qualifier = q;
        close = c;
        start = at;
    } else if start > 0 && chars[start - 1] == '~' {
        qualifier = Qualifier::Approximate;
        start -= 1;
    }

    // Ranges: `1,000–1,100`, `1,000 to 1,100`, `between 10 and 20`.
    let between = lower_word_before(chars, start).is_some_and(|(w, _)| w == "between" || w == "from");
    // `US$ 2-3 million`: a scale after the second number applies to both. Once
    // scaled, the second number must still be the larger (`USD 2.5 million to 1991`
    // is no range: found by fuzzing, it gave the interval 2,500,000..1,991).
    if let Some((high, stop, factor)) = range_end(chars, end, between, t.value)
        && high > if scaled { value } else { value * factor }
    {
        if !scaled {
            value *= factor;
        }
        let range_start = if between { lower_word_before(chars, start).map_or(start, |(_, s)| s) } else { start };
        // `10–15%`, `between 10 and 15 percent`: the unit after the range is the range's.
        let mut stop = stop;
        if chars.get(stop) == Some(&'%') {
            stop += 1;
            kind = FigureKind::Percent;
            unit = Some("%".into());
        } else if let Some((w, _, e)) = lower_word_after(chars, stop)
            && (w == "percent" || w == "por" && lower_word_after(chars, e).is_some_and(|(c, _, _)| c == "ciento"))
        {
            stop = if w == "percent" { e } else { lower_word_after(chars, e).map_or(e, |(_, _, e2)| e2) };
            kind = FigureKind::Percent;
            unit = Some("%".into());
        }
        next = stop;
        let noun = counted_noun(chars, stop);
        let f = Figure {
            range: CharRange::new(range_start, stop),
            text: chars[range_start..stop].iter().collect(),
            kind,
            value: None,
            low: Some(value),
            high: Some(high),
            qualifier: Qualifier::Range,
            unit: unit.or(noun.map(|n| n.0)),
            parts: None,
        };
        return (Some(f), next);
    }

    if kind == FigureKind::Count {
        unit = counted_noun(chars, after_note_marker(chars, end)).map(|n| n.0);
        // `4.0 billion dollars`, `300 pesos`: money named after the number.
        let currency = match unit.as_deref() {
            Some("dollars" | "dólares" | "dolares") => Some("USD"),
            Some("pesos") => Some("MXN"),
            Some("euros") => Some("EUR"),
            _ => None,
        };
        if let Some(code) = currency.filter(|_| lower_word_after(chars, end).is_some_and(|(w, _, _)| unit.as_deref() == Some(w.as_str()))) {
            kind = FigureKind::Money;
            unit = Some(code.into());
        }
    }
    let (mut low, high) = interval(value, qualifier, t.rounding * if scaled { value / t.value } else { 1.0 });
    if close {
        low = Some(value * 0.9);
    }
    next = next.max(end);
    let f = Figure {
        range: CharRange::new(start, end),
        text: chars[start..end].iter().collect(),
        kind,
        value: Some(value),
        low,
        high,
        qualifier,
        unit,
        parts: None,
    };
    (Some(f), next)
}

fn simple(chars: &[char], start: usize, end: usize, value: f64, kind: FigureKind) -> Figure {
    let end = end.min(chars.len());
    Figure {
        range: CharRange::new(start, end),
        text: chars[start..end].iter().collect(),
        kind,
        value: Some(value),
        low: Some(value),
        high: Some(value),
        qualifier: Qualifier::Exact,
        unit: None,
        parts: None,
    }
}
