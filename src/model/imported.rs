//! Operations for what another program made (a Zotero library's items and
//! annotations): validated against the project like the user's own edits, and built
//! as [`Transaction`]s, so an import is one undoable step. Quotes from elsewhere are
//! found in the stored text, near where that program says they were; one that cannot
//! be found becomes an orphan keeping its quote, never dropped.

use std::collections::BTreeMap;

use super::anchor::{Anchor, AnchorStatus};
use super::annotation::{Annotation, Kind, TAG_PALETTE, Tag};
use super::edit::{Edit, Transaction};
use super::offsets::CharRange;
use super::ops::{self, OpError};
use super::project::Project;
use super::quote::find_quote;
use super::source::{Source, SourceText};

/// Finds `quote` in a source's stored text. With `page` (a stored-char range, from the
/// source's page map) the page is searched first, so a phrase repeated elsewhere is
/// taken where the other program saw it; `near` (a stored char offset) picks among
/// several hits. Falls back to the whole text (a quote across a page break, a wrong
/// page number). `None` when the quote is nowhere.
pub fn locate_quote(text: &SourceText, quote: &str, page: Option<CharRange>, near: Option<usize>) -> Option<CharRange> {
    if quote.trim().is_empty() {
        return None;
    }
    let nearest = |hits: Vec<CharRange>, target: Option<usize>| -> Option<CharRange> {
        match target {
            Some(t) => hits.into_iter().min_by_key(|r| r.start.0.abs_diff(t)),
            None => hits.into_iter().next(),
        }
    };
    if let Some(page) = page.filter(|p| !p.is_empty() && p.end.0 <= text.stored.char_len()) {
        // Only the page's text is folded and searched: a long document with many
        // highlights costs pages, not whole documents, per highlight.
        let slice = SourceText::new(text.stored.slice(page).to_string());
        let hits: Vec<CharRange> =
            find_quote(&slice, quote).into_iter().map(|r| CharRange::new(r.start.0 + page.start.0, r.end.0 + page.start.0)).collect();
        if let Some(hit) = nearest(hits, near.or(Some(page.start.0))) {
            return Some(hit);
        }
        return nearest(find_quote(text, quote), near.or(Some(page.start.0)));
    }
    nearest(find_quote(text, quote), near)
}

/// The anchor of an imported annotation: on `range` of the stored text when the
/// quote was found there, else an orphan keeping `quote` (an empty range at 0).
pub fn imported_anchor(text: Option<&SourceText>, range: Option<CharRange>, quote: &str) -> Anchor {
    match (text, range) {
        (Some(t), Some(r)) if !r.is_empty() && r.end.0 <= t.stored.char_len() => Anchor::new(&t.stored, r),
        _ => Anchor {
            range: CharRange::new(0, 0),
            exact: quote.to_string(),
            prefix: String::new(),
            suffix: String::new(),
            status: AnchorStatus::Orphan,
        },
    }
}

/// The first line of a stored-text range (a page) that is text: not blank, and not
/// a page number or running head the reading text sets aside (the first such line
/// if there is nothing else). For annotations that mark a place rather than text (a
/// Zotero sticky note on a page).
pub fn first_line(text: &SourceText, within: CharRange) -> Option<CharRange> {
    let slice = text.stored.slice(within);
    let mut offset = within.start.0;
    let mut fallback = None;
    for line in slice.split('\n') {
        let len = line.chars().count();
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let body = line.trim().chars().count();
        if body > 0 {
            let range = CharRange::new(offset + lead, offset + lead + body);
            if !text.reading.aside().iter().any(|(_, r)| r.overlaps(&range)) {
                return Some(range);
            }
            fallback = fallback.or(Some(range));
        }
        offset += len + 1;
    }
    fallback
}

/// Puts an annotation made elsewhere, new or updated: its source must exist, an
/// anchored one must lie on that source's text (its quote is re-read from there),
/// its tags are sorted and unique, and tags the codebook lacks are created with the
/// colour `colours` gives them (else the next palette colour).
pub fn put_imported_annotation(p: &Project, mut a: Annotation, colours: &BTreeMap<String, String>) -> Result<Transaction, OpError> {
    if !p.sources.contains_key(&a.source) {
        return Err(OpError::UnknownSource(a.source.to_string()));
    }
    if a.anchor.status != AnchorStatus::Orphan {
        let text = p.texts.get(&a.source).ok_or(OpError::NoText(a.source))?;
        let r = a.anchor.range;
        let len = text.stored.char_len();
        if r.is_empty() || r.end.0 > len {
            return Err(OpError::BadRange { start: r.start.0, end: r.end.0, len });
        }
        let status = a.anchor.status;
        a.anchor = Anchor { status, ..Anchor::new(&text.stored, r) };
    }
    let mut tags = std::mem::take(&mut a.tags);
    tags.retain(|t| !t.trim().is_empty());
    for t in &tags {
        a.add_tag(t.trim());
    }
    if a.kind == Kind::Figure && a.figure.is_none() {
        a.figure = ops::parse_figure(&a.anchor.exact);
    }
    let mut tx = Transaction::new("Import annotation");
    let mut known = p.tags.len();
    for name in &a.tags {
        if !p.tags.contains_key(name) {
            let colour = colours.get(name).map_or(TAG_PALETTE[known % TAG_PALETTE.len()], String::as_str);
            let tag = Tag::new(name, colour);
            known += 1;
            tx.push(Edit::PutTag { name: name.clone(), value: Some(tag) });
        }
    }
    let id = a.id;
    tx.push(Edit::PutAnnotation { id, value: Some(Box::new(a)) });
    Ok(tx)
}

/// Changes a source's record (metadata, origin) through a closure, keeping its text.
pub fn update_source(p: &Project, id: super::SourceId, change: impl FnOnce(&mut Source)) -> Result<Transaction, OpError> {
    let mut source = p.sources.get(&id).ok_or_else(|| OpError::UnknownSource(id.to_string()))?.clone();
    change(&mut source);
    let text = p.texts.get(&id).cloned();
    Ok(Transaction::new("Update source").with(Edit::PutSource { id, source: Some(Box::new(source)), text }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationId, SourceId};

    fn doc(s: &str) -> std::sync::Arc<SourceText> {
        SourceText::new(s.to_string())
    }

    #[test]
    fn the_page_narrows_a_repeated_quote() {
        let t = doc("page one: 1,014 arrivals\n\npage two: 1,014 arrivals\n\npage three");
        let page_two = CharRange::new(26, 50);
        let hit = locate_quote(&t, "1,014 arrivals", Some(page_two), None).expect("found");
        assert_eq!(hit.start.0, 36);
        assert_eq!(locate_quote(&t, "1,014 arrivals", None, None).expect("found").start.0, 10);
        // Not on the stated page: found elsewhere rather than lost.
        let hit = locate_quote(&t, "page three", Some(page_two), None).expect("found");
        assert_eq!(t.stored.slice(hit), "page three");
        assert_eq!(locate_quote(&t, "1,019", Some(page_two), None), None);
    }

    #[test]
    fn unfound_quotes_become_orphans_and_sticky_notes_take_a_line() {
        let t = doc("\n  Heading line  \nbody");
        let a = imported_anchor(Some(&t), None, "lost words");
        assert_eq!((a.status, a.exact.as_str()), (AnchorStatus::Orphan, "lost words"));
        let line = first_line(&t, CharRange::new(0, t.stored.char_len())).expect("a line");
        assert_eq!(t.stored.slice(line), "Heading line");
        // A running head the reading text sets aside is passed over.
        let filler = "a line of wrapped prose that runs on and on \n".repeat(3);
        let t = doc(&format!("{filler}our economic de-\n\n\n240 – Jane Roe and John Doe \n\n velopment goes on \nto the end."));
        let page = t.stored.as_str().chars().position(|c| c == '2').expect("the head");
        let line = first_line(&t, CharRange::new(page, t.stored.char_len())).expect("a line");
        assert_eq!(t.stored.slice(line), "velopment goes on", "{:?}", t.reading.aside());
    }

    #[test]
    fn imported_annotations_create_their_tags_with_colours() {
        let mut p = crate::testing::project_with_files(&[("a.txt", "abc def")]);
        let anchor = imported_anchor(p.text(SourceId(1)).map(|t| &**t), Some(CharRange::new(4, 7)), "def");
        let a = Annotation {
            id: AnnotationId(1),
            source: SourceId(1),
            anchor,
            kind: Kind::Quote,
            tags: vec!["zotero-red".into(), "figure".into(), "figure".into()],
            note: String::new(),
            locator: String::new(),
            figure: None,
            created: "t".into(),
            modified: "t".into(),
            zotero: None,
        };
        let colours = BTreeMap::from([("zotero-red".to_string(), "#ff6666".to_string())]);
        put_imported_annotation(&p, a.clone(), &colours).expect("put").apply(&mut p);
        assert_eq!(p.annotations[&AnnotationId(1)].tags, vec!["figure", "zotero-red"]);
        assert_eq!(p.tags["zotero-red"].colour, "#ff6666");
        p.check_invariants().expect("invariants");
        let mut bad = a;
        bad.anchor.range = CharRange::new(4, 70);
        assert!(matches!(put_imported_annotation(&p, bad, &colours), Err(OpError::BadRange { .. })));
    }
}
