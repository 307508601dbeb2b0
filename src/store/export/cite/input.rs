//! CSL-JSON items as hayagriva 0.10 can take them, meaning unchanged.

use hayagriva::citationberg::json::Item;
use serde_json::Value;

/// The items as hayagriva takes them ([`for_processor`]); `mirrors`: (variable, mirror)
/// pairs whose conditions the style tests on the mirror (`styles::mirrors`), so each
/// item's mirror is a copy of its variable, or absent.
pub(super) fn csl_items(items: &[Value], mirrors: &[(&str, &str)]) -> Result<Vec<Item>, String> {
    items
        .iter()
        .map(|v| {
            let mut v = for_processor(v);
            if let Some(obj) = v.as_object_mut() {
                for (variable, mirror) in mirrors {
                    match obj.get(*variable).cloned() {
                        Some(value) => obj.insert((*mirror).into(), value),
                        None => obj.remove(*mirror),
                    };
                }
            }
            serde_json::from_value::<Item>(v).map_err(|e| format!("CSL item: {e}"))
        })
        .collect()
}

/// Whether CSL's title case applies to the item's own text (citeproc-js: the item's
/// `language` is unset or English, `en`, `en-GB`…).
pub(super) fn is_english(item: &Value) -> bool {
    item.get("language").and_then(Value::as_str).map(str::trim).is_none_or(|l| l.is_empty() || l.to_ascii_lowercase().starts_with("en"))
}

/// CSL number variables hayagriva reads as numbers when it can.
const NUMBER_VARIABLES: [&str; 12] = [
    "chapter-number",
    "collection-number",
    "edition",
    "issue",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "part-number",
    "printing-number",
    "supplement-number",
    "version",
    "volume",
];

/// Appended to a number variable that CSL does not call numeric but hayagriva 0.10 would
/// read as a number: its number parser stops at the private-use mark and fails on the
/// digit after it, so the value stays text. Removed from the rendered tree
/// (`tree::strip_text_mark`).
pub(super) const TEXT_MARK: &str = " \u{E000}0";

/// CSL 1.0.2 "is-numeric": numbers, each with an optional letter prefix or suffix
/// (`D2`, `2b`, `L2d`), separated by commas, hyphens, en dashes or ampersands, with or
/// without spaces. `WP-2008-10` is not numeric (`WP` holds no number); hayagriva reads it as
/// the range `2008–10` with the prefix `WP-`, printing `nos. WP-2008–10` where citeproc-js
/// prints `WP-2008-10`.
pub(super) fn is_csl_numeric(value: &str) -> bool {
    let pieces: Vec<&str> = value.split([',', '&', '-', '\u{2013}']).map(str::trim).collect();
    !pieces.is_empty()
        && pieces.iter().all(|p| {
            let core = p.trim_start_matches(|c: char| c.is_alphabetic()).trim_end_matches(|c: char| c.is_alphabetic());
            !core.is_empty() && core.chars().all(|c| c.is_ascii_digit())
        })
}

/// CSL date variables, whose ranges hayagriva 0.10 cannot take.
const DATE_VARIABLES: [&str; 6] = ["issued", "accessed", "original-date", "event-date", "submitted", "available-date"];

/// CSL-JSON keys and the variable names hayagriva 0.10 reads them under.
const ALIASES: [(&str, &str); 6] = [
    ("archive-place", "archive_place"),
    ("part", "part-number"),
    ("printing", "printing-number"),
    ("supplement", "supplement-number"),
    ("journalAbbreviation", "container-title-short"),
    ("shortTitle", "title-short"),
];

/// The item as hayagriva 0.10 can format it, meaning unchanged:
/// a date range keeps its start only (hayagriva panics on `"date-parts": [[1979], [1984]]`,
/// see `docs/upstream.md`); `language` is left out because hayagriva then drops *every*
/// title and sentence case in the entry, the style's terms too (APA's `(eds.)`), where
/// CSL and citeproc-js only leave the item's own variables as written — that part is done
/// on the element tree (`tree::recase_titles`, told by [`is_english`]).
fn for_processor(item: &Value) -> Value {
    let mut v = item.clone();
    let Some(obj) = v.as_object_mut() else { return v };
    // CSL-JSON names that hayagriva 0.10 looks up under another name (its variable
    // names as CSL 1.0.2 spells them in styles, or CSL-JSON's old aliases).
    for (json_name, hayagriva_name) in ALIASES {
        if let Some(value) = obj.get(json_name).cloned() {
            obj.entry(hayagriva_name).or_insert(value);
        }
    }
    obj.remove("language");
    for value in obj.values_mut() {
        // A CSL value is one line: a line break is a space, other control characters go
        // (a title with `\n` broke the one-entry-a-line reference list).
        if let Value::String(text) = value
            && text.contains(char::is_control)
        {
            *text = text
                .chars()
                .filter_map(|c| if matches!(c, '\n' | '\r' | '\t') { Some(' ') } else { (!c.is_control()).then_some(c) })
                .collect();
        }
        match value {
            Value::String(text) if text.contains('<') => *text = without_markup(text),
            Value::Array(names) => names.iter_mut().filter_map(Value::as_object_mut).for_each(particles_of_family),
            _ => {}
        }
    }
    for key in NUMBER_VARIABLES {
        if let Some(Value::String(text)) = obj.get_mut(key)
            && !is_csl_numeric(text)
            && text.parse::<hayagriva::types::Numeric>().is_ok()
        {
            text.push_str(TEXT_MARK);
        }
    }
    for (k, key) in DATE_VARIABLES.iter().enumerate() {
        if let Some(parts) = obj.get_mut(*key).and_then(|d| d.get_mut("date-parts")).and_then(Value::as_array_mut) {
            parts.truncate(1);
        }
        // A date that is only words (`{"literal": "forthcoming"}`, `Spring 1905`): hayagriva
        // cannot read it (the whole item failed) and would not print it; citeproc-js prints
        // the words as the date. It gets a year no record has, written over by the words
        // on the tree (`tree::literal_dates`).
        let literal = obj
            .get(*key)
            .filter(|d| d.get("date-parts").is_none() && d.get("raw").is_none())
            .and_then(|d| d.get("literal"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(literal) = literal {
            obj.insert((*key).into(), serde_json::json!({"date-parts": [[literal_year(k)]]}));
            obj.insert(literal_key(key), Value::String(literal));
        }
    }
    // A value hayagriva cannot read would fail the whole list: it is left out of the
    // processor's copy (the record itself keeps it).
    obj.retain(|_, value| serde_json::from_value::<hayagriva::citationberg::json::Value>(value.clone()).is_ok());
    v
}

/// CSL-JSON's rich-text markup (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span …>` as Zotero
/// writes it in titles) taken out of a value: citeproc-js formats it, hayagriva 0.10
/// printed the tags as text (`<i>Pacific</i> and Port`). The words stay; their italics
/// are not kept.
fn without_markup(text: &str) -> String {
    const TAGS: [&str; 10] = ["<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "<sub>", "</sub>", "<sc>", "</sc>"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let tag_len =
            TAGS.iter().find(|t| tail.starts_with(**t)).map(|t| t.len()).or_else(|| {
                (tail.starts_with("<span") || tail.starts_with("</span>")).then(|| tail.find('>').map_or(tail.len(), |e| e + 1))
            });
        match tag_len {
            Some(n) => rest = &tail[n..],
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A family name that begins with lower-case particles (`van Dijk`, `de la Cruz`, typed in
/// the family field as users often do) split as citeproc-js splits it: the particles
/// become the non-dropping particle, so APA prints `van Dijk, T.` where hayagriva printed
/// `Dijk, T. van`.
fn particles_of_family(name: &mut serde_json::Map<String, Value>) {
    // A name with a given name only (`Hildegard`) is that name, as citeproc-js prints it
    // (hayagriva printed `, Hildegard`).
    let family_empty = name.get("family").and_then(Value::as_str).is_none_or(|f| f.trim().is_empty());
    if family_empty
        && !name.contains_key("literal")
        && let Some(Value::String(given)) = name.remove("given")
    {
        name.remove("family");
        name.insert("literal".into(), Value::String(given));
        return;
    }
    split_particles(name);
    // What is left of a family name is the family name: hayagriva would still take a
    // capitalised first word it knows as a particle (`Ibn Khaldun` → `Khaldun, Hyun Ibn`
    // in Chicago; citeproc-js `Ibn Khaldun, Hyun`, as for `Van Dijk`, `De La Cruz`). It
    // looks for particles before an ASCII space only, so the spaces become no-break
    // spaces, made plain again on the tree (`tree::plain_name_spaces`).
    if let Some(Value::String(family)) = name.get_mut("family")
        && family.contains(' ')
    {
        *family = family.replace(' ', "\u{a0}");
    }
}

fn split_particles(name: &mut serde_json::Map<String, Value>) {
    if name.contains_key("non-dropping-particle") {
        return;
    }
    let Some(family) = name.get("family").and_then(Value::as_str) else { return };
    let words: Vec<&str> = family.split(' ').collect();
    let particles =
        words.iter().take_while(|w| w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(char::is_alphabetic)).count();
    if particles == 0 {
        return;
    }
    if particles == words.len() {
        return;
    }
    let (ndp, rest) = (words[..particles].join(" "), words[particles..].join(" "));
    name.insert("non-dropping-particle".into(), Value::String(ndp));
    name.insert("family".into(), Value::String(rest));
}

/// The stand-in year of the date variable at `index` of [`DATE_VARIABLES`] whose value is
/// only words.
fn literal_year(index: usize) -> i64 {
    7771 + index as i64
}

/// Where the words of a date variable that is only words are kept in the processor's
/// copy of an item (a key no CSL variable has).
pub(super) fn literal_key(variable: &str) -> String {
    format!("{LITERAL_PREFIX}{variable}")
}

/// Prefix of [`literal_key`]s.
pub(super) const LITERAL_PREFIX: &str = "\u{0}literal:";

/// The date variables of `item` that are only words, with their stand-in years as
/// rendered (`7771`) and the words.
pub(super) fn literal_dates(item: &Item) -> Vec<(String, String)> {
    DATE_VARIABLES
        .iter()
        .enumerate()
        .filter_map(|(k, key)| {
            let words = item.0.get(&literal_key(key))?.to_str()?.into_owned();
            Some((literal_year(k).to_string(), words))
        })
        .collect()
}
