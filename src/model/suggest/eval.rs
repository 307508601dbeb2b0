//! Measuring the suggester against a gold set made by reading: which suggested
//! sets are real (precision), which real sets were suggested (recall), and whether
//! the suggester's finding (conflict or not) agrees with the reader's verdict.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Candidate, Suggestion};
use crate::model::conflicts::Verdict;
use crate::model::ids::SourceId;
use crate::model::project::Project;

/// One figure of a gold set: the source (a prefix of its file name, `000`), the
/// 1-based line the figure starts on, and its value as the figure parser reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldMember {
    pub source: String,
    pub line: usize,
    pub value: f64,
}

/// Figures a reader found to speak of the same quantity, with the reader's verdict
/// (`compatible`, `explained` or `conflict`) and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldSet {
    pub id: String,
    pub subject: String,
    pub verdict: Verdict,
    pub reason: String,
    pub members: Vec<GoldMember>,
}

/// Parses a gold file (RON: a list of [`GoldSet`]); errors carry `line:col`.
pub fn parse_gold(text: &str) -> Result<Vec<GoldSet>, String> {
    ron::Options::default().from_str::<Vec<GoldSet>>(text).map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))
}

/// How one gold set fared.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldOutcome {
    pub id: String,
    /// The most members of this set any one suggestion holds.
    pub best: usize,
    pub size: usize,
    /// Key of that suggestion, if it holds two or more.
    pub suggestion: Option<String>,
    /// Whether that suggestion's finding agrees with the gold verdict (conflict vs not).
    pub verdict_agrees: Option<bool>,
}

/// Precision, recall and verdict agreement of a project's suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub suggested: usize,
    /// Suggestions holding two or more members of one gold set.
    pub matched: usize,
    pub gold: usize,
    /// Gold sets two or more of whose members some suggestion holds together.
    pub found: usize,
    /// Found sets whose suggestion's finding agrees with the gold verdict.
    pub verdict_agreed: usize,
    pub outcomes: Vec<GoldOutcome>,
    /// Keys of suggestions that match no gold set (false positives).
    pub unmatched: Vec<String>,
}

impl Evaluation {
    /// Matched / suggested, in percent (100 when nothing was suggested).
    pub fn precision(&self) -> f64 {
        if self.suggested == 0 { 100.0 } else { 100.0 * self.matched as f64 / self.suggested as f64 }
    }

    /// Found / gold, in percent.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 100.0 } else { 100.0 * self.found as f64 / self.gold as f64 }
    }

    /// Verdict agreement among the found sets, in percent.
    pub fn agreement(&self) -> f64 {
        if self.found == 0 { 100.0 } else { 100.0 * self.verdict_agreed as f64 / self.found as f64 }
    }
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Whether a suggested figure is this gold member.
fn is_member(c: &Candidate, m: &GoldMember, source: Option<SourceId>) -> bool {
    source == Some(c.source)
        && c.line == m.line
        && [c.figure.value, c.figure.low, c.figure.high]
            .into_iter()
            .flatten()
            .any(|v| same_value(v, m.value) || same_value(v / c.scale, m.value))
}

/// The gold members (indices) a suggestion holds.
fn held(s: &Suggestion, g: &GoldSet, sources: &[Option<SourceId>]) -> BTreeSet<usize> {
    g.members.iter().enumerate().filter(|(k, m)| s.members.iter().any(|c| is_member(c, m, sources[*k]))).map(|(k, _)| k).collect()
}

/// The project source whose file name starts with `prefix`.
pub fn source_by_prefix(project: &Project, prefix: &str) -> Option<SourceId> {
    project.sources.values().find(|s| s.file.as_deref().is_some_and(|f| f.starts_with(prefix))).map(|s| s.id)
}

/// Scores `suggestions` against `gold`. Gold members whose source is not in the
/// project can never be found (they count against recall).
pub fn evaluate(project: &Project, suggestions: &[Suggestion], gold: &[GoldSet]) -> Evaluation {
    let sources: Vec<Vec<Option<SourceId>>> =
        gold.iter().map(|g| g.members.iter().map(|m| source_by_prefix(project, &m.source)).collect()).collect();
    let mut matched_keys = BTreeSet::new();
    let mut outcomes = Vec::new();
    let mut found = 0;
    let mut verdict_agreed = 0;
    for (g, src) in gold.iter().zip(&sources) {
        let mut best: Option<(usize, &Suggestion)> = None;
        for s in suggestions {
            let n = held(s, g, src).len();
            if n >= 2 {
                matched_keys.insert(s.key.clone());
            }
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, s));
            }
        }
        let hit = best.filter(|(n, _)| *n >= 2);
        let verdict_agrees = hit.map(|(_, s)| (s.finding == Verdict::Conflict) == (g.verdict == Verdict::Conflict));
        if hit.is_some() {
            found += 1;
        }
        if verdict_agrees == Some(true) {
            verdict_agreed += 1;
        }
        outcomes.push(GoldOutcome {
            id: g.id.clone(),
            best: best.map_or(0, |(n, _)| n),
            size: g.members.len(),
            suggestion: hit.map(|(_, s)| s.key.clone()),
            verdict_agrees,
        });
    }
    let unmatched = suggestions.iter().filter(|s| !matched_keys.contains(&s.key)).map(|s| s.key.clone()).collect();
    Evaluation { suggested: suggestions.len(), matched: matched_keys.len(), gold: gold.len(), found, verdict_agreed, outcomes, unmatched }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::project_with_files as project;

    #[test]
    fn gold_files_parse_and_name_the_place_of_an_error() {
        let gold =
            parse_gold(r#"[(id: "a", subject: "s", verdict: explained, reason: "r", members: [(source: "000", line: 1, value: 1033.0)])]"#)
                .unwrap();
        assert_eq!(gold[0].verdict, Verdict::Explained);
        let err = parse_gold("[(id: \"a\",\n oops: 1)]").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
    }

    #[test]
    fn precision_recall_and_agreement_count_what_they_say() {
        let p = project(&[
            ("000_a.txt", "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board."),
            ("001_b.txt", "Records in Mérida show that 1,014 Korean migrants arrived in Yucatán from Chemulpo in May 1905."),
        ]);
        let suggestions = super::super::suggestions(&p);
        assert_eq!(suggestions.len(), 1, "{suggestions:#?}");
        let member = |source: &str, value: f64| GoldMember { source: source.into(), line: 1, value };
        let gold = vec![
            GoldSet {
                id: "1905".into(),
                subject: "s".into(),
                verdict: Verdict::Explained,
                reason: String::new(),
                members: vec![member("000", 1033.0), member("001", 1014.0)],
            },
            GoldSet {
                id: "missed".into(),
                subject: "s".into(),
                verdict: Verdict::Conflict,
                reason: String::new(),
                members: vec![member("000", 1905.0), member("001", 1905.0)],
            },
        ];
        let e = evaluate(&p, &suggestions, &gold);
        assert_eq!((e.suggested, e.matched, e.gold, e.found, e.verdict_agreed), (1, 1, 2, 1, 1));
        assert_eq!((e.precision(), e.recall(), e.agreement()), (100.0, 50.0, 100.0));
        assert_eq!(e.outcomes[1].best, 0);
        // A gold verdict of conflict disagrees with an explained finding.
        let mut flipped = gold.clone();
        flipped[0].verdict = Verdict::Conflict;
        assert_eq!(evaluate(&p, &suggestions, &flipped).verdict_agreed, 0);
    }
}
