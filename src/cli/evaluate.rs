//! `conflicts PROJECT --evaluate GOLD`: the suggester scored against a gold set.

use std::path::Path;

use serde_json::{Value, json};

use super::{CliError, Output, open, warnings_text};
use crate::model::suggest::{self, eval};

pub(super) fn cmd_evaluate(path: &Path, gold_path: &Path, as_json: bool) -> Result<Output, CliError> {
    let text = std::fs::read_to_string(gold_path).map_err(|e| CliError::error(format!("{}: {e}", gold_path.display())))?;
    let gold = eval::parse_gold(&text).map_err(|e| CliError::error(format!("{}:{e}", gold_path.display())))?;
    let loaded = open(path)?;
    let p = &loaded.project;
    let mut warnings = loaded.warnings.clone();
    let prefixes: std::collections::BTreeSet<&str> = gold.iter().flat_map(|g| g.members.iter().map(|m| m.source.as_str())).collect();
    for prefix in prefixes {
        if eval::source_by_prefix(p, prefix).is_none() {
            warnings.push(format!("{}: no source file starts with `{prefix}`; its figures cannot be found", gold_path.display()));
        }
    }
    let suggestions = suggest::suggestions(p);
    let e = eval::evaluate(p, &suggestions, &gold);
    let stdout = if as_json {
        let outcomes: Vec<Value> = e
            .outcomes
            .iter()
            .map(|o| json!({"id": o.id, "size": o.size, "best": o.best, "suggestion": o.suggestion, "verdict_agrees": o.verdict_agrees}))
            .collect();
        format!(
            "{}\n",
            json!({
                "suggested": e.suggested, "matched": e.matched, "gold": e.gold, "found": e.found,
                "verdict_agreed": e.verdict_agreed, "precision": e.precision(), "recall": e.recall(),
                "agreement": e.agreement(), "first": suggestions.first().map(|s| s.key.clone()),
                "sets": outcomes, "unmatched": e.unmatched,
            })
        )
    } else {
        let mut out = format!(
            "precision {:.1}% ({} of {} suggested sets match a gold set)\nrecall {:.1}% ({} of {} gold sets suggested together)\n\
             verdict agreement {:.1}% ({} of {} found sets: conflict vs not)\n",
            e.precision(),
            e.matched,
            e.suggested,
            e.recall(),
            e.found,
            e.gold,
            e.agreement(),
            e.verdict_agreed,
            e.found
        );
        for o in &e.outcomes {
            let state = match (&o.suggestion, o.verdict_agrees) {
                (Some(_), Some(true)) => "found",
                (Some(_), _) => "found, finding differs",
                (None, _) => "missed",
            };
            out.push_str(&format!("  {:<48} {}/{} {state}\n", o.id, o.best, o.size));
        }
        for key in &e.unmatched {
            out.push_str(&format!("  unmatched suggestion {key}\n"));
        }
        out
    };
    Ok(Output { stdout, stderr: warnings_text(&warnings), code: 0 })
}
