//! Units of text a reader selects at once: the word under the pointer (double-click)
//! by the Unicode word boundaries of UAX #29, so words of any script, with inner
//! apostrophes or digits (`1,033`, `don't`, `서울`), are taken whole.

use unicode_segmentation::UnicodeSegmentation;

/// The word holding char `at` of `text`, as char offsets `(start, end)` into `text`
/// (end exclusive); `at == len` counts as the last char. `None` when the char is a
/// space or punctuation, or `at` is past the end.
pub fn word_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let len = text.chars().count();
    let at = if at == len { at.checked_sub(1)? } else { at };
    let mut chars = 0;
    for word in text.split_word_bounds() {
        let n = word.chars().count();
        if at < chars + n {
            return word.chars().any(char::is_alphanumeric).then_some((chars, chars + n));
        }
        chars += n;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::word_at;

    fn word(text: &str, at: usize) -> Option<String> {
        word_at(text, at).map(|(a, b)| text.chars().skip(a).take(b - a).collect())
    }

    #[test]
    fn the_word_under_a_char_is_taken_whole() {
        let t = "In 1905, 1,033 Koreans sailed from Chemulpo.";
        assert_eq!(word(t, 0).as_deref(), Some("In"));
        assert_eq!(word(t, 5).as_deref(), Some("1905"));
        assert_eq!(word(t, 10).as_deref(), Some("1,033"), "digit groups stay one word");
        assert_eq!(word(t, 17).as_deref(), Some("Koreans"));
        assert_eq!(word(t, t.chars().count()), None, "the end is the last char, a full stop");
        assert_eq!(word("Mexico", 6).as_deref(), Some("Mexico"), "a click after the last char takes the last word");
    }

    #[test]
    fn spaces_and_punctuation_select_nothing() {
        let t = "one, two";
        assert_eq!(word_at(t, 3), None);
        assert_eq!(word_at(t, 4), None);
        assert_eq!(word_at(t, 99), None);
        assert_eq!(word_at("", 0), None);
    }

    #[test]
    fn other_scripts_and_apostrophes() {
        assert_eq!(word("세월이 흘러 서울에서", 8).as_deref(), Some("서울에서"));
        assert_eq!(word("Mérida's port", 2).as_deref(), Some("Mérida's"));
        assert_eq!(word("Me\u{301}rida", 1).as_deref(), Some("Me\u{301}rida"), "a combining accent stays inside its word");
    }
}
