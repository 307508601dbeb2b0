//! Names added to citations to tell them apart, shown in the reference list too, as
//! citeproc-js does when a style's citations and bibliography abbreviate names alike.
//!
//! CSL 1.0.2, `disambiguate-add-names`: names hidden by et-al abbreviation are added to
//! ambiguous citations. citeproc-js keeps the number of names per item in its registry
//! and uses it for the bibliography too when the bibliography's `et-al-min` and
//! `et-al-use-first` are the citation's (MLA: `Aubry, Élise, Benoît Chevallier, et al.`
//! where another Aubry, Élise, et al. is cited). Which items get how many is decided by
//! citeproc-js's own procedure ([`disambig`]); hayagriva 0.10 only shows added names in
//! citations (and its given-name disambiguation, which citeproc-js keeps out of the
//! list, is kept out here as before).

use std::collections::{BTreeMap, HashMap};

use hayagriva::ElemMeta;
use hayagriva::citationberg::json::{DateValue, Item, NameValue, Value as JsonValue};
use hayagriva::citationberg::taxonomy::NameVariable;
use hayagriva::citationberg::{IndependentStyle, LayoutRenderingElement, Names, NamesChild};

use super::disambig;
use super::render;

/// `et-al-min` and `et-al-use-first` of the citation, or of the bibliography, with what
/// they inherit from the style.
fn et_al(style: &IndependentStyle, bibliography: bool) -> (Option<u32>, Option<u32>) {
    let own = if bibliography { style.bibliography.as_ref().map(|b| &b.name_options) } else { Some(&style.citation.name_options) };
    let root = &style.settings.options;
    (own.and_then(|o| o.et_al_min).or(root.et_al_min), own.and_then(|o| o.et_al_use_first).or(root.et_al_use_first))
}

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

/// The rules of `style` that decide which names are added ([`disambig::Rules`]), or
/// `None` when it adds none or its list abbreviates names unlike its citations.
fn rules(style: &IndependentStyle) -> Option<disambig::Rules> {
    use hayagriva::citationberg::DisambiguationRule::{AllNamesWithInitials, ByCite, PrimaryName, PrimaryNameWithInitials};
    let c = &style.citation;
    if !c.disambiguate_add_names || et_al(style, false) != et_al(style, true) {
        return None;
    }
    let (Some(min), Some(first)) = et_al(style, false) else { return None };
    let rule = c.givenname_disambiguation_rule;
    let initialize_with = c.name_options.initialize_with.as_ref().or(style.settings.options.initialize_with.as_ref());
    let mut probe = style.clone();
    let mut has_disambiguate = false;
    super::styles::each_element(&mut probe, &mut |e| {
        if let LayoutRenderingElement::Choose(ch) = e {
            has_disambiguate |= std::iter::once(&ch.if_).chain(ch.else_if.iter()).any(|b| b.disambiguate == Some(true));
        }
    });
    Some(disambig::Rules {
        et_al_min: min as usize,
        et_al_use_first: first as usize,
        add_names: true,
        add_givenname: c.disambiguate_add_givenname,
        by_cite: rule == ByCite,
        initials: initialize_with.is_some(),
        global_level: if matches!(rule, AllNamesWithInitials | PrimaryNameWithInitials) { 1 } else { 2 },
        primary_only: matches!(rule, PrimaryName | PrimaryNameWithInitials),
        year_suffix: c.disambiguate_add_year_suffix,
        has_disambiguate,
    })
}

fn text(item: &Item, key: &str) -> String {
    item.0.get(key).and_then(|v| v.to_str()).map(|s| s.into_owned()).unwrap_or_default()
}

/// The year a citation shows of `key` (`ca.` and literal dates kept apart).
fn year(item: &Item, key: &str) -> String {
    match item.0.get(key) {
        Some(JsonValue::Date(DateValue::DateParts { date_parts, literal, circa, .. })) => {
            let y = date_parts.0.first().and_then(|d| d.0.first()).map(|y| y.to_string());
            format!("{}{}{}", y.unwrap_or_default(), literal.as_deref().unwrap_or(""), if *circa { "ca." } else { "" })
        }
        Some(JsonValue::Date(DateValue::Raw { raw, literal, .. })) => format!("{}{}", raw.start.year, literal.as_deref().unwrap_or("")),
        Some(other) => other.to_str().map(|s| s.into_owned()).unwrap_or_default(),
        None => String::new(),
    }
}

/// A name as a citation can show it at each given-name level.
fn person(name: &NameValue, hyphen: bool) -> disambig::Person {
    match name {
        NameValue::Literal(l) => {
            disambig::Person { short: l.literal.clone(), initials: l.literal.clone(), full: l.literal.clone(), has_given: false }
        }
        NameValue::Item(n) => {
            let join =
                |parts: &[Option<&str>]| parts.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
            let short = join(&[n.non_dropping_particle.as_deref(), Some(&n.family)]);
            let given = n.given.as_deref().unwrap_or("").trim();
            let mut initials = String::new();
            for (i, word) in given.split(' ').filter(|w| !w.is_empty()).enumerate() {
                if i > 0 {
                    initials.push(' ');
                }
                // citeproc-js: `Seo-yeon` → `S.`, `Soo-Yeon` → `S.-Y.` (a part after a hyphen
                // counts only when it begins upper case).
                let parts: Vec<String> = word
                    .split('-')
                    .enumerate()
                    .filter_map(|(k, p)| p.chars().next().filter(|c| k == 0 || c.is_uppercase()))
                    .map(|c| format!("{c}."))
                    .collect();
                initials.push_str(&parts.join(if hyphen { "-" } else { "" }));
            }
            let full = join(&[Some(given), n.dropping_particle.as_deref(), Some(&short), n.suffix.as_deref()]);
            // The long form, initialized or not: given, particles, family, suffix.
            let initials = join(&[Some(&initials), n.dropping_particle.as_deref(), Some(&short), n.suffix.as_deref()]);
            disambig::Person { initials, short, full, has_given: !given.is_empty() }
        }
    }
}

/// Entries (indices into `ordered`) whose list entry must show more names than the
/// style's `et-al-use-first`, grouped by that number (all of an entry's names when it
/// has no more). Empty when the style does not add names or abbreviates the list
/// differently from its citations. `rank[i]` is entry `i`'s place among the items as
/// given (the tie-break citeproc-js takes from item ids).
///
/// Citations that read alike are worked through as citeproc-js does
/// ([`disambig`]); hayagriva 0.10's own `disambiguate-add-names` leaves MLA's
/// `(Aubry et al.)` ambiguous and never reaches the list.
pub(super) fn added(ordered: &[&Item], rank: &[usize], style: &IndependentStyle) -> Result<Added, String> {
    let mut out: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut given: HashMap<usize, (String, String)> = HashMap::new();
    let Some(rules) = rules(style) else { return Ok(Added { names: out, given }) };
    let dated = cites_dates(ordered, style)?;
    let hyphen = style.settings.initialize_with_hyphen;
    let cited: Vec<disambig::Cited> = ordered
        .iter()
        .zip(rank)
        .map(|(item, &rank)| {
            let names = ["author", "editor", "translator"]
                .iter()
                .find_map(|v| match item.0.get(*v) {
                    Some(JsonValue::Names(n)) if !n.is_empty() => Some(n.iter().map(|n| person(n, hyphen)).collect::<Vec<_>>()),
                    _ => None,
                })
                .unwrap_or_default();
            let mut rest = if dated { format!("{}/{}", year(item, "original-date"), year(item, "issued")) } else { String::new() };
            if names.is_empty() {
                rest.push_str(&text(item, "title"));
            }
            let short = text(item, "title-short");
            let extra = if short.is_empty() { text(item, "title") } else { short };
            disambig::Cited { names, rest, extra, rank }
        })
        .collect();
    let mut sets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in cited.iter().enumerate() {
        sets.entry(disambig::default_key(&rules, c)).or_default().push(i);
    }
    for mut set in sets.into_values().filter(|s| s.len() > 1) {
        // citeproc-js meets the set's items in the order they were given.
        set.sort_by_key(|&i| rank[i]);
        let members: Vec<&disambig::Cited> = set.iter().map(|&i| &cited[i]).collect();
        for (r, registered) in disambig::run(&rules, &members) {
            let Some(&i) = set.iter().find(|&&i| rank[i] == r) else { continue };
            let count = cited[i].names.len();
            if count >= rules.et_al_min && registered.names > rules.et_al_use_first {
                out.entry(registered.names.min(count) as u32).or_default().push(i);
            }
            if let Some(first) =
                cited[i].names.first().filter(|p| p.has_given && registered.first_given > 0 && !super::tree::is_unspaced_script(&p.short))
            {
                let shown = if registered.first_given == 1 { &first.initials } else { &first.full };
                given.insert(i, (first.short.replace('\u{a0}', " "), shown.replace('\u{a0}', " ")));
            }
        }
    }
    for members in out.values_mut() {
        members.sort_unstable();
    }
    Ok(Added { names: out, given })
}

/// What [`added`] found: entries (indices into the list's order) by the number of names
/// their list entry and citations show, and the first name their citations show with
/// given names or initials (family name as cited, name to cite).
#[derive(Debug, Clone, Default)]
pub(super) struct Added {
    pub names: BTreeMap<u32, Vec<usize>>,
    pub given: HashMap<usize, (String, String)>,
}

/// `style` with its author names (and what substitutes for them, an editor-led book's
/// editors too) showing `names` names before "et al." — in citations and the list;
/// editors and translators after them keep the style's number, as in citeproc-js.
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
    // The names that stand for the author: an author `cs:names`, or one with an author
    // among its substitutes (MLA's `composer` first, then author, editor, translator).
    fn stands_for_author(n: &Names) -> bool {
        n.variable.contains(&NameVariable::Author)
            || n.children.iter().any(|c| match c {
                NamesChild::Substitute(s) => {
                    s.children.iter().any(|e| matches!(e, LayoutRenderingElement::Names(inner) if stands_for_author(inner)))
                }
                _ => false,
            })
    }
    let mut s = style.clone();
    super::styles::each_element(&mut s, &mut |e| {
        if let LayoutRenderingElement::Names(n) = e
            && stands_for_author(n)
        {
            set(n, names);
        }
    });
    s
}

/// The first name of each item's citation as the style's document-wide given-name rule
/// shows it, by the items' index: `Some((family as cited, name to cite))` where it adds
/// initials or the given name. CSL 1.0.2 `givenname-disambiguation-rule` (all rules but
/// `by-cite`, which [`disambig`] follows), as citeproc-js applies it: among the first
/// names of all the items' citations, a family name shared by people with other initials
/// gets initials (APA 7 §8.20: `(H. Jung, 1976)` beside another Jung), and under a rule
/// without `-with-initials` the full given name where initials do not tell them apart
/// (`Camille Müller-Lange`) or the style does not initialize.
pub(super) fn primary_given_names(items: &[&Item], style: &IndependentStyle) -> Vec<Option<(String, String)>> {
    use hayagriva::citationberg::DisambiguationRule::{AllNamesWithInitials, ByCite, PrimaryNameWithInitials};
    let c = &style.citation;
    let rule = c.givenname_disambiguation_rule;
    // A name in Hangul or Han is cited whole whatever the rule (citeproc-js: `(김민준,
    // 2014)`; hayagriva `(김, 2014)`).
    let whole: Vec<Option<(String, String)>> = items
        .iter()
        .map(|item| {
            let first = ["author", "editor", "translator"].iter().find_map(|v| match item.0.get(*v) {
                Some(JsonValue::Names(n)) if !n.is_empty() => Some(n[0].clone()),
                _ => None,
            })?;
            let NameValue::Item(n) = first else { return None };
            let given = n.given.as_deref().unwrap_or("").trim().to_string();
            let family = n.family.trim().to_string();
            (!given.is_empty() && super::tree::is_unspaced_script(&family) && super::tree::is_unspaced_script(&given))
                .then(|| (family.clone(), format!("{family}{given}")))
        })
        .collect();
    if !c.disambiguate_add_givenname || rule == ByCite {
        return whole;
    }
    let with_initials = matches!(rule, AllNamesWithInitials | PrimaryNameWithInitials);
    let initialize = c.name_options.initialize_with.is_some() || style.settings.options.initialize_with.is_some();
    let hyphen = style.settings.initialize_with_hyphen;
    let firsts: Vec<Option<disambig::Person>> = items
        .iter()
        .map(|item| {
            ["author", "editor", "translator"].iter().find_map(|v| match item.0.get(*v) {
                Some(JsonValue::Names(n)) if !n.is_empty() => Some(person(&n[0], hyphen)),
                _ => None,
            })
        })
        .collect();
    // family → initials → given names, over every first name
    let mut registry: HashMap<&str, HashMap<&str, std::collections::HashSet<&str>>> = HashMap::new();
    for p in firsts.iter().flatten().filter(|p| p.has_given) {
        registry.entry(p.short.as_str()).or_default().entry(p.initials.as_str()).or_default().insert(p.full.as_str());
    }
    firsts
        .iter()
        .zip(whole)
        .map(|(p, whole)| {
            if whole.is_some() {
                return whole;
            }
            // a name in Hangul or Han is cited whole already (`김민준`)
            let p = p.as_ref().filter(|p| p.has_given && !super::tree::is_unspaced_script(&p.short))?;
            let by_initials = registry.get(p.short.as_str())?;
            let others_initials = by_initials.len() > 1;
            let same_initials = by_initials.get(p.initials.as_str()).is_some_and(|g| g.len() > 1);
            let level = if with_initials {
                u8::from(others_initials)
            } else if same_initials || (others_initials && !initialize) {
                2
            } else {
                u8::from(others_initials)
            };
            // as printed: the family name's no-break spaces are plain again there (`input`)
            let plain = |s: &str| s.replace('\u{a0}', " ");
            match level {
                0 => None,
                1 => Some((plain(&p.short), plain(&p.initials))),
                _ => Some((plain(&p.short), plain(&p.full))),
            }
        })
        .collect()
}
