//! The fields of a source's record a user can state, as one typed enum: the CLI's
//! `meta`, the app's Source details form and the importers' guesses name them the
//! same way, and "what the user stated is no longer a guess" is one rule
//! ([`confirm`]) rather than a list of strings in each front end.

use super::source::{Metadata, Person};

/// A field of [`Metadata`] that can be stated or guessed. [`MetaField::key`] is its
/// name in `Metadata::guessed` (and in `project.ron`), the CSL variable's name with
/// `_` for `-` where ours differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetaField {
    Type,
    Title,
    Authors,
    Editors,
    Issued,
    ContainerTitle,
    Publisher,
    PublisherPlace,
    Pages,
    Volume,
    Issue,
    Url,
    Accessed,
    Isbn,
    Doi,
    Language,
    Note,
}

/// A field's value: text, or a list of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(&'a str),
    People(&'a [Person]),
}

impl MetaField {
    pub const ALL: [MetaField; 17] = [
        MetaField::Type,
        MetaField::Title,
        MetaField::Authors,
        MetaField::Editors,
        MetaField::Issued,
        MetaField::ContainerTitle,
        MetaField::Publisher,
        MetaField::PublisherPlace,
        MetaField::Pages,
        MetaField::Volume,
        MetaField::Issue,
        MetaField::Url,
        MetaField::Accessed,
        MetaField::Isbn,
        MetaField::Doi,
        MetaField::Language,
        MetaField::Note,
    ];

    /// The field's name in `Metadata::guessed` (`title`, `container_title`, …).
    pub const fn key(self) -> &'static str {
        match self {
            MetaField::Type => "type",
            MetaField::Title => "title",
            MetaField::Authors => "authors",
            MetaField::Editors => "editors",
            MetaField::Issued => "issued",
            MetaField::ContainerTitle => "container_title",
            MetaField::Publisher => "publisher",
            MetaField::PublisherPlace => "publisher_place",
            MetaField::Pages => "pages",
            MetaField::Volume => "volume",
            MetaField::Issue => "issue",
            MetaField::Url => "url",
            MetaField::Accessed => "accessed",
            MetaField::Isbn => "isbn",
            MetaField::Doi => "doi",
            MetaField::Language => "language",
            MetaField::Note => "note",
        }
    }

    /// The field's value in `m`.
    pub fn get(self, m: &Metadata) -> FieldValue<'_> {
        match self {
            MetaField::Authors => FieldValue::People(&m.authors),
            MetaField::Editors => FieldValue::People(&m.editors),
            text => FieldValue::Text(text.text(m)),
        }
    }

    fn text(self, m: &Metadata) -> &str {
        match self {
            MetaField::Type => &m.item_type,
            MetaField::Title => &m.title,
            MetaField::Issued => &m.issued,
            MetaField::ContainerTitle => &m.container_title,
            MetaField::Publisher => &m.publisher,
            MetaField::PublisherPlace => &m.publisher_place,
            MetaField::Pages => &m.pages,
            MetaField::Volume => &m.volume,
            MetaField::Issue => &m.issue,
            MetaField::Url => &m.url,
            MetaField::Accessed => &m.accessed,
            MetaField::Isbn => &m.isbn,
            MetaField::Doi => &m.doi,
            MetaField::Language => &m.language,
            MetaField::Note => &m.note,
            MetaField::Authors | MetaField::Editors => "",
        }
    }

    /// The text field to write in `m` (None for the people fields).
    pub fn text_mut(self, m: &mut Metadata) -> Option<&mut String> {
        Some(match self {
            MetaField::Type => &mut m.item_type,
            MetaField::Title => &mut m.title,
            MetaField::Issued => &mut m.issued,
            MetaField::ContainerTitle => &mut m.container_title,
            MetaField::Publisher => &mut m.publisher,
            MetaField::PublisherPlace => &mut m.publisher_place,
            MetaField::Pages => &mut m.pages,
            MetaField::Volume => &mut m.volume,
            MetaField::Issue => &mut m.issue,
            MetaField::Url => &mut m.url,
            MetaField::Accessed => &mut m.accessed,
            MetaField::Isbn => &mut m.isbn,
            MetaField::Doi => &mut m.doi,
            MetaField::Language => &mut m.language,
            MetaField::Note => &mut m.note,
            MetaField::Authors | MetaField::Editors => return None,
        })
    }

    /// The people field to write in `m` (None for the text fields).
    pub fn people_mut(self, m: &mut Metadata) -> Option<&mut Vec<Person>> {
        match self {
            MetaField::Authors => Some(&mut m.authors),
            MetaField::Editors => Some(&mut m.editors),
            _ => None,
        }
    }
}

/// The fields whose value differs between `a` and `b`.
pub fn changed(a: &Metadata, b: &Metadata) -> Vec<MetaField> {
    MetaField::ALL.into_iter().filter(|f| f.get(a) != f.get(b)).collect()
}

/// `edited` as the user means it after editing `before`: every field that changed,
/// and every field in `stated` (typed even if equal to the guess), is no longer a
/// guess. The one rule for the CLI's `meta` and the app's Source details form.
pub fn confirm(before: &Metadata, mut edited: Metadata, stated: &[MetaField]) -> Metadata {
    for f in changed(before, &edited).into_iter().chain(stated.iter().copied()) {
        edited.guessed.remove(f.key());
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guessed() -> Metadata {
        let mut m = Metadata { title: "Guessed title".into(), issued: "1905".into(), ..Metadata::default() };
        m.authors = vec!["Kim, V.".parse().expect("a name")];
        m.guessed = ["title", "issued", "authors"].map(String::from).into_iter().collect();
        m
    }

    #[test]
    fn a_changed_or_stated_field_is_confirmed_the_rest_stay_guessed() {
        let before = guessed();
        let mut edited = before.clone();
        edited.title = "The real title".into();
        let after = confirm(&before, edited.clone(), &[]);
        assert_eq!(after.guessed.iter().map(String::as_str).collect::<Vec<_>>(), ["authors", "issued"]);
        // Stated with the same value as the guess: confirmed all the same.
        let after = confirm(&before, edited, &[MetaField::Issued]);
        assert_eq!(after.guessed.iter().map(String::as_str).collect::<Vec<_>>(), ["authors"]);
    }

    #[test]
    fn every_field_reads_and_writes_its_own_value() {
        for f in MetaField::ALL {
            let mut m = Metadata::default();
            match (f.text_mut(&mut m), f.people_mut(&mut Metadata::default())) {
                (Some(text), None) => *text = "x".into(),
                (None, Some(_)) => m = Metadata { authors: vec![], ..m },
                _ => panic!("{f:?} is neither text nor people"),
            }
            if let Some(people) = f.people_mut(&mut m) {
                people.push("Kim, V.".parse().expect("a name"));
            }
            assert_eq!(changed(&Metadata::default(), &m), vec![f], "{f:?} writes only itself");
        }
        let keys: std::collections::BTreeSet<_> = MetaField::ALL.map(MetaField::key).into_iter().collect();
        assert_eq!(keys.len(), MetaField::ALL.len(), "keys are distinct");
    }
}
