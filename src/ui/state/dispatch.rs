//! The dispatcher: applies a [`UiCommand`] between frames. An [`Action`] that needs an
//! operand from the view (annotate *the selection*) is turned into its payload command
//! here, so the operand is read once and travels with the verb.

use super::*;

impl AppState {
    /// Applies a command.
    pub fn run(&mut self, command: UiCommand) {
        let now = store::now_rfc3339();
        match command {
            UiCommand::Action(action) => self.run_action(action, &now),
            UiCommand::Annotate { source, range, kind, then_tag } => {
                if self.annotate(source, range, kind, &now) && then_tag {
                    self.view.focus_tag_field = true;
                }
            }
            UiCommand::NewProjectTitled(title) => {
                self.title_prompt = None;
                self.new_project_title = Some(title);
                self.ask_path(PathQuestion::NewProject);
            }
            UiCommand::OpenPath(path) => self.open_in_background(&path),
            UiCommand::CreateProjectAt(path) => {
                // The title the user typed; the folder's name only when none was given.
                let typed = self.new_project_title.take().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                let title = typed.unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
                match ProjectFolder::create(&path, &title) {
                    Ok(_) => self.open_project(&path),
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::AddPaths(paths) => self.import_files(&paths, false),
            UiCommand::SaveProjectTo(to) => self.save_project_to(&to),
            UiCommand::SetKind(id, kind) => self.apply(ops::set_kind(&self.session.project, id, kind, &now)),
            UiCommand::SetNote(id, note) => self.apply(ops::set_note(&self.session.project, id, &note, &now)),
            UiCommand::SetLocator(id, locator) => self.apply(ops::set_locator(&self.session.project, id, &locator, &now)),
            UiCommand::AddTag(id, tag) => self.apply(ops::add_tag(&self.session.project, id, &tag, &now)),
            UiCommand::RemoveTag(id, tag) => self.apply(ops::remove_tag(&self.session.project, id, &tag, &now)),
            UiCommand::Link(from, to, relation) => {
                self.apply(ops::add_link(&self.session.project, from, to, relation, ""));
                self.windows.link_picker.from = None;
            }
            UiCommand::DeleteLink(id) => self.apply(ops::delete_link(&self.session.project, id)),
            UiCommand::CreateTag(name) => self.apply(ops::create_tag(&self.session.project, &name, None)),
            UiCommand::RenameTag(old, new) => self.apply(ops::rename_tag(&self.session.project, &old, &new, &now)),
            UiCommand::RecolourTag(name, colour) => self.apply(ops::recolour_tag(&self.session.project, &name, &colour)),
            UiCommand::MergeTags(from, into) => self.apply(ops::merge_tags(&self.session.project, &from, &into, &now)),
            UiCommand::DeleteTag(name) => self.apply(ops::delete_tag(&self.session.project, &name, &now)),
            UiCommand::SetReadingFont(f) => self.reading_font = f,
            UiCommand::OpenSource(id) => {
                self.view.current = Some(id);
                self.view.selection = None;
                // The inspector follows the reader: an annotation of another source is let go.
                if self.view.selected.and_then(|a| self.session.project.annotations.get(&a)).is_some_and(|a| a.source != id) {
                    self.view.selected = None;
                }
            }
            UiCommand::SelectAnnotation(id) => {
                self.view.selected = id;
                if let Some(a) = id.and_then(|id| self.session.project.annotations.get(&id)) {
                    self.view.current = Some(a.source);
                }
            }
            UiCommand::RevealAnnotation(id) => {
                self.run(UiCommand::SelectAnnotation(Some(id)));
                self.view.reveal_range = self.session.project.annotations.get(&id).map(|a| a.anchor.range);
            }
            UiCommand::SetFigureValue(id, value) => self.apply(ops::set_figure(&self.session.project, id, value, &now)),
            UiCommand::CreateSetWith(id) => {
                let subject = self
                    .session
                    .project
                    .annotations
                    .get(&id)
                    .map(|a| format!("Figures like {}", a.anchor.exact.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .unwrap_or_default();
                match ops::create_set(&self.session.project, &subject, &[id]) {
                    Ok((tx, set)) => {
                        self.session.history.apply(&mut self.session.project, tx);
                        self.view.selected_set = Some(set);
                        self.windows.conflicts = true;
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::SelectSet(id) => self.view.selected_set = id,
            UiCommand::AddToSet(set, id) => self.apply(ops::add_member(&self.session.project, set, id)),
            UiCommand::RemoveFromSet(set, id) => self.apply(ops::remove_member(&self.session.project, set, id)),
            UiCommand::DeleteSet(set) => {
                self.apply(ops::delete_set(&self.session.project, set));
                if self.view.selected_set == Some(set) {
                    self.view.selected_set = None;
                }
            }
            UiCommand::SetVerdict(set, verdict) => self.apply(ops::set_verdict(&self.session.project, set, verdict)),
            UiCommand::SetSetText(set, field, text) => self.apply(ops::set_set_text(&self.session.project, set, field, &text)),
            UiCommand::SetPreferred(set, value) => self.apply(ops::set_preferred(&self.session.project, set, value)),
            UiCommand::AcceptSuggestion { subject, verdict, rationale, figures } => {
                match ops::accept_suggestion(&self.session.project, &subject, verdict, &rationale, &figures, &now) {
                    Ok((tx, set)) => {
                        self.session.history.apply(&mut self.session.project, tx);
                        self.view.selected_set = Some(set);
                    }
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::DismissSuggestion(key) => self.session.history.apply(&mut self.session.project, ops::dismiss_suggestion(&key)),
            UiCommand::ImportBibPaths(paths) => self.import_files(&paths, true),
            UiCommand::ImportQdpxPath(path) => self.import_qdpx(&path),
            UiCommand::ImportZoteroFrom(dir) => self.choose_zotero_collection(&dir),
            UiCommand::ImportZoteroCollection(dir, collection) => self.import_zotero(&dir, collection),
            UiCommand::ResolveMergeConflict(index, choice) => {
                match crate::model::merge::resolve(&self.session.project, index, choice, &now) {
                    Ok(tx) => self.session.history.apply(&mut self.session.project, tx),
                    Err(e) => self.notify(e.to_string(), true),
                }
            }
            UiCommand::RevealRange(source, range) => {
                // Another source: as when opening it (no selection or inspector carried over).
                if self.view.current != Some(source) {
                    self.run(UiCommand::OpenSource(source));
                }
                self.view.reveal_range = Some(range);
            }
            UiCommand::ExportTo(path) => self.export_to(&path),
            UiCommand::EditSource(id) => self.editing_source = id,
            UiCommand::SetMetadata(id, meta) => {
                let tx = ops::set_metadata(&self.session.project, id, *meta).map(|mut tx| {
                    tx.merge_key = Some(format!("meta:{id}"));
                    tx
                });
                self.apply(tx);
            }
        }
    }

    /// Applies an argument-free action.
    fn run_action(&mut self, action: Action, now: &str) {
        match action {
            Action::AnnotateClaim
            | Action::AnnotateFigure
            | Action::AnnotateQuote
            | Action::AnnotateQuestion
            | Action::AnnotateNote
            | Action::AnnotateAndTag => {
                let kind = action.kind().unwrap_or(Kind::Note);
                match (self.view.current, self.view.selection) {
                    (Some(source), Some(range)) => {
                        self.run(UiCommand::Annotate { source, range, kind, then_tag: action == Action::AnnotateAndTag })
                    }
                    // No text selected: Tag… tags the selected annotation instead.
                    _ if action == Action::AnnotateAndTag && self.view.selected.is_some() => self.view.focus_tag_field = true,
                    _ => self.notify("Select some text in the reader first", true),
                }
            }
            Action::NewProject => self.title_prompt = Some(String::new()),
            Action::OpenProject => self.ask_path(PathQuestion::OpenProject),
            Action::AddDocuments => self.ask_path_in_project(PathQuestion::AddDocuments),
            Action::CancelBackground => self.cancel_background(),
            Action::Quit => self.quit_requested = true,
            Action::Save => self.save(false),
            Action::SaveOverwriting => self.save(true),
            Action::SaveProjectAs => self.ask_path_in_project(PathQuestion::SaveProjectAs),
            Action::ReloadFromDisk => {
                if let Some(root) = self.project_path() {
                    self.session.saver = None;
                    self.open_project(&root);
                }
            }
            Action::Undo => {
                match self.session.history.undo(&mut self.session.project) {
                    Some(label) => self.notify(format!("Undid: {label}"), false),
                    None => self.notify("Nothing to undo", false),
                }
                self.forget_missing_selection();
            }
            Action::Redo => {
                match self.session.history.redo(&mut self.session.project) {
                    Some(label) => self.notify(format!("Redid: {label}"), false),
                    None => self.notify("Nothing to redo", false),
                }
                self.forget_missing_selection();
            }
            Action::DeleteAnnotation => {
                if let Some(id) = self.view.selected.take() {
                    self.apply(ops::delete_annotation(&self.session.project, id));
                }
            }
            Action::ReattachSelected => match (self.view.selected, self.view.selection) {
                (Some(id), Some(range))
                    if self.session.project.annotations.get(&id).is_some_and(|a| Some(a.source) == self.view.current) =>
                {
                    self.apply(ops::reattach(&self.session.project, id, range, now));
                    self.view.selection = None;
                }
                _ => self.notify("Select the annotation, then select its new text in the same source", true),
            },
            Action::LinkSelected => match self.view.selected {
                Some(id) => self.windows.link_picker.from = Some(id),
                None => self.notify("Select an annotation to link from", true),
            },
            Action::ToggleOriginal => self.view.mode = self.view.mode.toggled(),
            Action::ToggleCodebook => self.windows.codebook.open ^= true,
            Action::ToggleNotifications => {
                self.windows.notifications.open ^= true;
                self.unread = 0;
            }
            Action::ToggleTheme => self.dark = !self.dark,
            Action::LargerText => self.reading_size = (self.reading_size + 1.0).min(READING_SIZES.1),
            Action::SmallerText => self.reading_size = (self.reading_size - 1.0).max(READING_SIZES.0),
            Action::CommandPalette => self.windows.palette.open ^= true,
            Action::ToggleConflicts => self.windows.conflicts = !self.windows.conflicts,
            Action::ImportBibliography => self.ask_path_in_project(PathQuestion::ImportBibliography),
            Action::ImportQdpx => self.ask_path_in_project(PathQuestion::ImportQdpx),
            Action::ImportZotero => self.ask_path_in_project(PathQuestion::ImportZotero),
            Action::ToggleExport => self.windows.export = !self.windows.export,
            Action::ToggleSearch => self.windows.search = !self.windows.search,
            Action::ToggleMergeConflicts => self.windows.merge_conflicts = !self.windows.merge_conflicts,
            Action::ExportSaveAs => self.ask_path(PathQuestion::ExportTo),
            Action::CopyCitation => match self.citation_of_selected() {
                Ok(text) => {
                    self.notify(format!("Copied: {text}"), false);
                    self.clipboard = Some(text);
                }
                Err(e) => self.notify(e, true),
            },
        }
    }

    /// Adds an annotation of `kind` on `range` of `source` and selects it.
    fn annotate(&mut self, source: SourceId, range: CharRange, kind: Kind, now: &str) -> bool {
        let spec = ops::AnnotateSpec { kind, ..ops::AnnotateSpec::default() };
        match ops::annotate(&self.session.project, source, range, &spec, now) {
            Ok((tx, id)) => {
                self.session.history.apply(&mut self.session.project, tx);
                self.view.selected = Some(id);
                self.view.selection = None;
                true
            }
            Err(e) => {
                self.notify(e.to_string(), true);
                false
            }
        }
    }
}
