//! The full scan of the folded text: what search did before it had an index, kept as
//! the reference the index must agree with hit for hit (the property tests compare
//! them on random texts and queries).

use super::super::fold::{self, Strength};
use super::super::offsets::CharRange;
use super::{Hit, Query};
use crate::model::ids::SourceId;

/// A reading text folded for search, with the map back to reading offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    folded: fold::Folded,
    /// Char offsets of the paragraph breaks (`\n`), for queries of several words.
    breaks: Vec<u32>,
}

impl Folded {
    /// Folds a reading text ([`Strength::SEARCH`]).
    pub fn new(text: &str) -> Self {
        // Folding turns line breaks into spaces; the paragraphs are the unfolded text's.
        let breaks = text.chars().enumerate().filter(|&(_, c)| c == '\n').map(|(i, _)| i as u32).collect();
        Self { folded: fold::Folded::new(text, Strength::SEARCH), breaks }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        self.folded.as_str()
    }

    /// The paragraph (0-based) a char offset lies in.
    fn paragraph_of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| (b as usize) < offset)
    }
}

/// Hits of a query in one source's reading text, by a memchr scan of its whole fold.
pub fn search_text(source: SourceId, folded: &Folded, query: &Query) -> Vec<Hit> {
    let ranges: Vec<CharRange> = match query {
        Query::Phrase(p) => folded.folded.find_all(p),
        Query::Words(words) => {
            // Every occurrence of every word, in paragraphs that contain all words.
            // Hits come in text order, so each word's paragraphs come sorted.
            let per_word: Vec<Vec<CharRange>> = words.iter().map(|w| folded.folded.find_all(w)).collect();
            let paragraphs_with = |hits: &Vec<CharRange>| {
                let mut paragraphs: Vec<usize> = hits.iter().map(|r| folded.paragraph_of(r.start.0)).collect();
                paragraphs.dedup();
                paragraphs
            };
            let mut common = paragraphs_with(&per_word[0]);
            for hits in &per_word[1..] {
                let these = paragraphs_with(hits);
                common.retain(|p| these.binary_search(p).is_ok());
            }
            let mut all: Vec<CharRange> =
                per_word.into_iter().flatten().filter(|r| common.binary_search(&folded.paragraph_of(r.start.0)).is_ok()).collect();
            all.sort();
            all
        }
    };
    ranges.into_iter().map(|r| Hit { source, reading: super::super::offsets::ReadingRange::from_chars(r) }).collect()
}
