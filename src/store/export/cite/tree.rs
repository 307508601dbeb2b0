//! Corrections made on hayagriva's element tree (never on rendered strings).

use hayagriva::citationberg::IndependentStyle;
use hayagriva::citationberg::json::{Item, Value};
use hayagriva::lang::{Case, TitleCase};
use hayagriva::{ElemChild, ElemChildren};

use super::output::plain;
use super::title_case::title_case;

/// The style as its reference list is formatted, and its subsequent-author substitute.
/// The citation's name disambiguation (given names, added names) is about telling
/// citations apart: every pass that renders the list turns it off (`list_style`,
/// `suffix::with_citation`, the sort keys), and the names citeproc-js does carry into the
/// list are added by `names`.
pub(super) fn bibliography_style(mut style: IndependentStyle) -> (IndependentStyle, Option<String>) {
    // hayagriva 0.10's "complete-all" keeps "et al." after the substitute (`———, et al.`
    // where citeproc-js prints `———.`): the substitution is done by
    // [`substitute_authors`] instead, on its element tree.
    let mut substitute = None;
    if let Some(b) = style.bibliography.as_mut()
        && b.subsequent_author_substitute_rule == hayagriva::citationberg::SubsequentAuthorSubstituteRule::CompleteAll
    {
        substitute = b.subsequent_author_substitute.take();
    }
    (style, substitute)
}

/// What a names element shows, in order: the variable of each name list with names
/// (an editor is not substituted for the author before), each `cs:name` output's text,
/// and the labels (`editor`) it holds.
fn shown_names(e: &hayagriva::Elem, shown: &mut Vec<String>, labels: &mut Vec<ElemChild>) {
    match &e.meta {
        Some(hayagriva::ElemMeta::Name(..)) => {
            // hayagriva drops a name's last full stop before a delimiter that starts
            // with one (`Fairbanks, M. A` + `. `); citeproc-js compares name parts.
            shown.push(plain(&e.children).trim_end_matches('.').to_string());
            return;
        }
        Some(hayagriva::ElemMeta::Label) => {
            labels.push(ElemChild::Elem(e.clone()));
            return;
        }
        Some(hayagriva::ElemMeta::Names(lists)) => {
            shown.extend(lists.iter().filter(|(people, _)| !people.is_empty()).map(|(_, variable)| format!("{variable:?}")));
        }
        _ => {}
    }
    for c in &e.children.0 {
        if let ElemChild::Elem(inner) = c {
            shown_names(inner, shown, labels);
        }
    }
}

/// CSL `subsequent-author-substitute` with the rule `complete-all` (the default), as
/// citeproc-js applies it: when an entry shows the same names as the last entry
/// compared, the whole rendered list (names, "and", "et al.") is replaced by the
/// substitute. Names in another role than author (shown with a label: `Thorne, Caleb,
/// editor`) take no part: citeproc-js 2.4 neither substitutes them nor compares the next
/// entry with them (the label's term turns its check off), so `Thorne, Caleb.` after
/// `Thorne, Caleb, et al., editors.` after `Thorne, Caleb.` is `———.`
pub(super) fn substitute_authors(entries: &mut [ElemChildren], substitute: &str) {
    let mut previous: Option<Vec<String>> = None;
    for entry in entries.iter_mut() {
        let Some(names) = entry.find_names_mut() else {
            previous = None;
            continue;
        };
        let (mut shown, mut labels) = (Vec::new(), Vec::new());
        shown_names(names, &mut shown, &mut labels);
        if !only_authors(names) {
            continue;
        }
        if shown.iter().any(|s| s.contains(|c: char| c.is_alphanumeric())) && previous.as_ref() == Some(&shown) {
            let text = hayagriva::Formatted { text: substitute.to_string(), formatting: Default::default() };
            names.children.0 = vec![ElemChild::Text(text)];
            names.children.0.extend(labels);
        } else {
            previous = Some(shown);
        }
    }
}

/// A date that is only words (`forthcoming`, `Spring 1905`) printed as its words, as
/// citeproc-js prints it, where hayagriva rendered its stand-in year
/// (`input::literal_dates`).
fn literal_dates(children: &mut ElemChildren, item: &Item) {
    let literals = super::input::literal_dates(item);
    if literals.is_empty() {
        return;
    }
    for leaf in leaves_of(children, &|m| *m == hayagriva::ElemMeta::Date) {
        replace_pairs(leaf, &literals);
    }
}

/// Whether every name list a names element shows is an author list.
fn only_authors(e: &hayagriva::Elem) -> bool {
    let own = match &e.meta {
        Some(hayagriva::ElemMeta::Names(lists)) => lists
            .iter()
            .filter(|(people, _)| !people.is_empty())
            .all(|(_, v)| *v == hayagriva::citationberg::taxonomy::NameVariable::Author),
        _ => true,
    };
    own && e.children.0.iter().all(|c| match c {
        ElemChild::Elem(inner) => only_authors(inner),
        _ => true,
    })
}

/// The text leaves of the outermost elements `target` picks (a name, a date), in reading
/// order: where the corrections of one kind of element apply.
fn leaves_of<'a>(children: &'a mut ElemChildren, target: &dyn Fn(&hayagriva::ElemMeta) -> bool) -> Vec<&'a mut String> {
    let mut out = Vec::new();
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(e) = child {
            if e.meta.as_ref().is_some_and(target) {
                out.extend(leaves(&mut e.children));
            } else {
                out.extend(leaves_of(&mut e.children, target));
            }
        }
    }
    out
}

/// Whether an element is one name of a names list.
fn is_name(meta: &hayagriva::ElemMeta) -> bool {
    matches!(meta, hayagriva::ElemMeta::Name(..))
}

/// Every occurrence of each `from` in `leaf` replaced by its `to`.
fn replace_pairs(leaf: &mut String, pairs: &[(String, String)]) {
    for (from, to) in pairs {
        if leaf.contains(from.as_str()) {
            *leaf = leaf.replace(from.as_str(), to);
        }
    }
}

/// Every text leaf of an element tree, in reading order.
fn leaves(children: &mut ElemChildren) -> Vec<&mut String> {
    let mut out = Vec::new();
    for child in children.0.iter_mut() {
        match child {
            ElemChild::Text(t) => out.push(&mut t.text),
            ElemChild::Elem(e) => out.extend(leaves(&mut e.children)),
            ElemChild::Markup(m) => out.push(m),
            ElemChild::Link { text, .. } => out.push(&mut text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
    out
}

/// Delimiters and CSL's punctuation rule (spec, "Punctuation": a delimiter or affix that would
/// repeat the punctuation a field ends with is dropped, as citeproc-js does): a full
/// stop that follows a field ending in `.`, `?` or `!` (closing quotation marks
/// between them allowed) is removed. Done on hayagriva's element tree, where field
/// and affix are separate leaves; an ellipsis inside one field is never touched.
pub(super) fn collapse_punctuation(children: &mut ElemChildren) {
    let mut leaves = leaves(children);
    let closing = |c: &char| matches!(c, '”' | '’' | '"' | '\'');
    let mut last: Option<char> = None;
    for leaf in leaves.iter_mut() {
        // A delimiter before an element that rendered nothing is left in front of the
        // next delimiter by hayagriva (Chicago's `7 : 101–19` for a volume without an
        // issue): English punctuation never follows a space.
        let trimmed = leaf.trim_start();
        if trimmed.len() < leaf.len() && trimmed.starts_with([':', ',', ';']) && last.is_some() {
            **leaf = trimmed.to_string();
        }
        if matches!(last, Some('.' | '?' | '!')) && leaf.starts_with('.') && !leaf.starts_with("..") {
            leaf.remove(0);
        }
        // hayagriva moves the full stop inside the closing quotation mark of a quoted
        // title within one leaf (`“Who paid?.”`): the same rule applies there.
        let body = leaf.trim_end_matches(|c: char| closing(&c));
        if body.len() < leaf.len() && body.ends_with('.') && !body.ends_with("...") {
            let before = body[..body.len() - 1].chars().next_back();
            if matches!(before, Some('.' | '?' | '!')) {
                let at = body.len() - 1;
                leaf.remove(at);
            }
        }
        if let Some(end) = leaf.chars().rev().find(|c| !closing(c)) {
            last = Some(end);
        }
    }
}

/// The year suffix written after the year of a citation's first date (CSL's implicit
/// `year-suffix`, right after the year: `1905a`), on the element tree.
pub(super) fn add_year_suffix(children: &mut ElemChildren, suffix: &str) -> bool {
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(hayagriva::ElemMeta::Date) {
                if let Some(last) = leaves(&mut e.children).pop() {
                    last.push_str(suffix);
                    return true;
                }
            } else if add_year_suffix(&mut e.children, suffix) {
                return true;
            }
        }
    }
    false
}

/// The corrections every rendered entry and citation of `item` gets, in this order:
/// dates that are only words ([`literal_dates`]), title case ([`recase_titles`]), name
/// forms ([`fix_names`], [`institution_last`]), the text mark of non-numeric numbers
/// ([`strip_text_mark`]), plain spaces in family names ([`plain_name_spaces`]) and the
/// plural page label ([`plural_page_label`]).
pub(super) fn correct(children: &mut ElemChildren, item: &Item, english: bool) {
    literal_dates(children, item);
    recase_titles(children, item, english);
    fix_names(children, item);
    institution_last(children, item);
    strip_text_mark(children);
    plain_name_spaces(children);
    joined_particles(children, item);
    plural_page_label(children, item);
}

/// A non-dropping particle that ends in an apostrophe or a hyphen written against the
/// family name (`d'Alembert`, `al-Hassan`), where hayagriva puts a space between them.
fn joined_particles(children: &mut ElemChildren, item: &Item) {
    let mut joins: Vec<(String, String)> = Vec::new();
    for value in item.0.values() {
        let Value::Names(names) = value else { continue };
        for name in names {
            if let hayagriva::citationberg::json::NameValue::Item(n) = name
                && let Some(particle) = n.non_dropping_particle.as_deref().map(str::trim)
                && particle.ends_with(['\'', '’', '-'])
            {
                let family = n.family.replace('\u{a0}', " ");
                joins.push((format!("{particle} {family}"), format!("{particle}{family}")));
            }
        }
    }
    if joins.is_empty() {
        return;
    }
    for leaf in leaves_of(children, &is_name) {
        replace_pairs(leaf, &joins);
    }
}

/// `pp.` before a page range hayagriva cannot read as numbers (`iii–xii`, `A3–A7`): its
/// label stays singular there (`p. iii–xii`); citeproc-js, as CSL's "plural" rule says,
/// makes it plural for any range.
fn plural_page_label(children: &mut ElemChildren, item: &Item) {
    let Some(pages) = item.0.get("page").and_then(|v| v.to_str()).map(|p| p.into_owned()) else { return };
    let is_range = pages.contains(['-', '\u{2013}', ',', '&']);
    if !is_range || pages.chars().all(|c| c.is_ascii_digit() || " -\u{2013},&".contains(c)) {
        return;
    }
    let first: String = pages.chars().take_while(|c| c.is_alphanumeric()).collect();
    if first.is_empty() {
        return;
    }
    fn walk(children: &mut ElemChildren, first: &str) {
        let texts: Vec<String> = children
            .0
            .iter()
            .map(|c| match c {
                ElemChild::Elem(e) => plain(&e.children),
                ElemChild::Text(t) => t.text.clone(),
                _ => String::new(),
            })
            .collect();
        for (i, child) in children.0.iter_mut().enumerate() {
            let ElemChild::Elem(e) = child else { continue };
            if e.meta == Some(hayagriva::ElemMeta::Label) {
                let next: String = texts.iter().skip(i + 1).take(2).cloned().collect();
                if next.trim_start().starts_with(first) {
                    for leaf in leaves(&mut e.children) {
                        match leaf.trim() {
                            "p." => *leaf = leaf.replace("p.", "pp."),
                            "page" => *leaf = leaf.replace("page", "pages"),
                            _ => {}
                        }
                    }
                }
            } else {
                walk(&mut e.children, first);
            }
        }
    }
    walk(children, &first);
}

/// The no-break spaces a family name was given for hayagriva (`input`) made plain again.
fn plain_name_spaces(children: &mut ElemChildren) {
    for leaf in leaves_of(children, &is_name) {
        if leaf.contains('\u{a0}') {
            *leaf = leaf.replace('\u{a0}', " ");
        }
    }
}

/// The variables citeproc-js 2.4.63 treats as multilingual (`CSL.MULTI_FIELDS`): the
/// ones a non-English item keeps as written under `text-case="title"`.
const MULTILINGUAL: [&str; 15] = [
    "event",
    "publisher",
    "publisher-place",
    "event-place",
    "title",
    "container-title",
    "collection-title",
    "authority",
    "genre",
    "title-short",
    "medium",
    "country",
    "jurisdiction",
    "archive",
    "archive-place",
];

/// CSL title case as citeproc-js applies it, where hayagriva applied its own: for each text
/// variable of the item that hayagriva's title case changes, the text it rendered is
/// replaced by citeproc-js's title case of the same value ([`title_case`]), or, when the
/// item is not in English (`english` false: CSL leaves its variables as written, the
/// style's terms are still cased), by the value as written. Where the style asked for no
/// title case, hayagriva's form is not in the tree and nothing changes.
fn recase_titles(children: &mut ElemChildren, item: &Item, english: bool) {
    let mut leaves = leaves(children);
    // Variables that hold the same text (a translation's `original-title` copied from
    // its `title`) may be cased differently (the title kept as written, the original
    // title cased): their renderings are taken in reading order, the title's first.
    let mut by_text: Vec<(String, Vec<(&str, String)>)> = Vec::new();
    for (variable, value) in item.0.iter() {
        let Value::String(written) = value else { continue };
        if super::styles::is_mirror_copy(item, variable) || variable.starts_with(super::input::LITERAL_PREFIX) {
            continue;
        }
        let written = written.trim();
        // citeproc-js leaves a non-English item's text as written only in its
        // multilingual fields (`CSL.MULTI_FIELDS`); `original-title` and the rest are
        // title-cased whatever the language.
        let english = english || !MULTILINGUAL.contains(&variable.as_str());
        let ours = if english { title_case(written) } else { written.to_string() };
        match by_text.iter_mut().find(|(w, _)| w == written) {
            Some((_, vs)) => vs.push((variable.as_str(), ours)),
            None => by_text.push((written.to_string(), vec![(variable.as_str(), ours)])),
        }
    }
    for (written, mut variables) in by_text {
        variables.sort_by_key(|(v, _)| match *v {
            "title" => 0,
            "original-title" | "reviewed-title" => 2,
            _ => 1,
        });
        // hayagriva's title case of the value alone; within an entry it can differ inside
        // words (`D.c.` after what came before), never in which words begin upper case.
        let theirs = Case::Title(TitleCase::default()).transform(&written);
        // The field's closing full stop may be a leaf of its own (CSL punctuation rules).
        let stem = |s: &str| s.strip_suffix('.').unwrap_or(s).chars().collect::<Vec<char>>();
        let (written, theirs) = (stem(&written), stem(&theirs));
        let ours: Vec<Vec<char>> = variables.iter().map(|(_, o)| stem(o)).collect();
        if written.len() != theirs.len() || ours.iter().any(|o| o.len() != written.len()) {
            continue;
        }
        let mut seen = 0usize;
        for leaf in leaves.iter_mut() {
            let mut pick = || {
                let o = &ours[seen.min(ours.len() - 1)];
                seen += 1;
                o.clone()
            };
            if let Some(new) = recased(leaf, &written, &theirs, &mut pick) {
                **leaf = new;
            }
        }
    }
}

/// `leaf` with each run that reads as `written` but for case, and that hayagriva
/// title-cased (it is not `written` itself and its words begin in upper or lower case as
/// in `theirs`: hayagriva's casing depends on what was rendered before it, so the rest
/// of a word may differ, `XIX`/`Xix`), replaced by what `ours` gives for it (called once
/// per run, in order); `None` when there is none.
fn recased(leaf: &str, written: &[char], theirs: &[char], ours: &mut dyn FnMut() -> Vec<char>) -> Option<String> {
    let text: Vec<char> = leaf.chars().collect();
    let n = written.len();
    if n == 0 || text.len() < n {
        return None;
    }
    let same_but_case = |a: &[char]| a.iter().zip(written).all(|(x, y)| x == y || x.to_lowercase().eq(y.to_lowercase()));
    let mut out = String::with_capacity(leaf.len());
    let (mut i, mut changed) = (0, false);
    while i < text.len() {
        let run = text.get(i..i + n);
        // a whole field's text, not the start or end of a longer word (`Working paper`
        // inside `Working Papers in Port History`)
        let bounded = |j: usize| text.get(j).is_none_or(|c| !c.is_alphanumeric());
        if let Some(run) = run
            && (i == 0 || bounded(i - 1))
            && bounded(i + n)
            && same_but_case(run)
            && run != written
            && title_cased_like(&initials(run), &initials(theirs))
            // an upper-cased rendering (`text-case="uppercase"`) is not a title case
            && run.iter().any(|c| c.is_lowercase())
        {
            out.extend(ours());
            i += n;
            changed = true;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// Whether a run's word initials are hayagriva's title case of the value: the same, but
/// for the last word, which hayagriva capitalizes in an entry (`… History And.`) and not
/// alone (`… History and`).
fn title_cased_like(run: &[bool], theirs: &[bool]) -> bool {
    run.len() == theirs.len() && run.iter().zip(theirs).enumerate().all(|(k, (a, b))| a == b || (k + 1 == run.len() && *a && !*b))
}

/// Whether each word's first letter is upper case (words are cut at white space;
/// `D.C.` is one word, whose `C` hayagriva may lower depending on what came before).
fn initials(text: &[char]) -> Vec<bool> {
    let mut out = Vec::new();
    let mut at_start = true;
    for &c in text {
        if c.is_whitespace() {
            at_start = true;
        } else if at_start && c.is_alphabetic() {
            out.push(c.is_uppercase());
            at_start = false;
        }
    }
    out
}

/// CSL 1.0.2, "Quotes": quotation marks inside a quoted rendering become the locale's
/// inner quotes, as citeproc-js writes them (`“The ‘Emigrant Question’ in Havana.”`; the
/// title as written has straight double quotes). hayagriva prints the outer marks and
/// leaves the field's own straight quotes alone.
pub(super) fn nest_quotes(children: &mut ElemChildren) {
    let mut depth = 0usize;
    let mut previous: Option<char> = None;
    for leaf in leaves(children) {
        if !leaf.contains(['"', '“', '”']) {
            previous = leaf.chars().next_back().or(previous);
            continue;
        }
        let mut out = String::with_capacity(leaf.len());
        for c in leaf.chars() {
            let written = match c {
                '“' => {
                    depth += 1;
                    c
                }
                '”' => {
                    depth = depth.saturating_sub(1);
                    c
                }
                '"' if depth > 0 => {
                    if previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '“' | '‘')) {
                        '‘'
                    } else {
                        '’'
                    }
                }
                _ => c,
            };
            out.push(written);
            previous = Some(c);
        }
        *leaf = out;
    }
}

/// The parts of every person named in the item (any name variable): family and given
/// names as written.
fn people(item: &Item) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in item.0.values() {
        let Value::Names(names) = value else { continue };
        for name in names {
            if let hayagriva::citationberg::json::NameValue::Item(n) = name {
                out.push((n.family.clone(), n.given.clone().unwrap_or_default()));
            }
        }
    }
    out
}

/// Whether a name is written in a script citeproc-js does not invert or space: every
/// letter Hangul, Han or Kana. (Arabic, Hebrew, Thai… names are inverted and spaced like
/// Latin ones: `ابن خلدون, عبد الرحمن`.)
pub(super) fn is_unspaced_script(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && letters.all(|c| {
            matches!(c,
                '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' // Hangul
                | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' // Kana
                | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}' // Han
            )
        })
}

/// Names as citeproc-js writes them where hayagriva 0.10 differs, on the name elements
/// of the tree:
/// - an initial of a hyphenated given name whose second part begins in lower case is the
///   first letter alone (`Soo-ah` → `S.`, hayagriva `S.-ah`; CSL 1.0.2 "initialize-with",
///   citeproc-js keeps `S.-Y.` for `Soo-Yeon`);
/// - a name in Hangul, Han or Kana is family name then given name with nothing between
///   (`이은지`), never inverted with a comma or spaced (hayagriva `이, 은지`, `은지 이`);
/// - a family name in such a script with a Latin given name is family name, a space,
///   given name, in every position (`김 B.`, `Ashby, R., & 박 M.`; hayagriva `김, B.`).
pub(super) fn fix_names(children: &mut ElemChildren, item: &Item) {
    let mut swaps: Vec<(String, String)> = Vec::new();
    // Family names in an unspaced script with a given name that is not: each such
    // name is written family first, with a space (found in the rendered name, whatever
    // form the given name took).
    let family_first: Vec<String> = people(item)
        .into_iter()
        .filter(|(family, given)| !given.trim().is_empty() && is_unspaced_script(family) && !is_unspaced_script(given))
        .map(|(family, _)| family)
        .collect();
    for (family, given) in people(item) {
        if let Some((first, rest)) = given.split_once('-')
            && rest.chars().next().is_some_and(char::is_lowercase)
            && let Some(initial) = first.chars().next()
        {
            swaps.push((format!("{initial}.-{rest}"), format!("{initial}.")));
        }
        if !family.is_empty() && !given.is_empty() && is_unspaced_script(&family) && is_unspaced_script(&given) {
            let whole = format!("{family}{given}");
            swaps.push((format!("{family}, {given}"), whole.clone()));
            swaps.push((format!("{given} {family}"), whole));
        }
    }
    if swaps.is_empty() && family_first.is_empty() {
        return;
    }
    for leaf in leaves_of(children, &is_name) {
        replace_pairs(leaf, &swaps);
        for family in &family_first {
            if let Some(given) = leaf.strip_prefix(family.as_str()).and_then(|r| r.strip_prefix(", ")) {
                *leaf = format!("{family} {given}");
            } else if let Some(given) = leaf.strip_suffix(family.as_str()).and_then(|r| r.strip_suffix(' ')) {
                *leaf = format!("{family} {given}");
            }
        }
    }
}

/// Removes the mark that kept a non-numeric number variable text for hayagriva
/// (`input::TEXT_MARK`) from every leaf.
fn strip_text_mark(children: &mut ElemChildren) {
    for leaf in leaves(children) {
        if leaf.contains(super::input::TEXT_MARK) {
            *leaf = leaf.replace(super::input::TEXT_MARK, "");
        }
    }
}

/// Whether the `index`th name of `variable` in the item is an institution (a CSL-JSON
/// `literal` name).
fn is_literal(item: &Item, variable: hayagriva::citationberg::taxonomy::NameVariable, index: usize) -> bool {
    matches!(
        item.0.get(&variable.to_string()),
        Some(Value::Names(names)) if matches!(names.get(index), Some(hayagriva::citationberg::json::NameValue::Literal(_)))
    )
}

/// citeproc-js writes two names whose second is an institution without the delimiter
/// before "and" (`Jansen, Marieke and Harbour Workers' Union`, APA `Jansen, M. & …`),
/// whatever `delimiter-precedes-last` says; with three names, or an institution first,
/// the delimiter stays (`Bureau of Stats, and Sora Kim`), as it does between two names
/// shown before "et al." (`Müller, Zoë, Harbour Workers' Union, et al.`). hayagriva
/// writes it always.
fn institution_last(children: &mut ElemChildren, item: &Item) {
    let names: Vec<(usize, hayagriva::citationberg::taxonomy::NameVariable, usize)> = children
        .0
        .iter()
        .enumerate()
        .filter_map(|(at, c)| match c {
            ElemChild::Elem(n) => match n.meta {
                Some(hayagriva::ElemMeta::Name(variable, index)) => Some((at, variable, index)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // Two names in all: two shown before "et al." have no "and" between them.
    let in_all = |variable: hayagriva::citationberg::taxonomy::NameVariable| match item.0.get(&variable.to_string()) {
        Some(Value::Names(names)) => names.len(),
        _ => 0,
    };
    if let [(first, _, _), (second, variable, index)] = names[..]
        && is_literal(item, variable, index)
        && in_all(variable) == 2
    {
        for between in children.0[first + 1..second].iter_mut() {
            if let ElemChild::Text(t) = between {
                if let Some(rest) = t.text.strip_prefix(',') {
                    t.text = rest.to_string();
                }
                break;
            }
        }
    }
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(e) = child
            && !matches!(e.meta, Some(hayagriva::ElemMeta::Name(..)))
        {
            institution_last(&mut e.children, item);
        }
    }
}

/// The first name of a citation written `cited_as` where it reads `family` alone
/// (`Jung` → `H. Jung`; `names::primary_given_names`). A name already expanded (given
/// names added by hayagriva among citations that read alike) is left as it is.
pub(super) fn expand_first_name(children: &mut ElemChildren, family: &str, cited_as: &str) {
    fn first_name(children: &mut ElemChildren) -> Option<&mut hayagriva::Elem> {
        for child in children.0.iter_mut() {
            if let ElemChild::Elem(e) = child {
                if matches!(e.meta, Some(hayagriva::ElemMeta::Name(_, 0))) {
                    return Some(e);
                }
                if let Some(found) = first_name(&mut e.children) {
                    return Some(found);
                }
            }
        }
        None
    }
    let Some(name) = first_name(children) else { return };
    for leaf in leaves(&mut name.children) {
        if leaf.trim() == family {
            *leaf = leaf.replace(family, cited_as);
            return;
        }
    }
}
