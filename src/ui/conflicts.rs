//! The reconciliation view: conflict sets and suggestions, a ledger of each set's
//! figures with sum checks, and a number line showing every point or interval.

use egui::{Color32, Pos2, RichText, Stroke};

use super::state::{AppState, ContentKey, UiCommand};
use crate::model::conflicts::spread;
use crate::model::figures::Qualifier;
pub use crate::model::figures::fmt_number;
use crate::model::ops::{SetFigure, SetText};
use crate::model::suggest::{self, Suggestion};
use crate::model::{Annotation, FigureValue, Project, SetId, Verdict, ops};

/// Derived data of the view, recomputed when the project changes.
#[derive(Default)]
pub struct ConflictsView {
    computed_for: Option<ContentKey>,
    suggestions: Vec<Suggestion>,
    /// Figures linked by the editor, grouped (`model::conflicts::linked_groups`).
    linked: Vec<crate::model::conflicts::LinkedGroup>,
    sort_by_value: bool,
    /// The suggestion whose acceptance waits for the editor's yes (its key): accepting
    /// annotates figures, so the editor sees which first.
    confirming: Option<String>,
}

/// The spread of the figures that state a point (exact or approximate); bounds
/// such as `over 1,000` are open intervals and take no part in it.
pub fn point_spread(figures: &[&FigureValue]) -> Option<(f64, f64)> {
    let points: Vec<f64> =
        figures.iter().filter(|f| matches!(f.qualifier, Qualifier::Exact | Qualifier::Approximate)).filter_map(|f| f.value).collect();
    spread(&points)
}

fn interval_text(f: &FigureValue) -> String {
    match (f.low, f.high) {
        (Some(l), Some(h)) if l == h => fmt_number(l),
        (Some(l), Some(h)) => format!("{} – {}", fmt_number(l), fmt_number(h)),
        (Some(l), None) => format!("> {}", fmt_number(l)),
        (None, Some(h)) => format!("< {}", fmt_number(h)),
        (None, None) => "?".into(),
    }
}

/// "Kim 2021, ¶ 2": who says it, when, where.
fn citation(p: &Project, a: &Annotation) -> String {
    let Some(s) = p.sources.get(&a.source) else { return a.source.to_string() };
    let who = s.meta.authors.first().map(|p| p.short().to_string()).unwrap_or_else(|| s.display_title().chars().take(24).collect());
    let year = s.meta.year().map(|y| format!(" {y}")).unwrap_or_default();
    let locator = if a.locator.is_empty() { String::new() } else { format!(", {}", a.locator) };
    format!("{who}{year}{locator}")
}

fn figure_of(a: &Annotation) -> Option<FigureValue> {
    a.figure.clone().or_else(|| ops::parse_figure(&a.anchor.exact))
}

pub fn window(ctx: &egui::Context, state: &mut AppState, view: &mut ConflictsView, out: &mut Vec<UiCommand>) {
    if !state.windows.conflicts {
        return;
    }
    if view.computed_for != Some(state.content_key()) {
        view.suggestions = suggest::suggestions(&state.session.project);
        view.linked = crate::model::conflicts::linked_groups(&state.session.project);
        view.computed_for = Some(state.content_key());
    }
    let mut open = true;
    egui::Window::new("Figures and conflicts").open(&mut open).default_size([960.0, 600.0]).show(ctx, |ui| {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(300.0);
                set_list(ui, state, view, out);
            });
            ui.separator();
            ui.vertical(|ui| match state.view.selected_set.filter(|id| state.session.project.sets.contains_key(id)) {
                Some(id) => ledger(ui, state, view, id, out),
                None => {
                    ui.label(
                        "Pick a set on the left, accept a suggestion, or make one from a figure annotation (inspector: New conflict set).",
                    );
                }
            });
        });
    });
    if !open {
        state.windows.conflicts = false;
    }
}

fn set_list(ui: &mut egui::Ui, state: &AppState, view: &mut ConflictsView, out: &mut Vec<UiCommand>) {
    egui::ScrollArea::vertical().id_salt("set list").max_height(540.0).show(ui, |ui| {
        ui.strong("Conflict sets");
        for set in state.session.project.sets.values() {
            let text = format!("{} {} [{}]", set.id, set.subject, set.verdict);
            if ui.selectable_label(state.view.selected_set == Some(set.id), text).clicked() {
                out.push(UiCommand::SelectSet(Some(set.id)));
            }
        }
        if state.session.project.sets.is_empty() {
            ui.label(RichText::new("None yet.").weak());
        }
        // Figures the editor linked (not yet a set): the same groups `marginalia conflicts` lists.
        if !view.linked.is_empty() {
            ui.add_space(8.0);
            ui.strong(format!("Linked figures ({})", view.linked.len()));
            for g in &view.linked {
                let values: Vec<String> =
                    g.members.iter().filter_map(|id| state.session.project.annotations.get(id)).map(|a| a.anchor.exact.clone()).collect();
                let ids: Vec<String> = g.members.iter().map(ToString::to_string).collect();
                ui.label(format!("Linked {} [{}]: {}", ids.join(", "), g.verdict, values.join(" · ")));
            }
        }
        ui.add_space(8.0);
        ui.strong(format!("Suggestions ({})", view.suggestions.len()));
        let mut confirming = view.confirming.clone();
        for (i, s) in view.suggestions.iter().enumerate().take(30) {
            ui.group(|ui| {
                ui.label(RichText::new(&s.subject).strong());
                let values: Vec<String> = s.members.iter().map(|c| c.figure.text.clone()).collect();
                ui.label(values.join(" · "));
                ui.label(RichText::new(&s.reason).small().weak());
                ui.label(RichText::new(format!("Suggester's reading: {} (the set starts unresolved)", s.finding)).small());
                if confirming.as_deref() == Some(s.key.as_str()) {
                    confirm(ui, state, s, i, &mut confirming, out);
                    return;
                }
                ui.horizontal(|ui| {
                    if ui.button(format!("Accept suggestion {}", i + 1)).clicked() {
                        confirming = Some(s.key.clone());
                    }
                    if ui.button(format!("Dismiss suggestion {}", i + 1)).clicked() {
                        out.push(UiCommand::DismissSuggestion(s.key.clone()));
                    }
                });
            });
        }
        view.confirming = confirming;
    });
}

/// Lists the figures accepting will annotate and those already annotated, and asks.
fn confirm(ui: &mut egui::Ui, state: &AppState, s: &Suggestion, i: usize, confirming: &mut Option<String>, out: &mut Vec<UiCommand>) {
    let new: Vec<_> = s.members.iter().filter(|c| c.annotation.is_none()).collect();
    ui.label(RichText::new(format!("Accepting annotates {} figure(s):", new.len())).strong());
    for c in &new {
        let title = state.session.project.sources.get(&c.source).map(|s| s.display_title()).unwrap_or_else(|| c.source.to_string());
        ui.label(format!("• “{}” — {title}, line {}", c.figure.text, c.line));
    }
    let kept = s.members.len() - new.len();
    if kept > 0 {
        ui.label(format!("and groups {kept} figure annotation(s) you already made."));
    }
    ui.horizontal(|ui| {
        if ui.button(format!("Annotate and accept suggestion {}", i + 1)).clicked() {
            let figures = s
                .members
                .iter()
                .map(|c| match c.annotation {
                    Some(a) => SetFigure::Annotation(a),
                    None => SetFigure::Span(c.source, c.figure.range),
                })
                .collect();
            out.push(UiCommand::AcceptSuggestion {
                subject: s.subject.clone(),
                // Nobody has judged yet: the suggester's finding goes into the rationale only.
                verdict: Verdict::Unresolved,
                rationale: format!("Suggested: {}", s.reason),
                figures,
            });
            *confirming = None;
        }
        if ui.button("Cancel").clicked() {
            *confirming = None;
        }
    });
}

fn ledger(ui: &mut egui::Ui, state: &AppState, view: &mut ConflictsView, id: SetId, out: &mut Vec<UiCommand>) {
    let p = &state.session.project;
    let Some(set) = p.sets.get(&id) else { return };
    ui.horizontal(|ui| {
        let label = ui.label("Subject:");
        let mut subject = set.subject.clone();
        if ui.add(egui::TextEdit::singleline(&mut subject).desired_width(420.0)).labelled_by(label.id).changed() {
            out.push(UiCommand::SetSetText(id, SetText::Subject, subject));
        }
        if ui.button("Delete set").clicked() {
            out.push(UiCommand::DeleteSet(id));
        }
    });
    ui.horizontal(|ui| {
        ui.label("Verdict:");
        for v in Verdict::ALL {
            if ui.selectable_label(set.verdict == v, v.as_str()).clicked() && set.verdict != v {
                out.push(UiCommand::SetVerdict(id, v));
            }
        }
    });
    if !set.suggested_because.is_empty() {
        ui.weak(format!("Suggested by Marginalia because: {}", set.suggested_because));
    }
    let label = ui.label("Rationale:");
    let mut rationale = set.rationale.clone();
    if ui.add(egui::TextEdit::multiline(&mut rationale).desired_rows(2).desired_width(f32::INFINITY)).labelled_by(label.id).changed() {
        out.push(UiCommand::SetSetText(id, SetText::Rationale, rationale));
    }

    // The ledger: one row per figure.
    let mut rows: Vec<(&Annotation, Option<FigureValue>, String)> =
        set.members.iter().filter_map(|m| p.annotations.get(&m.annotation).map(|a| (a, figure_of(a), m.role.clone()))).collect();
    if view.sort_by_value {
        rows.sort_by(|a, b| {
            let v = |r: &(&Annotation, Option<FigureValue>, String)| r.1.as_ref().and_then(|f| f.value.or(f.low)).unwrap_or(f64::NAN);
            v(a).total_cmp(&v(b))
        });
    } else {
        rows.sort_by_key(|r| (p.sources.get(&r.0.source).map(|s| s.meta.issued.clone()).unwrap_or_default(), r.0.id));
    }
    ui.horizontal(|ui| {
        ui.label("Sort by:");
        ui.selectable_value(&mut view.sort_by_value, true, "value");
        ui.selectable_value(&mut view.sort_by_value, false, "date");
    });
    egui::Grid::new(("ledger", id)).striped(true).num_columns(7).show(ui, |ui| {
        for h in ["Value", "Interval", "Qualifier", "Source", "Quote", "Role", ""] {
            ui.strong(h);
        }
        ui.end_row();
        for (a, f, role) in &rows {
            let value = f.as_ref().and_then(|f| f.value).map_or("—".to_string(), fmt_number);
            if ui.link(value).on_hover_text("Show in the reader").clicked() {
                out.push(UiCommand::RevealAnnotation(a.id));
            }
            ui.label(f.as_ref().map_or("—".into(), interval_text));
            ui.label(f.as_ref().map_or("—", |f| f.qualifier.as_str()));
            ui.label(citation(p, a));
            ui.label(super::panels::short_quote(p, a, 40));
            let role_label = ui.label(format!("Role of {}:", a.id));
            let mut role_text = role.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut role_text).desired_width(90.0).hint_text("what it counts: boarding, arrival…"))
                .labelled_by(role_label.id)
                .changed()
            {
                out.push(UiCommand::SetSetText(id, SetText::Role(a.id), role_text));
            }
            if ui.small_button(format!("Remove {}", a.id)).clicked() {
                out.push(UiCommand::RemoveFromSet(id, a.id));
            }
            ui.end_row();
        }
    });

    let stated: Vec<&FigureValue> = rows.iter().filter_map(|r| r.1.as_ref()).collect();
    let open = stated.iter().filter(|f| !matches!(f.qualifier, Qualifier::Exact | Qualifier::Approximate)).count();
    if let Some((abs, pct)) = point_spread(&stated) {
        let note = if open > 0 { format!(" — {open} bound(s) or range(s) left out: they are intervals") } else { String::new() };
        ui.label(format!("Spread of the stated values: {} ({pct:.1}%){note}", fmt_number(abs)));
    }
    for (a, f, _) in &rows {
        let Some(f) = f else { continue };
        if let (Some(parts), Some(ok)) = (&f.parts, f.sum_checks()) {
            let sum: f64 = parts.iter().sum();
            let terms = parts.iter().map(|v| fmt_number(*v)).collect::<Vec<_>>().join(" + ");
            let verdict =
                if ok { "sum checks".to_string() } else { format!("MISMATCH: stated {}", f.value.map_or("?".into(), fmt_number)) };
            let colour = if ok { Color32::from_rgb(60, 160, 80) } else { Color32::from_rgb(220, 80, 80) };
            ui.colored_label(colour, format!("{}: {terms} = {} — {verdict}", a.id, fmt_number(sum)));
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label("Preferred value:");
        let mut text = set.preferred.map(fmt_number).unwrap_or_default();
        if ui.add(egui::TextEdit::singleline(&mut text).desired_width(120.0)).labelled_by(label.id).changed() {
            let cleaned: String = text.chars().filter(|c| *c != ',').collect();
            out.push(UiCommand::SetPreferred(id, cleaned.trim().parse::<f64>().ok().filter(|v| v.is_finite())));
        }
    });
    number_line(ui, &rows, set.preferred);
    // Links among the figures, so the set and the links read together.
    let members: Vec<_> = rows.iter().map(|r| r.0.id).collect();
    for l in p.links.values().filter(|l| members.contains(&l.from) && members.contains(&l.to)) {
        ui.label(
            RichText::new(format!(
                "{} {} {}{}",
                l.from,
                l.relation,
                l.to,
                if l.note.is_empty() { String::new() } else { format!(": {}", l.note) }
            ))
            .small(),
        );
    }
}

/// Every figure's point or interval on one axis; unbounded sides run to the edge.
fn number_line(ui: &mut egui::Ui, rows: &[(&Annotation, Option<FigureValue>, String)], preferred: Option<f64>) {
    let finite: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.1.as_ref())
        .flat_map(|f| [f.low, f.high, f.value])
        .flatten()
        .chain(preferred)
        .filter(|v| v.is_finite())
        .collect();
    let (Some(min), Some(max)) = (finite.iter().copied().reduce(f64::min), finite.iter().copied().reduce(f64::max)) else { return };
    let pad = ((max - min) * 0.15).max(max.abs() * 0.01).max(1.0);
    let (lo, hi) = (min - pad, max + pad);
    let row_h = 22.0;
    let label_w = 70.0;
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width().min(620.0), row_h * rows.len() as f32 + 28.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let x_of = |v: f64| rect.left() + label_w + ((v - lo) / (hi - lo)) as f32 * (rect.width() - label_w - 10.0);
    let text_colour = ui.visuals().text_color();
    let axis_y = rect.bottom() - 18.0;
    painter.line_segment([Pos2::new(x_of(lo), axis_y), Pos2::new(x_of(hi), axis_y)], Stroke::new(1.0, text_colour));
    for v in [min, max] {
        painter.text(
            Pos2::new(x_of(v), axis_y + 2.0),
            egui::Align2::CENTER_TOP,
            fmt_number(v),
            egui::FontId::proportional(11.0),
            text_colour,
        );
    }
    if let Some(v) = preferred {
        painter
            .line_segment([Pos2::new(x_of(v), rect.top()), Pos2::new(x_of(v), axis_y)], Stroke::new(1.0, Color32::from_rgb(60, 160, 80)));
    }
    for (i, (a, f, _)) in rows.iter().enumerate() {
        let y = rect.top() + row_h * i as f32 + row_h / 2.0;
        painter.text(Pos2::new(rect.left(), y), egui::Align2::LEFT_CENTER, a.id.to_string(), egui::FontId::proportional(12.0), text_colour);
        let Some(f) = f else { continue };
        let colour = Color32::from_rgb(0xf4, 0xa2, 0x61);
        let left = f.low.map_or(x_of(lo), x_of);
        let right = f.high.map_or(x_of(hi), x_of);
        if (right - left).abs() > 1.0 {
            painter.line_segment([Pos2::new(left, y), Pos2::new(right, y)], Stroke::new(4.0, colour.gamma_multiply(0.7)));
        }
        // A bound (`over 1,000`) is an open interval: no point is drawn at its number.
        if let Some(v) = f.value.filter(|_| matches!(f.qualifier, Qualifier::Exact | Qualifier::Approximate)) {
            painter.circle_filled(Pos2::new(x_of(v), y), 5.0, colour);
        }
    }
}
