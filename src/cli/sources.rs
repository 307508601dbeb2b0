//! `meta` and `export`: a source's bibliographic record, and the project written out in a format.

use super::*;

pub(super) fn find_source(project: &Project, key: &str) -> Result<crate::model::SourceId, CliError> {
    project
        .find_source(key)
        .ok_or_else(|| CliError::usage(format!("no source `{key}` in this project (use an id such as s1 or an imported file name)")))
}

/// Parses "Family, Given", "{Corporate Name}" or a single name.
pub fn parse_person(s: &str) -> crate::model::Person {
    s.parse().unwrap_or_else(|never: std::convert::Infallible| match never {})
}

pub(super) fn cmd_meta(path: &Path, key: &str, f: MetaFields) -> Result<Output, CliError> {
    let mut loaded = open(path)?;
    let id = find_source(&loaded.project, key)?;
    use crate::model::meta_field::{self, MetaField};
    let before = loaded.project.sources[&id].meta.clone();
    let mut meta = before.clone();
    let texts = [
        (MetaField::Type, f.item_type),
        (MetaField::Title, f.title),
        (MetaField::Issued, f.issued),
        (MetaField::ContainerTitle, f.container),
        (MetaField::Publisher, f.publisher),
        (MetaField::PublisherPlace, f.place),
        (MetaField::Url, f.url),
        (MetaField::Note, f.note),
    ];
    let mut stated = Vec::new();
    for (field, value) in texts {
        if let (Some(v), Some(slot)) = (value, field.text_mut(&mut meta)) {
            *slot = v;
            stated.push(field);
        }
    }
    if !f.authors.is_empty() {
        meta.authors = f.authors.iter().map(|a| parse_person(a)).collect();
        stated.push(MetaField::Authors);
    }
    // What the user states is no longer a guess.
    let meta = meta_field::confirm(&before, meta, &stated);
    let tx = ops::set_metadata(&loaded.project, id, meta).map_err(|e| CliError::error(e.to_string()))?;
    tx.apply(&mut loaded.project);
    loaded.folder.save(&loaded.project)?;
    Ok(Output::ok(String::new()))
}

pub(super) fn cmd_export(path: &Path, format: &str, style: &str, tag: Option<String>, output: Option<&Path>) -> Result<Output, CliError> {
    use crate::store::export::{self, Format, Scope};
    let format: Format = format.parse().map_err(|e: export::ExportError| CliError::usage(e.to_string()))?;
    if !format.is_text() && output.is_none() {
        return Err(CliError::usage(format!("{} is a binary file: write it with -o FILE", format.name())));
    }
    let loaded = open(path)?;
    let scope = tag.map_or(Scope::All, Scope::Tag);
    let bytes = export::export(&loaded.project, format, style, &scope).map_err(|e| {
        if matches!(e, export::ExportError::UnknownStyle(_)) {
            CliError::usage(e.to_string())
        } else {
            CliError::error(format!("{}: {e}", path.display()))
        }
    })?;
    match output {
        Some(file) => {
            crate::store::atomic::write(file, &bytes, false).map_err(|e| CliError::error(format!("{}: {e}", file.display())))?;
            Ok(Output { stdout: String::new(), stderr: warnings_text(&loaded.warnings), code: 0 })
        }
        None => Ok(Output { stdout: String::from_utf8_lossy(&bytes).into_owned(), stderr: warnings_text(&loaded.warnings), code: 0 }),
    }
}
