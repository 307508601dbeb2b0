//! Date ranges (`"date-parts": [[1903, 7], [1903, 8]]`), which hayagriva 0.10 cannot take
//! (it panics; `input` gives it the start). As CSL 1.0.2 "Date Ranges" and citeproc-js
//! write them: the parts the two dates share are written once, the range delimiter (an
//! en dash) between the parts that differ — `July–Aug. 1903`, `2017–2022`,
//! `Dec. 2017–Jan. 2018`, `November 5–9, 2007`, `(1903, July–August)`.
//!
//! The entry is rendered once more with the end date in place of the start, by
//! hayagriva, and the two renderings of each date are joined here, on the element tree.

use hayagriva::citationberg::json::Item;
use hayagriva::{ElemChild, ElemChildren, ElemMeta};
use serde_json::Value;

use super::output::plain;

/// The item with each date range's end in place of the whole range, when it has one.
pub(super) fn end_item(item: &Value) -> Option<Value> {
    let mut v = item.clone();
    let obj = v.as_object_mut()?;
    let mut any = false;
    for (_, date) in obj.iter_mut() {
        let Some(parts) = date.get_mut("date-parts").and_then(Value::as_array_mut) else { continue };
        if parts.len() == 2 && parts[1].as_array().is_some_and(|end| !end.is_empty()) && parts[0] != parts[1] {
            let end = parts[1].clone();
            *parts = vec![end];
            any = true;
        }
    }
    any.then_some(v)
}

/// Each item's [`end_item`] as hayagriva takes it, by the items' index (`None`: no
/// range). Sorting and year suffixes use them too: `1966–1971` sorts after `1966` and
/// is not ambiguous with it.
pub(super) fn end_items(items: &[Value], mirrors: &[(&str, &str)]) -> Result<Vec<Option<Item>>, String> {
    items
        .iter()
        .map(|v| match end_item(v) {
            Some(end) => Ok(super::input::csl_items(std::slice::from_ref(&end), mirrors)?.pop()),
            None => Ok(None),
        })
        .collect()
}

/// The date elements of a tree, in reading order.
fn dates(children: &mut ElemChildren) -> Vec<&mut hayagriva::Elem> {
    let mut out = Vec::new();
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::Date) {
                out.push(e);
            } else {
                out.extend(dates(&mut e.children));
            }
        }
    }
    out
}

/// `start` and `end` (a date as rendered twice) written as one range: the words they
/// share at either side once, an en dash between the words that differ.
pub(super) fn join(start: &str, end: &str) -> String {
    let a: Vec<&str> = start.split(' ').collect();
    let b: Vec<&str> = end.split(' ').collect();
    if a == b {
        return start.to_string();
    }
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count().min(a.len() - head).min(b.len() - head);
    let mut from: Vec<&str> = a[..a.len() - tail].to_vec();
    // A comma that follows the start's last differing word belongs to what comes after
    // the range (`November 5–9, 2007`).
    if let Some(last) = from.last_mut() {
        *last = last.trim_end_matches(',');
    }
    format!("{}–{}", from.join(" "), b[head..].join(" "))
}

/// Writes into `entry` the ranges of the dates that read differently in `end_entry` (the
/// same entry rendered with each range's end).
pub(super) fn merge(entry: &mut ElemChildren, end_entry: &mut ElemChildren) {
    let mut ends = dates(end_entry);
    for (date, end) in dates(entry).into_iter().zip(ends.iter_mut()) {
        let (from, to) = (plain(&date.children), plain(&end.children));
        if from != to && !from.is_empty() && !to.is_empty() {
            date.children =
                ElemChildren(vec![ElemChild::Text(hayagriva::Formatted { text: join(&from, &to), formatting: Default::default() })]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::join;

    /// Expected: citeproc-js 2.4.63 in MLA, Chicago and APA for the same ranges.
    #[test]
    fn ranges_join_as_citeproc_js_writes_them() {
        assert_eq!(join("July 1903", "Aug. 1903"), "July–Aug. 1903");
        assert_eq!(join("2017", "2022"), "2017–2022");
        assert_eq!(join("Dec. 2017", "Jan. 2018"), "Dec. 2017–Jan. 2018");
        assert_eq!(join("November 5, 2007", "November 9, 2007"), "November 5–9, 2007");
        assert_eq!(join("1903, July", "1903, August"), "1903, July–August");
        assert_eq!(join("5 Nov. 2007", "9 Nov. 2007"), "5–9 Nov. 2007");
        assert_eq!(join("1990", "1990"), "1990");
    }
}
