//! The command-line interface (contract: `../shared/docs/cli.md`).
//!
//! Exit codes: 0 ok; 1 error (message names the file and the problem); 2 bad usage or
//! a quote not found / ambiguous; 3 `check`/`refresh` found orphaned annotations; 4 `check`
//! found merge conflicts recorded in the project (see `docs/cli.md`).

mod annotations;
mod collab;
mod figures;
mod imports;
mod listing;
mod project;
mod sources;

use annotations::{cmd_annotate, cmd_link, cmd_set};
use figures::{cmd_conflicts, cmd_figures};
pub use figures::{conflict_records, figure_json};
use imports::{cmd_import_qdpx, cmd_import_zotero};
pub use listing::annotation_json;
use listing::{cmd_list, cmd_outline, cmd_search, cmd_text};
use project::{cmd_add, cmd_check, cmd_new, cmd_refresh, cmd_stress_save};
pub use sources::parse_person;
use sources::{cmd_export, cmd_meta, find_source};

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
        /// Documents to import; none when only `--bib` records are imported.
        #[arg(required_unless_present = "bib")]
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
