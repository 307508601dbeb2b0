//! The command-line interface (contract: `../shared/docs/cli.md`).
//!
//! Exit codes: 0 ok; 1 error (message names the file and the problem); 2 bad usage or
//! a quote not found / ambiguous; 3 `check`/`refresh` found orphaned annotations; 4 `check`
//! found merge conflicts recorded in the project (see `docs/cli.md`).

mod collab;
mod figures;
mod imports;

use figures::{cmd_conflicts, cmd_figures};
pub use figures::{conflict_records, figure_json};
use imports::{cmd_import_qdpx, cmd_import_zotero};

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::model::quote::{find_quote, reading_quote};
use crate::model::{AnchorStatus, Annotation, Kind, Project, Relation, Source, anchor, ops};
use crate::store::{self, Loaded, ProjectFolder, import};

mod evaluate;

#[derive(Debug, Parser)]
#[command(
    name = "marginalia",
    version,
    about = "Read sources, annotate them, reconcile their figures and export annotated bibliographies."
)]
pub struct Cli {
    /// Project folder to open in the desktop app.
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a project folder.
    New {
        project: PathBuf,
        #[arg(long)]
        title: Option<String>,
    },
    /// Import documents (plain text, Markdown, HTML, DOCX, PDF) into a project.
    Add {
        project: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Bibliographic records (BibTeX, RIS or CSL-JSON) for the documents.
        #[arg(long)]
        bib: Option<PathBuf>,
    },
    /// Re-import a source from its original path (or FILE) and re-anchor its annotations.
    Refresh {
        project: PathBuf,
        source: String,
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Annotate the span of a source matching a quote.
    Annotate {
        project: PathBuf,
        #[arg(long)]
        source: String,
        #[arg(long)]
        quote: String,
        /// Which match to take (1-based) when the quote occurs more than once.
        #[arg(long)]
        nth: Option<usize>,
        /// claim | figure | quote | question | note, or a codebook tag name.
        #[arg(long)]
        kind: String,
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        locator: Option<String>,
    },
    /// Set a source's bibliographic details (fields not given are kept).
    Meta {
        project: PathBuf,
        source: String,
        #[command(flatten)]
        fields: MetaFields,
    },
    /// Link two annotations.
    Link {
        project: PathBuf,
        from: String,
        to: String,
        #[arg(long)]
        relation: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// List sources, annotations, links or tags.
    List {
        project: PathBuf,
        what: ListWhat,
        #[arg(long)]
        json: bool,
    },
    /// List the figures (counts, money, percentages) of a text file or of every source of a project.
    Figures {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Conflict sets: confirmed (made or linked by the editor) and suggested.
    Conflicts {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        /// Score the suggestions against a gold set (RON, `tests/gold/figure_sets.ron`):
        /// precision, recall and verdict agreement.
        #[arg(long, value_name = "GOLD")]
        evaluate: Option<PathBuf>,
    },
    /// Export the project: annotated bibliography (markdown, html), reference list
    /// (bibliography), data (bibtex, csl-json, ris, w3c, csv), or a REFI-QDA project (qdpx, needs -o)
    /// or codebook (qdc) for QDA software.
    Export {
        project: PathBuf,
        #[arg(long)]
        format: String,
        /// CSL style: apa (default), chicago-author-date, chicago-notes, mla, or any bundled style name.
        #[arg(long, default_value = "apa")]
        style: String,
        /// Only the sources with annotations carrying this tag (and only those annotations).
        #[arg(long)]
        tag: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Create a conflict set from figure annotations.
    Set {
        project: PathBuf,
        #[arg(required = true)]
        annotations: Vec<String>,
        #[arg(long)]
        subject: String,
        /// conflict | explained | compatible | unresolved
        #[arg(long, default_value = "unresolved")]
        verdict: String,
        #[arg(long)]
        rationale: Option<String>,
        /// A figure's role in the set, as ANNOTATION=ROLE (`a1=boarded`). Repeatable.
        #[arg(long = "role")]
        roles: Vec<String>,
    },
    /// Test helper for crash-safety checks: adds annotations and saves, over and
    /// over, printing "saved N" after each save that completed.
    #[command(hide = true)]
    StressSave {
        project: PathBuf,
        #[arg(long, default_value_t = 1000)]
        rounds: usize,
        #[arg(long, default_value_t = 50)]
        per_round: usize,
    },
    /// Search every source (case, accents, quote marks, line breaks and hyphenation do not matter).
    Search {
        project: PathBuf,
        /// Words that must all occur in one paragraph, or "an exact phrase" in quotes.
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Print a source's outline (headings) and its notes with the markers pointing to them.
    Outline { project: PathBuf, source: String },
    /// Print a source's reading text (joined paragraphs, de-hyphenated), or its stored text.
    Text {
        project: PathBuf,
        source: String,
        /// The stored text as imported, line breaks and all.
        #[arg(long)]
        original: bool,
    },
    /// Re-verify every anchor against the stored text.
    Check {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// git's merge driver for project.ron (set up by git-setup): BASE OURS PATH THEIRS.
    /// Writes the merge over OURS; exit 0 clean, 1 conflicts recorded in the project.
    MergeDriver { base: PathBuf, ours: PathBuf, path: String, theirs: PathBuf },
    /// Set a project in a git repository up for sharing: .gitattributes, .gitignore,
    /// the merge driver in the local git config, and this copy's id tag.
    GitSetup { project: PathBuf },
    /// List the merge conflicts recorded in a project, or resolve one (N from the list).
    Resolve {
        project: PathBuf,
        number: Option<usize>,
        /// ours | theirs | both
        #[arg(long)]
        take: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change an annotation (one undoable step).
    Edit {
        project: PathBuf,
        id: String,
        #[arg(long = "add-tag")]
        add_tags: Vec<String>,
        #[arg(long = "remove-tag")]
        remove_tags: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        /// claim | figure | quote | question | note
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        locator: Option<String>,
    },
    /// Delete an annotation (with its links), a link or a conflict set, by id.
    Delete { project: PathBuf, id: String },
    /// Import a REFI-QDA project (.qdpx from ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette…):
    /// text sources, coded selections, codes, notes, links; or a codebook (.qdc) as tags.
    /// Prints what could not be mapped.
    ImportQdpx { project: PathBuf, file: PathBuf },
    /// Import a Zotero library: items, their attachments' documents and the
    /// highlights and notes made on them. Re-running it updates without duplicating.
    ImportZotero {
        project: PathBuf,
        /// Zotero's data folder (holding zotero.sqlite and storage/).
        #[arg(long)]
        library: PathBuf,
        /// Only this collection (name or Parent/Child path) and its subcollections.
        #[arg(long)]
        collection: Option<String>,
    },
}

/// Bibliographic fields settable from the command line.
#[derive(Debug, clap::Args)]
pub struct MetaFields {
    /// CSL item type (article-journal, chapter, book, report, webpage, article-newspaper, …).
    #[arg(long = "type")]
    pub item_type: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// "Family, Given[, Suffix]" (particles as written: "van den Berg, Anneke", "Ortega, R. de, Jr.")
    /// or a corporate name in braces: "{Mexico-Korea Commission}". Repeatable.
    #[arg(long = "author")]
    pub authors: Vec<String>,
    /// ISO date: 2021, 2024-02, 2024-02-15.
    #[arg(long)]
    pub issued: Option<String>,
    #[arg(long)]
    pub container: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListWhat {
    Sources,
    Annotations,
    Links,
    Tags,
}

/// A failed command: what to print and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    pub message: String,
}

impl CliError {
    fn error(message: impl Into<String>) -> Self {
        Self { code: 1, message: message.into() }
    }
    fn usage(message: impl Into<String>) -> Self {
        Self { code: 2, message: message.into() }
    }
}

impl From<store::StoreError> for CliError {
    fn from(e: store::StoreError) -> Self {
        Self::error(e.to_string())
    }
}

/// What a successful command prints, and its exit code (3 for orphans).
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    fn ok(stdout: String) -> Self {
        Self { stdout, stderr: String::new(), code: 0 }
    }
}

/// Runs a command; `None` as command is handled by the caller (opens the app).
pub fn run(command: Command) -> Result<Output, CliError> {
    match command {
        Command::New { project, title } => cmd_new(&project, title),
        Command::Add { project, files, bib } => cmd_add(&project, &files, bib.as_deref()),
        Command::Refresh { project, source, from } => cmd_refresh(&project, &source, from.as_deref()),
        Command::Annotate { project, source, quote, nth, kind, tags, note, locator } => {
            cmd_annotate(&project, &source, &quote, nth, &kind, &tags, note.as_deref(), locator.as_deref())
        }
        Command::Meta { project, source, fields } => cmd_meta(&project, &source, fields),
        Command::Link { project, from, to, relation, note } => cmd_link(&project, &from, &to, &relation, note.as_deref()),
        Command::List { project, what, json } => cmd_list(&project, what, json),
        Command::Check { project, json } => cmd_check(&project, json),
        Command::Conflicts { project, json, evaluate: None } => cmd_conflicts(&project, json),
        Command::Conflicts { project, json, evaluate: Some(gold) } => evaluate::cmd_evaluate(&project, &gold, json),
        Command::Export { project, format, style, tag, output } => cmd_export(&project, &format, &style, tag, output.as_deref()),
        Command::Set { project, annotations, subject, verdict, rationale, roles } => {
            cmd_set(&project, &annotations, &subject, &verdict, rationale, &roles)
        }
        Command::StressSave { project, rounds, per_round } => cmd_stress_save(&project, rounds, per_round),
        Command::Search { project, query, json } => cmd_search(&project, &query, json),
        Command::Outline { project, source } => cmd_outline(&project, &source),
        Command::Figures { path, json } => cmd_figures(&path, json),
        Command::Text { project, source, original } => cmd_text(&project, &source, original),
        Command::MergeDriver { base, ours, path, theirs } => collab::cmd_merge_driver(&base, &ours, &path, &theirs),
        Command::GitSetup { project } => collab::cmd_git_setup(&project),
        Command::Resolve { project, number, take, json } => collab::cmd_resolve(&project, number, take.as_deref(), json),
        Command::Edit { project, id, add_tags, remove_tags, note, kind, locator } => {
            collab::cmd_edit(&project, &id, collab::AnnotationEdit { add_tags, remove_tags, note, kind, locator })
        }
        Command::Delete { project, id } => collab::cmd_delete(&project, &id),
        Command::ImportQdpx { project, file } => cmd_import_qdpx(&project, &file),
        Command::ImportZotero { project, library, collection } => cmd_import_zotero(&project, &library, collection.as_deref()),
    }
}

/// Opens a project for a command. When stored texts changed on disk, the re-anchoring
/// step is applied and saved at once (so every command sees, and the next one finds,
/// the project in line with its files); a folder that cannot be written only warns.
fn open(path: &Path) -> Result<Loaded, CliError> {
    let mut loaded = ProjectFolder::open(path)?;
    if loaded.apply_reanchor()
        && let Err(e) = loaded.folder.save(&loaded.project)
    {
        loaded.warnings.push(format!("the re-anchored project could not be saved: {e}"));
    }
    Ok(loaded)
}

fn warnings_text(warnings: &[String]) -> String {
    warnings.iter().map(|w| format!("warning: {w}\n")).collect()
}

fn cmd_new(path: &Path, title: Option<String>) -> Result<Output, CliError> {
    let title = title.unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    ProjectFolder::create(path, &title)?;
    Ok(Output::ok(format!("created project {}\n", path.display())))
}

fn cmd_add(path: &Path, files: &[PathBuf], bib: Option<&Path>) -> Result<Output, CliError> {
    use crate::store::import_batch;
    let mut loaded = open(path)?;
    let mut warnings = loaded.warnings.clone();
    let bibs: Vec<PathBuf> = bib.map(Path::to_path_buf).into_iter().collect();
    let read = import_batch::read_inputs(files, &bibs, || true);
    let (tx, report) = import_batch::plan(&loaded.project, loaded.folder.root(), read);
    if let Some(tx) = tx {
        tx.apply(&mut loaded.project);
        loaded.folder.save(&loaded.project)?;
    }
    let mut out = String::new();
    out.extend(report.added.iter().map(|(id, name)| format!("{id}\t{name}\n")));
    out.extend(report.records_added.iter().map(|id| format!("{id}\t-\n")));
    warnings.extend(report.warnings.iter().cloned());
    warnings.extend(report.matched.iter().map(|(_, line, id)| format!("record at line {line} describes {id}")));
    if report.failures.is_empty() {
        return Ok(Output { stdout: out, stderr: warnings_text(&warnings), code: 0 });
    }
    // The files that could be read are added and saved; each failure is said once.
    let mut stderr = warnings_text(&warnings);
    stderr.extend(report.failures.iter().map(|e| format!("error: {e}\n")));
    stderr.push_str(&format!("{}\n", report.summary()));
    Ok(Output { stdout: out, stderr, code: 1 })
}

fn find_source(project: &Project, key: &str) -> Result<crate::model::SourceId, CliError> {
    project
        .find_source(key)
        .ok_or_else(|| CliError::usage(format!("no source `{key}` in this project (use an id such as s1 or an imported file name)")))
}

fn cmd_refresh(path: &Path, key: &str, from: Option<&Path>) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let source = &loaded.project.sources[&id];
    let origin = match (from, &source.original_path) {
        (Some(f), _) => f.to_path_buf(),
        (None, Some(p)) => import::resolve_original(p, loaded.folder.root()),
        (None, None) => {
            return Err(CliError::usage(format!("source {id} has no original path; pass --from FILE")));
        }
    };
    let doc = import::read_document(&origin)?;
    let root = loaded.folder.root().to_path_buf();
    let original = from.and_then(|f| import::original_path(f, &root));
    let tx = ops::refresh_source(&loaded.project, id, crate::model::SourceText::new(doc.text), original)
        .map_err(|e| CliError::error(e.to_string()))?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    let counts = count_statuses(loaded.project.annotations.values().filter(|a| a.source == id).map(|a| a.anchor.status));
    let summary = summary_line(&counts);
    let orphans = counts[3];
    Ok(Output { stdout: format!("{summary}\n"), stderr: warnings_text(&doc.warnings), code: if orphans > 0 { 3 } else { 0 } })
}

fn count_statuses(statuses: impl Iterator<Item = AnchorStatus>) -> [usize; 4] {
    let mut counts = [0; 4];
    for s in statuses {
        counts[s as usize] += 1;
    }
    counts
}

fn summary_line(counts: &[usize; 4]) -> String {
    format!("exact {}, moved {}, fuzzy {}, orphan {}", counts[0], counts[1], counts[2], counts[3])
}

#[allow(clippy::too_many_arguments)]
fn cmd_annotate(
    path: &Path,
    key: &str,
    quote: &str,
    nth: Option<usize>,
    kind: &str,
    tags: &[String],
    note: Option<&str>,
    locator: Option<&str>,
) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let project = &mut loaded.project;
    let source = find_source(project, key)?;
    let text = project.text(source).ok_or_else(|| CliError::usage(format!("source {source} has no document to annotate")))?.clone();
    let (kind, kind_tag) = match kind.parse::<Kind>() {
        Ok(k) => (k, None),
        Err(e) if project.tags.contains_key(kind) => {
            let _ = e;
            (Kind::Note, Some(kind.to_string()))
        }
        Err(e) => return Err(CliError::usage(e)),
    };
    let hits = find_quote(&text, quote);
    let range = match (hits.len(), nth) {
        (0, _) => {
            return Err(CliError::usage(format!("quote not found in {source}: \"{quote}\"")));
        }
        (n, Some(k)) if k == 0 || k > n => {
            return Err(CliError::usage(format!("--nth {k}: the quote occurs {n} times in {source}")));
        }
        (_, Some(k)) => hits[k - 1],
        (1, None) => hits[0],
        (n, None) => {
            let lines: Vec<String> = hits.iter().map(|r| text.stored.line_of(r.start).to_string()).collect();
            return Err(CliError::usage(format!(
                "the quote occurs {n} times in {source} (lines {}); choose one with --nth",
                lines.join(", ")
            )));
        }
    };
    let now = store::now_rfc3339();
    let tags: Vec<String> = tags.iter().cloned().chain(kind_tag).collect();
    let spec = ops::AnnotateSpec { kind, tags: &tags, note, locator };
    let (tx, id) = ops::annotate(project, source, range, &spec, &now).map_err(|e| match e {
        ops::OpError::EmptyTagName => CliError::usage(e.to_string()),
        e => CliError::error(e.to_string()),
    })?;
    tx.apply(project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

fn cmd_link(path: &Path, from: &str, to: &str, relation: &str, note: Option<&str>) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let relation: Relation = relation.parse().map_err(CliError::usage)?;
    let from = from.parse().map_err(CliError::usage)?;
    let to = to.parse().map_err(CliError::usage)?;
    let tx = ops::add_link(&loaded.project, from, to, relation, note.unwrap_or("")).map_err(|e| CliError::usage(e.to_string()))?;
    let id = loaded.project.next_link_id();
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

/// The JSON record of an annotation (`list annotations --json`).
pub fn annotation_json(project: &Project, a: &Annotation) -> Value {
    let text = project.text(a.source);
    let quote = match (text, a.anchor.status) {
        (Some(t), s) if s != AnchorStatus::Orphan => reading_quote(t, a.anchor.range),
        _ => a.anchor.exact.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let line = text.map_or(0, |t| t.stored.line_of(a.anchor.range.start));
    json!({
        "id": a.id.to_string(),
        "source": a.source.to_string(),
        "kind": a.kind.as_str(),
        "tags": a.tags,
        "note": a.note,
        "locator": a.locator,
        "quote": quote,
        "start": a.anchor.range.start.0,
        "end": a.anchor.range.end.0,
        "line": line,
        "status": a.anchor.status.as_str(),
    })
}

fn source_json(project: &Project, s: &Source) -> Value {
    let authors: Vec<String> = s.meta.authors.iter().map(crate::model::Person::inverted).collect();
    json!({
        "id": s.id.to_string(),
        "file": s.file,
        "title": s.meta.title,
        "authors": authors,
        "year": s.meta.year(),
        "type": s.meta.item_type,
        "chars": project.text(s.id).map_or(0, |t| t.stored.char_len()),
    })
}

fn cmd_list(path: &Path, what: ListWhat, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let p = &loaded.project;
    let records: Vec<Value> = match what {
        ListWhat::Sources => p.sources.values().map(|s| source_json(p, s)).collect(),
        ListWhat::Annotations => p.annotations.values().map(|a| annotation_json(p, a)).collect(),
        ListWhat::Links => p
            .links
            .values()
            .map(|l| json!({"id": l.id.to_string(), "from": l.from.to_string(), "to": l.to.to_string(), "relation": l.relation.as_str(), "note": l.note}))
            .collect(),
        ListWhat::Tags => p
            .tags
            .values()
            .map(|t| {
                let count = p.annotations.values().filter(|a| a.has_tag(&t.name)).count();
                json!({"name": t.name, "colour": t.colour, "description": t.description, "count": count})
            })
            .collect(),
    };
    let stdout = if as_json { format!("{}\n", Value::Array(records)) } else { records.iter().map(plain_line).collect() };
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

/// A record as one tab-separated line of its scalar fields.
fn plain_line(record: &Value) -> String {
    let Value::Object(map) = record else {
        return format!("{record}\n");
    };
    let cells: Vec<String> = map
        .values()
        .map(|v| match v {
            Value::String(s) => s.replace(['\t', '\n'], " "),
            Value::Null => "-".to_string(),
            Value::Array(items) => {
                items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(",")
            }
            other => other.to_string(),
        })
        .collect();
    format!("{}\n", cells.join("\t"))
}

fn cmd_check(path: &Path, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let p = &loaded.project;
    let mut records = Vec::new();
    let mut statuses = Vec::new();
    for a in p.annotations.values() {
        let status = p.text(a.source).map_or(AnchorStatus::Orphan, |t| anchor::verify(&a.anchor, &t.stored));
        statuses.push(status);
        records.push(json!({"id": a.id.to_string(), "status": status.as_str(), "quote": annotation_json(p, a)["quote"]}));
    }
    let counts = count_statuses(statuses.into_iter());
    let mut stdout = if as_json { format!("{}\n", Value::Array(records)) } else { format!("{}\n", summary_line(&counts)) };
    let mut stderr = warnings_text(&loaded.warnings);
    if counts[3] > 0 && !as_json {
        stderr.push_str(&format!("{} orphaned annotations\n", counts[3]));
    }
    // Merge conflicts: listed on stdout (stderr with --json, whose shape is fixed).
    let merge_lines = collab::conflict_lines(p);
    if as_json {
        stderr.push_str(&merge_lines)
    } else {
        stdout.push_str(&merge_lines)
    }
    let code = if !p.merge_conflicts.is_empty() {
        collab::EXIT_MERGE_CONFLICTS
    } else if counts[3] > 0 {
        3
    } else {
        0
    };
    Ok(Output { stdout, stderr, code })
}

fn cmd_text(path: &Path, key: &str, original: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let text = loaded.project.text(id).ok_or_else(|| CliError::usage(format!("source {id} has no document")))?;
    let mut stdout = if original { text.stored.as_str().to_string() } else { text.reading.as_str().to_string() };
    if !stdout.ends_with('\n') {
        stdout.push('\n');
    }
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

/// Parses "Family, Given", "{Corporate Name}" or a single name.
pub fn parse_person(s: &str) -> crate::model::Person {
    s.parse().unwrap_or_else(|never: std::convert::Infallible| match never {})
}

fn cmd_meta(path: &Path, key: &str, f: MetaFields) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let mut meta = loaded.project.sources[&id].meta.clone();
    let fields: [(&str, &mut String, Option<String>); 8] = [
        ("type", &mut meta.item_type, f.item_type),
        ("title", &mut meta.title, f.title),
        ("issued", &mut meta.issued, f.issued),
        ("container_title", &mut meta.container_title, f.container),
        ("publisher", &mut meta.publisher, f.publisher),
        ("publisher_place", &mut meta.publisher_place, f.place),
        ("url", &mut meta.url, f.url),
        ("note", &mut meta.note, f.note),
    ];
    let mut confirmed = Vec::new();
    for (name, field, value) in fields {
        if let Some(v) = value {
            *field = v;
            confirmed.push(name);
        }
    }
    if !f.authors.is_empty() {
        meta.authors = f.authors.iter().map(|a| parse_person(a)).collect();
        confirmed.push("authors");
    }
    // What the user states is no longer a guess.
    for name in confirmed {
        meta.guessed.remove(name);
    }
    let tx = ops::set_metadata(&loaded.project, id, meta).map_err(|e| CliError::error(e.to_string()))?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(String::new()))
}

fn cmd_export(path: &Path, format: &str, style: &str, tag: Option<String>, output: Option<&Path>) -> Result<Output, CliError> {
    use crate::store::export::{self, Format, Scope};
    let format: Format = format.parse().map_err(CliError::usage)?;
    if !format.is_text() && output.is_none() {
        return Err(CliError::usage(format!("{} is a binary file: write it with -o FILE", format.name())));
    }
    let loaded = open(path)?;
    let scope = tag.map_or(Scope::All, Scope::Tag);
    let bytes = export::export(&loaded.project, format, style, &scope).map_err(|e| {
        if e.starts_with("unknown citation style") { CliError::usage(e) } else { CliError::error(format!("{}: {e}", path.display())) }
    })?;
    match output {
        Some(file) => {
            crate::store::atomic::write(file, &bytes, false).map_err(|e| CliError::error(format!("{}: {e}", file.display())))?;
            Ok(Output { stdout: String::new(), stderr: warnings_text(&loaded.warnings), code: 0 })
        }
        None => Ok(Output { stdout: String::from_utf8_lossy(&bytes).into_owned(), stderr: warnings_text(&loaded.warnings), code: 0 }),
    }
}

fn cmd_set(
    path: &Path,
    annotations: &[String],
    subject: &str,
    verdict: &str,
    rationale: Option<String>,
    roles: &[String],
) -> Result<Output, CliError> {
    use crate::model::{AnnotationId, Verdict, ops::SetText};
    let mut loaded = open(path)?;
    let verdict: Verdict = verdict.parse().map_err(CliError::usage)?;
    let ids: Vec<AnnotationId> = annotations.iter().map(|a| a.parse()).collect::<Result<_, _>>().map_err(CliError::usage)?;
    let p = &mut loaded.project;
    let (tx, id) = ops::create_set(p, subject, &ids).map_err(|e| CliError::usage(e.to_string()))?;
    tx.apply(p);
    ops::set_verdict(p, id, verdict).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    if let Some(r) = rationale {
        ops::set_set_text(p, id, SetText::Rationale, &r).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    }
    for role in roles {
        let (a, text) = role.split_once('=').ok_or_else(|| CliError::usage(format!("--role {role}: expected ANNOTATION=ROLE")))?;
        let a: AnnotationId = a.trim().parse().map_err(CliError::usage)?;
        if !ids.contains(&a) {
            return Err(CliError::usage(format!("--role {role}: {a} is not in the set")));
        }
        ops::set_set_text(p, id, SetText::Role(a), text.trim()).map_err(|e| CliError::error(e.to_string()))?.apply(p);
    }
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(format!("{id}\n")))
}

fn cmd_stress_save(path: &Path, rounds: usize, per_round: usize) -> Result<Output, CliError> {
    use std::io::Write;
    let mut loaded = open(path)?;
    let source = *loaded.project.texts.keys().next().ok_or_else(|| CliError::usage("the project needs a source with text"))?;
    let len = loaded.project.texts[&source].stored.char_len();
    for round in 0..rounds {
        for k in 0..per_round {
            let start = (round * 7919 + k * 104_729) % len.saturating_sub(10).max(1);
            let (tx, _) = ops::add_annotation(
                &loaded.project,
                source,
                crate::model::CharRange::new(start, start + 5),
                Kind::Claim,
                "2026-01-01T00:00:00Z",
            )
            .map_err(|e| CliError::error(e.to_string()))?;
            tx.apply(&mut loaded.project);
        }
        loaded.folder.save(&loaded.project)?;
        // Only after the save returned: the harness trusts this count.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "saved {}", loaded.project.annotations.len());
        let _ = out.flush();
    }
    Ok(Output::ok(String::new()))
}

fn cmd_search(path: &Path, query: &str, as_json: bool) -> Result<Output, CliError> {
    let loaded = open(path)?;
    let mut index = crate::model::search::SearchIndex::default();
    index.update(&loaded.project);
    let hits = index.search(query);
    let stdout = if as_json {
        let records: Vec<Value> = hits
            .iter()
            .filter_map(|h| index.text_of(h.source).map(|doc| (h, doc)))
            .map(|(h, doc)| json!({"source": h.source.to_string(), "line": h.line(doc), "start": h.stored(doc).start.0, "end": h.stored(doc).end.0, "snippet": h.snippet(doc)}))
            .collect();
        format!("{}\n", Value::Array(records))
    } else {
        hits.iter()
            .filter_map(|h| index.text_of(h.source).map(|doc| format!("{}:{}\t{}\n", h.source, h.line(doc), h.snippet(doc))))
            .collect()
    };
    Ok(Output { stdout, stderr: warnings_text(&loaded.warnings), code: 0 })
}

fn cmd_outline(path: &Path, key: &str) -> Result<Output, CliError> {
    use crate::model::structure;
    let loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    let doc = loaded.project.text(id).ok_or_else(|| CliError::usage(format!("source {id} has no document")))?;
    let mut out = String::new();
    for h in structure::outline(&doc.reading) {
        let line = doc.stored.line_of(doc.reading.to_stored(h.range.start));
        out.push_str(&format!("{}{} (line {line})\n", "  ".repeat(usize::from(h.level - 1)), h.title));
    }
    let (markers, notes) = structure::notes(doc);
    for m in &markers {
        let line = doc.stored.line_of(doc.reading.to_stored(m.range.start));
        let note = structure::note_for(m, &notes).map(|n| n.text.chars().take(70).collect::<String>()).unwrap_or_default();
        out.push_str(&format!("note {} at line {line} -> {note}\n", m.number));
    }
    Ok(Output { stdout: out, stderr: warnings_text(&loaded.warnings), code: 0 })
}
