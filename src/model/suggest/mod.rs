//! Suggested conflict sets: figures across a project's sources that count the
//! same kind of thing in the same context (shared places, names, years) but
//! disagree — the sets an editor has not made yet.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod eval;
pub mod features;
pub mod score;
pub mod tables;

use super::conflicts::Verdict;
use super::figures::{Figure, FigureKind, measures_in};
use super::ids::{AnnotationId, SourceId};
use super::project::Project;
use features::Features;

/// A figure found in a source, with what the suggester knows about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: SourceId,
    /// The figure annotation on it, if the editor made one.
    pub annotation: Option<AnnotationId>,
    pub figure: Figure,
    /// 1-based line in the stored text.
    pub line: usize,
    /// The moment it counts, guessed from nearby words (`departure`, `arrival`, `memorial`).
    pub role: Option<&'static str>,
    /// The counted noun as written before stemming (`migrants`), if any.
    pub noun: Option<String>,
    pub features: Features,
    /// The multiplier applied to a table cell's number from the table's head
    /// (`(Millions of dollars)`: 1e6); 1 for figures in prose.
    pub scale: f64,
}

/// A suggested set.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// Stable across runs (for "dismiss").
    pub key: String,
    /// The quantity, named from its members: counted noun, places, year, and the
    /// kinds of statement when they differ.
    pub subject: String,
    /// Why the members belong together, and why their difference is explained when it is.
    pub reason: String,
    /// What the suggester reads in the figures (`conflict`, `explained` or
    /// `compatible`): a hint for the editor, never the set's verdict, which starts
    /// `unresolved` when the suggestion is accepted.
    pub finding: Verdict,
    pub members: Vec<Candidate>,
    pub score: f64,
}

/// Every candidate figure of a project (counts of things, money, percentages).
pub fn candidates(project: &Project) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (&source, doc) in &project.texts {
        let reading: Vec<char> = doc.reading.as_str().chars().collect();
        let starts = features::sentence_starts(doc.reading.as_str());
        let spanish = features::looks_spanish(doc.reading.as_str());
        let figures = measures_in(doc);
        // Lines crowded with numbers are table rows: their cells are not claims.
        let mut per_line: HashMap<usize, usize> = HashMap::new();
        for f in &figures {
            *per_line.entry(doc.stored.line_of(f.range.start)).or_insert(0) += 1;
        }
        // Sentences listing many shares (a table cell of percentages) state no one share to reconcile.
        let mut shares: HashMap<(usize, usize), usize> = HashMap::new();
        for f in figures.iter().filter(|f| f.kind == FigureKind::Percent) {
            let r = doc.reading.range_to_reading(f.range);
            *shares.entry(features::sentence_of(&starts, reading.len(), r.start.0, r.end.0)).or_insert(0) += 1;
        }
        let stored = doc.stored.as_str();
        let lines: Vec<&str> = stored.split('\n').collect();
        let mut line_starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for l in &lines {
            line_starts.push(at);
            at += l.chars().count() + 1;
        }
        for mut figure in figures {
            let line = doc.stored.line_of(figure.range.start);
            let mut scale = 1.0;
            let mut cell = None;
            if figure.unit.is_none() && per_line.get(&line).is_some_and(|&n| n >= 3) || figure.unit.as_deref() == Some("%") {
                let row = lines.get(line - 1).copied().unwrap_or("");
                if tables::is_row(row) {
                    let column = figure.range.start.0.saturating_sub(line_starts.get(line - 1).copied().unwrap_or(0));
                    let index = row
                        .char_indices()
                        .filter(|(b, c)| !c.is_whitespace() && (*b == 0 || row[..*b].ends_with(char::is_whitespace)))
                        .filter(|(b, _)| {
                            row[*b..].split_whitespace().next().is_some_and(|t| {
                                t.trim_end_matches('%')
                                    .trim_start_matches(['-', '+'])
                                    .chars()
                                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                            })
                        })
                        .filter(|(b, _)| row[..*b].chars().count() < column)
                        .count();
                    cell = tables::cell(&lines, line - 1, index);
                }
                if figure.unit.is_none() && cell.is_none() && tables::is_row(row) {
                    continue;
                }
            }
            if let Some(c) = &cell {
                scale = c.scale;
                for v in [&mut figure.value, &mut figure.low, &mut figure.high].into_iter().flatten() {
                    *v *= scale;
                }
                if c.money {
                    figure.kind = FigureKind::Money;
                    figure.unit = Some("USD".into());
                } else if c.percent {
                    figure.kind = FigureKind::Percent;
                    figure.unit = Some("%".into());
                }
            }
            if figure.kind == FigureKind::Count && figure.value.or(figure.low).is_some_and(|v| v.abs() < 10.0) {
                continue;
            }
            let r = doc.reading.range_to_reading(figure.range);
            let range = (r.start.0, r.end.0);
            let sentence = features::sentence_of(&starts, reading.len(), range.0, range.1);
            if figure.kind == FigureKind::Percent && cell.is_none() && shares.get(&sentence).is_some_and(|&k| k >= 3) {
                continue;
            }
            let mut features = features::features(&reading, &figure, range, sentence, spanish);
            if let Some(c) = &cell {
                features::add_cell(&mut features, &c.words, c.year, spanish);
            }
            let annotation = project
                .annotations
                .values()
                .find(|a| a.source == source && a.anchor.range.overlaps(&figure.range) && a.kind == super::Kind::Figure)
                .map(|a| a.id);
            out.push(Candidate {
                source,
                annotation,
                line,
                role: features.role.map(features::Role::as_str),
                noun: noun_phrase(&reading, range.1, figure.unit.as_deref().filter(|_| figure.kind == FigureKind::Count)),
                features,
                figure,
                scale,
            });
        }
    }
    out
}

/// The counted noun with the words that qualify it (`Korean labor migrants`), read
/// from the text after the number up to the noun; the bare noun when it is farther.
fn noun_phrase(reading: &[char], end: usize, noun: Option<&str>) -> Option<String> {
    let noun = noun?;
    let after: String = reading[end.min(reading.len())..(end + 60).min(reading.len())].iter().collect();
    let words: Vec<&str> = after.split_whitespace().take(4).collect();
    let at = words.iter().position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).eq_ignore_ascii_case(noun));
    Some(match at {
        Some(k) => words[..=k].iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect::<Vec<_>>().join(" "),
        None => noun.to_string(),
    })
}

/// Rarity of each context word and name in the project: words found around most
/// figures (the corpus's main countries) identify nothing.
fn rarity(all: &[Candidate]) -> HashMap<String, f64> {
    let mut df: HashMap<&String, usize> = HashMap::new();
    for c in all {
        for t in c.features.terms.iter().chain(&c.features.names) {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let n = all.len().max(1) as f64;
    df.into_iter().map(|(t, k)| (t.clone(), (n / k as f64).ln().max(0.0))).collect()
}

/// Why two members differ, when the text says: boarding vs arrival, another year.
fn explanation(a: &Candidate, b: &Candidate) -> Option<String> {
    use features::Role::{Arrival, Departure};
    match (a.features.role, b.features.role) {
        (Some(Departure), Some(Arrival)) | (Some(Arrival), Some(Departure)) => {
            return Some("departure vs arrival counts (deaths and desertions on the way)".into());
        }
        _ => {}
    }
    match (a.features.year, b.features.year) {
        (Some(ya), Some(yb)) if ya != yb => Some(format!("different years ({} vs {})", ya.min(yb), ya.max(yb))),
        _ => None,
    }
}

/// Suggested conflict sets, best first. Dismissed ones and sets the editor already
/// made are left out.
pub fn suggestions(project: &Project) -> Vec<Suggestion> {
    let all = candidates(project);
    let n = all.len();
    let mut value_count: HashMap<String, usize> = HashMap::new();
    for c in &all {
        if let Some(k) = score::value_key(&c.figure) {
            *value_count.entry(k).or_insert(0) += 1;
        }
    }
    let ctx = score::Context { idf: rarity(&all), value_count };
    let mut scores: HashMap<(usize, usize), f64> = HashMap::new();
    let mut reasons: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    for i in 0..n {
        for j in i + 1..n {
            if let Some((s, why)) = score::pair(&all[i], &all[j], &ctx) {
                scores.insert((i, j), s);
                if s >= score::THRESHOLD {
                    reasons.insert((i, j), why);
                }
            }
        }
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
    for members in score::group(n, &scores).into_iter().filter(|g| g.len() >= 2) {
        let figures: Vec<&Candidate> = members.iter().map(|&i| &all[i]).collect();
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
        out.push(describe(&all, &members, &scores, &reasons, key));
    }
    out.extend(sum_checks(project, &all));
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
    out
}

/// Subject, reason, finding and rank of a group.
fn describe(
    all: &[Candidate],
    members: &[usize],
    scores: &HashMap<(usize, usize), f64>,
    reasons: &HashMap<(usize, usize), Vec<String>>,
    key: String,
) -> Suggestion {
    let figures: Vec<&Candidate> = members.iter().map(|&i| &all[i]).collect();
    let pairs: Vec<(usize, usize)> = members.iter().flat_map(|&i| members.iter().map(move |&j| (i, j))).filter(|(i, j)| i < j).collect();
    let disagreeing: Vec<(usize, usize)> =
        pairs.iter().copied().filter(|(i, j)| !score::compatible(&all[*i].figure, &all[*j].figure)).collect();
    let explained: Vec<(usize, usize, String)> =
        disagreeing.iter().filter_map(|&(i, j)| explanation(&all[i], &all[j]).map(|e| (i, j, e))).collect();
    let finding = if disagreeing.is_empty() {
        Verdict::Compatible
    } else if explained.len() == disagreeing.len() {
        Verdict::Explained
    } else {
        Verdict::Conflict
    };
    // Why together: the reasons of the strongest pair.
    let best = pairs
        .iter()
        .max_by(|a, b| scores.get(a).copied().unwrap_or(f64::MIN).total_cmp(&scores.get(b).copied().unwrap_or(f64::MIN)).then(b.cmp(a)));
    let together = best.and_then(|p| reasons.get(p)).map(|r| r.join("; ")).unwrap_or_default();
    let sources: BTreeSet<SourceId> = figures.iter().map(|c| c.source).collect();
    let mut why_explained: Vec<String> = explained.iter().map(|(_, _, e)| e.clone()).collect();
    why_explained.dedup();
    why_explained.sort();
    why_explained.dedup();
    let verdict_text = match finding {
        Verdict::Compatible => "they agree (their intervals overlap)".to_string(),
        Verdict::Explained => format!("they differ, explained: {}", why_explained.join("; ")),
        _ if explained.is_empty() => "they disagree, and the text gives no reason".to_string(),
        _ => format!(
            "{} of {} differences are explained ({}), the rest are not",
            explained.len(),
            disagreeing.len(),
            why_explained.join("; ")
        ),
    };
    let reason = format!("{} figures in {} source(s): {together}; {verdict_text}", figures.len(), sources.len());
    let cohesion: f64 = pairs.iter().filter_map(|p| scores.get(p)).sum::<f64>() / pairs.len().max(1) as f64;
    let conflict_bonus = match finding {
        Verdict::Conflict => 1.0,
        Verdict::Explained => 0.8,
        _ => 0.0,
    };
    let score = 2.0 * sources.len() as f64 + figures.len().min(8) as f64 * 0.5 + cohesion * 2.0 + conflict_bonus;
    Suggestion { key, subject: subject_of(&figures), reason, finding, members: figures.into_iter().cloned().collect(), score }
}

/// "Korean labor migrants — Chemulpo, Mexico, 1905 — departures vs arrivals".
fn subject_of(figures: &[&Candidate]) -> String {
    let noun = figures
        .iter()
        .filter_map(|c| c.noun.clone())
        .max_by_key(|n| (figures.iter().filter(|c| c.noun.as_deref() == Some(n.as_str())).count(), std::cmp::Reverse(n.clone())));
    let what = match (noun, figures.first().map(|c| c.figure.kind)) {
        (Some(n), _) => n,
        (None, Some(FigureKind::Money)) => {
            format!("amounts in {}", figures.first().and_then(|c| c.figure.unit.clone()).unwrap_or_else(|| "money".into()))
        }
        (None, Some(FigureKind::Percent)) => "shares".into(),
        _ => "figures".into(),
    };
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for c in figures {
        // Short capitals are codes (`USD`, `FTA`), not places.
        for t in c.features.names.iter().filter(|t| t.chars().count() > 3) {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    let mut common: Vec<(&String, usize)> = counts.into_iter().filter(|(_, k)| *k * 2 >= figures.len() && *k >= 2).collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for y in figures.iter().filter_map(|c| c.features.year) {
        *years.entry(y).or_insert(0) += 1;
    }
    let mut places: Vec<String> = common.iter().take(3).map(|(t, _)| capitalise(t)).collect();
    if let Some((&y, _)) = years.iter().max_by_key(|(y, k)| (**k, std::cmp::Reverse(**y))) {
        places.push(y.to_string());
    }
    let roles: BTreeSet<&str> = figures.iter().filter_map(|c| c.role).collect();
    let mut subject = capitalise(&what);
    if !places.is_empty() {
        subject.push_str(&format!(" — {}", places.join(", ")));
    }
    if roles.contains("departure") && roles.contains("arrival") {
        subject.push_str(" — departures vs arrivals");
    }
    subject
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
                && o.features.people == c.features.people
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
    use crate::model::ops;
    use crate::testing::project_of as project;

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
        assert!(s[0].subject.starts_with("Korean migrants"), "{}", s[0].subject);
    }

    #[test]
    fn agreeing_figures_are_compatible_and_dismissed_suggestions_are_not_shown() {
        let docs = [
            "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.",
            "Records in Mérida show that 1,033 Korean migrants came to Yucatán from Chemulpo in 1905.",
        ];
        let agreeing = suggestions(&project(&docs));
        assert_eq!(agreeing.len(), 1, "{agreeing:#?}");
        assert_eq!(agreeing[0].finding, Verdict::Compatible);
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
    fn a_suggestion_names_the_quantity_and_says_why() {
        let p = project(&[
            "In April 1905 the ship left Chemulpo for Mexico with 1,033 Korean migrants on board.",
            "Records in Mérida show that 1,014 Korean migrants arrived in Yucatán from Chemulpo in May 1905.",
        ]);
        let s = &suggestions(&p)[0];
        assert!(s.subject.starts_with("Korean migrants — ") && s.subject.contains("1905"), "{}", s.subject);
        assert!(s.subject.ends_with("departures vs arrivals"), "{}", s.subject);
        assert!(s.reason.contains("both count migrants") && s.reason.contains("departure vs arrival"), "{}", s.reason);
        assert_eq!(
            noun_phrase(&"1,033 Korean labor migrants boarded".chars().collect::<Vec<_>>(), 5, Some("migrants")).as_deref(),
            Some("Korean labor migrants")
        );
    }

    #[test]
    fn restatements_are_suggested_as_compatible_and_series_are_not_sets() {
        let p = project(&[
            "Mexico, with a population of 107 million people, ranks high.",
            "Mexico is a country of more than 100 million people and many regions.",
            "The community fell from 15,000 people in the early 2000s to 12,000 people in 2013.",
        ]);
        let s = suggestions(&p);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].finding, Verdict::Compatible);
        assert!(s[0].members.iter().all(|c| c.figure.value.is_some_and(|v| v >= 1e8)), "{s:#?}");
    }

    #[test]
    fn different_things_counted_are_not_one_quantity() {
        let p = project(&[
            "In 2004 the province had 1,200 hectares of henequen near Mérida.",
            "In 2004 the province had 1,200 workers on henequen estates near Mérida.",
        ]);
        assert!(suggestions(&p).is_empty());
    }
}
