//! Names added to citations to tell them apart, shown in the reference list too, as
//! citeproc-js does when a style's citations and bibliography abbreviate names alike.
//!
//! CSL 1.0.2, `disambiguate-add-names`: names hidden by et-al abbreviation are added one
//! by one to ambiguous citations. citeproc-js keeps the number of names per item in its
//! registry and uses it for the bibliography too when the bibliography's `et-al-min` and
//! `et-al-use-first` are the citation's (MLA: `Aubry, Élise, Benoît Chevallier, et al.`
//! where another Aubry, Élise, et al. is cited). hayagriva 0.10 only shows them in
//! citations (and its given-name disambiguation, which citeproc-js keeps out of the list,
//! is kept out here as before).

use std::collections::{BTreeMap, HashMap};

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::taxonomy::NameVariable;
use hayagriva::citationberg::{IndependentStyle, LayoutRenderingElement, Names, NamesChild};
use hayagriva::{ElemChild, ElemMeta};

use super::output::plain;
use super::render;

/// `et-al-min` and `et-al-use-first` of the citation, or of the bibliography, with what
/// they inherit from the style.
fn et_al(style: &IndependentStyle, bibliography: bool) -> (Option<u32>, Option<u32>) {
    let own = if bibliography { style.bibliography.as_ref().map(|b| &b.name_options) } else { Some(&style.citation.name_options) };
    let root = &style.settings.options;
    (own.and_then(|o| o.et_al_min).or(root.et_al_min), own.and_then(|o| o.et_al_use_first).or(root.et_al_use_first))
}

/// How many names a rendered citation shows in its first name list.
fn names_shown(children: &hayagriva::ElemChildren) -> usize {
    fn count(children: &hayagriva::ElemChildren) -> usize {
        children
            .0
            .iter()
            .map(|c| match c {
                ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Name(..))) => 1,
                ElemChild::Elem(e) => count(&e.children),
                _ => 0,
            })
            .sum()
    }
    children.find_names().map(|n| count(&n.children)).unwrap_or(0)
}

/// What an ambiguous citation is told apart by here: its names (or what stands for
/// them), with the citation's name options — in full when the style also adds given
/// names, as citeproc-js then adds names only where given names cannot tell the
/// citations apart (MLA keeps `Abbott, Grace, et al.` beside `Abbott, Hyun, et al.`,
/// but shows `Aubry, Élise, Benoît Chevallier, et al.`). The style's own citation is not
/// used: hayagriva 0.10 evaluates its `disambiguate="true"` branches for some citations
/// even with every disambiguation off (MLA's `(Aubry et al., Beta)` beside
/// `(Aubry et al.)`). `{FORM}` is the `cs:name` form; `{YEAR}` the year, for styles whose
/// citations show it (APA's `(Aubry et al., 1990)` and `(Aubry et al., 1991)` are not
/// ambiguous).
const KEY_LAYOUT: &str = r#"<group delimiter=" "><names variable="author"><name {FORM}/><substitute><names variable="editor"/><names variable="translator"/><text variable="title"/></substitute></names>{YEAR}</group>"#;

/// Whether the style's citations show a date (tried on `items`).
fn cites_dates(items: &[&Item], style: &IndependentStyle) -> Result<bool, String> {
    let mut s = style.clone();
    s.citation.disambiguate_add_givenname = false;
    s.citation.disambiguate_add_names = false;
    s.citation.disambiguate_add_year_suffix = false;
    super::citations_only(&mut s);
    let sample = &items[..items.len().min(50)];
    Ok(render(sample, &s)?.citations.iter().any(|c| c.citation.find_meta(&ElemMeta::Date).is_some()))
}

/// The key citation ([`KEY_LAYOUT`]) of each of `items`, with `names` names
/// before "et al." (the style's own number when `None`).
fn citations(items: &[&Item], style: &IndependentStyle, names: Option<u32>, layout: &str) -> Result<Vec<hayagriva::ElemChildren>, String> {
    super::suffix::key_citations(items, style, layout, |s| {
        if let Some(n) = names {
            *s = showing(s, n);
        }
    })
}

/// Entries (indices into `ordered`) whose list entry must show more names than the
/// style's `et-al-use-first`, grouped by that number. Empty when the style does not
/// add names or abbreviates the list differently from its citations.
///
/// As citeproc-js: items whose citations read the same get one more name each, all
/// together, until an item's citation reads like no other's in its set (it keeps that
/// number) or no item has names left; the items still alike keep the number of the last
/// step that told some of their set apart (or the style's). hayagriva 0.10's own
/// `disambiguate-add-names` leaves MLA's `(Aubry et al.)` ambiguous.
pub(super) fn added(ordered: &[&Item], style: &IndependentStyle) -> Result<BTreeMap<u32, Vec<usize>>, String> {
    let mut out: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    if !style.citation.disambiguate_add_names || et_al(style, false) != et_al(style, true) {
        return Ok(out);
    }
    let Some(use_first) = et_al(style, true).1 else { return Ok(out) };
    let year = if cites_dates(ordered, style)? { r#"<date variable="issued" form="numeric" date-parts="year"/>"# } else { "" };
    let form = super::suffix::name_attributes(style);
    let layout = KEY_LAYOUT.replace("{FORM}", form).replace("{YEAR}", year);
    let layout = layout.as_str();
    let base: Vec<String> = citations(ordered, style, None, layout)?.iter().map(plain).collect();
    let mut sets: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, text) in base.iter().enumerate() {
        sets.entry(text.as_str()).or_default().push(i);
    }
    let mut sets: Vec<Vec<usize>> = sets.into_values().filter(|s| s.len() > 1).collect();
    sets.sort();
    for set in sets {
        let items: Vec<&Item> = set.iter().map(|&i| ordered[i]).collect();
        let most = citations(&items, style, Some(u32::MAX / 2), layout)?.iter().map(names_shown).max().unwrap_or(0) as u32;
        let mut open: Vec<usize> = (0..set.len()).collect();
        let mut helped = use_first;
        for n in use_first + 1..=most {
            if open.is_empty() {
                break;
            }
            let texts: Vec<String> = citations(&items, style, Some(n), layout)?.iter().map(plain).collect();
            let before = open.len();
            open.retain(|&a| {
                let unique = (0..set.len()).all(|b| b == a || texts[b] != texts[a]);
                if unique {
                    out.entry(n).or_default().push(set[a]);
                }
                !unique
            });
            if open.len() < before {
                helped = n;
            }
        }
        // The rest keep the names of the last step that told some of the set apart.
        if helped > use_first && !open.is_empty() {
            out.entry(helped).or_default().extend(open.iter().map(|&a| set[a]));
        }
    }
    Ok(out)
}

/// `style` with its author names (and what substitutes for them) showing `names` names
/// before "et al." — in citations and the list; editors and translators after them keep
/// the style's number, as in citeproc-js.
pub(super) fn showing(style: &IndependentStyle, names: u32) -> IndependentStyle {
    fn set(n: &mut Names, names: u32) {
        n.et_al_use_first = Some(names);
        for child in n.children.iter_mut() {
            if let NamesChild::Substitute(s) = child {
                for e in s.children.iter_mut() {
                    if let LayoutRenderingElement::Names(inner) = e {
                        set(inner, names);
                    }
                }
            }
        }
    }
    let mut s = style.clone();
    super::styles::each_element(&mut s, &mut |e| {
        if let LayoutRenderingElement::Names(n) = e
            && n.variable.contains(&NameVariable::Author)
        {
            set(n, names);
        }
    });
    s
}
