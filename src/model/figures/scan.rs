//! The figure scanner: numbers first, then what stands around them.

use super::words;
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

/// Words that end the search for a counted noun.
const STOP_WORDS: [&str; 22] = [
    "of", "in", "to", "at", "on", "by", "for", "from", "and", "or", "with", "who", "that", "which", "the", "a", "an", "were", "was", "are",
    "is", "had",
];

const PEOPLE: [&str; 9] = ["men", "women", "children", "boys", "girls", "adults", "persons", "people", "infants"];

/// A number found in the text, before classification.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    /// End of the number itself (before suffixes).
    end: usize,
    value: f64,
    /// What the number was rounded to (1000 for `1,000`, 0.1 for `4.5`).
    rounding: f64,
    /// Written with digits and no separators or decimals (candidate year).
    plain_integer: bool,
    digits: usize,
    from_words: bool,
}

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

/// Whether a digit at `i` starts a number (not the tail of a word or a note marker).
fn starts_number(chars: &[char], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let prev = chars[i - 1];
    if prev.is_alphanumeric() || prev == '.' && i >= 2 && chars[i - 2].is_ascii_digit() {
        return false;
    }
    !is_note_marker(chars, i)
}

/// A footnote number glued to the end of a word or figure: `security.1`, `2%.2`,
/// `Fuentes)4`, `1905[9]` — one or two digits right after punctuation that follows
/// a non-space, then a space, line end or punctuation.
fn is_note_marker(chars: &[char], i: usize) -> bool {
    if i < 2 {
        return false;
    }
    let prev = chars[i - 1];
    let before = chars[i - 2];
    let glued = matches!(prev, '.' | ',' | ';' | ':' | ')' | '”' | '"' | '’') && !before.is_whitespace();
    let len = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let after = chars.get(i + len).copied();
    if prev == '[' && after == Some(']') && !before.is_whitespace() {
        return true; // `1,000[1]`
    }
    glued && len <= 2 && after.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ')'))
}

/// Whether a text is written in Spanish (its commonest function words outnumber
/// English ones), where `1.033` is a thousand and thirty-three and `2,5` a decimal.
fn is_spanish(chars: &[char]) -> bool {
    let sample: String = chars.iter().take(20_000).collect::<String>().to_lowercase();
    let (mut es, mut en) = (0, 0);
    for w in sample.split(|c: char| !c.is_alphabetic()) {
        match w {
            "el" | "los" | "las" | "del" | "por" | "una" | "para" | "con" | "que" | "y" => es += 1,
            "the" | "and" | "of" | "to" | "with" | "that" | "for" | "is" => en += 1,
            _ => {}
        }
    }
    es > en && es >= 3
}

/// `1.234.567` or `1.234,5` somewhere in the text: points group thousands here.
fn uses_point_thousands(chars: &[char]) -> bool {
    let s: String = chars.iter().collect();
    let bytes = s.as_bytes();
    bytes.windows(9).any(|w| {
        w[0].is_ascii_digit()
            && w[1] == b'.'
            && w[2..5].iter().all(u8::is_ascii_digit)
            && (w[5] == b'.' || w[5] == b',')
            && w[6].is_ascii_digit()
    })
}

fn digit_token(chars: &[char], start: usize, european: bool) -> Option<Token> {
    let (group, decimal) = if european { ('.', ',') } else { (',', '.') };
    let mut i = start;
    let run = |i: usize| chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = run(i);
    i += first;
    let mut int_digits: String = chars[start..i].iter().collect();
    let mut grouped = false;
    // Thousands groups: `,ddd` (or `.ddd`), or a thin/no-break space before `ddd`.
    while let Some(&sep) = chars.get(i) {
        let is_group_sep = sep == group || (matches!(sep, ' ' | '\u{a0}' | '\u{202f}') && first <= 3);
        if is_group_sep && run(i + 1) == 3 && (grouped || first <= 3) && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit()) {
            int_digits.extend(&chars[i + 1..i + 4]);
            i += 4;
            grouped = true;
        } else {
            break;
        }
    }
    let mut frac = String::new();
    if chars.get(i) == Some(&decimal) && run(i + 1) > 0 {
        let n = run(i + 1);
        let after = chars.get(i + 1 + n).copied();
        // `2004.1` closing a sentence is a year and a note marker, not a decimal.
        let year_then_note = !grouped && first == 4 && n <= 2 && after.is_none_or(|c| c.is_whitespace());
        let next_word_upper = chars.get(i + 2 + n).is_none_or(|c| c.is_uppercase());
        if !(year_then_note && next_word_upper) {
            frac = chars[i + 1..i + 1 + n].iter().collect();
            i += 1 + n;
        }
    }
    let number = if frac.is_empty() { int_digits.clone() } else { format!("{int_digits}.{frac}") };
    let value: f64 = number.parse().ok()?;
    let rounding = if !frac.is_empty() {
        10f64.powi(-(frac.len() as i32))
    } else {
        let zeros = int_digits.chars().rev().take_while(|c| *c == '0').count().min(int_digits.len().saturating_sub(1));
        10f64.powi(zeros as i32)
    };
    Some(Token { start, end: i, value, rounding, plain_integer: !grouped && frac.is_empty(), digits: int_digits.len(), from_words: false })
}

/// A run of number words (`three hundred`, `forty-three`, `half-a-million`).
fn word_token(chars: &[char], start: usize) -> Option<Token> {
    let mut words_found: Vec<String> = Vec::new();
    let mut i = start;
    let mut end = start;
    loop {
        let word_len = chars[i..].iter().take_while(|c| c.is_alphabetic()).count();
        if word_len == 0 {
            break;
        }
        let word: String = chars[i..i + word_len].iter().flat_map(|c| c.to_lowercase()).collect();
        if !words::is_number_word(&word) {
            break;
        }
        words_found.push(word);
        i += word_len;
        end = i;
        // Number words continue across one space or hyphen.
        match chars.get(i) {
            Some(' ' | '-') if chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) => i += 1,
            _ => break,
        }
    }
    // A number phrase never starts with a connector (`and one million`).
    if words_found.first().is_some_and(|w| w == "and") {
        return None;
    }
    // `one-thousand-strong`: the suffix belongs to the surface form.
    if chars.get(end) == Some(&'-') && chars[end + 1..].starts_with(&['s', 't', 'r', 'o', 'n', 'g']) {
        end += 7;
    }
    // Trailing connectors are not part of the number.
    while words_found.last().is_some_and(|w| matches!(w.as_str(), "and" | "a" | "an" | "half")) {
        let w = words_found.pop().unwrap_or_default();
        end -= w.chars().count();
        while end > start && matches!(chars[end - 1], ' ' | '-') {
            end -= 1;
        }
    }
    let refs: Vec<&str> = words_found.iter().map(String::as_str).collect();
    // A bare scale word (`Thousand dollars` in a table head) is not a number.
    if refs.iter().all(|w| matches!(*w, "hundred" | "thousand" | "million" | "billion" | "trillion")) {
        return None;
    }
    let value = words::value_of(&refs)?;
    // A lone small number word (`one of`, `two countries`) is prose, not a figure.
    let strong = value >= 10.0 || refs.iter().any(|w| matches!(*w, "hundred" | "thousand" | "million" | "billion" | "dozen"));
    if !strong {
        return None;
    }
    let rounding = if value >= 1000.0 && value % 1000.0 == 0.0 { 1000.0 } else { 1.0 };
    Some(Token { start, end, value, rounding, plain_integer: false, digits: 0, from_words: true })
}

fn lower_word_before(chars: &[char], pos: usize) -> Option<(String, usize)> {
    let mut j = pos;
    while j > 0 && chars[j - 1] == ' ' {
        j -= 1;
    }
    let end = j;
    while j > 0 && (chars[j - 1].is_alphabetic() || chars[j - 1] == '.' && j == end) {
        j -= 1;
    }
    if j == end {
        return None;
    }
    let word: String = chars[j..end].iter().filter(|c| c.is_alphabetic()).flat_map(|c| c.to_lowercase()).collect();
    (!word.is_empty()).then_some((word, j))
}

fn lower_word_after(chars: &[char], pos: usize) -> Option<(String, usize, usize)> {
    let mut j = pos;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    let start = j;
    while chars.get(j).is_some_and(|c| c.is_alphabetic()) {
        j += 1;
    }
    (j > start).then(|| (chars[start..j].iter().flat_map(|c| c.to_lowercase()).collect(), start, j))
}

/// Currency written before a number, and where it starts.
fn currency_before(chars: &[char], start: usize) -> Option<(&'static str, usize)> {
    let mut j = start;
    while j > 0 && chars[j - 1] == ' ' {
        j -= 1;
    }
    let before: String = chars[j.saturating_sub(4)..j].iter().collect();
    for (mark, code) in [
        ("US$", "USD"),
        ("U$", "USD"),
        ("USD", "USD"),
        ("EUR", "EUR"),
        ("KRW", "KRW"),
        ("MXN", "MXN"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("₩", "KRW"),
    ] {
        if before.ends_with(mark) {
            let at = j - mark.chars().count();
            if at == 0 || !chars[at - 1].is_alphanumeric() {
                return Some((code, at));
            }
        }
    }
    None
}

/// A qualifier phrase ending just before `pos`, and where it starts.
fn qualifier_before(chars: &[char], pos: usize) -> Option<(Qualifier, bool, usize)> {
    let (w1, s1) = lower_word_before(chars, pos)?;
    let two = lower_word_before(chars, s1).map(|(w0, s0)| (format!("{w0} {w1}"), s0));
    if let Some((phrase, s0)) = &two {
        let q = match phrase.as_str() {
            "more than" | "upwards of" | "in excess" | "well over" | "just over" | "más de" | "mas de" => {
                Some((Qualifier::MoreThan, false))
            }
            "at least" | "no fewer" | "no less" | "al menos" | "lo menos" => Some((Qualifier::AtLeast, false)),
            "less than" | "fewer than" | "just under" | "menos de" => Some((Qualifier::LessThan, false)),
            "close to" => Some((Qualifier::LessThan, true)),
            "up to" | "at most" | "no more" => Some((Qualifier::AtMost, false)),
            "an estimated" | "cerca de" | "alrededor de" | "estimated at" => Some((Qualifier::Approximate, false)),
            _ => None,
        };
        if let Some((q, close)) = q {
            return Some((q, close, *s0));
        }
    }
    let (q, close) = match w1.as_str() {
        "over" | "above" | "exceeding" | "exceed" | "exceeds" | "exceeded" | "surpassing" => (Qualifier::MoreThan, false),
        "nearly" | "almost" | "casi" => (Qualifier::LessThan, true),
        "under" | "below" => (Qualifier::LessThan, false),
        "hasta" => (Qualifier::AtMost, false),
        // `ca. 1,000`, `c. 1,100`: circa markers are approximations, as are the Spanish
        // `unos`, `aproximadamente`.
        "about" | "approximately" | "approx" | "around" | "some" | "roughly" | "circa" | "ca" | "c" | "cca" | "estimated"
        | "aproximadamente" | "unos" | "unas" | "aprox" => (Qualifier::Approximate, false),
        _ => return None,
    };
    Some((q, close, s1))
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

/// Whether the whitespace-delimited word around `at` looks like a URL or path.
fn in_url(chars: &[char], at: usize) -> bool {
    let from = chars[..at].iter().rposition(|c| c.is_whitespace()).map_or(0, |p| p + 1);
    let to = chars[at..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| at + p);
    let word: String = chars[from..to].iter().collect();
    word.contains('/') || word.contains("www.") || word.contains('@') || word.contains('=') || word.contains('_')
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

/// `1428-326`: digit groups joined by hyphens that do not read as a range.
fn is_identifier(chars: &[char], start: usize) -> bool {
    let stop = identifier_end(chars, start);
    let groups: Vec<String> = chars[start..stop].iter().collect::<String>().split('-').map(str::to_string).collect();
    if groups.len() > 2 {
        return true;
    }
    let (Some(a), Some(b)) = (groups.first().and_then(|g| g.parse::<u64>().ok()), groups.get(1).and_then(|g| g.parse::<u64>().ok())) else {
        return false;
    };
    // `1989-90` is a year span; `10-15` a range; `1428-326` goes down: an identifier.
    let year_span = (1000..=2100).contains(&a) && groups[1].len() == 2;
    !year_span && b < a
}

fn identifier_end(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i < chars.len() && (chars[i].is_ascii_digit() || (chars[i] == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))) {
        i += 1;
    }
    i
}

/// The end of a year span after a year: `-90`, `–1945`, `~1945`.
fn year_range_end(chars: &[char], end: usize, first: f64) -> Option<(f64, usize)> {
    if !matches!(chars.get(end), Some('-' | '–' | '~')) {
        return None;
    }
    let digits: String = chars[end + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
    let second = match digits.len() {
        2 => (first / 100.0).floor() * 100.0 + digits.parse::<f64>().ok()?,
        4 => digits.parse().ok()?,
        _ => return None,
    };
    (second > first).then_some((second, end + 1 + digits.len()))
}

/// The upper end of a range after `end`: `–1,100`, ` to 1,100`, ` and 20` (after
/// `between`). Only increasing ranges count.
fn range_end(chars: &[char], end: usize, between: bool, low: f64) -> Option<(f64, usize, f64)> {
    let mut i = end;
    let dash = matches!(chars.get(i), Some('–' | '-' | '—'));
    if dash {
        i += 1;
    } else {
        let (word, _, stop) = lower_word_after(chars, i)?;
        if !(word == "to" || (between && word == "and")) {
            return None;
        }
        i = stop;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
    }
    if !chars.get(i).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let t = digit_token(chars, i, false)?;
    let mut stop = t.end;
    let mut factor = 1.0;
    if let Some((word, _, word_end)) = lower_word_after(chars, stop) {
        let f = match word.as_str() {
            "thousand" => Some(1e3),
            "million" | "mn" => Some(1e6),
            "billion" | "bn" => Some(1e9),
            _ => None,
        };
        if let Some(f) = f {
            factor = f;
            stop = word_end;
        }
    }
    (t.value > low).then_some((t.value * factor, stop, factor))
}

/// Skips a glued note marker (`[1]`) after a figure.
fn after_note_marker(chars: &[char], end: usize) -> usize {
    if chars.get(end) == Some(&'[') {
        let n = chars[end + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n > 0 && chars.get(end + 1 + n) == Some(&']') {
            return end + n + 2;
        }
    }
    end
}

/// The counted noun after a count (`1,033 Korean labor migrants` → `migrants`),
/// with where it ends: the first plural among the next four words, stopping at
/// punctuation and function words.
fn counted_noun(chars: &[char], from: usize) -> Option<(String, usize)> {
    let mut i = from;
    for _ in 0..4 {
        let mut j = i;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if j == i || !chars.get(j).is_some_and(|c| c.is_alphabetic()) {
            return None;
        }
        let (word, _, stop) = lower_word_after(chars, j)?;
        if STOP_WORDS.contains(&word.as_str()) {
            return None;
        }
        let plural = PEOPLE.contains(&word.as_str())
            || (word.chars().count() >= 4 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us"));
        if plural {
            return Some((word, stop));
        }
        i = stop;
    }
    None
}

/// Joins `702 men, 135 women and 196 children` into one figure with parts.
fn compositions(chars: &[char], figures: Vec<Figure>) -> Vec<Figure> {
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
fn joins(chars: &[char], a: &Figure, b: &Figure) -> bool {
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
