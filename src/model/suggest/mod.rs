//! Suggested conflict sets: figures across a project's sources that count the
//! same kind of thing in the same context (shared places, names, years) but
//! disagree — the sets an editor has not made yet.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod eval;

use super::conflicts::{Verdict, spread};
use super::figures::{Figure, FigureKind, measures_in};
use super::ids::{AnnotationId, SourceId};
use super::project::Project;
use super::search::fold;

/// Chars of reading text each side of a figure that count as its context.
const WINDOW: usize = 220;
/// Nouns that all count people.
const PEOPLE_NOUNS: [&str; 22] = [
    "people",
    "persons",
    "men",
    "women",
    "children",
    "migrants",
    "immigrants",
    "emigrants",
    "workers",
    "laborers",
    "labourers",
    "koreans",
    "mexicans",
    "cubans",
    "descendants",
    "families",
    "nationals",
    "members",
    "deportees",
    "passengers",
    "arrivals",
    "refugees",
];
/// Capitalised words that are not names.
const COMMON_CAPITALS: [&str; 24] = [
    "the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "however", "after", "before", "during", "by", "from", "for",
    "of", "and", "as", "it", "its", "their", "source",
];

/// A figure found in a source, with what the suggester knows about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: SourceId,
    /// The figure annotation on it, if the editor made one.
    pub annotation: Option<AnnotationId>,
    pub figure: Figure,
    /// 1-based line in the stored text.
    pub line: usize,
    /// The moment it counts, guessed from nearby words (`boarded`, `arrived`, …).
    pub role: Option<&'static str>,
    terms: BTreeSet<String>,
    class: Option<String>,
}

/// A suggested set.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// Stable across runs (for "dismiss").
    pub key: String,
    pub subject: String,
    pub reason: String,
    /// What the suggester reads in the figures (`conflict`, `explained` or
    /// `compatible`): a hint for the editor, never the set's verdict, which starts
    /// `unresolved` when the suggestion is accepted.
    pub finding: Verdict,
    pub members: Vec<Candidate>,
    pub score: f64,
}

fn unit_class(f: &Figure) -> Option<String> {
    let unit = f.unit.as_deref()?;
    if f.kind != FigureKind::Count {
        return Some(unit.to_string());
    }
    if PEOPLE_NOUNS.contains(&unit) || unit.ends_with("ans") || unit.ends_with("ese") {
        return Some("people".into());
    }
    let singular = if let Some(stem) = unit.strip_suffix("ies") { format!("{stem}y") } else { unit.trim_end_matches('s').to_string() };
    Some(singular)
}

/// Units whose figures are not worth pairing: durations, and percentages (many
/// different shares stand in the same context; they need an explicit set).
fn pairable(c: &Candidate) -> bool {
    let skip = ["%", "year", "month", "day", "hour", "week", "time"];
    !c.class.as_deref().is_some_and(|u| skip.contains(&u))
}

/// Salient terms of a context: capitalised names (not sentence-initial), years.
fn context_terms(text: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    let mut sentence_start = true;
    for raw in text.split(|c: char| c.is_whitespace() || c == '/' || c == '(' || c == ')') {
        let word: String = raw.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let ends_sentence = raw.ends_with('.') || raw.ends_with('!') || raw.ends_with('?');
        if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(year) = word.parse::<u32>()
                && (1500..=2100).contains(&year)
            {
                terms.insert(word.clone());
            }
        } else if word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3 && !sentence_start {
            let folded = fold(&word);
            if !COMMON_CAPITALS.contains(&folded.as_str()) {
                terms.insert(folded.trim_end_matches('s').to_string());
            }
        }
        if !raw.is_empty() {
            sentence_start = ends_sentence;
        }
    }
    terms
}

fn role_of(context: &str) -> Option<&'static str> {
    let c = fold(context);
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if has(&["plate", "plaque", "memorial", "monument", "inscription"]) {
        Some("memorial")
    } else if has(&["arriv", "landed", "reached", "disembark", "upon landing"]) {
        Some("arrival")
    } else if has(&["board", "embark", "departed", "set sail", "sailed", "left the port", "shipped"]) {
        Some("departure")
    } else {
        None
    }
}

/// Every candidate figure of a project (counts of things, money, percentages).
pub fn candidates(project: &Project) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (&source, doc) in &project.texts {
        let reading: Vec<char> = doc.reading.as_str().chars().collect();
        let figures = measures_in(doc);
        // Lines crowded with numbers are table rows: their cells are not claims.
        let mut per_line: HashMap<usize, usize> = HashMap::new();
        for f in &figures {
            *per_line.entry(doc.stored.line_of(f.range.start)).or_insert(0) += 1;
        }
        for figure in figures {
            if figure.kind == FigureKind::Count && figure.value.or(figure.low).is_some_and(|v| v.abs() < 10.0) {
                continue;
            }
            let line = doc.stored.line_of(figure.range.start);
            if figure.unit.is_none() && per_line.get(&line).is_some_and(|&n| n >= 3) {
                continue;
            }
            let r = doc.reading.range_to_reading(figure.range);
            let before: String = reading[r.start.0.saturating_sub(WINDOW)..r.start.0].iter().collect();
            let after: String = reading[r.end.0..(r.end.0 + WINDOW).min(reading.len())].iter().collect();
            let near: String = reading[r.start.0.saturating_sub(90)..(r.end.0 + 90).min(reading.len())].iter().collect();
            let annotation = project
                .annotations
                .values()
                .find(|a| a.source == source && a.anchor.range.overlaps(&figure.range) && a.kind == super::Kind::Figure)
                .map(|a| a.id);
            out.push(Candidate {
                source,
                annotation,
                line,
                role: role_of(&near),
                terms: context_terms(&format!("{before} {after}")),
                class: unit_class(&figure),
                figure,
            });
        }
    }
    out
}

fn bounds(f: &Figure) -> (f64, f64) {
    (f.low.or(f.value).unwrap_or(f64::NEG_INFINITY), f.high.or(f.value).unwrap_or(f64::INFINITY))
}

fn disagree(a: &Figure, b: &Figure) -> bool {
    let (a0, a1) = bounds(a);
    let (b0, b1) = bounds(b);
    a1 < b0 || b1 < a0
}

/// Whether two candidates speak of the same thing, judged on the terms that are
/// rare enough in this project to identify a subject (`salient`).
fn related(a: &Candidate, b: &Candidate, salient: &BTreeSet<String>) -> Option<usize> {
    if !pairable(a) || !pairable(b) {
        return None;
    }
    if a.figure.kind != b.figure.kind {
        return None;
    }
    if a.source == b.source && a.figure.range.overlaps(&b.figure.range) {
        return None;
    }
    let (Some(va), Some(vb)) = (a.figure.value.or(a.figure.low), b.figure.value.or(b.figure.low)) else { return None };
    let ratio = va.abs().max(vb.abs()) / va.abs().min(vb.abs()).max(1e-9);
    if ratio > 1.5 {
        return None;
    }
    let shared: Vec<&String> = a.terms.intersection(&b.terms).filter(|t| salient.contains(*t)).collect();
    let years = shared.iter().filter(|t| t.chars().all(|c| c.is_ascii_digit())).count();
    let names = shared.len() - years;
    let same_class = a.class.is_some() && a.class == b.class;
    let one_unknown = a.class.is_none() != b.class.is_none() && a.figure.kind == FigureKind::Count && b.figure.kind == FigureKind::Count;
    let strong = years >= 1 && names >= 2 || names >= 4;
    // Two figures without a counted noun are too often table cells to pair.
    let ok = (same_class && (years >= 1 && names >= 1 || names >= 3)) || (one_unknown && strong);
    ok.then_some(shared.len())
}

/// Suggested conflict sets, best first. Dismissed ones and sets the editor already
/// made are left out.
pub fn suggestions(project: &Project) -> Vec<Suggestion> {
    let all = candidates(project);
    let n = all.len();
    // Terms in most contexts (the corpus's main countries) identify nothing.
    let mut df: HashMap<&String, usize> = HashMap::new();
    for c in &all {
        for t in &c.terms {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let limit = (n / 8).max(3);
    let salient: BTreeSet<String> = df.into_iter().filter(|(_, k)| *k <= limit).map(|(t, _)| t.clone()).collect();
    // Union-find over related pairs.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut strength: HashMap<(usize, usize), usize> = HashMap::new();
    for i in 0..n {
        for j in i + 1..n {
            if let Some(shared) = related(&all[i], &all[j], &salient) {
                strength.insert((i, j), shared);
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    // Figures the editor already grouped: in a set, or linked to another figure.
    let mut covered: BTreeSet<AnnotationId> = project.sets.values().flat_map(|s| s.members.iter().map(|m| m.annotation)).collect();
    for l in project.links.values() {
        let figure = |id| project.annotations.get(id).is_some_and(|a: &super::Annotation| a.kind == super::Kind::Figure);
        if figure(&l.from) && figure(&l.to) {
            covered.insert(l.from);
            covered.insert(l.to);
        }
    }
    let mut out = Vec::new();
    for members in groups.into_values().filter(|g| g.len() >= 2) {
        let figures: Vec<&Candidate> = members.iter().map(|&i| &all[i]).collect();
        let disagreeing: Vec<(usize, usize)> = members
            .iter()
            .flat_map(|&i| members.iter().map(move |&j| (i, j)))
            .filter(|(i, j)| i < j && disagree(&all[*i].figure, &all[*j].figure))
            .collect();
        if disagreeing.is_empty() {
            continue;
        }
        // Nothing new when the figures outside the editor's sets and links only
        // repeat values those already hold.
        let covered_values: Vec<f64> =
            figures.iter().filter(|c| c.annotation.is_some_and(|a| covered.contains(&a))).filter_map(|c| c.figure.value).collect();
        let adds_nothing = figures
            .iter()
            .filter(|c| !c.annotation.is_some_and(|a| covered.contains(&a)))
            .all(|c| c.figure.value.is_some_and(|v| covered_values.contains(&v)));
        if adds_nothing {
            continue;
        }
        let key = figures.iter().map(|c| format!("{}:{}", c.source, c.figure.range.start.0)).collect::<Vec<_>>().join(",");
        if project.dismissed.contains(&key) {
            continue;
        }
        // Boarding and arrival counts differ for a reason (deaths, desertions on the
        // voyage); a plaque or a second count of the same moment does not.
        let explains = |i: usize, j: usize| {
            matches!((all[i].role, all[j].role), (Some("departure"), Some("arrival")) | (Some("arrival"), Some("departure")))
        };
        let explained_pairs = disagreeing.iter().filter(|(i, j)| explains(*i, *j)).count();
        let explained = explained_pairs == disagreeing.len();
        let verdict = if explained { Verdict::Explained } else { Verdict::Conflict };
        // Subject: the terms most members share.
        let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
        for c in &figures {
            for t in c.terms.iter().filter(|t| salient.contains(*t)) {
                *counts.entry(t).or_insert(0) += 1;
            }
        }
        let mut common: Vec<(&String, usize)> = counts.into_iter().filter(|(_, k)| *k >= 2).collect();
        common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let class = figures.iter().find_map(|c| c.class.clone()).unwrap_or_else(|| "figures".into());
        let subject = format!("{class}: {}", common.iter().take(4).map(|(t, _)| capitalise(t)).collect::<Vec<_>>().join(", "));
        let values: Vec<f64> = figures.iter().filter_map(|c| c.figure.value).collect();
        let sources: BTreeSet<SourceId> = figures.iter().map(|c| c.source).collect();
        let closeness = spread(&values).map_or(0.0, |(_, pct)| {
            if pct < 10.0 {
                2.0
            } else if pct < 30.0 {
                1.0
            } else {
                0.0
            }
        });
        let shared: usize =
            strength.iter().filter(|((i, j), _)| members.contains(i) && members.contains(j)).map(|(_, s)| *s).max().unwrap_or(0);
        let size_penalty = if figures.len() > 10 { 3.0 } else { 0.0 };
        let score = 2.0 * sources.len() as f64 + shared as f64 + closeness + figures.len().min(6) as f64 * 0.5 - size_penalty;
        let roles: BTreeSet<&str> = figures.iter().filter_map(|c| c.role).collect();
        let reason = format!(
            "{} figures of {class} in {} source(s) share context ({}) but disagree{}",
            figures.len(),
            sources.len(),
            common.iter().take(4).map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "),
            match explained_pairs {
                0 => String::new(),
                k if explained => format!("; all {k} differences are departure vs arrival counts (explained)"),
                k => format!(
                    "; {k} of {} differences are departure vs arrival counts (explained), the rest are not (roles seen: {})",
                    disagreeing.len(),
                    roles.into_iter().collect::<Vec<_>>().join(", ")
                ),
            }
        );
        out.push(Suggestion { key, subject, reason, finding: verdict, members: figures.into_iter().cloned().collect(), score });
    }
    out.extend(sum_checks(project, &all));
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
    out
}

fn capitalise(t: &str) -> String {
    let mut c = t.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// A stated total near a composition that its parts do not add up to.
fn sum_checks(project: &Project, all: &[Candidate]) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for c in all.iter().filter(|c| c.figure.parts.is_some()) {
        let Some(sum) = c.figure.value else { continue };
        let near = all.iter().filter(|o| {
            o.source == c.source
                && o.figure.parts.is_none()
                && o.class == c.class
                && o.figure.range.start.0.abs_diff(c.figure.range.start.0) < 400
                && o.figure.value.is_some_and(|v| v != sum && (v - sum).abs() / sum.abs().max(1.0) < 0.5)
        });
        for total in near {
            let key = format!("sum:{}:{}", c.source, c.figure.range.start.0);
            if project.dismissed.contains(&key) {
                continue;
            }
            out.push(Suggestion {
                key,
                subject: format!("Parts vs total: {}", c.figure.text),
                reason: format!("the parts add up to {sum}, but the text nearby states {}", total.figure.text),
                finding: Verdict::Conflict,
                members: vec![c.clone(), total.clone()],
                score: 10.0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, ops};

    fn project(docs: &[&str]) -> Project {
        let mut p = Project::new("t");
        for (i, d) in docs.iter().enumerate() {
            ops::add_source(&p, Source::untitled(SourceId(i as u32 + 1), "d.txt"), (*d).to_string()).apply(&mut p);
        }
        p
    }

    #[test]
    fn figures_about_the_same_event_that_disagree_are_suggested() {
        let p = project(&[
            "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.",
            "Records in Mérida show that 1,014 Korean migrants arrived in Yucatán from Chemulpo in May 1905.",
            "Unrelated: in 1990 some 5,000 tourists visited Paris and Lyon.",
        ]);
        let s = suggestions(&p);
        assert_eq!(s.len(), 1, "{s:#?}");
        let values: Vec<f64> = s[0].members.iter().filter_map(|c| c.figure.value).collect();
        assert_eq!(values, vec![1033.0, 1014.0]);
        assert_eq!(s[0].finding, Verdict::Explained, "departure vs arrival");
        assert!(s[0].subject.starts_with("people"), "{}", s[0].subject);
    }

    #[test]
    fn agreeing_figures_and_dismissed_suggestions_are_not_shown() {
        let docs = [
            "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.",
            "Records in Mérida show that 1,033 Korean migrants came to Yucatán from Chemulpo in 1905.",
        ];
        assert!(suggestions(&project(&docs)).is_empty());
        let mut p = project(&[docs[0], "The plate in Mérida counts 1,019 Korean migrants from Chemulpo, 1905, Mexico."]);
        let s = suggestions(&p);
        assert_eq!(s.len(), 1);
        ops::dismiss_suggestion(&s[0].key).apply(&mut p);
        assert!(suggestions(&p).is_empty());
    }

    #[test]
    fn a_composition_that_misses_its_stated_total_is_flagged() {
        let p = project(&["The list gives 700 men, 135 women and 196 children, a total of 1,033 people."]);
        let s = suggestions(&p);
        assert!(s.iter().any(|s| s.key.starts_with("sum:")), "{s:#?}");
    }

    #[test]
    fn folding_and_terms() {
        assert_eq!(fold("Mérida Yucatán"), "merida yucatan");
        let t = context_terms("The ship reached Progreso in May 1905. The Koreans went to Mérida.");
        assert!(t.contains("progreso") && t.contains("1905") && t.contains("merida") && t.contains("korean"), "{t:?}");
        assert!(!t.contains("the"));
    }
}
