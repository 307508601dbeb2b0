//! Year suffixes (`1905a`, `1905b`), computed once for the reference list and its
//! citations. CSL 1.0.2 ("Disambiguation"): citations that stay the same once names
//! are disambiguated as far as the style allows get a suffix, in the reference list's
//! order. hayagriva 0.10 assigns them while disambiguating every citation at once and
//! stops after a few rounds, leaving many without (and carries the citations' name
//! state into the list), so the groups are found here, from citations hayagriva
//! renders, and each group's suffixes are assigned by hayagriva in a pass of its own.

use std::collections::HashMap;

use hayagriva::citationberg::IndependentStyle;
use hayagriva::citationberg::json::Item;

use super::output::plain;
use super::{render, sort};

/// A citation that shows what an author-date citation shows once its names are
/// disambiguated as far as they can be: every name as far as the style's given-name
/// rule shows it (`{NAME}`, [`name_attributes`]) or what stands for them, the original
/// year of a reprint or translation and `ca.` (APA's `(Navarro, 1901/1951)` and
/// `(Visser, ca. 2002)` are not `(Navarro, 1951)` and `(Visser, 2002)`), and the year.
const AMBIGUITY: &str = r#"<group delimiter=" "><names variable="author"><name {NAME}/><substitute><names variable="editor"/><names variable="translator"/><text variable="title"/></substitute></names><date variable="original-date" form="numeric" date-parts="year"/><choose><if is-uncertain-date="issued"><text value="ca."/></if></choose><date variable="issued" form="numeric" date-parts="year"/></group>"#;

/// The `cs:name` attributes that show names as far as the style's citations can expand
/// them: family names only without `disambiguate-add-givenname`; initials under a
/// `…-with-initials` rule (APA: `C. Quispe` for both Clara and Carmen Quispe, told apart
/// by a year suffix, as citeproc-js does); given names in full otherwise.
pub(super) fn name_attributes(style: &IndependentStyle) -> &'static str {
    use hayagriva::citationberg::DisambiguationRule::{AllNamesWithInitials, PrimaryNameWithInitials};
    if !style.citation.disambiguate_add_givenname {
        r#"form="short""#
    } else if matches!(style.citation.givenname_disambiguation_rule, AllNamesWithInitials | PrimaryNameWithInitials) {
        r#"initialize-with=". ""#
    } else {
        r#"initialize="false""#
    }
}

/// A citation that shows the year only: within one group every citation is the same,
/// so hayagriva can only tell them apart by year suffix, given in citation order. The
/// constant text keeps undated citations from being empty, which hayagriva does not
/// disambiguate (citeproc-js gives `n.d.-a`, `n.d.-b`).
const YEAR_ONLY: &str = r#"<group delimiter=" "><text value="·"/><date variable="issued" form="numeric" date-parts="year"/></group>"#;

/// The style with `layout` for citations, no citation sort, and only the year-suffix
/// disambiguation (`year_suffix`) or none.
pub(super) fn with_citation(style: &IndependentStyle, layout: &str, year_suffix: bool) -> Result<IndependentStyle, String> {
    let mut s = style.clone();
    s.citation.layout = sort::parsed_layout(layout)?;
    // the key's year-only dates must not show a season (hayagriva; `styles`)
    super::styles::year_only_dates(&mut s);
    s.citation.sort = None;
    s.citation.disambiguate_add_givenname = false;
    s.citation.disambiguate_add_names = false;
    s.citation.disambiguate_add_year_suffix = year_suffix;
    if let Some(b) = s.bibliography.as_mut() {
        b.sort = None;
    }
    Ok(s)
}

/// The citations of `items` with `layout` and no disambiguation, rendered alone (no
/// list): the keys that tell which citations read alike. `adjust` changes the style once
/// the layout is in it.
pub(super) fn key_citations(
    items: &[&Item],
    style: &IndependentStyle,
    layout: &str,
    adjust: impl FnOnce(&mut IndependentStyle),
) -> Result<Vec<hayagriva::ElemChildren>, String> {
    let mut s = with_citation(style, layout, false)?;
    adjust(&mut s);
    super::citations_only(&mut s);
    Ok(render(items, &s)?.citations.into_iter().map(|c| c.citation).collect())
}

/// Groups of `ordered` (indices, in list order) whose citations would be the same
/// but for a year suffix. Empty when the style gives no year suffixes. `ends`: each
/// item with its date ranges' ends ([`super::ranges::end_items`]), so that `1966–1971`
/// is not `1966`. `english`: whether title case applies to each item
/// ([`super::is_english`]; citeproc-js compares citations as printed, so
/// `Museo Del Puerto Digital` is not `Museo del Puerto Digital`).
pub(super) fn groups(
    ordered: &[&Item],
    ends: &[Option<&Item>],
    english: &[bool],
    style: &IndependentStyle,
) -> Result<Vec<Vec<usize>>, String> {
    if !style.citation.disambiguate_add_year_suffix {
        return Ok(Vec::new());
    }
    let layout = AMBIGUITY.replace("{NAME}", name_attributes(style));
    // Names the style may add tell citations apart before a suffix does (CSL:
    // `disambiguate-add-names` comes first), so the key shows all of them.
    let all_names = |s: &mut IndependentStyle| {
        if style.citation.disambiguate_add_names {
            *s = super::names::showing(s, u32::MAX / 2);
        }
    };
    let ranged: Vec<usize> = (0..ordered.len()).filter(|&i| ends.get(i).copied().flatten().is_some()).collect();
    let range_items: Vec<&Item> = ranged.iter().filter_map(|&i| ends[i]).collect();
    let mut end_texts: HashMap<usize, String> = HashMap::new();
    if !range_items.is_empty() {
        for (&i, c) in ranged.iter().zip(key_citations(&range_items, style, &layout, all_names)?.iter()) {
            end_texts.insert(i, plain(c));
        }
    }
    // An item without names is cited as the style cites it: the key's stand-ins for
    // names (editor, translator, title) are not every style's (Chicago cites an
    // authorless web page by its site: `Port History Online, n.d.-a`).
    let nameless: Vec<usize> = (0..ordered.len()).filter(|&i| !has_names(ordered[i])).collect();
    let mut own: HashMap<usize, String> = HashMap::new();
    if !nameless.is_empty() {
        let mut plain_style = style.clone();
        plain_style.citation.disambiguate_add_givenname = false;
        plain_style.citation.disambiguate_add_names = false;
        plain_style.citation.disambiguate_add_year_suffix = false;
        plain_style.citation.sort = None;
        super::citations_only(&mut plain_style);
        let items: Vec<&Item> = nameless.iter().map(|&i| ordered[i]).collect();
        for (&i, mut c) in nameless.iter().zip(super::render(&items, &plain_style)?.citations) {
            super::tree::correct(&mut c.citation, ordered[i], english.get(i).copied().unwrap_or(true));
            own.insert(i, plain(&c.citation));
        }
    }
    let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
    let mut firsts = Vec::new();
    for (i, c) in key_citations(ordered, style, &layout, all_names)?.iter().enumerate() {
        let mut text = own.remove(&i).map(|t| format!("\u{1}{t}")).unwrap_or_else(|| plain(c));
        if let Some(end) = end_texts.get(&i).filter(|e| **e != text) {
            text.push('\u{2013}');
            text.push_str(end);
        }
        let group = by_text.entry(text.clone()).or_default();
        if group.is_empty() {
            firsts.push(text);
        }
        group.push(i);
    }
    Ok(firsts.into_iter().filter_map(|t| by_text.remove(&t)).filter(|g| g.len() > 1).collect())
}

/// Whether the item has names a citation shows (any CSL name variable).
fn has_names(item: &Item) -> bool {
    item.0.values().any(|v| matches!(v, hayagriva::citationberg::json::Value::Names(n) if !n.is_empty()))
}

/// The style for one group's pass: citations that differ only by year suffix.
pub(super) fn group_style(style: &IndependentStyle) -> Result<IndependentStyle, String> {
    with_citation(style, YEAR_ONLY, true)
}

/// An item cited in each group's pass beside the group, never listed: hayagriva 0.10
/// gives year suffixes only in a pass where some citation shows a date, so a group of
/// undated items (citeproc-js: `n.d.-a`, `n.d.-b`) would get none. Its citation (`· 1`)
/// is like no group member's, so it takes no suffix itself.
pub(super) fn dated_anchor() -> Item {
    let value = serde_json::json!({"id": ANCHOR, "type": "document", "issued": {"date-parts": [[1]]}});
    serde_json::from_value(value).unwrap_or_else(|_| Item(Default::default()))
}

/// The anchor's key, which no imported record has (CSL-JSON ids come from the project).
pub(super) const ANCHOR: &str = "\u{0}year-suffix-anchor";

/// The year suffix of the entry at `place` in its group: `a`…`z`, then `aa`, `ab`…
/// (as citeproc-js).
pub(super) fn letters(place: usize) -> String {
    let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
    if place < 26 { letter(place).to_string() } else { format!("{}{}", letter(place / 26 - 1), letter(place)) }
}
