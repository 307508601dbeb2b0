//! Numbers as written: digit runs with their thousands and decimal marks (by the
//! text's language), number words, and digits that are note markers instead.

use super::super::words;

/// A number found in the text, before classification.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) start: usize,
    /// End of the number itself (before suffixes).
    pub(super) end: usize,
    pub(super) value: f64,
    /// What the number was rounded to (1000 for `1,000`, 0.1 for `4.5`).
    pub(super) rounding: f64,
    /// Written with digits and no separators or decimals (candidate year).
    pub(super) plain_integer: bool,
    pub(super) digits: usize,
    pub(super) from_words: bool,
}

/// Whether a digit at `i` starts a number (not the tail of a word or a note marker).
pub(super) fn starts_number(chars: &[char], i: usize) -> bool {
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
pub(super) fn is_note_marker(chars: &[char], i: usize) -> bool {
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
pub(super) fn is_spanish(chars: &[char]) -> bool {
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
pub(super) fn uses_point_thousands(chars: &[char]) -> bool {
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

pub(super) fn digit_token(chars: &[char], start: usize, european: bool) -> Option<Token> {
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
pub(super) fn word_token(chars: &[char], start: usize) -> Option<Token> {
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
