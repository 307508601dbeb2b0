//! What stands around a number: the words before and after it, a currency or
//! qualifier in front, the end of a range or year span, identifiers, URLs, note
//! markers and the noun a count counts.

use super::super::Qualifier;
use super::tokens::digit_token;

/// Words that end the search for a counted noun.
pub(super) const STOP_WORDS: [&str; 22] = [
    "of", "in", "to", "at", "on", "by", "for", "from", "and", "or", "with", "who", "that", "which", "the", "a", "an", "were", "was", "are",
    "is", "had",
];

pub(super) const PEOPLE: [&str; 9] = ["men", "women", "children", "boys", "girls", "adults", "persons", "people", "infants"];

pub(super) fn lower_word_before(chars: &[char], pos: usize) -> Option<(String, usize)> {
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

pub(super) fn lower_word_after(chars: &[char], pos: usize) -> Option<(String, usize, usize)> {
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
pub(super) fn currency_before(chars: &[char], start: usize) -> Option<(&'static str, usize)> {
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
pub(super) fn qualifier_before(chars: &[char], pos: usize) -> Option<(Qualifier, bool, usize)> {
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

/// Whether the whitespace-delimited word around `at` looks like a URL or path.
pub(super) fn in_url(chars: &[char], at: usize) -> bool {
    let from = chars[..at].iter().rposition(|c| c.is_whitespace()).map_or(0, |p| p + 1);
    let to = chars[at..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| at + p);
    let word: String = chars[from..to].iter().collect();
    word.contains('/') || word.contains("www.") || word.contains('@') || word.contains('=') || word.contains('_')
}

/// `1428-326`: digit groups joined by hyphens that do not read as a range.
pub(super) fn is_identifier(chars: &[char], start: usize) -> bool {
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

pub(super) fn identifier_end(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i < chars.len() && (chars[i].is_ascii_digit() || (chars[i] == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))) {
        i += 1;
    }
    i
}

/// The end of a year span after a year: `-90`, `–1945`, `~1945`.
pub(super) fn year_range_end(chars: &[char], end: usize, first: f64) -> Option<(f64, usize)> {
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
pub(super) fn range_end(chars: &[char], end: usize, between: bool, low: f64) -> Option<(f64, usize, f64)> {
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
pub(super) fn after_note_marker(chars: &[char], end: usize) -> usize {
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
pub(super) fn counted_noun(chars: &[char], from: usize) -> Option<(String, usize)> {
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
