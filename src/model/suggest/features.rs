//! What the text around a figure says about it: the thing counted (its noun,
//! stemmed), the year it belongs to, the words of its sentence, and the moment it
//! counts (departure, arrival, a memorial's inscription).

use std::collections::BTreeSet;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::figures::{Figure, FigureKind};
use crate::model::search::fold;

/// Chars of a sentence kept each side of a figure (some paragraphs of the corpus
/// are one sentence of 2,000 chars).
const SPAN: usize = 240;

/// Words that say nothing about what is counted.
const STOP: [&str; 94] = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "as",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "it",
    "they",
    "which",
    "who",
    "whom",
    "than",
    "more",
    "less",
    "over",
    "under",
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "least",
    "only",
    "also",
    "not",
    "but",
    "while",
    "whereas",
    "such",
    "into",
    "up",
    "all",
    "each",
    "both",
    "other",
    "after",
    "before",
    "since",
    "until",
    "during",
    "between",
    "among",
    "per",
    "total",
    "totaling",
    "amounted",
    "reached",
    "according",
    "would",
    "could",
    "can",
    "may",
    "will",
    "there",
    "here",
    "then",
    "now",
    "so",
    "very",
    "well",
    "year",
    "years",
    "million",
    "billion",
    "thousand",
    "hundred",
];

/// Nouns that count people, so that migrants, Koreans and labourers are one class.
const PEOPLE: [&str; 30] = [
    "people",
    "persons",
    "person",
    "men",
    "women",
    "children",
    "migrants",
    "immigrants",
    "emigrants",
    "workers",
    "laborers",
    "labourers",
    "descendants",
    "families",
    "nationals",
    "members",
    "deportees",
    "passengers",
    "arrivals",
    "refugees",
    "inhabitants",
    "residents",
    "citizens",
    "students",
    "practitioners",
    "migrantes",
    "personas",
    "inmigrantes",
    "trabajadores",
    "habitantes",
];

/// The moment a count belongs to, when the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Departure,
    Arrival,
    /// A plate, plaque or monument: a commemorative figure.
    Memorial,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Departure => "departure",
            Role::Arrival => "arrival",
            Role::Memorial => "memorial",
        }
    }
}

/// The direction a trade or investment figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flow {
    /// Exports, a surplus.
    Out,
    /// Imports, a deficit.
    In,
}

/// Chars either side of a figure in which a year, a name or a trade direction is its own.
const NEAR: usize = 80;

/// Features of one figure, built from its reading text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Stem of the counted noun (`migr` for migrants), for counts that name one.
    pub noun: Option<String>,
    /// The noun counts people.
    pub people: bool,
    /// The year nearest the figure in its sentence (`in 1905`, `by 2021`).
    pub year: Option<i32>,
    /// Every year of its sentence.
    pub years: BTreeSet<i32>,
    /// Stems of the content words of its sentence (names folded), the figure's own
    /// number words excluded.
    pub terms: BTreeSet<String>,
    /// Capitalised names of its sentence (places, peoples), folded.
    pub names: BTreeSet<String>,
    pub role: Option<Role>,
    /// The name nearest the figure in its clause (`over US$21 billion with Mexico`).
    pub place: Option<String>,
    /// Whether the figure counts goods or money going out or coming in.
    pub flow: Option<Flow>,
    /// A cell of a table (its year and words come from the table's head and row).
    pub table: bool,
    /// Char range (in the reading text) of its sentence, to tell a series given in
    /// one breath from two mentions.
    pub sentence: (usize, usize),
}

/// Char offsets where sentences start in `text` (UAX #29 boundaries; a line break
/// ends a sentence too, so table rows and captions stand alone).
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut chars = 0;
    let mut last_byte = 0;
    for (byte, piece) in text.split_sentence_bound_indices() {
        chars += text[last_byte..byte].chars().count();
        last_byte = byte;
        starts.push(chars);
        // Paragraph breaks inside a piece (a PDF line without a full stop).
        let mut inner = chars;
        for c in piece.chars() {
            inner += 1;
            if c == '\n' {
                starts.push(inner);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The sentence holding chars `start..end`, as a char range, given [`sentence_starts`].
pub fn sentence_of(starts: &[usize], len: usize, start: usize, end: usize) -> (usize, usize) {
    let i = starts.partition_point(|&s| s <= start);
    let from = if i == 0 { 0 } else { starts[i - 1] };
    let j = starts.partition_point(|&s| s < end.max(start + 1));
    let to = starts.get(j).copied().unwrap_or(len);
    (from, to.max(end).min(len))
}

fn stemmer(spanish: bool) -> Stemmer {
    Stemmer::create(if spanish { Algorithm::Spanish } else { Algorithm::English })
}

/// The stem of a lower-case word (`migrants` → `migrant`, `immigrants` → `immigr`).
pub fn stem(word: &str, spanish: bool) -> String {
    stemmer(spanish).stem(&fold(word)).into_owned()
}

/// Whether a lower-case noun counts people (`migrants`, `Koreans`, `labourers`).
pub fn counts_people(noun: &str) -> bool {
    let n = fold(noun);
    PEOPLE.contains(&n.as_str()) || n.ends_with("ans") || n.ends_with("ese") || n.ends_with("anos") || n.ends_with("eses")
}

/// The item nearest to the figure at chars `range` among `(offset, item)` pairs,
/// if within [`NEAR`]; a clause break between them counts as distance too
/// (`with Mexico, over US$22 billion with Russia`: Russia is the second's).
fn nearest<T: Clone>(text: &[char], items: &[(usize, T)], range: (usize, usize)) -> Option<T> {
    let distance = |o: usize| {
        let (from, to) = if o < range.0 { (o, range.0) } else { (range.1.min(o), o) };
        let between: String = text.get(from..to).map_or(String::new(), |t| t.iter().collect());
        let breaks = between.matches([',', ';', ':']).count() + between.matches(" and ").count();
        // What follows a figure qualifies it more often (`US$200,000 in 2016`); what
        // precedes it across a clause break belongs to another figure.
        if o < range.0 { to - from + 15 + 30 * breaks } else { to - from + 8 * breaks }
    };
    items.iter().map(|(o, y)| (distance(*o), y)).filter(|(d, _)| *d <= NEAR).min_by_key(|(d, _)| *d).map(|(_, y)| y.clone())
}

/// The moment a context speaks of (`boarded` → departure).
pub fn role_of(context: &str) -> Option<Role> {
    let c = fold(context);
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if has(&["plate", "plaque", "memorial", "monument", "inscription"]) {
        Some(Role::Memorial)
    } else if has(&["arriv", "landed", "reached the port", "disembark", "llegad", "llegaron"]) {
        Some(Role::Arrival)
    } else if has(&["board", "embark", "departed", "set sail", "sailed", "left the port", "shipped", "zarp"]) {
        Some(Role::Departure)
    } else {
        None
    }
}

/// Words of `text` with their char offsets.
fn words(text: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_alphanumeric() {
            let start = i;
            while i < text.len()
                && (text[i].is_alphanumeric() || (text[i] == '\'' || text[i] == '’') && i + 1 < text.len() && text[i + 1].is_alphabetic())
            {
                i += 1;
            }
            out.push((start, text[start..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

/// Features of `figure` (range in `reading`, chars) in its sentence `sentence`.
pub fn features(reading: &[char], figure: &Figure, range: (usize, usize), sentence: (usize, usize), spanish: bool) -> Features {
    let from = sentence.0.max(range.0.saturating_sub(SPAN));
    let to = sentence.1.min(range.1 + SPAN).min(reading.len());
    let window = &reading[from..to];
    let stemmer = stemmer(spanish);
    let mut f = Features { sentence, ..Features::default() };
    let mut years = Vec::new();
    let mut places = Vec::new();
    let mut flows = Vec::new();
    let mut first = true;
    let mut previous: Option<String> = None;
    for (offset, word) in words(window) {
        let at = from + offset;
        let inside = at >= range.0 && at < range.1;
        if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(y) = word.parse::<i32>()
                && (1800..=2100).contains(&y)
                && !inside
            {
                years.push((at, y));
                f.years.insert(y);
            }
            first = false;
            continue;
        }
        if inside || word.chars().any(|c| c.is_ascii_digit()) {
            first = false;
            continue;
        }
        let folded = fold(&word);
        if word.chars().next().is_some_and(char::is_uppercase) && !first && folded.chars().count() >= 3 && !STOP.contains(&folded.as_str())
        {
            let name = folded.trim_end_matches('s').to_string();
            // A place is a name after a preposition (`in Mexico`, `with Russia`).
            if previous.as_deref().is_some_and(|p| matches!(p, "in" | "to" | "from" | "with" | "of" | "at" | "en" | "a" | "de")) {
                places.push((at, name.clone()));
            }
            f.names.insert(name);
        }
        if folded.starts_with("export") || folded == "surplus" || folded.starts_with("exporta") {
            flows.push((at, Flow::Out));
        } else if folded.starts_with("import") || folded == "deficit" {
            flows.push((at, Flow::In));
        }
        first = false;
        previous = Some(folded.clone());
        if folded.chars().count() >= 3 && !STOP.contains(&folded.as_str()) {
            f.terms.insert(stemmer.stem(&folded).into_owned());
        }
    }
    f.year = nearest(reading, &years, range);
    f.place = nearest(reading, &places, range);
    f.flow = nearest(reading, &flows, range);
    // `the one-thousand-strong Korean diaspora acknowledges`: a collective noun of
    // people before the first plural-looking word (a verb here) is what is counted.
    let after: String = reading[range.1.min(reading.len())..(range.1 + 40).min(reading.len())].iter().collect();
    let collective = after.split_whitespace().take(3).map(fold).find(|w| matches!(w.as_str(), "diaspora" | "community" | "comunidad"));
    if figure.kind == FigureKind::Count
        && let Some(word) = collective
    {
        f.people = true;
        f.noun = Some(stemmer.stem(&word).into_owned());
    } else if figure.kind == FigureKind::Count
        && let Some(unit) = &figure.unit
    {
        f.people = counts_people(unit);
        f.noun = Some(stemmer.stem(&fold(unit)).into_owned());
    }
    let near_from = range.0.saturating_sub(90).max(sentence.0);
    let near_to = (range.1 + 90).min(sentence.1).min(reading.len());
    f.role = role_of(&reading[near_from..near_to].iter().collect::<String>());
    f
}

/// Gives a table cell the words of its row label and caption, and its column's year.
pub fn add_cell(f: &mut Features, words: &str, year: Option<i32>, spanish: bool) {
    let stemmer = stemmer(spanish);
    for w in words.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3) {
        let folded = fold(w);
        if STOP.contains(&folded.as_str()) || folded.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            f.names.insert(folded.trim_end_matches('s').to_string());
        }
        f.terms.insert(stemmer.stem(&folded).into_owned());
    }
    f.year = year;
    f.years = year.into_iter().collect();
    f.table = true;
}

/// Whether a text is Spanish (enough of its commonest function words).
pub fn looks_spanish(text: &str) -> bool {
    let sample: String = text.chars().take(20_000).collect();
    let mut es = 0;
    let mut en = 0;
    for w in sample.split(|c: char| !c.is_alphabetic()) {
        match w {
            "el" | "los" | "las" | "del" | "por" | "una" | "para" | "con" | "que" => es += 1,
            "the" | "and" | "of" | "to" | "with" | "that" | "for" => en += 1,
            _ => {}
        }
    }
    es > en
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figures::find_figures;

    fn features_of(text: &str, n: usize) -> Features {
        let chars: Vec<char> = text.chars().collect();
        let figure = find_figures(text).into_iter().filter(|f| f.kind.is_measure()).nth(n).unwrap();
        let starts = sentence_starts(text);
        let range = (figure.range.start.0, figure.range.end.0);
        let sentence = sentence_of(&starts, chars.len(), range.0, range.1);
        features(&chars, &figure, range, sentence, looks_spanish(text))
    }

    #[test]
    fn the_counted_noun_is_stemmed_and_people_are_one_class() {
        let a = features_of("In 1905, 1,033 Korean migrants boarded a ship.", 0);
        let b = features_of("Some 1,014 migrants arrived in May 1905.", 0);
        assert_eq!(a.noun, b.noun);
        assert!(a.people && b.people);
        let c = features_of("They counted 1,014 Koreans at the port.", 0);
        assert!(c.people, "{c:?}");
        let e = features_of("To this day the one-thousand-strong Korean diaspora remembers them.", 0);
        assert!(e.people && e.noun.is_some(), "{e:?}");
        let d = features_of("The plantations grew 1,014 hectares.", 0);
        assert!(!d.people);
        assert_ne!(a.noun, d.noun);
        assert_eq!(stem("labourers", false), stem("labourer", false));
        assert_eq!(stem("migrantes", true), stem("migrante", true));
    }

    #[test]
    fn the_year_is_the_nearest_in_the_sentence_only() {
        let t = "From 15,000 in the early 2000s, the count fell to 12,000 in 2013. In 2021 around 30,000 lived there.";
        assert_eq!(features_of(t, 1).year, Some(2013));
        assert_eq!(features_of(t, 2).year, Some(2021), "the next sentence's year is its own");
        assert!(features_of(t, 1).years.contains(&2013) && !features_of(t, 1).years.contains(&2021));
        assert_eq!(features_of("No year here: 1,000 people.", 0).year, None);
        let far = format!("In 2021 {} a plate named 1,019 migrants.", "and then some more words ".repeat(5));
        assert_eq!(features_of(&far, 0).year, None, "a year far away in a long sentence is not the figure's");
    }

    #[test]
    fn place_and_trade_direction_are_the_nearest_ones() {
        let t = "Trade reached over US$21 billion with Mexico, over US$22 billion with Russia.";
        assert_eq!(features_of(t, 0).place.as_deref(), Some("mexico"));
        assert_eq!(features_of(t, 1).place.as_deref(), Some("russia"));
        let t = "Korea had a surplus of 2.1 billion dollars, whereas Mexico had a deficit of 4.0 billion dollars.";
        assert_eq!(features_of(t, 0).flow, Some(Flow::Out));
        assert_eq!(features_of(t, 1).flow, Some(Flow::In));
    }

    #[test]
    fn names_and_terms_of_the_sentence_are_kept_and_the_first_word_is_no_name() {
        let f = features_of("Korean investment in Mexico reached USD 656.1 million by December 2004.", 0);
        assert!(f.names.contains("mexico") && f.names.contains("december"), "{f:?}");
        assert!(!f.names.contains("korean"), "sentence-initial");
        assert!(f.terms.contains(&stem("investment", false)), "{f:?}");
        assert!(!f.terms.contains("the"));
    }

    #[test]
    fn the_statement_kind_departure_arrival_or_memorial() {
        assert_eq!(features_of("In April 1,033 migrants boarded the ship at Chemulpo.", 0).role, Some(Role::Departure));
        assert_eq!(features_of("In May 1,014 migrants arrived at Progreso.", 0).role, Some(Role::Arrival));
        assert_eq!(features_of("A plate names the 1,019 migrants.", 0).role, Some(Role::Memorial));
        assert_eq!(features_of("There are 1,019 migrants.", 0).role, None);
    }

    #[test]
    fn sentences_end_at_full_stops_and_line_breaks() {
        let text = "One. Two three.\nTable row 1 2 3\nLast";
        let starts = sentence_starts(text);
        assert!(starts.contains(&0) && starts.contains(&5) && starts.contains(&16) && starts.contains(&32), "{starts:?}");
        assert_eq!(sentence_of(&starts, text.chars().count(), 17, 20), (16, 32));
        assert!(looks_spanish("Los migrantes llegaron a la costa por el puerto con sus familias."));
        assert!(!looks_spanish("The migrants arrived at the port with their families."));
    }
}
