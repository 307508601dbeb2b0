//! Exports: annotated bibliographies (Markdown, HTML) formatted by a CSL
//! processor, the plain reference list, and data for other tools (BibTeX,
//! CSL-JSON, RIS, W3C Web Annotation, CSV), and REFI-QDA projects and codebooks
//! for QDA packages (written by [`crate::store::qdpx`]).

pub mod annotated;
pub mod cite;
pub mod csl;
pub mod data;
pub mod docx;

use std::str::FromStr;

pub use annotated::Scope;
use thiserror::Error;

use crate::model::Project;

/// Why an export failed. The messages are the ones users read before this was a
/// type: the CLI prints them after the project's path, the app after "Export failed:".
#[derive(Debug, Error)]
pub enum ExportError {
    /// A format name that is none of [`Format::ALL`] (`export --format`).
    #[error("unknown export format `{name}` (expected {})", Format::ALL.map(Format::name).join(", "))]
    UnknownFormat { name: String },
    /// A citation style that is not bundled: the user's mistake (a usage error in the CLI).
    #[error("{0}")]
    UnknownStyle(String),
    /// The CSL processor could not use the style or format an item (its message).
    #[error("{0}")]
    Citation(String),
    /// CSL-JSON or W3C JSON could not be written.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A CSV row could not be written.
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer's buffer could not be taken back as UTF-8 text.
    #[error("{0}")]
    CsvOutput(String),
    /// The DOCX package could not be written (the docx writer's message).
    #[error("writing DOCX: {0}")]
    Docx(String),
    /// The REFI-QDA project or codebook could not be written (the writer's message).
    #[error("{0}")]
    Qdpx(String),
}

impl ExportError {
    /// Sorts a message of the CSL processor ([`cite`], which reports in words): an
    /// unknown style is the user's mistake, anything else the processor's refusal.
    pub fn from_cite(message: String) -> Self {
        if message.starts_with("unknown citation style") { Self::UnknownStyle(message) } else { Self::Citation(message) }
    }
}

/// An export format of `marginalia export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Bibliography,
    Bibtex,
    CslJson,
    Ris,
    W3c,
    Csv,
    /// REFI-QDA project (`.qdpx`, a zip).
    Qdpx,
    /// REFI-QDA codebook (`.qdc`, XML).
    Qdc,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Markdown,
        Format::Html,
        Format::Docx,
        Format::Bibliography,
        Format::Bibtex,
        Format::CslJson,
        Format::Ris,
        Format::W3c,
        Format::Csv,
        Format::Qdpx,
        Format::Qdc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Bibliography => "bibliography",
            Format::Bibtex => "bibtex",
            Format::CslJson => "csl-json",
            Format::Ris => "ris",
            Format::W3c => "w3c",
            Format::Csv => "csv",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Bibliography => "txt",
            Format::Bibtex => "bib",
            Format::CslJson => "json",
            Format::Ris => "ris",
            Format::W3c => "jsonld",
            Format::Csv => "csv",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// Whether the output is text that can be previewed.
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Docx | Format::Qdpx)
    }
}

impl FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, ExportError> {
        Format::ALL.into_iter().find(|f| f.name() == s).ok_or_else(|| ExportError::UnknownFormat { name: s.to_string() })
    }
}

/// Exports a project; `style` applies to the formats that format references.
pub fn export(p: &Project, format: Format, style: &str, scope: &Scope) -> Result<Vec<u8>, ExportError> {
    let text = match format {
        Format::Markdown => annotated::markdown(&annotated::build(p, style, scope)?),
        Format::Html => annotated::html(&annotated::build(p, style, scope)?),
        Format::Docx => return docx::write(&annotated::build(p, style, scope)?),
        Format::Bibliography => {
            let items: Vec<_> = csl::items(p, false).into_iter().map(|(_, _, v)| v).collect();
            cite::bibliography(&items, style).map_err(ExportError::from_cite)?.into_iter().map(|r| format!("{}\n", r.plain)).collect()
        }
        Format::Bibtex => data::bibtex(p),
        Format::CslJson => {
            let items: Vec<_> = csl::items(p, true).into_iter().map(|(_, _, v)| v).collect();
            serde_json::to_string_pretty(&items)? + "\n"
        }
        Format::Ris => data::ris(p),
        Format::W3c => serde_json::to_string_pretty(&data::w3c(p))? + "\n",
        Format::Csv => data::csv(p)?,
        Format::Qdpx => return crate::store::qdpx::write::qdpx(p).map_err(ExportError::Qdpx),
        Format::Qdc => crate::store::qdpx::write::qdc(p).map_err(ExportError::Qdpx)?,
    };
    Ok(text.into_bytes())
}
