//! Conflict sets: figures from any sources grouped under a subject, with the
//! editor's verdict. A set records what each source says; it never collapses them.

use serde::{Deserialize, Serialize};

use super::figures::{Figure, Qualifier};
use super::ids::AnnotationId;
use super::string_enum::string_enum;

/// The editor's judgement on a set of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The figures cannot all be right.
    Conflict,
    /// They differ, for a stated reason (boarding vs arrival).
    Explained,
    /// Their intervals overlap: they can all be right.
    Compatible,
    #[default]
    Unresolved,
}

string_enum!(Verdict, "verdict", ignore_case: false, {
    Conflict => "conflict",
    Explained => "explained",
    Compatible => "compatible",
    Unresolved => "unresolved",
});

/// The parsed value of a figure annotation; the user's correction wins and is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<f64>>,
    /// Set by the user rather than parsed; re-parsing never overwrites it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corrected: bool,
}

impl From<&Figure> for FigureValue {
    fn from(f: &Figure) -> Self {
        Self {
            value: f.value,
            low: f.low,
            high: f.high,
            qualifier: f.qualifier,
            unit: f.unit.clone(),
            parts: f.parts.clone(),
            corrected: false,
        }
    }
}

impl FigureValue {
    /// Whether every number it holds is finite (not NaN or infinite: `"inf"` and
    /// `"NaN"` parse as numbers, but no source states them).
    pub fn is_finite(&self) -> bool {
        [self.value, self.low, self.high].into_iter().flatten().chain(self.parts.iter().flatten().copied()).all(f64::is_finite)
    }

    /// An exact value set by hand.
    pub fn exact(value: f64, unit: Option<String>) -> Self {
        Self { value: Some(value), low: Some(value), high: Some(value), qualifier: Qualifier::Exact, unit, parts: None, corrected: true }
    }

    /// Lower and upper bounds (unbounded as infinities).
    pub fn bounds(&self) -> (f64, f64) {
        match (self.low, self.high, self.qualifier) {
            (None, None, Qualifier::Exact) => (self.value.unwrap_or(f64::NEG_INFINITY), self.value.unwrap_or(f64::INFINITY)),
            (low, high, _) => (low.unwrap_or(f64::NEG_INFINITY), high.unwrap_or(f64::INFINITY)),
        }
    }

    pub fn compatible_with(&self, other: &FigureValue) -> bool {
        let (a0, a1) = self.bounds();
        let (b0, b1) = other.bounds();
        a0 <= b1 && b0 <= a1
    }

    /// Whether the parts (if any) add up to the value.
    pub fn sum_checks(&self) -> Option<bool> {
        let parts = self.parts.as_ref()?;
        let sum: f64 = parts.iter().sum();
        Some(self.value.is_some_and(|v| (v - sum).abs() < 1e-9))
    }
}

/// One figure in a set and the role the editor gives it (`boarded`, `arrived`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub annotation: AnnotationId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
}

/// Figures about one subject, side by side, with a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictSet {
    pub id: super::ids::SetId,
    pub subject: String,
    #[serde(default)]
    pub verdict: Verdict,
    /// The editor's rationale (printed in exports).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Why the program suggested the set, for an accepted suggestion: machine reasoning,
    /// shown in the app as such and never printed as the editor's text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suggested_because: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred: Option<f64>,
    #[serde(default)]
    pub members: Vec<Member>,
}

impl FigureValue {
    /// The figure as a reader should see it, qualifier and interval kept: `over 1,000`,
    /// `about 1,000`, `1,000–1,100 migrants`, `1,033 migrants`.
    pub fn describe(&self) -> String {
        use super::figures::{Qualifier, fmt_number};
        let n = |v: Option<f64>| v.map(fmt_number);
        let text = match (self.qualifier, n(self.value), n(self.low), n(self.high)) {
            (Qualifier::Range, _, Some(lo), Some(hi)) => format!("{lo}–{hi}"),
            (Qualifier::Range, Some(v), _, _) | (Qualifier::Exact, Some(v), _, _) => v,
            (Qualifier::Approximate, Some(v), _, _) => format!("about {v}"),
            (Qualifier::MoreThan, v, lo, _) => format!("over {}", v.or(lo).unwrap_or_default()),
            (Qualifier::AtLeast, v, lo, _) => format!("at least {}", v.or(lo).unwrap_or_default()),
            (Qualifier::LessThan, v, _, hi) => format!("under {}", v.or(hi).unwrap_or_default()),
            (Qualifier::AtMost, v, _, hi) => format!("at most {}", v.or(hi).unwrap_or_default()),
            (_, None, Some(lo), Some(hi)) => format!("{lo}–{hi}"),
            (_, None, _, _) => String::new(),
        };
        let unit = self.unit.as_deref().unwrap_or("");
        if text.is_empty() || unit.is_empty() { text } else { format!("{text} {unit}") }
    }
}

impl ConflictSet {
    pub fn contains(&self, id: AnnotationId) -> bool {
        self.members.iter().any(|m| m.annotation == id)
    }
}

/// Spread of values: max − min, and that as a percentage of min.
pub fn spread(values: &[f64]) -> Option<(f64, f64)> {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (values.len() >= 2 && min.is_finite() && max.is_finite())
        .then(|| (max - min, if min != 0.0 { (max - min) / min.abs() * 100.0 } else { 0.0 }))
}

/// Figure annotations joined by links (and in no conflict set): what the editor
/// confirmed by linking, shown beside the sets by the app and by `conflicts`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedGroup {
    /// Two or more figure annotations, sorted.
    pub members: Vec<AnnotationId>,
    /// From the links: `contradicts` → conflict, else `explains` → explained, else
    /// compatible when every pair of values can both be true, else unresolved.
    pub verdict: Verdict,
}

/// The linked groups of a project: connected components of the link graph over
/// figure annotations that are not members of a conflict set, in id order.
pub fn linked_groups(p: &super::project::Project) -> Vec<LinkedGroup> {
    use std::collections::BTreeSet;

    use super::annotation::{Kind, Relation};
    let covered: BTreeSet<AnnotationId> = p.sets.values().flat_map(|s| s.members.iter().map(|m| m.annotation)).collect();
    let is_figure = |id: &AnnotationId| p.annotations.get(id).is_some_and(|a| a.kind == Kind::Figure) && !covered.contains(id);
    let mut seen = BTreeSet::new();
    let mut groups = Vec::new();
    for start in p.annotations.keys().filter(|id| is_figure(id)) {
        if seen.contains(start) || p.links_of(*start).next().is_none() {
            continue;
        }
        let (mut members, mut relations, mut i) = (vec![*start], BTreeSet::new(), 0);
        seen.insert(*start);
        while i < members.len() {
            for l in p.links_of(members[i]) {
                let other = if l.from == members[i] { l.to } else { l.from };
                if is_figure(&other) {
                    relations.insert(l.relation);
                    if seen.insert(other) {
                        members.push(other);
                    }
                }
            }
            i += 1;
        }
        if members.len() < 2 {
            continue;
        }
        members.sort();
        let values: Vec<FigureValue> = members.iter().filter_map(|id| p.annotations[id].figure.clone()).collect();
        let verdict = if relations.contains(&Relation::Contradicts) {
            Verdict::Conflict
        } else if relations.contains(&Relation::Explains) {
            Verdict::Explained
        } else if values.iter().all(|a| values.iter().all(|b| a.compatible_with(b))) {
            Verdict::Compatible
        } else {
            Verdict::Unresolved
        };
        groups.push(LinkedGroup { members, verdict });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_and_sums() {
        let over = FigureValue {
            value: Some(1000.0),
            low: Some(1000.0),
            high: None,
            qualifier: Qualifier::MoreThan,
            unit: None,
            parts: None,
            corrected: false,
        };
        let a = FigureValue::exact(1033.0, None);
        let b = FigureValue::exact(1014.0, None);
        assert!(over.compatible_with(&a) && over.compatible_with(&b));
        assert!(!a.compatible_with(&b));
        let composition = FigureValue { parts: Some(vec![702.0, 135.0, 196.0]), ..FigureValue::exact(1033.0, None) };
        assert_eq!(composition.sum_checks(), Some(true));
        assert_eq!(FigureValue { parts: Some(vec![700.0]), ..FigureValue::exact(1033.0, None) }.sum_checks(), Some(false));
        let (abs, pct) = spread(&[1033.0, 1014.0, 1019.0]).unwrap();
        assert_eq!(abs, 19.0);
        assert!((pct - 1.8737).abs() < 0.001);
        assert_eq!("explained".parse::<Verdict>(), Ok(Verdict::Explained));
    }
}
