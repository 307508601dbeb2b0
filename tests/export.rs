//! Exports: snapshots of the annotated bibliography, escaping, outside validators.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use marginalia::model::{CharRange, Kind, Project, Source, SourceId, ops};
use marginalia::store::export::{self, Format, Scope};
use marginalia::store::{ProjectFolder, export::annotated};

fn sample() -> Project {
    ProjectFolder::open(&sample_project()).unwrap().project
}

fn text(p: &Project, format: Format, style: &str) -> String {
    String::from_utf8(export::export(p, format, style, &Scope::All).unwrap()).unwrap()
}

#[test]
fn markdown_annotated_bibliography_apa() {
    insta::assert_snapshot!("markdown_apa", text(&sample(), Format::Markdown, "apa"));
}

#[test]
fn markdown_annotated_bibliography_chicago() {
    insta::assert_snapshot!("markdown_chicago", text(&sample(), Format::Markdown, "chicago-author-date"));
}

/// A project whose user strings try to break out of every format.
fn hostile() -> Project {
    let mut p = Project::new("Tests & <b>bold</b>");
    let mut s = Source::untitled(SourceId(1), "x.txt");
    s.meta.title = "A \"quoted\" <script>alert(1)</script> title & more".into();
    s.meta.url = "javascript:alert(1)".into();
    s.meta.item_type = "webpage".into();
    ops::add_source(&p, s, "The plate says 1,019 people arrived.".into()).apply(&mut p);
    let (tx, a) = ops::add_annotation(&p, SourceId(1), CharRange::new(15, 20), Kind::Figure, "2026-01-01T00:00:00Z").unwrap();
    tx.apply(&mut p);
    ops::set_note(&p, a, "=HYPERLINK(\"http://evil\") <img src=x onerror=alert(1)> & \"quotes\"", "t").unwrap().apply(&mut p);
    ops::add_tag(&p, a, "+tag", "t").unwrap().apply(&mut p);
    p
}

#[test]
fn html_export_keeps_user_strings_inert() {
    let html = text(&hostile(), Format::Html, "apa");
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&amp; &quot;quotes&quot;"));
    let md = text(&hostile(), Format::Markdown, "apa");
    assert!(!md.contains("<img") && !md.contains("<script>"), "{md}");
}

#[test]
fn csv_export_neutralises_formulas() {
    let csv = text(&hostile(), Format::Csv, "apa");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let note_col = header.iter().position(|h| h == "note").unwrap();
    let tags_col = header.iter().position(|h| h == "tags").unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[note_col].starts_with("'="), "{}", &row[note_col]);
    assert!(row[tags_col].starts_with("'+"), "{}", &row[tags_col]);
}

#[test]
fn csl_json_round_trips_through_serde_and_scope_by_tag_filters() {
    let p = sample();
    let items: serde_json::Value = serde_json::from_str(&text(&p, Format::CslJson, "apa")).unwrap();
    assert_eq!(items.as_array().unwrap().len(), p.sources.len());
    assert!(items[0]["note"].as_str().unwrap().contains("[figure]"));
    let doc = annotated::build(&p, "apa", &Scope::Tag("plaque".into())).unwrap();
    assert_eq!(doc.entries.len(), 1, "only the source with a plaque-tagged annotation");
}

#[test]
fn export_command_writes_files_and_rejects_unknown_styles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bib.md");
    let p = sample_project();
    run_ok(&["export", p.to_str().unwrap(), "--format", "markdown", "--style", "mla", "-o", out.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# Korean migrants"));
    let o = marginalia(&["export", p.to_str().unwrap(), "--format", "markdown", "--style", "no-such-style"]);
    assert_eq!(o.status.code(), Some(2));
    let o = marginalia(&["export", p.to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Runs an outside validator; panics with its output on failure.
fn validate(kind: &str, file: &std::path::Path) {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/validate-export");
    let out = std::process::Command::new(script).arg(kind).arg(file).output().expect("run validate-export");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "validate-export {kind} {}:\n{text}", file.display());
}

fn validate_all(project: &std::path::Path, dir: &std::path::Path, name: &str) {
    for (format, kind) in [
        ("csl-json", "csl-json"),
        ("w3c", "w3c"),
        ("bibtex", "bibtex"),
        ("ris", "ris"),
        ("csv", "csv"),
        ("html", "html"),
        ("markdown", "markdown"),
    ] {
        let file = dir.join(format!("{name}.{format}"));
        run_ok(&["export", project.to_str().unwrap(), "--format", format, "-o", file.to_str().unwrap()]);
        validate(kind, &file);
    }
}

#[test]
#[ignore = "needs ../shared/validators (Python venv, npm, Java)"]
fn every_export_of_the_sample_passes_the_outside_validators() {
    let dir = tempfile::tempdir().unwrap();
    validate_all(&sample_project(), dir.path(), "sample");
}

/// The five seeds with the metadata of corpus.md, and the 1905 figures annotated.
fn seeds_with_metadata(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("seeds");
    let ps = p.to_str().unwrap();
    run_ok(&["new", ps, "--title", "Korea and Latin America: sources"]);
    let files: Vec<String> = ["000", "001", "002", "003", "004"].iter().map(|s| seed(s).to_str().unwrap().to_string()).collect();
    let mut args = vec!["add", ps];
    args.extend(files.iter().map(String::as_str));
    run_ok(&args);
    let meta: [&[&str]; 5] = [
        &[
            "s1",
            "--type",
            "webpage",
            "--title",
            "How South Korea Builds its Soft Power in Latin America, Learning Lessons From its Diaspora Outreach in Russia and Central Asia",
            "--author",
            "Kim, Victoria",
            "--container",
            "Central Asia Program",
            "--issued",
            "2021",
        ],
        &[
            "s2",
            "--type",
            "chapter",
            "--title",
            "South Korea and Latin American intergovernmental multilateral organizations, 1993–2017",
            "--author",
            "Ramoneda, Ezequiel",
            "--author",
            "Consani, Norberto",
            "--container",
            "Corea del Sur, puente entre el Este de Asia y América Latina y el Caribe",
            "--publisher",
            "Universidad Nacional de La Plata",
            "--place",
            "La Plata",
            "--issued",
            "2020",
        ],
        &[
            "s3",
            "--type",
            "report",
            "--title",
            "Building a Strategic Partnership between Mexico and Korea for the 21st Century: Vision and Agenda for Cooperation",
            "--author",
            "{Mexico-Korea 21st Century Commission}",
            "--publisher",
            "Secretaría de Relaciones Exteriores",
            "--place",
            "Mexico City",
            "--issued",
            "2005",
        ],
        &[
            "s4",
            "--type",
            "article",
            "--title",
            "Korea's Engagement in Latin America",
            "--author",
            "López Aymes, Juan Felipe",
            "--issued",
            "2012",
        ],
        &[
            "s5",
            "--type",
            "article-newspaper",
            "--title",
            "S. Korea establishes diplomatic ties with Cuba",
            "--author",
            "Kim, Joo-heon",
            "--container",
            "AJU Press",
            "--issued",
            "2024-02-15",
        ],
    ];
    for m in meta {
        let mut args = vec!["meta", ps];
        args.extend(m.iter().copied());
        run_ok(&args);
    }
    run_ok(&["annotate", ps, "--source", "s1", "--quote", "1,033", "--kind", "figure", "--note", "boarded <b>at</b> Chemulpo & more"]);
    run_ok(&["annotate", ps, "--source", "s3", "--quote", "702 men, 135 women and 196 children", "--kind", "figure"]);
    p
}

#[test]
#[ignore = "needs ../shared/seeds and ../shared/validators"]
fn every_export_of_the_seeds_passes_the_outside_validators_and_apa_reads_right() {
    let dir = tempfile::tempdir().unwrap();
    let p = seeds_with_metadata(dir.path());
    validate_all(&p, dir.path(), "seeds");
    let apa = run_ok(&["export", p.to_str().unwrap(), "--format", "bibliography", "--style", "apa"]);
    let lines: Vec<&str> = apa.lines().collect();
    assert_eq!(lines.len(), 5, "{apa}");
    // hayagriva 0.10 initialises `Joo-heon` as `J.-heon.` (APA: `J.-H.`) and leaves a comma in
    // `(2021,)` for year-only web pages; both are noted in the closing notes, not patched here.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Kim, J.")
                && l.contains("(2024, February 15). S. Korea establishes diplomatic ties with Cuba. AJU Press.")),
        "{apa}"
    );
    assert!(lines.iter().any(|l| l.starts_with("López Aymes, J. F. (2012). Korea's Engagement in Latin America.")), "{apa}");
    assert!(lines.iter().any(|l| l.starts_with("Mexico-Korea 21st Century Commission. (2005). ")), "{apa}");
    assert!(lines.iter().any(|l| l.starts_with("Ramoneda, E., & Consani, N. (2020). ")), "{apa}");
}

#[test]
fn add_with_bib_pairs_records_and_keeps_the_rest_as_sources() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let doc = dir.path().join("report.txt");
    std::fs::write(&doc, "Final report\n\nThe commission counted 702 men, 135 women and 196 children.").unwrap();
    let bib = dir.path().join("refs.bib");
    std::fs::write(
        &bib,
        "@techreport{c2005, title = {Building a Strategic Partnership}, author = {{Mexico-Korea 21st Century Commission}}, year = {2005}, file = {report.txt}}\n\
         @online{kim2021, title = {How South Korea Builds its Soft Power}, author = {Kim, Victoria}, year = {2021}}\n",
    )
    .unwrap();
    let ps = p.to_str().unwrap();
    run_ok(&["new", ps]);
    let out = run_ok(&["add", ps, doc.to_str().unwrap(), "--bib", bib.to_str().unwrap()]);
    assert_eq!(out, "s1\treport.txt\ns2\t-\n");
    let sources = json(&run_ok(&["list", ps, "sources", "--json"]));
    assert_eq!(sources[0]["title"], "Building a Strategic Partnership");
    assert_eq!(sources[0]["authors"][0], "Mexico-Korea 21st Century Commission");
    assert_eq!(sources[0]["year"], 2005);
    assert_eq!(sources[1]["title"], "How South Korea Builds its Soft Power");
    let broken = dir.path().join("broken.bib");
    std::fs::write(&broken, "@article{x, title = {unclosed\n").unwrap();
    let o = marginalia(&["add", ps, doc.to_str().unwrap(), "--bib", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("broken.bib:"), "{}", stderr(&o));
}

#[test]
fn csl_json_round_trip_keeps_every_modelled_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p");
    let ps = p.to_str().unwrap();
    let input = serde_json::json!([{
        "id": "x", "type": "chapter", "title": "South Korea and Latin America", "author": [{"family": "Ramoneda", "given": "Ezequiel"}],
        "editor": [{"family": "Consani", "given": "Norberto"}], "issued": {"date-parts": [[2020, 5]]}, "container-title": "Corea del Sur",
        "publisher": "UNLP", "publisher-place": "La Plata", "URL": "https://example.org/x", "accessed": {"date-parts": [[2021, 10, 4]]},
        "page": "1-20", "volume": "2", "issue": "3", "ISBN": "978-950-34-1953-3", "DOI": "10.1000/x", "language": "en"
    }]);
    let file = dir.path().join("in.json");
    std::fs::write(&file, input.to_string()).unwrap();
    run_ok(&["new", ps]);
    let doc = dir.path().join("d.txt");
    std::fs::write(&doc, "text").unwrap();
    // A record alone (no document): add needs a file argument, so pair nothing.
    run_ok(&["add", ps, doc.to_str().unwrap()]);
    run_ok(&["add", ps, doc.to_str().unwrap(), "--bib", file.to_str().unwrap()]);
    let out = json(&run_ok(&["export", ps, "--format", "csl-json"]));
    let item = out.as_array().unwrap().iter().find(|i| i["title"] == "South Korea and Latin America").expect("exported");
    for field in [
        "type",
        "author",
        "editor",
        "issued",
        "container-title",
        "publisher",
        "publisher-place",
        "URL",
        "accessed",
        "page",
        "volume",
        "issue",
        "ISBN",
        "DOI",
        "language",
    ] {
        assert_eq!(item[field], input[0][field], "{field}");
    }
}

#[test]
fn docx_has_real_headings_and_italics() {
    let bytes = export::export(&sample(), Format::Docx, "apa", &Scope::All).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("w:val=\"Heading1\""), "a real Heading 1 style");
    assert!(xml.contains("w:val=\"Heading2\"") && xml.contains("w:val=\"Heading3\""));
    assert!(xml.contains("<w:i"), "titles are italic");
    assert!(xml.contains("Korean migrants to Mexico, 1905"));
    assert!(xml.contains("Conflicting figures"));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("heading 1"));
}

#[test]
#[ignore = "needs ../shared/validators/citeproc (npm)"]
fn the_sample_reference_lists_match_citeproc_js_in_four_styles() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample_project();
    let items = dir.path().join("items.json");
    run_ok(&["export", p.to_str().unwrap(), "--format", "csl-json", "-o", items.to_str().unwrap()]);
    let compare = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/citeproc/compare-bibliography");
    for style in ["apa", "chicago-author-date", "chicago-notes", "mla"] {
        let ours = dir.path().join(format!("{style}.txt"));
        run_ok(&["export", p.to_str().unwrap(), "--format", "bibliography", "--style", style, "-o", ours.to_str().unwrap()]);
        // Chicago notes-bibliography has no layout for the sample's two sources with a
        // bare title and date: citeproc-js leaves them out (as a document or a
        // manuscript), we print every source (`tests/styles.rs`), so the lists cannot be
        // compared entry by entry; the corpus comparison (`tests/citeproc.rs`) covers the style.
        if style == "chicago-notes" {
            let list = std::fs::read_to_string(&ours).unwrap();
            assert_eq!(list.lines().count(), 5, "every source in chicago-notes:\n{list}");
            continue;
        }
        let out = std::process::Command::new(&compare).arg(style).arg(&items).arg(&ours).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{style}:\n{text}");
    }
}
