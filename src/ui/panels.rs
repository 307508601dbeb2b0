//! Side panels: sources (left), annotations with filters and the inspector (right).

use egui::{Color32, Key, RichText};

use super::commands::Action;
use super::state::{AppState, ContentKey, UiCommand};
use crate::model::{AnchorStatus, Annotation, Kind, Project};

/// Text typed into panel fields that is not project data.
#[derive(Default)]
pub struct PanelInputs {
    pub tag: String,
    /// The figure value being typed, for the annotation it belongs to.
    pub figure: Option<(crate::model::AnnotationId, String)>,
    /// The annotations list as last filtered and sorted, and what it was built from
    /// (project content, filter, open source): rebuilt when one of them changes.
    listed: Option<(ListKey, Vec<crate::model::AnnotationId>)>,
    /// The measures a figure annotation's quote holds, for the one they were read from
    /// (its id and quote): read once, not every frame.
    figure_choices: Option<(crate::model::AnnotationId, String, Vec<crate::model::FigureValue>)>,
}

type ListKey = (ContentKey, super::state::AnnotationFilter, Option<crate::model::SourceId>);

/// The parsed (or corrected) value of a figure annotation, editable, and the
/// conflict sets it belongs to.
fn figure_editor(ui: &mut egui::Ui, state: &AppState, a: &Annotation, inputs: &mut PanelInputs, out: &mut Vec<UiCommand>) {
    use super::conflicts::fmt_number;
    let current = a.figure.as_ref();
    let shown = current.and_then(|f| f.value).map(fmt_number).unwrap_or_default();
    let mut text = match &inputs.figure {
        Some((id, t)) if *id == a.id => t.clone(),
        _ => shown,
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Figure value:");
        let response = ui.add(egui::TextEdit::singleline(&mut text).desired_width(120.0)).labelled_by(label.id);
        if response.changed() {
            inputs.figure = Some((a.id, text.clone()));
            let cleaned: String = text.chars().filter(|c| *c != ',').collect();
            if let Some(v) = cleaned.trim().parse::<f64>().ok().filter(|v| v.is_finite()) {
                let unit = current.and_then(|f| f.unit.clone());
                out.push(UiCommand::SetFigureValue(a.id, Some(crate::model::FigureValue::exact(v, unit))));
            }
        }
        if response.lost_focus() {
            inputs.figure = None;
        }
        if let Some(f) = current {
            let note = if f.corrected { "corrected" } else { "parsed" };
            ui.label(RichText::new(format!("{} ({note})", f.describe())).weak());
        } else {
            // A long quote holds several numbers: offer the measures it holds to pick
            // from (qualifier and unit kept), rather than only "type one".
            let fresh = inputs.figure_choices.as_ref().is_some_and(|(id, quote, _)| *id == a.id && *quote == a.anchor.exact);
            if !fresh {
                let reading = crate::model::ReadingText::new(&a.anchor.exact);
                let found = crate::model::figures::figures_in(reading.as_str()).into_iter().filter(|f| f.kind.is_measure());
                let values = found.take(6).map(|f| crate::model::FigureValue::from(&f)).collect();
                inputs.figure_choices = Some((a.id, a.anchor.exact.clone(), values));
            }
            let values = inputs.figure_choices.as_ref().map_or(&[][..], |(_, _, v)| v.as_slice());
            if values.is_empty() {
                ui.label(RichText::new("no value found: type one").weak());
            } else {
                ui.label(RichText::new("several numbers here; use:").weak());
                for value in values {
                    if ui.small_button(value.describe()).on_hover_text("Make this the annotation's value").clicked() {
                        out.push(UiCommand::SetFigureValue(a.id, Some(value.clone())));
                    }
                }
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Conflict sets:");
        for set in state.session.project.sets.values().filter(|s| s.contains(a.id)) {
            if ui.link(format!("{} {}", set.id, set.subject)).clicked() {
                out.push(UiCommand::SelectSet(Some(set.id)));
                if !state.windows.conflicts {
                    out.push(UiCommand::Action(Action::ToggleConflicts));
                }
            }
        }
        if ui.button("New conflict set").clicked() {
            out.push(UiCommand::CreateSetWith(a.id));
        }
        let others: Vec<_> =
            state.session.project.sets.values().filter(|s| !s.contains(a.id)).map(|s| (s.id, format!("{} {}", s.id, s.subject))).collect();
        if !others.is_empty() {
            ui.menu_button("Add to set", |ui| {
                for (id, name) in others {
                    if ui.button(name).clicked() {
                        out.push(UiCommand::AddToSet(id, a.id));
                        ui.close();
                    }
                }
            });
        }
    });
}

/// The colour of a tag, or of a kind when there is no tag.
pub fn tag_colour(project: &Project, tag: &str) -> Color32 {
    project.tags.get(tag).and_then(|t| t.rgb()).map_or(Color32::LIGHT_YELLOW, |[r, g, b]| Color32::from_rgb(r, g, b))
}

pub fn kind_colour(kind: Kind) -> Color32 {
    match kind {
        Kind::Claim => Color32::from_rgb(0xa8, 0xd8, 0xf0),
        Kind::Figure => Color32::from_rgb(0xf4, 0xd3, 0x5e),
        Kind::Quote => Color32::from_rgb(0xb5, 0xe4, 0x8c),
        Kind::Question => Color32::from_rgb(0xf4, 0xa2, 0x61),
        Kind::Note => Color32::from_rgb(0xcd, 0xb4, 0xdb),
    }
}

/// The highlight colour of an annotation: its first tag's, else its kind's.
pub fn annotation_colour(project: &Project, a: &Annotation) -> Color32 {
    a.tags.first().filter(|t| project.tags.contains_key(*t)).map_or(kind_colour(a.kind), |t| tag_colour(project, t))
}

/// A one-line quote for lists.
/// A one-line quote for lists, as a reader sees it (line-end hyphens joined).
pub fn short_quote(p: &Project, a: &Annotation, max: usize) -> String {
    let quote = crate::model::quote::reading_quote_or_exact(p, a);
    if quote.chars().count() > max { format!("{}…", quote.chars().take(max).collect::<String>()) } else { quote }
}

pub fn sources_panel(
    ui: &mut egui::Ui,
    state: &mut AppState,
    outline: &[super::app::OutlineEntry],
    rows: &[SourceRow],
    out: &mut Vec<UiCommand>,
) {
    egui::Panel::left("sources").resizable(true).default_size(SOURCES_WIDTH).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Sources");
            if let Some(id) = state.view.current
                && ui.button(UiCommand::EditSource(None).label()).on_hover_text(format!("Bibliographic details of {id}")).clicked()
            {
                out.push(UiCommand::EditSource(Some(id)));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter sources:");
            ui.add(egui::TextEdit::singleline(&mut state.view.source_filter).desired_width(f32::INFINITY)).labelled_by(label.id);
        });
        ui.separator();
        let filter = state.view.source_filter.to_lowercase();
        if let (Some(source), false) = (state.view.current, outline.is_empty()) {
            egui::CollapsingHeader::new("Outline").default_open(true).show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("outline").max_height(220.0).show(ui, |ui| {
                    for (title, level, range) in outline {
                        let indent = if *level > 1 { "    " } else { "" };
                        if ui.selectable_label(false, format!("{indent}{title}")).clicked() {
                            out.push(UiCommand::RevealRange(source, *range));
                        }
                    }
                });
            });
            ui.separator();
        }
        egui::ScrollArea::vertical().id_salt("source list").show(ui, |ui| {
            for row in rows {
                if !filter.is_empty() && !row.haystack.contains(&filter) {
                    continue;
                }
                if ui.selectable_label(state.view.current == Some(row.id), row.label.as_str()).clicked() {
                    out.push(UiCommand::OpenSource(row.id));
                }
            }
            if state.session.project.sources.is_empty() {
                ui.label("No sources yet. File > Add documents… or drop files on the window.");
            }
        });
    });
}

/// One line of the sources list, made once per project change (not per frame).
pub struct SourceRow {
    pub id: crate::model::SourceId,
    /// "Title (title guessed)\nAuthor · year · N annotations".
    pub label: String,
    /// What the list's filter matches against, lower-cased.
    pub haystack: String,
}

/// The sources list's rows: an untitled document is listed by its first line (marked
/// guessed), not its file name; the byline has only the parts that exist.
pub fn source_rows(
    project: &crate::model::Project,
    annotations_per_source: &std::collections::BTreeMap<crate::model::SourceId, usize>,
) -> Vec<SourceRow> {
    project
        .sources
        .values()
        .map(|s| {
            let author = s.meta.authors.first().map_or("", |p| p.short());
            let year = s.meta.year().map(|y| y.to_string()).unwrap_or_default();
            let from_text = if s.meta.title.is_empty() {
                project.text(s.id).and_then(|t| crate::model::Source::title_from_text(t.reading.as_str()))
            } else {
                None
            };
            let guessed = from_text.is_some() || s.meta.guessed.contains("title");
            let title = from_text.unwrap_or_else(|| s.display_title());
            let count = annotations_per_source.get(&s.id).copied().unwrap_or(0);
            let byline: Vec<String> = [author.to_string(), year.clone(), super::state::count_of(count, "annotation", "annotations")]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            let mark = if guessed { " (title guessed)" } else { "" };
            SourceRow {
                id: s.id,
                label: format!("{title}{mark}\n{}", byline.join(" · ")),
                haystack: format!("{title} {author} {year} {}", s.file.as_deref().unwrap_or("")).to_lowercase(),
            }
        })
        .collect()
}

/// The sources list's default width (points).
pub const SOURCES_WIDTH: f32 = 230.0;
/// The annotations panel's default width (points).
pub const ANNOTATIONS_WIDTH: f32 = 330.0;

/// `text` cut to at most `max` chars, at a word where one is near, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at = cut.rfind(' ').filter(|&i| i > cut.len() / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// The sources list folded into one line above the reader (narrow windows).
pub fn source_picker(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<UiCommand>) {
    ui.horizontal(|ui| {
        let label = ui.label("Source:");
        // Shortened to the room there is: a long title must not widen the reader past the window.
        let room = ((ui.available_width() - 60.0) / 7.5).max(12.0) as usize;
        let current = state
            .view
            .current
            .and_then(|id| state.session.project.sources.get(&id))
            .map(|s| shorten(&s.display_title(), room))
            .unwrap_or_default();
        egui::ComboBox::from_id_salt("source picker")
            .selected_text(current)
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                for s in state.session.project.sources.values() {
                    if ui.selectable_label(state.view.current == Some(s.id), shorten(&s.display_title(), room)).clicked() {
                        out.push(UiCommand::OpenSource(s.id));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.separator();
}

/// Whether an annotation passes the panel's filters (`text` is the filter text, lower-cased).
fn matches_filter(state: &AppState, text: &str, a: &Annotation) -> bool {
    let f = &state.view.filter;
    if !f.all_sources && Some(a.source) != state.view.current {
        return false;
    }
    if f.kind.is_some_and(|k| k != a.kind) || f.status.is_some_and(|s| s != a.anchor.status) {
        return false;
    }
    if f.tag.as_ref().is_some_and(|t| !a.has_tag(t)) {
        return false;
    }
    text.is_empty()
        || a.anchor.exact.to_lowercase().contains(text)
        || a.note.to_lowercase().contains(text)
        || a.tags.iter().any(|t| t.to_lowercase().contains(text))
}

pub fn annotations_panel(ui: &mut egui::Ui, state: &mut AppState, inputs: &mut PanelInputs, out: &mut Vec<UiCommand>) {
    egui::Panel::right("annotations").resizable(true).default_size(ANNOTATIONS_WIDTH).show(ui, |ui| {
        ui.heading("Annotations");
        filters(ui, state);
        let key: ListKey = (state.content_key(), state.view.filter.clone(), state.view.current);
        if inputs.listed.as_ref().is_none_or(|(k, _)| *k != key) {
            let text = state.view.filter.text.to_lowercase();
            // One source's annotations come from the index (not a pass over all of them).
            let index = (!state.view.filter.all_sources).then(|| state.annotation_index());
            let annotations = &state.session.project.annotations;
            let candidates: Box<dyn Iterator<Item = &Annotation>> = match (&index, state.view.current) {
                (Some(index), Some(current)) => Box::new(index.of_source(current).iter().filter_map(|id| annotations.get(id))),
                (Some(_), None) => Box::new(std::iter::empty()),
                (None, _) => Box::new(annotations.values()),
            };
            let mut list: Vec<&Annotation> = candidates.filter(|a| matches_filter(state, &text, a)).collect();
            list.sort_by_key(|a| (a.source, a.anchor.range.start, a.id));
            inputs.listed = Some((key, list.into_iter().map(|a| a.id).collect()));
        }
        let list: &[crate::model::AnnotationId] = inputs.listed.as_ref().map_or(&[], |(_, ids)| ids.as_slice());
        ui.label(format!("{} shown", list.len()));
        // Only the visible rows are laid out: a source may carry tens of thousands.
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .max_height(ui.available_height() * 0.45)
            .id_salt("annotation list")
            .auto_shrink([false, true])
            .show_rows(ui, row_height, list.len(), |ui, rows| {
                for a in list[rows].iter().filter_map(|id| state.session.project.annotations.get(id)) {
                    let orphan = if a.anchor.status == AnchorStatus::Orphan { " (orphan)" } else { "" };
                    let source = if state.view.filter.all_sources { format!("{} ", a.source) } else { String::new() };
                    let text = RichText::new(format!(
                        "{source}{} {}{orphan}: {}",
                        a.id,
                        a.kind.label(),
                        short_quote(&state.session.project, a, 70)
                    ))
                    .background_color(annotation_colour(&state.session.project, a).gamma_multiply(0.35));
                    if ui.add(egui::Button::selectable(state.view.selected == Some(a.id), text).truncate()).clicked() {
                        out.push(UiCommand::RevealAnnotation(a.id));
                    }
                }
            });
        ui.separator();
        inspector(ui, state, inputs, out);
    });
}

fn filters(ui: &mut egui::Ui, state: &mut AppState) {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        ui.add(egui::TextEdit::singleline(&mut state.view.filter.text).desired_width(140.0)).labelled_by(label.id);
        ui.checkbox(&mut state.view.filter.all_sources, "All sources");
    });
    // Each label comes before its box, as people read a form (and names it for screen readers).
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Kind:");
        egui::ComboBox::from_id_salt("kind filter")
            .selected_text(state.view.filter.kind.map_or("any", |k| k.label()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.view.filter.kind, None, "any");
                for k in Kind::ALL {
                    ui.selectable_value(&mut state.view.filter.kind, Some(k), k.label());
                }
            })
            .response
            .labelled_by(label.id);
        let tags: Vec<String> = state.session.project.tags.keys().cloned().collect();
        let label = ui.label("Tag:");
        egui::ComboBox::from_id_salt("tag filter")
            .selected_text(state.view.filter.tag.clone().unwrap_or_else(|| "any".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.view.filter.tag, None, "any");
                for t in tags {
                    ui.selectable_value(&mut state.view.filter.tag, Some(t.clone()), t);
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Status:");
        egui::ComboBox::from_id_salt("status filter")
            .selected_text(state.view.filter.status.map_or("any", |s| s.as_str()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.view.filter.status, None, "any");
                for s in [AnchorStatus::Exact, AnchorStatus::Moved, AnchorStatus::Fuzzy, AnchorStatus::Orphan] {
                    ui.selectable_value(&mut state.view.filter.status, Some(s), s.as_str());
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn inspector(ui: &mut egui::Ui, state: &mut AppState, inputs: &mut PanelInputs, out: &mut Vec<UiCommand>) {
    let Some(a) = state.view.selected.and_then(|id| state.session.project.annotations.get(&id)).cloned() else {
        // Written from the shortcut table, so the hint follows the bindings.
        let keys: Vec<String> = Action::ALL
            .into_iter()
            .filter(|a| a.kind().is_some())
            .filter_map(|a| a.shortcut_text().map(|k| format!("{k} {}", a.label().trim_end_matches('…'))))
            .collect();
        ui.label(format!("Select text in the reader, then press {}.", keys.join(" · ")));
        return;
    };
    egui::ScrollArea::vertical().id_salt("inspector").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.heading(format!("{} · {}", a.kind.label(), a.id));
            ui.label(format!("({})", a.anchor.status.as_str()));
        });
        ui.label(RichText::new(format!("“{}”", short_quote(&state.session.project, &a, 300))).italics());
        if a.anchor.status == AnchorStatus::Orphan {
            ui.colored_label(Color32::from_rgb(220, 120, 40), "Orphaned: its text was not found. Select the right text and re-attach.");
            if ui.button(UiCommand::Action(Action::ReattachSelected).label()).clicked() {
                out.push(UiCommand::Action(Action::ReattachSelected));
            }
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Kind:");
            for k in Kind::ALL {
                if ui.selectable_label(a.kind == k, k.label()).clicked() && a.kind != k {
                    out.push(UiCommand::SetKind(a.id, k));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Tags:");
            for t in &a.tags {
                let chip =
                    egui::Button::new(RichText::new(format!("{t} ×")).color(Color32::BLACK)).fill(tag_colour(&state.session.project, t));
                if ui.add(chip).on_hover_text("Remove this tag").clicked() {
                    out.push(UiCommand::RemoveTag(a.id, t.clone()));
                }
            }
        });
        tag_field(ui, state, &a, inputs, out);
        if a.kind == Kind::Figure {
            figure_editor(ui, state, &a, inputs, out);
        }
        let label = ui.label("Locator:");
        let mut locator = a.locator.clone();
        if ui.add(egui::TextEdit::singleline(&mut locator).hint_text("p. 12, ¶ 4")).labelled_by(label.id).changed() {
            out.push(UiCommand::SetLocator(a.id, locator));
        }
        let label = ui.label("Note:");
        let mut note = a.note.clone();
        let note_edit = ui
            .add(egui::TextEdit::multiline(&mut note).desired_rows(4).desired_width(f32::INFINITY).hint_text("Markdown"))
            .labelled_by(label.id);
        if note_edit.changed() {
            out.push(UiCommand::SetNote(a.id, note));
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            ui.strong("Links");
            if ui.button(Action::LinkSelected.label()).on_hover_text(hint(Action::LinkSelected)).clicked() {
                out.push(UiCommand::Action(Action::LinkSelected));
            }
        });
        let links: Vec<_> = state.session.project.links_of(a.id).cloned().collect();
        for link in links {
            let (arrow, other) =
                if link.from == a.id { (format!("{} ->", link.relation), link.to) } else { (format!("<- {}", link.relation), link.from) };
            let other_text = state
                .session
                .project
                .annotations
                .get(&other)
                .map(|o| format!("{} ({}): {}", other, o.source, short_quote(&state.session.project, o, 50)))
                .unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                ui.label(arrow);
                if ui.link(other_text).clicked() {
                    out.push(UiCommand::RevealAnnotation(other));
                }
                if ui.small_button("×").on_hover_text("Delete link").clicked() {
                    out.push(UiCommand::DeleteLink(link.id));
                }
            });
        }
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(UiCommand::Action(Action::CopyCitation).label())
                .on_hover_text(format!("In-text citation in {} with the locator ({})", state.export.style, shortcut(Action::CopyCitation)))
                .clicked()
            {
                out.push(UiCommand::Action(Action::CopyCitation));
            }
        });
        if ui.button(Action::DeleteAnnotation.label()).on_hover_text(hint(Action::DeleteAnnotation)).clicked() {
            out.push(UiCommand::Action(Action::DeleteAnnotation));
        }
    });
}

/// Adds a tag by typing, with completion from the codebook; a new name creates a tag.
fn tag_field(ui: &mut egui::Ui, state: &mut AppState, a: &Annotation, inputs: &mut PanelInputs, out: &mut Vec<UiCommand>) {
    ui.horizontal(|ui| {
        let label = ui.label("Add tag:");
        let response =
            ui.add(egui::TextEdit::singleline(&mut inputs.tag).desired_width(150.0).hint_text("type, Enter")).labelled_by(label.id);
        if std::mem::take(&mut state.view.focus_tag_field) {
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && !inputs.tag.trim().is_empty() {
            out.push(UiCommand::AddTag(a.id, std::mem::take(&mut inputs.tag).trim().to_string()));
        }
    });
    let typed = inputs.tag.trim().to_lowercase();
    if !typed.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for name in state.session.project.tags.keys().filter(|n| n.to_lowercase().contains(&typed) && !a.has_tag(n)).take(8) {
                if ui.small_button(name).clicked() {
                    out.push(UiCommand::AddTag(a.id, name.clone()));
                    inputs.tag.clear();
                }
            }
            if !state.session.project.tags.contains_key(inputs.tag.trim()) {
                ui.label(RichText::new(format!("Enter creates `{}`", inputs.tag.trim())).weak());
            }
        });
    }
}

/// An action's tooltip with its shortcut, from the one table.
fn hint(a: Action) -> String {
    format!("{} ({})", a.tooltip(), shortcut(a))
}

fn shortcut(a: Action) -> String {
    a.shortcut_text().map_or_else(|| "no shortcut".to_string(), |k| format!("shortcut: {k}"))
}
