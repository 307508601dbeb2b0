use super::*;

fn reading(s: &str) -> String {
    ReadingText::new(s).as_str().to_string()
}

#[test]
fn one_paragraph_per_line_keeps_lines_as_paragraphs() {
    let long = "word ".repeat(50);
    let text = format!("Title\n\n{long}one\n\n{long}two");
    let r = reading(&text);
    assert_eq!(r.lines().count(), 3, "{r}");
    assert!(r.ends_with("word two"));
}

#[test]
fn hard_wrapped_lines_join_and_soft_hyphens_go() {
    let text = "The Economic Commis-\nsion met in 1948 and the\ncommission decided.\n\nNew paragraph here.";
    assert_eq!(reading(text), "The Economic Commission met in 1948 and the commission decided.\nNew paragraph here.");
}

#[test]
fn real_hyphens_stay_by_evidence_and_capitals() {
    let text = "Under Kim Dae-jung the ties grew; later Kim Dae-\njung visited the Korea-\nLatin America forum.";
    assert_eq!(reading(text), "Under Kim Dae-jung the ties grew; later Kim Dae-jung visited the Korea-Latin America forum.");
}

#[test]
fn double_spaced_text_joins_across_single_blank_lines() {
    let text = " INTRODUCTION \n\nThis paper aims to analyse the ties of Korea, \n\nalso known as the South, with the region \n\nas a whole over many decades of contact. \n\nshort end. \n\nNext paragraph starts here and runs on \n\nto the end.";
    let r = reading(text);
    assert_eq!(
        r,
        "INTRODUCTION\nThis paper aims to analyse the ties of Korea, also known as the South, with the region as a whole over many decades of contact. short end.\nNext paragraph starts here and runs on to the end."
    );
}

#[test]
fn trailing_space_convention_marks_paragraph_ends() {
    let text = "A wrapped line of text continues \nonto this line and ends here.\nAnother paragraph starts \nand continues \nright here.";
    assert_eq!(
        reading(text),
        "A wrapped line of text continues onto this line and ends here.\nAnother paragraph starts and continues right here."
    );
}

#[test]
fn page_break_mid_sentence_and_bare_page_numbers_join() {
    let text = "The treaty was signed \nby both \n\n\n20\n\nparties in the end \nof the year.";
    assert_eq!(reading(text), "The treaty was signed by both parties in the end of the year.");
}

#[test]
fn running_heads_labels_and_mid_sentence_footnotes_are_set_aside() {
    let filler = "a line of wrapped prose that runs on and on \n".repeat(3);
    let text = format!("{filler}our economic de-\n\n\n240 – Jane Roe and John Doe \n\n velopment goes on \nto the end of it all.");
    let r = ReadingText::new(&text);
    assert!(r.as_str().contains("our economic development goes on to the end"), "{}", r.as_str());
    assert_eq!(r.aside()[0].0, Aside::RunningHead);

    let text = format!("{filler}markets are in-\n\nIII. Opportunities Ahead\n creasingly closed to them.");
    let r = ReadingText::new(&text);
    assert!(r.as_str().contains("markets are increasingly closed"), "{}", r.as_str());
    assert_eq!(r.aside()[0].0, Aside::Label);

    let text = format!("{filler}a report by Mesquita  \n\n4.\tA note the page dropped here.\n Moreira and others said so.");
    let r = ReadingText::new(&text);
    assert!(r.as_str().contains("by Mesquita Moreira and others"), "{}", r.as_str());
    assert_eq!(r.aside()[0].0, Aside::Footnote);
    let (_, range) = r.aside()[0];
    let stored: String = text.chars().skip(range.start.0).take(range.len()).collect();
    assert_eq!(stored, "4.\tA note the page dropped here.", "the stored text keeps every char");
}

#[test]
fn soft_hyphens_read_as_nothing_inside_lines_and_join_at_line_ends() {
    let text = "Their contri\u{ad}butions to the dis\u{ad}\nputes were many.";
    let r = ReadingText::new(text);
    assert_eq!(r.as_str(), "Their contributions to the disputes were many.");
    let start = r.as_str().find("contributions").expect("word");
    let stored = r.range_to_stored(ReadingRange::new(start, start + 13));
    assert_eq!(text.chars().skip(stored.start.0).take(stored.len()).collect::<String>(), "contri\u{ad}butions");
}

#[test]
fn halves_of_split_words_are_no_evidence_of_a_compound() {
    // `contribu` and `tions` occur only as halves; two splits must not make each
    // other look like words.
    let filler = "a line of wrapped prose that runs on and on and on\n".repeat(3);
    let text = format!("{filler}with contribu-\ntions from one and contribu-\ntions from two and a middle-\npower that is a middle power.");
    let r = reading(&text);
    assert!(r.contains("with contributions from one and contributions from two"), "{r}");
    assert!(r.contains("a middle-power that"), "both halves are words printed alone: {r}");
    assert_eq!(reading("incubating e-\ncommerce firms"), "incubating e-commerce firms", "one letter is never hyphenated off");
}

#[test]
fn nbsp_and_space_runs_collapse() {
    assert_eq!(reading("a\u{a0}\u{a0}b   c\td"), "a b c d");
}

#[test]
fn offsets_map_both_ways() {
    let text = "wom-\nen and  men";
    let r = ReadingText::new(text);
    assert_eq!(r.as_str(), "women and men");
    let stored: Vec<char> = text.chars().collect();
    let read: Vec<char> = r.as_str().chars().collect();
    for (i, c) in read.iter().enumerate() {
        let s = r.to_stored(ReadingOffset(i)).0;
        if *c != ' ' {
            assert_eq!(stored[s], *c, "reading {i}");
        }
        assert_eq!(r.to_reading(CharOffset(s)), ReadingOffset(i));
    }
    // "women" in reading covers "wom-\nen" in stored.
    assert_eq!(r.range_to_stored(ReadingRange::new(0, 5)), CharRange::new(0, 7));
    assert_eq!(r.range_to_reading(CharRange::new(0, 7)), ReadingRange::new(0, 5));
    // The dropped hyphen maps forward.
    assert_eq!(r.to_reading(CharOffset(3)), ReadingOffset(3));
    assert_eq!(r.to_stored(ReadingOffset(r.char_len())), CharOffset(stored.len()));
    assert_eq!(r.slice(ReadingRange::new(0, 5)), "women");
}

#[test]
fn empty_and_blank_texts() {
    assert_eq!(reading(""), "");
    assert_eq!(reading("\n\n  \n"), "");
    assert_eq!(reading("last line without newline"), "last line without newline");
}
