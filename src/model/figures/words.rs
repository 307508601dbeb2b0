//! Number words: `three hundred`, `forty-three`, `one-thousand-strong`,
//! `half-a-million`, `a dozen`.

fn unit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Whether a lower-case word belongs to a number phrase.
pub fn is_number_word(w: &str) -> bool {
    unit_word(w).is_some() || scale_word(w).is_some() || matches!(w, "and" | "a" | "an" | "half" | "dozen")
}

/// The value of a sequence of lower-case number words (`["three", "hundred"]`),
/// or `None` if they do not form a number. Bare articles (`a`) are not numbers.
pub fn value_of(words: &[&str]) -> Option<f64> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut half = false;
    let mut seen = false;
    for w in words {
        match *w {
            "and" | "of" | "a" | "an" => {}
            "half" => half = true,
            "dozen" => {
                current = if current == 0.0 { 12.0 } else { current * 12.0 };
                seen = true;
            }
            w => {
                if let Some(u) = unit_word(w) {
                    current += u;
                } else if let Some(scale) = scale_word(w) {
                    if current == 0.0 {
                        current = 1.0;
                    }
                    if half {
                        current *= 0.5;
                        half = false;
                    }
                    if scale == 100.0 {
                        current *= scale;
                    } else {
                        total += current * scale;
                        current = 0.0;
                    }
                } else {
                    return None;
                }
                seen = true;
            }
        }
    }
    seen.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words() {
        assert_eq!(value_of(&["three", "hundred"]), Some(300.0));
        assert_eq!(value_of(&["forty", "three"]), Some(43.0));
        assert_eq!(value_of(&["one", "thousand"]), Some(1000.0));
        assert_eq!(value_of(&["half", "a", "million"]), Some(500_000.0));
        assert_eq!(value_of(&["a", "dozen"]), Some(12.0));
        assert_eq!(value_of(&["two", "thousand", "and", "five"]), Some(2005.0));
        assert_eq!(value_of(&["a"]), None);
        assert_eq!(value_of(&["many"]), None);
    }
}
