//! Turning a read Zotero library into one [`Transaction`] on a project: new items
//! become sources (one per attachment whose document could be imported, else a
//! record), annotations are anchored by quote in the imported text, and what was
//! imported before is updated in place (matched by Zotero keys), never duplicated.
//!
//! The transaction is built against a working copy of the project, applying each
//! step built by `model::ops`/`model::imported` as it goes, so every step is
//! validated against the state the earlier steps made; the caller applies the
//! whole transaction to the real project (or through the app's history).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::db::{ZAnnotation, ZAttachment, ZItem, ZLibrary};
use super::meta;
use crate::model::imported::{first_line, imported_anchor, locate_quote, put_imported_annotation, update_source};
use crate::model::{
    AnchorStatus, Annotation, AnnotationId, CharRange, Kind, Project, Source, SourceId, Transaction, ZoteroAnnotationRef, ZoteroItemRef,
    ops,
};
use crate::store::import;

/// What an import did, for the summary line and the app's notification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Items new to the project, updated (changed in Zotero since), unchanged.
    pub items_added: usize,
    pub items_updated: usize,
    pub items_unchanged: usize,
    /// Attachment documents imported, refreshed (their file changed), or not importable.
    pub attachments_imported: usize,
    pub attachments_refreshed: usize,
    pub attachments_failed: usize,
    /// Annotations added or updated: anchored on their text, or orphans keeping their quote.
    pub annotations_anchored: usize,
    pub annotations_orphaned: usize,
    /// Annotations already imported and unchanged in Zotero since.
    pub annotations_unchanged: usize,
    /// What the user should know: missing files, unsupported attachments, …
    pub problems: Vec<String>,
}

impl Summary {
    /// One line per fact, as the CLI prints it.
    pub fn text(&self) -> String {
        format!(
            "items: {} new, {} updated, {} unchanged\nattachments: {} imported, {} refreshed, {} not imported\nannotations: {} anchored, {} orphaned, {} unchanged\nproblems: {}\n",
            self.items_added,
            self.items_updated,
            self.items_unchanged,
            self.attachments_imported,
            self.attachments_refreshed,
            self.attachments_failed,
            self.annotations_anchored,
            self.annotations_orphaned,
            self.annotations_unchanged,
            self.problems.len()
        )
    }
}

/// Zotero's annotation colours (its reader's palette) by name, for colour tags when
/// the user has not named a colour with a coloured tag.
const ZOTERO_COLOURS: [(&str, &str); 8] = [
    ("#ffd400", "yellow"),
    ("#ff6666", "red"),
    ("#5fb236", "green"),
    ("#2ea8e5", "blue"),
    ("#a28ae5", "purple"),
    ("#e56eee", "magenta"),
    ("#f19837", "orange"),
    ("#aaaaaa", "gray"),
];

/// The codebook tag for an annotation colour: the user's coloured-tag name for that
/// colour if there is one, else `zotero-<colour name>` (or `zotero-<hex>`).
pub fn colour_tag(colour: &str, names: &BTreeMap<String, String>) -> Option<String> {
    let colour = colour.trim().to_lowercase();
    if colour.is_empty() {
        return None;
    }
    if let Some(name) = names.get(&colour) {
        return Some(name.clone());
    }
    let named = ZOTERO_COLOURS.iter().find(|(hex, _)| *hex == colour).map(|(_, n)| (*n).to_string());
    Some(format!("zotero-{}", named.unwrap_or_else(|| colour.trim_start_matches('#').to_string())))
}

/// Where an attachment's file is, or why it cannot be had.
fn attachment_file(data_dir: &Path, a: &ZAttachment) -> Result<PathBuf, String> {
    if let Some(name) = a.path.strip_prefix("storage:") {
        return Ok(data_dir.join("storage").join(&a.key).join(name));
    }
    if a.path.starts_with("attachments:") {
        return Err(format!(
            "linked file `{}` is relative to Zotero's linked-attachment base folder, which is not in the database",
            a.path
        ));
    }
    if a.path.is_empty() {
        return Err("has no file".to_string());
    }
    Ok(PathBuf::from(&a.path))
}

/// A stored char range per 0-based page index, from a source's page map.
fn page_range(source: &Source, len: usize, index: usize) -> Option<CharRange> {
    let start = *source.page_starts.get(index)?;
    let end = source.page_starts.get(index + 1).copied().unwrap_or(len).min(len);
    (start < end).then(|| CharRange::new(start, end))
}

/// The page index and the position hint Zotero gives for an annotation: PDF
/// `position.pageIndex` with the char offset in `sortIndex` (`ppppp|cccccc|ttttt`);
/// snapshots `refinedBy.start`.
fn position_hint(a: &ZAnnotation) -> (Option<usize>, Option<usize>) {
    let json: serde_json::Value = serde_json::from_str(&a.position).unwrap_or(serde_json::Value::Null);
    let page = json.get("pageIndex").and_then(serde_json::Value::as_u64).map(|p| p as usize);
    let offset = if page.is_some() {
        a.sort_index.split('|').nth(1).and_then(|c| c.parse::<usize>().ok())
    } else {
        json.get("refinedBy").and_then(|r| r.get("start")).and_then(serde_json::Value::as_u64).map(|s| s as usize)
    };
    (page, offset)
}

/// Where an attachment's document goes.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// The source that already holds it (imported before).
    Holds(SourceId),
    /// The item's record, imported before without a document: it becomes this document's source.
    Record(SourceId),
    /// A new source.
    New,
}

/// The working state of one import.
struct Planner<'a> {
    work: Project,
    tx: Transaction,
    summary: Summary,
    lib: &'a ZLibrary,
    data_dir: &'a Path,
    project_root: &'a Path,
    /// Codebook colours for the colour tags made by this import.
    colours: BTreeMap<String, String>,
    annotations_by_key: HashMap<String, AnnotationId>,
    /// Sources whose text this import added or replaced: their orphans are looked for again.
    new_text: HashSet<SourceId>,
}

impl Planner<'_> {
    fn apply(&mut self, step: Transaction) {
        self.tx.edits.extend(step.edits.iter().cloned());
        step.apply(&mut self.work);
    }

    fn item_label(item: &ZItem) -> String {
        let title = item.fields.get("title").map(String::as_str).unwrap_or("untitled");
        format!("item {} “{}”", item.key, title.chars().take(60).collect::<String>())
    }

    fn import_item(&mut self, item: &ZItem) {
        let meta = meta::metadata(item);
        let origin = |attachment: Option<&str>| ZoteroItemRef {
            item: item.key.clone(),
            attachment: attachment.map(str::to_string),
            modified: item.modified.clone(),
            tags: item.tags.clone(),
            collections: item.collections.clone(),
        };
        let existing: Vec<(SourceId, Option<String>, String)> = self
            .work
            .sources
            .values()
            .filter_map(|s| s.zotero.as_ref().filter(|z| z.item == item.key).map(|z| (s.id, z.attachment.clone(), z.modified.clone())))
            .collect();
        let changed = existing.iter().any(|(_, _, m)| *m != item.modified);
        match (existing.is_empty(), changed) {
            (true, _) => self.summary.items_added += 1,
            (false, true) => self.summary.items_updated += 1,
            (false, false) => self.summary.items_unchanged += 1,
        }
        let mut record: Option<SourceId> = existing.iter().find(|(_, a, _)| a.is_none()).map(|(id, _, _)| *id);
        let record_before = record;
        let mut documents = 0;
        for att in &item.attachments {
            if att.link_mode == 3 {
                continue; // a link to a web page: no file
            }
            let held = existing.iter().find(|(_, a, _)| a.as_deref() == Some(att.key.as_str())).map(|(id, _, _)| *id);
            let mut title_meta = meta.clone();
            if documents > 0 && !att.title.is_empty() {
                title_meta.title = format!("{} — {}", meta.title, att.title);
            }
            // An item imported by an earlier run without its document (a record) becomes
            // that document's source, rather than the item appearing twice.
            let slot = match (held, record) {
                (Some(id), _) => Slot::Holds(id),
                (None, Some(id)) if record_before == Some(id) && !self.work.texts.contains_key(&id) => Slot::Record(id),
                _ => Slot::New,
            };
            let target = match self.import_document(item, att, slot, title_meta, origin(Some(&att.key)), changed) {
                Some(id) => {
                    documents += 1;
                    if matches!(slot, Slot::Record(_)) {
                        record = None;
                    }
                    Some(id)
                }
                None => held,
            };
            let target = match target {
                Some(id) => id,
                None => *record.get_or_insert_with(|| self.add_record(meta.clone(), origin(None))),
            };
            for a in &att.annotations {
                self.import_annotation(a, target);
            }
        }
        if documents == 0 && record.is_none() && existing.is_empty() {
            record = Some(self.add_record(meta.clone(), origin(None)));
        }
        // Only the record-only source is refreshed here; document sources were in import_document.
        if let Some(id) = record.filter(|id| changed && !self.work.texts.contains_key(id)) {
            self.refresh_record(id, meta, origin(None));
        }
    }

    fn add_record(&mut self, meta: crate::model::Metadata, origin: ZoteroItemRef) -> SourceId {
        let id = self.work.next_source_id();
        let mut source = Source::record(id, meta);
        source.zotero = Some(origin);
        self.apply(Transaction::new("Add record").with(crate::model::Edit::PutSource { id, source: Some(Box::new(source)), text: None }));
        id
    }

    fn refresh_record(&mut self, id: SourceId, meta: crate::model::Metadata, origin: ZoteroItemRef) {
        if let Ok(step) = update_source(&self.work, id, |s| {
            s.meta = meta;
            s.zotero = Some(origin);
        }) {
            self.apply(step);
        }
    }

    /// Imports (or refreshes) one attachment's document; the source holding it, if any.
    fn import_document(
        &mut self,
        item: &ZItem,
        att: &ZAttachment,
        slot: Slot,
        meta: crate::model::Metadata,
        origin: ZoteroItemRef,
        item_changed: bool,
    ) -> Option<SourceId> {
        let label = Self::item_label(item);
        let file = match attachment_file(self.data_dir, att) {
            Ok(f) => f,
            Err(why) => {
                self.summary.attachments_failed += 1;
                self.summary.problems.push(format!("{label}: attachment {} {why}; item imported without it", att.key));
                return None;
            }
        };
        if !file.is_file() {
            self.summary.attachments_failed += 1;
            self.summary.problems.push(format!("{label}: attachment file missing: {}; item imported without it", file.display()));
            return None;
        }
        let doc = match super::read_attachment(&file, &att.content_type) {
            Ok(doc) => doc,
            Err(e) => {
                self.summary.attachments_failed += 1;
                self.summary.problems.push(format!("{label}: {e}; item imported without this attachment"));
                return None;
            }
        };
        if let Slot::Holds(id) = slot {
            let unchanged_text = self.work.sources.get(&id).and_then(|s| s.hash.clone()) == Some(ops::content_hash(&doc.text));
            if !unchanged_text && let Ok(step) = ops::replace_text(&self.work, id, doc.text) {
                self.apply(step);
                self.new_text.insert(id);
                self.summary.attachments_refreshed += 1;
            }
            if item_changed || !unchanged_text {
                let pages = doc.pages;
                if let Ok(step) = update_source(&self.work, id, |s| {
                    s.meta = meta;
                    s.zotero = Some(origin);
                    s.page_starts = pages;
                }) {
                    self.apply(step);
                }
            }
            return Some(id);
        }
        let id = match slot {
            Slot::Record(id) => id,
            _ => self.work.next_source_id(),
        };
        let mut source = import::new_source(id, &file, &doc, self.project_root);
        source.meta = meta;
        source.zotero = Some(origin);
        self.apply(ops::add_source(&self.work, source, doc.text));
        self.new_text.insert(id);
        self.summary.attachments_imported += 1;
        Some(id)
    }

    fn import_annotation(&mut self, z: &ZAnnotation, target: SourceId) {
        let existing = self.annotations_by_key.get(&z.key).and_then(|id| self.work.annotations.get(id)).cloned();
        let text = self.work.texts.get(&target).cloned();
        if let Some(e) = &existing {
            let same = e.zotero.as_ref().is_some_and(|r| r.modified == z.modified);
            // An orphan is looked for again when its document arrived or changed.
            let new_home = e.source != target || self.new_text.contains(&target);
            if same && !(e.anchor.status == AnchorStatus::Orphan && new_home) {
                self.summary.annotations_unchanged += 1;
                return;
            }
        }
        let Some(source) = self.work.sources.get(&target) else { return };
        let (page_index, offset) = position_hint(z);
        let len = text.as_ref().map_or(0, |t| t.stored.char_len());
        let page = page_index.and_then(|i| page_range(source, len, i));
        let near = match (page, offset) {
            (Some(p), Some(o)) => Some(p.start.0 + o),
            (None, Some(o)) if page_index.is_none() => Some(o),
            _ => None,
        };
        let (kind, quote, prefix) = match z.kind {
            1 | 5 => (Kind::Quote, z.text.as_str(), ""),
            3 => (Kind::Note, "", "[Image area] "),
            4 => (Kind::Note, "", "[Ink drawing] "),
            _ => (Kind::Note, "", ""),
        };
        let range = match (&text, quote.is_empty()) {
            (Some(t), false) => locate_quote(t, quote, page, near),
            (Some(t), true) => first_line(t, page.unwrap_or(CharRange::new(0, len))),
            (None, _) => None,
        };
        let anchor = imported_anchor(text.as_deref(), range, quote);
        let mut tags = z.tags.clone();
        if let Some(tag) = colour_tag(&z.color, &self.lib.colour_names) {
            self.colours.entry(tag.clone()).or_insert_with(|| z.color.trim().to_lowercase());
            tags.push(tag);
        }
        let locator = if !z.page_label.trim().is_empty() {
            format!("p. {}", z.page_label.trim())
        } else {
            range.and_then(|r| source.page_of(r.start.0)).map(|p| format!("p. {p}")).unwrap_or_default()
        };
        let note = format!("{prefix}{}", z.comment.trim());
        let mut a = Annotation {
            id: existing.as_ref().map_or_else(|| self.work.next_annotation_id(), |e| e.id),
            source: target,
            anchor,
            kind,
            tags,
            note: note.trim().to_string(),
            locator,
            figure: None,
            created: meta::rfc3339(&z.added),
            modified: meta::rfc3339(&z.modified),
            zotero: Some(ZoteroAnnotationRef { key: z.key.clone(), modified: z.modified.clone() }),
        };
        if let Some(e) = existing {
            // What the user added in Marginalia stays: their kind, figure value and tags.
            a.kind = e.kind;
            a.figure = e.figure.clone();
            a.tags.extend(e.tags.iter().cloned());
            a.created = e.created.clone();
        }
        let orphan = a.anchor.status == AnchorStatus::Orphan;
        let id = a.id;
        match put_imported_annotation(&self.work, a, &self.colours) {
            Ok(step) => {
                self.apply(step);
                self.annotations_by_key.insert(z.key.clone(), id);
                if orphan {
                    self.summary.annotations_orphaned += 1;
                } else {
                    self.summary.annotations_anchored += 1;
                }
            }
            Err(e) => self.summary.problems.push(format!("annotation {}: {e}", z.key)),
        }
    }
}

/// Whether an item belongs to the chosen collection (by path or leaf name) or one
/// of its subcollections.
fn in_collection(item: &ZItem, wanted: &str) -> bool {
    item.collections.iter().any(|c| {
        c == wanted || c.starts_with(&format!("{wanted}/")) || c.rsplit('/').next() == Some(wanted) || c.contains(&format!("/{wanted}/"))
    })
}

/// Builds the import of `lib` (from the data folder `data_dir`) into `project`, as
/// one transaction, with its summary. `collection` keeps only that collection's
/// items (with its subcollections); `progress(done, total)` is called per item.
/// Errors: an unknown collection (the message lists the library's collections).
pub fn plan(
    project: &Project,
    lib: &ZLibrary,
    data_dir: &Path,
    project_root: &Path,
    collection: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Transaction, Summary), String> {
    if let Some(c) = collection
        && !lib.collections.iter().any(|p| p == c || p.rsplit('/').next() == Some(c))
    {
        let known = if lib.collections.is_empty() { "it has none".to_string() } else { lib.collections.join(", ") };
        return Err(format!("no collection `{c}` in this library ({known})"));
    }
    let items: Vec<&ZItem> = lib.items.iter().filter(|i| collection.is_none_or(|c| in_collection(i, c))).collect();
    let annotations_by_key = project.annotations.values().filter_map(|a| a.zotero.as_ref().map(|z| (z.key.clone(), a.id))).collect();
    let mut planner = Planner {
        work: project.clone(),
        tx: Transaction::new("Import Zotero library"),
        summary: Summary::default(),
        lib,
        data_dir,
        project_root,
        colours: BTreeMap::new(),
        annotations_by_key,
        new_text: HashSet::new(),
    };
    for (n, item) in items.iter().enumerate() {
        progress(n, items.len());
        planner.import_item(item);
    }
    progress(items.len(), items.len());
    Ok((planner.tx, planner.summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_the_users_names_or_zotero_colour_tags() {
        let names = BTreeMap::from([("#5fb236".to_string(), "verified".to_string())]);
        assert_eq!(colour_tag("#5FB236", &names).as_deref(), Some("verified"));
        assert_eq!(colour_tag("#ffd400", &names).as_deref(), Some("zotero-yellow"));
        assert_eq!(colour_tag("#123abc", &names).as_deref(), Some("zotero-123abc"));
        assert_eq!(colour_tag("", &names), None);
    }

    #[test]
    fn positions_give_the_page_and_the_offset() {
        let a = |position: &str, sort: &str| ZAnnotation {
            key: "K".into(),
            kind: 1,
            text: String::new(),
            comment: String::new(),
            color: String::new(),
            page_label: String::new(),
            sort_index: sort.into(),
            position: position.into(),
            tags: Vec::new(),
            added: String::new(),
            modified: String::new(),
        };
        assert_eq!(position_hint(&a(r#"{"pageIndex":3,"rects":[[0,0,1,1]]}"#, "00003|000120|00250")), (Some(3), Some(120)));
        let css = r#"{"type":"CssSelector","value":"p","refinedBy":{"type":"TextPositionSelector","start":48,"end":90}}"#;
        assert_eq!(position_hint(&a(css, "00000048")), (None, Some(48)));
        assert_eq!(position_hint(&a("not json", "")), (None, None));
    }
}
