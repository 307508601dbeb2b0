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

pub(super) fn cmd_export(path: &Path, format: &str, style: &str, tag: Option<String>, output: Option<&Path>) -> Result<Output, CliError> {
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
