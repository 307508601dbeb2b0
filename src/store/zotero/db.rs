//! Reading `zotero.sqlite` (rusqlite, bundled SQLite) without ever touching the
//! user's file: the database and its `-wal` are copied to a temporary folder and the
//! copy is read. Zotero keeps its database locked while it runs (exclusive locking
//! mode), so opening the original would fail with "database is locked"; copying the
//! bytes is not blocked, and the `-wal` carries what Zotero has not yet checkpointed.
//!
//! Field, item-type and creator-type numbers differ between libraries (new installs
//! and Zotero 4/5-era libraries number them differently), so every lookup joins on
//! names. Base fields (`publicationTitle`, `publisher`…) are read back through
//! `baseFieldMappingsCombined`, as a `bookSection`'s `bookTitle` is stored under its own field.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::store::StoreError;

/// A creator of an item as Zotero stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZCreator {
    pub first: String,
    pub last: String,
    /// 1: a one-field name (an institution) in `last`.
    pub single_field: bool,
    /// `author`, `editor`, `bookAuthor`, `translator`…
    pub role: String,
}

/// An annotation on an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZAnnotation {
    pub key: String,
    /// 1 highlight, 2 note, 3 image, 4 ink, 5 underline, 6 text.
    pub kind: i64,
    pub text: String,
    pub comment: String,
    pub color: String,
    pub page_label: String,
    pub sort_index: String,
    /// The position JSON (PDF: `{"pageIndex": N, "rects": …}`).
    pub position: String,
    pub tags: Vec<String>,
    /// `YYYY-MM-DD hh:mm:ss` UTC.
    pub added: String,
    pub modified: String,
}

/// An attachment item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZAttachment {
    pub key: String,
    /// 0 imported file, 1 imported URL (snapshot), 2 linked file, 3 linked URL.
    pub link_mode: i64,
    pub content_type: String,
    /// `storage:<name>`, an absolute path, or `attachments:<relative>`.
    pub path: String,
    pub title: String,
    pub annotations: Vec<ZAnnotation>,
}

/// A regular item (or a standalone attachment) with everything hanging from it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ZItem {
    pub key: String,
    /// Zotero item type name (`journalArticle`).
    pub item_type: String,
    /// Field values by base field name (`publicationTitle` for a `bookTitle`).
    pub fields: BTreeMap<String, String>,
    pub creators: Vec<ZCreator>,
    pub tags: Vec<String>,
    /// Collection paths, parents first (`Korea/Arrival figures`).
    pub collections: Vec<String>,
    /// Child notes, HTML.
    pub notes: Vec<String>,
    pub attachments: Vec<ZAttachment>,
    pub modified: String,
}

/// What a Zotero library holds, read in one pass.
#[derive(Debug, Clone, Default)]
pub struct ZLibrary {
    pub items: Vec<ZItem>,
    /// The user's coloured tags (`tagColors`): colour (`#rrggbb`, lower case) → tag name.
    pub colour_names: BTreeMap<String, String>,
    /// Every collection path, for `--collection` and its error message.
    pub collections: Vec<String>,
}

/// Collection paths by item id.
type ItemCollections = HashMap<i64, Vec<String>>;

/// A readable copy of a Zotero database; the temporary copy goes with it.
pub struct Snapshot {
    conn: Connection,
    /// The user's database, for error messages.
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Snapshot {
    /// Copies `zotero.sqlite` (and its `-wal`) from a Zotero data folder and opens the copy.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join("zotero.sqlite");
        if !path.is_file() {
            let problem = if data_dir.is_dir() {
                "no zotero.sqlite here: pass Zotero's data folder (Zotero: Settings, Advanced, Files and Folders, Data Directory Location)"
            } else {
                "no such folder"
            };
            return Err(StoreError::invalid(if data_dir.is_dir() { &path } else { data_dir }, problem));
        }
        let dir = tempfile::tempdir().map_err(|e| StoreError::io(&std::env::temp_dir(), e))?;
        let copy = dir.path().join("zotero.sqlite");
        std::fs::copy(&path, &copy).map_err(|e| StoreError::io(&path, e))?;
        let wal = data_dir.join("zotero.sqlite-wal");
        if wal.is_file() {
            std::fs::copy(&wal, dir.path().join("zotero.sqlite-wal")).map_err(|e| StoreError::io(&wal, e))?;
        }
        let damaged = |e: rusqlite::Error| StoreError::invalid(&path, format!("cannot be read as a Zotero database: {e}"));
        // The copy is ours, so it may be opened read-write: SQLite needs that to apply a
        // copied `-wal`. Nothing is ever written to the user's file.
        let conn =
            Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(damaged)?;
        let snapshot = Self { conn, path, _dir: dir };
        for table in ["items", "itemTypesCombined", "fieldsCombined", "itemData", "itemDataValues", "creators", "itemAttachments"] {
            if !snapshot.has_table(table)? {
                return Err(StoreError::invalid(&snapshot.path, format!("is not a Zotero 5+ database (no `{table}` table)")));
            }
        }
        Ok(snapshot)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::invalid(&self.path, format!("cannot be read as a Zotero database: {e}"))
    }

    fn has_table(&self, name: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| r.get::<_, i64>(0))
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Rows of a query as tuples, every error naming the user's database.
    fn rows<T>(&self, sql: &str, map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], map).map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<T>, _>>().map_err(|e| self.err(e))
    }

    /// Reads the user library: regular items and standalone attachments (not in the
    /// trash) with their fields, creators, tags, collections, notes, attachments and
    /// annotations.
    pub fn read(&self) -> Result<ZLibrary, StoreError> {
        let text = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<rusqlite::types::Value>>(i)?
                .map(|v| match v {
                    rusqlite::types::Value::Text(s) => s,
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Real(x) => x.to_string(),
                    _ => String::new(),
                })
                .unwrap_or_default())
        };
        let user_library = if self.has_table("libraries")? { "(SELECT libraryID FROM libraries WHERE type = 'user')" } else { "(1)" };
        let has_trash = self.has_table("deletedItems")?;
        // Whether the item in `column` is in the trash (no trash table: nothing is).
        let trash = |column: &str| {
            if has_trash { format!("{column} IN (SELECT itemID FROM deletedItems)") } else { "0".to_string() }
        };
        // itemID → (key, type, modified)
        let items: Vec<(i64, String, String, String)> = self.rows(
            &format!(
                "SELECT i.itemID, i.key, t.typeName, i.dateModified FROM items i JOIN itemTypesCombined t ON t.itemTypeID = i.itemTypeID \
                 WHERE i.libraryID IN {user_library} AND NOT {} ORDER BY i.itemID",
                trash("i.itemID")
            ),
            |r| Ok((r.get(0)?, text(r, 1)?, text(r, 2)?, text(r, 3)?)),
        )?;
        let mut fields: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
        for (id, name, value) in self.rows(
            "SELECT d.itemID, COALESCE(bf.fieldName, f.fieldName), v.value FROM itemData d \
             JOIN items i ON i.itemID = d.itemID JOIN fieldsCombined f ON f.fieldID = d.fieldID \
             JOIN itemDataValues v ON v.valueID = d.valueID \
             LEFT JOIN baseFieldMappingsCombined b ON b.itemTypeID = i.itemTypeID AND b.fieldID = d.fieldID \
             LEFT JOIN fieldsCombined bf ON bf.fieldID = b.baseFieldID",
            |r| Ok((r.get::<_, i64>(0)?, text(r, 1)?, text(r, 2)?)),
        )? {
            fields.entry(id).or_default().insert(name, value);
        }
        let mut creators: HashMap<i64, Vec<ZCreator>> = HashMap::new();
        for (id, first, last, mode, role) in self.rows(
            "SELECT ic.itemID, c.firstName, c.lastName, c.fieldMode, ct.creatorType FROM itemCreators ic \
             JOIN creators c ON c.creatorID = ic.creatorID JOIN creatorTypes ct ON ct.creatorTypeID = ic.creatorTypeID \
             ORDER BY ic.itemID, ic.orderIndex",
            |r| Ok((r.get::<_, i64>(0)?, text(r, 1)?, text(r, 2)?, r.get::<_, Option<i64>>(3)?, text(r, 4)?)),
        )? {
            creators.entry(id).or_default().push(ZCreator { first, last, single_field: mode == Some(1), role });
        }
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        if self.has_table("itemTags")? {
            for (id, name) in self
                .rows("SELECT it.itemID, t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID ORDER BY it.itemID, t.name", |r| {
                    Ok((r.get::<_, i64>(0)?, text(r, 1)?))
                })?
            {
                tags.entry(id).or_default().push(name);
            }
        }
        let (collection_paths, mut collections) = self.collections()?;
        let mut notes: HashMap<i64, Vec<String>> = HashMap::new();
        if self.has_table("itemNotes")? {
            for (parent, note) in self.rows(
                &format!(
                    "SELECT parentItemID, note FROM itemNotes WHERE parentItemID IS NOT NULL AND NOT {} ORDER BY itemID",
                    trash("itemID")
                ),
                |r| Ok((r.get::<_, i64>(0)?, text(r, 1)?)),
            )? {
                notes.entry(parent).or_default().push(note);
            }
        }
        let mut annotations: HashMap<i64, Vec<ZAnnotation>> = HashMap::new();
        if self.has_table("itemAnnotations")? {
            let rows = self.rows(
                &format!(
                    "SELECT a.itemID, a.parentItemID, i.key, a.type, a.text, a.comment, a.color, a.pageLabel, a.sortIndex, a.position, \
                     i.dateAdded, i.dateModified FROM itemAnnotations a JOIN items i ON i.itemID = a.itemID \
                     WHERE NOT {} ORDER BY a.parentItemID, a.sortIndex",
                    trash("a.itemID")
                ),
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        ZAnnotation {
                            key: text(r, 2)?,
                            kind: r.get(3)?,
                            text: text(r, 4)?,
                            comment: text(r, 5)?,
                            color: text(r, 6)?.to_lowercase(),
                            page_label: text(r, 7)?,
                            sort_index: text(r, 8)?,
                            position: text(r, 9)?,
                            tags: Vec::new(),
                            added: text(r, 10)?,
                            modified: text(r, 11)?,
                        },
                    ))
                },
            )?;
            for (id, parent, mut a) in rows {
                a.tags = tags.get(&id).cloned().unwrap_or_default();
                annotations.entry(parent).or_default().push(a);
            }
        }
        let mut attachments: HashMap<i64, Vec<ZAttachment>> = HashMap::new();
        // A file added to Zotero on its own is an attachment without a parent: the item is its own document.
        let mut own: HashMap<i64, ZAttachment> = HashMap::new();
        let keys: HashMap<i64, &str> = items.iter().map(|(id, key, _, _)| (*id, key.as_str())).collect();
        for (id, parent, link_mode, content_type, path) in self.rows(
            &format!(
                "SELECT itemID, parentItemID, linkMode, contentType, path FROM itemAttachments WHERE NOT {} ORDER BY itemID",
                trash("itemID")
            ),
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?, text(r, 3)?, text(r, 4)?)),
        )? {
            let Some(key) = keys.get(&id) else { continue };
            let attachment = ZAttachment {
                key: key.to_string(),
                link_mode: link_mode.unwrap_or(0),
                content_type,
                path,
                title: fields.get(&id).and_then(|f| f.get("title")).cloned().unwrap_or_default(),
                annotations: annotations.remove(&id).unwrap_or_default(),
            };
            match parent {
                Some(p) => attachments.entry(p).or_default().push(attachment),
                None => {
                    own.insert(id, attachment);
                }
            }
        }
        let colour_names = self.colour_names()?;
        let mut out = ZLibrary { items: Vec::new(), colour_names, collections: collection_paths };
        for (id, key, item_type, modified) in items {
            let own_document = own.remove(&id);
            if matches!(item_type.as_str(), "note" | "annotation") || (item_type == "attachment" && own_document.is_none()) {
                continue;
            }
            let mut item_attachments = attachments.remove(&id).unwrap_or_default();
            item_attachments.extend(own_document);
            out.items.push(ZItem {
                key,
                item_type,
                fields: fields.remove(&id).unwrap_or_default(),
                creators: creators.remove(&id).unwrap_or_default(),
                tags: tags.remove(&id).unwrap_or_default(),
                collections: collections.remove(&id).unwrap_or_default(),
                notes: notes.remove(&id).unwrap_or_default(),
                attachments: item_attachments,
                modified,
            });
        }
        Ok(out)
    }

    /// Every collection path of the library (`Parent/Child`), sorted.
    pub fn collection_paths(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.collections()?.0)
    }

    /// Collection paths (`Parent/Child`), and for each item the paths of the collections holding it.
    fn collections(&self) -> Result<(Vec<String>, ItemCollections), StoreError> {
        if !self.has_table("collections")? {
            return Ok((Vec::new(), HashMap::new()));
        }
        let rows: Vec<(i64, String, Option<i64>)> = self
            .rows("SELECT collectionID, collectionName, parentCollectionID FROM collections", |r| {
                Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default(), r.get(2)?))
            })?;
        let by_id: HashMap<i64, (&str, Option<i64>)> = rows.iter().map(|(id, n, p)| (*id, (n.as_str(), *p))).collect();
        let path_of = |mut id: i64| {
            let mut parts = Vec::new();
            // Bounded: a damaged database could hold a parent cycle.
            while let Some((name, parent)) = by_id.get(&id).copied() {
                parts.push(name);
                match parent {
                    Some(p) if parts.len() <= by_id.len() => id = p,
                    _ => break,
                }
            }
            parts.reverse();
            parts.join("/")
        };
        let paths: HashMap<i64, String> = rows.iter().map(|(id, _, _)| (*id, path_of(*id))).collect();
        let mut all: Vec<String> = paths.values().cloned().collect();
        all.sort();
        let mut per_item: HashMap<i64, Vec<String>> = HashMap::new();
        if self.has_table("collectionItems")? {
            for (collection, item) in self.rows("SELECT collectionID, itemID FROM collectionItems ORDER BY orderIndex", |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })? {
                if let Some(path) = paths.get(&collection) {
                    per_item.entry(item).or_default().push(path.clone());
                }
            }
        }
        for list in per_item.values_mut() {
            list.sort();
            list.dedup();
        }
        Ok((all, per_item))
    }

    /// The user's coloured tags: Zotero's synced setting `tagColors`, a JSON list of
    /// `{"name", "color"}`. The first name given a colour wins.
    fn colour_names(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut out = BTreeMap::new();
        if !self.has_table("syncedSettings")? {
            return Ok(out);
        }
        let values: Vec<String> = self.rows("SELECT value FROM syncedSettings WHERE setting = 'tagColors'", |r| {
            Ok(r.get::<_, Option<String>>(0)?.unwrap_or_default())
        })?;
        for value in values {
            // A malformed setting only loses the names, not the import.
            let Ok(serde_json::Value::Array(list)) = serde_json::from_str::<serde_json::Value>(&value) else { continue };
            for entry in list {
                if let (Some(name), Some(colour)) =
                    (entry.get("name").and_then(|v| v.as_str()), entry.get("color").and_then(|v| v.as_str()))
                {
                    out.entry(colour.to_lowercase()).or_insert_with(|| name.to_string());
                }
            }
        }
        Ok(out)
    }
}
