//! The export dialog (format, style, scope, live preview, save) and the source
//! details form.

use egui::RichText;

use super::commands::Action;
use super::state::{AppState, ContentKey, ExportScope, UiCommand};
use crate::model::Person;
use crate::store::export::{self, Format};

/// Styles offered by name; any other bundled CSL style can be typed.
const STYLES: [&str; 4] = ["apa", "chicago-author-date", "chicago-notes", "mla"];

/// A rendered preview: the project content and settings it was made from, and the text or error.
type Preview = (ContentKey, String, Result<String, String>);

/// Derived state of the export dialog.
#[derive(Default)]
pub struct ExportView {
    /// The preview and what it was made from (project state + settings).
    preview: Option<Preview>,
}

pub fn window(ctx: &egui::Context, state: &mut AppState, view: &mut ExportView, out: &mut Vec<UiCommand>) {
    if !state.windows.export {
        return;
    }
    let mut open = true;
    egui::Window::new("Export").open(&mut open).default_size([760.0, 560.0]).show(ctx, |ui| {
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Format").selected_text(state.export.format.name()).show_ui(ui, |ui| {
                for f in Format::ALL {
                    ui.selectable_value(&mut state.export.format, f, f.name());
                }
            });
            egui::ComboBox::from_label("Style").selected_text(state.export.style.clone()).show_ui(ui, |ui| {
                for s in STYLES {
                    ui.selectable_value(&mut state.export.style, s.to_string(), s);
                }
            });
            let label = ui.label("Other style:");
            let mut style = state.export.style.clone();
            if ui.add(egui::TextEdit::singleline(&mut style).desired_width(160.0)).labelled_by(label.id).changed() {
                state.export.style = style;
            }
        });
        ui.horizontal(|ui| {
            ui.label("Scope:");
            ui.radio_value(&mut state.export.scope, ExportScope::All, "Whole project");
            ui.radio_value(&mut state.export.scope, ExportScope::CurrentSource, "Current source");
            let tag = match &state.export.scope {
                ExportScope::Tag(t) => Some(t.clone()),
                _ => None,
            };
            let tags: Vec<String> = state.session.project.tags.keys().cloned().collect();
            egui::ComboBox::from_label("Tag").selected_text(tag.clone().unwrap_or_else(|| "one tag…".into())).show_ui(ui, |ui| {
                for t in tags {
                    if ui.selectable_label(tag.as_deref() == Some(t.as_str()), &t).clicked() {
                        state.export.scope = ExportScope::Tag(t);
                    }
                }
            });
        });
        ui.horizontal(|ui| {
            if ui.button(UiCommand::Action(Action::ExportSaveAs).label()).clicked() {
                out.push(UiCommand::Action(Action::ExportSaveAs));
            }
            if state.export.format.is_text()
                && ui.button("Copy to clipboard").clicked()
                && let Some((_, _, Ok(text))) = &view.preview
            {
                state.clipboard = Some(text.clone());
                state.notify("Export copied to the clipboard", false);
            }
        });
        ui.separator();
        if !state.export.format.is_text() {
            ui.label("This format has no text preview; Save as… writes the file.");
            return;
        }
        let key = format!("{:?}|{}|{:?}|{:?}", state.export.format, state.export.style, state.export.scope, state.view.current);
        let fresh = view.preview.as_ref().is_some_and(|(id, k, _)| *id == state.content_key() && *k == key);
        if !fresh {
            let result = export::export(&state.session.project, state.export.format, &state.export.style, &state.export_scope())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| e.to_string());
            view.preview = Some((state.content_key(), key, result));
        }
        if let Some((_, _, result)) = &view.preview {
            match result {
                Ok(text) => {
                    egui::ScrollArea::both().id_salt("export preview").show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(text).monospace()).selectable(true));
                    });
                }
                Err(e) => {
                    ui.colored_label(egui::Color32::from_rgb(220, 80, 80), e);
                }
            }
        }
    });
    if !open {
        state.windows.export = false;
    }
}

fn people_text(people: &[Person]) -> String {
    people.iter().map(|p| if p.literal.is_empty() { p.inverted() } else { format!("{{{}}}", p.literal) }).collect::<Vec<_>>().join("\n")
}

fn parse_people(text: &str) -> Vec<Person> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
        .collect()
}

/// Types offered in the form (CSL item types).
const TYPES: [&str; 9] =
    ["article-journal", "article-newspaper", "book", "chapter", "report", "webpage", "thesis", "paper-conference", "document"];

/// The source details form: CSL fields, with guessed ones marked until confirmed.
pub fn source_details(ctx: &egui::Context, state: &mut AppState, out: &mut Vec<UiCommand>) {
    let Some(id) = state.editing_source.filter(|id| state.session.project.sources.contains_key(id)) else { return };
    let original = state.session.project.sources[&id].meta.clone();
    let mut meta = original.clone();
    let mut open = true;
    egui::Window::new(format!("Source details: {id}")).open(&mut open).default_width(520.0).show(ctx, |ui| {
        // The form shows what is stored: an unset type says so instead of showing a default.
        ui.horizontal(|ui| {
            let label = ui.label("Type:");
            egui::ComboBox::from_id_salt("source type")
                .selected_text(if meta.item_type.is_empty() { "(not set)".to_string() } else { meta.item_type.clone() })
                .show_ui(ui, |ui| {
                    for t in TYPES {
                        ui.selectable_value(&mut meta.item_type, t.to_string(), t);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        egui::Grid::new("source fields").num_columns(2).show(ui, |ui| {
            use crate::model::meta_field::MetaField;
            let fields: [(MetaField, &str); 13] = [
                (MetaField::Title, "Title:"),
                (MetaField::Issued, "Date (YYYY-MM-DD):"),
                (MetaField::ContainerTitle, "Container (journal, book, site):"),
                (MetaField::Publisher, "Publisher:"),
                (MetaField::PublisherPlace, "Place:"),
                (MetaField::Pages, "Pages:"),
                (MetaField::Volume, "Volume:"),
                (MetaField::Issue, "Issue:"),
                (MetaField::Url, "URL:"),
                (MetaField::Accessed, "Accessed (YYYY-MM-DD):"),
                (MetaField::Isbn, "ISBN:"),
                (MetaField::Doi, "DOI:"),
                (MetaField::Language, "Language:"),
            ];
            for (field, label) in fields {
                let guessed = original.guessed.contains(field.key());
                let l = ui.label(if guessed { format!("{label} (guessed)") } else { label.to_string() });
                if let Some(value) = field.text_mut(&mut meta) {
                    ui.add(egui::TextEdit::singleline(value).desired_width(320.0)).labelled_by(l.id);
                }
                ui.end_row();
            }
            let guessed = original.guessed.contains(MetaField::Authors.key());
            let l = ui.label(if guessed { "Authors (guessed):" } else { "Authors:" });
            let mut authors = people_text(&meta.authors);
            if ui
                .add(
                    egui::TextEdit::multiline(&mut authors)
                        .desired_rows(2)
                        .desired_width(320.0)
                        .hint_text("Family, Given\n{Corporate name}"),
                )
                .labelled_by(l.id)
                .changed()
            {
                meta.authors = parse_people(&authors);
            }
            ui.end_row();
            let l = ui.label("Editors:");
            let mut editors = people_text(&meta.editors);
            if ui.add(egui::TextEdit::multiline(&mut editors).desired_rows(1).desired_width(320.0)).labelled_by(l.id).changed() {
                meta.editors = parse_people(&editors);
            }
            ui.end_row();
            let l = ui.label("Note:");
            ui.add(egui::TextEdit::multiline(&mut meta.note).desired_rows(2).desired_width(320.0)).labelled_by(l.id);
            ui.end_row();
        });
        if !original.guessed.is_empty() && ui.button("Confirm guessed fields").clicked() {
            meta.guessed.clear();
        }
    });
    if meta != original {
        // An edited field is no longer a guess.
        out.push(UiCommand::SetMetadata(id, Box::new(crate::model::meta_field::confirm(&original, meta, &[]))));
    }
    if !open {
        state.editing_source = None;
    }
}
