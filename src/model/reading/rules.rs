//! The joining rules of the reading text: how the physical lines of a stored text
//! are profiled (wrap width, double spacing, trailing-space convention, the words
//! the document uses), which lines are set aside (page numbers, running heads,
//! labels, footnotes in mid-sentence), and how two lines join (new paragraph,
//! space, dropped soft hyphen, kept real hyphen). Pure heuristics over lines; the
//! offset map they feed is in the parent module.

use std::collections::HashMap;

use super::Aside;

/// How two consecutive text lines are put together in the reading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Join {
    /// Start a new paragraph.
    Paragraph,
    /// Same paragraph: one space between the lines.
    Space,
    /// A soft hyphen at the line end: drop it and join the word halves.
    SoftHyphen,
    /// A real hyphen at the line end (`Kim Dae-`/`jung`): keep it, no space.
    KeepHyphen,
}

/// A physical line of the stored text, in chars.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// Char offset of the first char of the line.
    pub(super) start: usize,
    /// The line's chars (without its `'\n'`).
    pub(super) chars: Vec<char>,
    /// Char offset of the `'\n'` ending the line (or the text length for the last line).
    pub(super) newline: usize,
    /// Content bounds within `chars` after trimming whitespace: `[lo, hi)`.
    pub(super) lo: usize,
    pub(super) hi: usize,
}

impl Line {
    pub(super) fn is_blank(&self) -> bool {
        self.lo >= self.hi
    }
    pub(super) fn content(&self) -> &[char] {
        &self.chars[self.lo..self.hi]
    }
    pub(super) fn len(&self) -> usize {
        self.hi - self.lo
    }
    pub(super) fn has_trailing_space(&self) -> bool {
        self.hi < self.chars.len()
    }
    pub(super) fn last(&self) -> Option<char> {
        self.content().last().copied()
    }
    pub(super) fn first(&self) -> Option<char> {
        self.content().first().copied()
    }
}

/// Facts about the whole document that the joining rules depend on.
#[derive(Debug, Default)]
pub(super) struct Profile {
    /// Typical full line width (90th percentile of content lengths).
    wrap_width: usize,
    /// Every line is a paragraph (web text, news items).
    line_per_paragraph: bool,
    /// Text lines are separated by one blank line (double-spaced PDF extraction).
    double_spaced: bool,
    /// Wrapped lines end with a space and paragraph-final lines do not.
    trailing_space_marks_wrap: bool,
    /// Lower-cased words as they occur within lines, with counts.
    words: HashMap<String, u32>,
    /// Lower-cased `left-right` compounds as they occur within lines.
    compounds: HashMap<String, u32>,
}

/// U+00AD SOFT HYPHEN: reads as nothing inside a line; at a line end it joins.
pub(super) const SOFT_HYPHEN: char = '\u{ad}';

pub(super) fn split_lines(stored: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = Vec::new();
    let mut offset = 0;
    let finish = |chars: Vec<char>, start: usize, newline: usize| {
        let lo = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(chars.len());
        let hi = chars.iter().rposition(|c| !c.is_whitespace()).map_or(lo, |p| p + 1);
        Line { start, chars, newline, lo, hi }
    };
    for c in stored.chars() {
        if c == '\n' {
            lines.push(finish(std::mem::take(&mut chars), start, offset));
            start = offset + 1;
        } else {
            chars.push(c);
        }
        offset += 1;
    }
    if !chars.is_empty() {
        lines.push(finish(chars, start, offset));
    }
    lines
}

pub(super) fn profile(lines: &[Line]) -> Profile {
    let mut lens: Vec<usize> = lines.iter().filter(|l| !l.is_blank()).map(Line::len).collect();
    lens.sort_unstable();
    let wrap_width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(0);

    // Double spacing: text lines mostly followed by exactly one blank line and more text.
    let mut single_gaps = 0;
    let mut pairs = 0;
    let mut trailing = 0;
    let mut non_hyphen = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if line.last() != Some('-') {
            non_hyphen += 1;
            if line.has_trailing_space() {
                trailing += 1;
            }
        }
        if let Some(next) = lines[i + 1..].iter().position(|l| !l.is_blank()) {
            pairs += 1;
            if next == 1 {
                single_gaps += 1;
            }
        }
    }
    // Double spacing is a property of wrapped text: enough lines, most of them
    // ending mid-sentence (a few one-line paragraphs with blank lines between are not).
    let mid_sentence = lines.iter().filter(|l| !l.is_blank() && !ends_sentence(l)).count();
    let double_spaced = pairs >= 6 && single_gaps * 10 >= pairs * 6 && mid_sentence * 2 >= lens.len();
    let trailing_ratio = if non_hyphen == 0 { 0.0 } else { trailing as f64 / non_hyphen as f64 };
    let trailing_space_marks_wrap = (0.3..0.97).contains(&trailing_ratio);

    // The halves of words split at line ends are not words: counting `contribu` and
    // `tions` as seen would make every split look like a compound of two words.
    let mut words = HashMap::new();
    let mut compounds = HashMap::new();
    let mut after_hyphen = false;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let content = line.content();
        let ends_split = content.len() >= 2 && content[content.len() - 1] == '-' && content[content.len() - 2].is_alphabetic();
        let from = if after_hyphen { content.iter().position(|c| !c.is_alphabetic()).unwrap_or(content.len()) } else { 0 };
        let to = if ends_split {
            content[..content.len() - 1].iter().rposition(|c| !c.is_alphabetic()).map_or(0, |p| p + 1)
        } else {
            content.len()
        };
        if from < to {
            count_words(&content[from..to], &mut words, &mut compounds);
        }
        after_hyphen = ends_split;
    }
    Profile { wrap_width, line_per_paragraph: wrap_width > 160, double_spaced, trailing_space_marks_wrap, words, compounds }
}

/// Counts lower-cased alphabetic words and `word-word` compounds of one line.
pub(super) fn count_words(chars: &[char], words: &mut HashMap<String, u32>, compounds: &mut HashMap<String, u32>) {
    let mut i = 0;
    let mut previous: Option<(String, usize)> = None; // word and the index just after it
    while i < chars.len() {
        if !chars[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphabetic() || chars[i] == SOFT_HYPHEN) {
            i += 1;
        }
        let word: String = chars[start..i].iter().filter(|&&c| c != SOFT_HYPHEN).flat_map(|c| c.to_lowercase()).collect();
        if let Some((prev, end)) = &previous
            && *end + 1 == start
            && chars[*end] == '-'
        {
            *compounds.entry(format!("{prev}-{word}")).or_insert(0) += 1;
        }
        *words.entry(word.clone()).or_insert(0) += 1;
        previous = Some((word, i));
    }
}

/// Whether line `i` is page furniture or a note that interrupts the flow, and what.
pub(super) fn furniture(lines: &[Line], i: usize, profile: &Profile) -> Option<Aside> {
    if profile.line_per_paragraph {
        return None;
    }
    if is_page_number(lines, i, profile) {
        return Some(Aside::PageNumber);
    }
    let line = &lines[i];
    let content: String = line.content().iter().collect();
    let blank_before = i == 0 || lines[i - 1].is_blank();
    let blank_after = lines.get(i + 1).is_none_or(Line::is_blank);
    // `240 – Author Names` or `Title – 241`: a running head between blank lines.
    if blank_before && blank_after && content.chars().count() <= 90 {
        let words: Vec<&str> = content.split_whitespace().collect();
        let number = |w: &str| w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
        let dash = |w: &str| matches!(w, "–" | "—" | "-" | "|");
        let head =
            words.len() >= 3 && ((number(words[0]) && dash(words[1])) || (number(words[words.len() - 1]) && dash(words[words.len() - 2])));
        if head {
            return Some(Aside::RunningHead);
        }
    }
    // The text lines around this one (skipping blanks).
    let prev = lines[..i].iter().rposition(|l| !l.is_blank()).map(|p| &lines[p]);
    let next = lines[i + 1..].iter().position(|l| !l.is_blank()).map(|p| &lines[i + 1 + p]);
    let (Some(prev), Some(next)) = (prev, next) else { return None };
    let prev_hyphen = prev.last() == Some('-') && prev.content().len() >= 2 && prev.content()[prev.content().len() - 2].is_alphabetic();
    let next_lower = next.first().is_some_and(char::is_lowercase);
    let short = line.len() * 100 < profile.wrap_width.max(1) * 80;
    // A section label dropped inside a hyphenated word (`in-` / label / `creasingly`).
    if prev_hyphen
        && next_lower
        && short
        && line.first().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && line.last() != Some('-')
    {
        return Some(Aside::Label);
    }
    // A footnote (`4.<TAB>text`) printed in mid-sentence: the line before does not end
    // a sentence and the page resumes after it.
    if is_footnote_line(line) && !ends_sentence(prev) && blank_before {
        return Some(Aside::Footnote);
    }
    None
}

/// A bare page number on its own line between blank lines, in a hard-wrapped text.
pub(super) fn is_page_number(lines: &[Line], i: usize, profile: &Profile) -> bool {
    if profile.line_per_paragraph {
        return false;
    }
    let content = lines[i].content();
    let blank_before = i == 0 || lines[i - 1].is_blank();
    let blank_after = lines.get(i + 1).is_none_or(Line::is_blank);
    !content.is_empty() && content.len() <= 4 && content.iter().all(char::is_ascii_digit) && blank_before && blank_after
}

pub(super) fn ends_sentence(line: &Line) -> bool {
    let content = line.content();
    let last = content.iter().rev().find(|c| !matches!(c, '"' | '”' | '’' | '\'' | ')' | ']'));
    matches!(last, Some('.' | '?' | '!' | ':'))
}

pub(super) fn decide_join(lines: &[Line], i: usize, j: usize, profile: &Profile) -> Join {
    let (a, b) = (&lines[i], &lines[j]);
    if profile.line_per_paragraph {
        return Join::Paragraph;
    }
    let blank_lines = j - i - 1;
    let gap = if profile.double_spaced { blank_lines.saturating_sub(1) } else { blank_lines };
    let next_lower = b.first().is_some_and(char::is_lowercase);
    let next_upper = b.first().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());

    // A footnote line (`3.<TAB>text`) is a paragraph of its own.
    if is_footnote_line(a) || is_footnote_line(b) {
        return Join::Paragraph;
    }
    // Consecutive all-caps lines are one heading (`FOREIGN POLICY FROM THE` / `PERSPECTIVE`).
    if all_caps(a) && all_caps(b) && gap == 0 && !ends_sentence(a) {
        return hyphen_join(a, b, profile).unwrap_or(Join::Space);
    }
    if let Some(join) = hyphen_join(a, b, profile)
        && (gap == 0 || next_lower)
    {
        return join;
    }
    if gap >= 1 {
        // A blank line normally ends a paragraph, but a page break may fall mid-sentence;
        // set-aside lines between (a page number, a footnote) are a page break for sure.
        let across_aside = lines[i + 1..j].iter().any(|l| !l.is_blank());
        return if !ends_sentence(a) && (next_lower || across_aside) { Join::Space } else { Join::Paragraph };
    }
    if profile.trailing_space_marks_wrap && !a.has_trailing_space() {
        return Join::Paragraph;
    }
    let short = a.len() * 100 < profile.wrap_width * 65;
    if short && (ends_sentence(a) || next_upper) {
        return Join::Paragraph;
    }
    let letters: Vec<char> = a.content().iter().copied().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && next_upper {
        return Join::Paragraph; // an all-caps heading
    }
    Join::Space
}

pub(super) fn is_footnote_line(line: &Line) -> bool {
    let c = line.content();
    let digits = c.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && c.get(digits) == Some(&'.') && c.get(digits + 1) == Some(&'\t')
}

pub(super) fn all_caps(line: &Line) -> bool {
    let letters: Vec<&char> = line.content().iter().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

/// How a line ending in a hyphen joins the next, or `None` if it does not end in one.
pub(super) fn hyphen_join(a: &Line, b: &Line, profile: &Profile) -> Option<Join> {
    let content = a.content();
    let n = content.len();
    if content.last() == Some(&SOFT_HYPHEN) {
        return Some(Join::SoftHyphen);
    }
    if n < 2 || content[n - 1] != '-' || content[n - 2] == '-' {
        return None;
    }
    if !content[n - 2].is_alphabetic() {
        return content[n - 2].is_ascii_digit().then_some(Join::KeepHyphen);
    }
    let left_start = content[..n - 1].iter().rposition(|c| !c.is_alphabetic()).map_or(0, |p| p + 1);
    let left: String = content[left_start..n - 1].iter().flat_map(|c| c.to_lowercase()).collect();
    let right_chars: Vec<char> = b.content().iter().copied().take_while(|c| c.is_alphabetic()).collect();
    let Some(first) = right_chars.first() else {
        return Some(Join::KeepHyphen);
    };
    // Hyphenation never leaves one letter on a line (TeX's `\lefthyphenmin` is 2 for
    // English and Spanish): `e-`/`commerce` is a real hyphen.
    if n - 1 - left_start == 1 {
        return Some(Join::KeepHyphen);
    }
    let left_caps = content[left_start..n - 1].iter().all(|c| c.is_uppercase());
    if first.is_uppercase() && !(left_caps && right_chars.iter().all(|c| c.is_uppercase())) {
        return Some(Join::KeepHyphen); // `Korea-` / `Latin America`
    }
    let right: String = right_chars.iter().flat_map(|c| c.to_lowercase()).collect();
    let joined = profile.words.get(&format!("{left}{right}")).copied().unwrap_or(0);
    let hyphenated = profile.compounds.get(&format!("{left}-{right}")).copied().unwrap_or(0);
    if hyphenated > joined {
        return Some(Join::KeepHyphen);
    }
    if joined > 0 {
        return Some(Join::SoftHyphen);
    }
    // No direct evidence: two words that both stand alone elsewhere are a compound.
    let standalone = |w: &str| w.chars().count() >= 3 && profile.words.get(w).is_some_and(|&c| c > 0);
    if standalone(&left) && standalone(&right) {
        return Some(Join::KeepHyphen);
    }
    Some(Join::SoftHyphen)
}
