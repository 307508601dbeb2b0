//! REFI-QDA exchange: `export --format qdpx|qdc` and `import-qdpx`, end to end through
//! the binary. Packages in the standard and in the shapes real QDA packages write are
//! built here from our own text; the real files under ../shared/validators are read at
//! test time only (ignored tests, run by CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A zip with the given entries (name, bytes).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::DEFAULT.compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A GUID for test packages.
fn g(n: u32) -> String {
    format!("6d617267-0000-4000-8000-{n:012}")
}

/// `project.qde` around `body`, with the given origin.
fn qde(origin: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Test\" origin=\"{origin}\">\n{body}\n</Project>\n"
    )
}

fn new_project(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    run_ok(&["new", p.to_str().unwrap()]);
    p
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let f = dir.join(name);
    std::fs::write(&f, bytes).unwrap();
    f
}

fn list(p: &Path, what: &str) -> Vec<Value> {
    json(&run_ok(&["list", p.to_str().unwrap(), what, "--json"])).as_array().unwrap().clone()
}

fn stored_text(p: &Path, source: &str) -> String {
    run_ok(&["text", p.to_str().unwrap(), source, "--original"])
}

/// Imports and returns stdout (the report).
fn import(p: &Path, file: &Path) -> String {
    run_ok(&["import-qdpx", p.to_str().unwrap(), file.to_str().unwrap()])
}

/// Annotation ids → a key that survives renumbering: (source title, start, end).
fn annotation_keys(p: &Path) -> BTreeMap<String, (String, u64, u64)> {
    let titles: BTreeMap<String, String> =
        list(p, "sources").iter().map(|s| (s["id"].as_str().unwrap().to_string(), s["title"].as_str().unwrap().to_string())).collect();
    list(p, "annotations")
        .iter()
        .map(|a| {
            let key = (titles[a["source"].as_str().unwrap()].clone(), a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
            (a["id"].as_str().unwrap().to_string(), key)
        })
        .collect()
}

/// Everything about annotations that a round trip keeps, sorted.
fn annotation_facts(p: &Path) -> Vec<String> {
    let keys = annotation_keys(p);
    let mut out: Vec<String> = list(p, "annotations")
        .iter()
        .map(|a| format!("{:?} {} {} {} {} {}", keys[a["id"].as_str().unwrap()], a["kind"], a["tags"], a["note"], a["locator"], a["quote"]))
        .collect();
    out.sort();
    out
}

fn link_facts(p: &Path) -> Vec<String> {
    let keys = annotation_keys(p);
    let mut out: Vec<String> = list(p, "links")
        .iter()
        .map(|l| {
            format!("{:?} -> {:?} {} {}", keys[l["from"].as_str().unwrap()], keys[l["to"].as_str().unwrap()], l["relation"], l["note"])
        })
        .collect();
    out.sort();
    out
}

fn set_facts(p: &Path) -> Vec<String> {
    let keys = annotation_keys(p);
    let sets = json(&run_ok(&["conflicts", p.to_str().unwrap(), "--json"]));
    let mut out: Vec<String> = sets
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"].as_str().unwrap().starts_with('c'))
        .map(|s| {
            let mut members: Vec<_> =
                s["figures"].as_array().unwrap().iter().map(|f| keys[f["annotation"].as_str().unwrap()].clone()).collect();
            members.sort();
            format!("{} {} {} {:?}", s["subject"], s["verdict"], s["rationale"], members)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn exporting_twice_gives_the_same_bytes_and_the_round_trip_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original");
    copy_sample_to(&original);
    let (a, b) = (dir.path().join("a.qdpx"), dir.path().join("b.qdpx"));
    for f in [&a, &b] {
        run_ok(&["export", original.to_str().unwrap(), "--format", "qdpx", "-o", f.to_str().unwrap()]);
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "two exports differ");

    let copy = new_project(dir.path(), "copy");
    let report = import(&copy, &a);
    assert!(report.starts_with("imported 5 sources, 0 records, 7 annotations, 4 new tags, 6 links, 1 conflict sets"), "{report}");
    assert!(!report.contains("not imported"), "{report}");

    let strip_id = |list: Vec<Value>| -> Vec<Value> {
        list.into_iter()
            .map(|mut v| {
                v.as_object_mut().unwrap().remove("id");
                v
            })
            .collect()
    };
    assert_eq!(strip_id(list(&copy, "sources")), strip_id(list(&original, "sources")), "sources and their metadata");
    for s in ["s1", "s2", "s3", "s4", "s5"] {
        assert_eq!(stored_text(&copy, s), stored_text(&original, s), "text of {s}");
    }
    assert_eq!(list(&copy, "tags"), list(&original, "tags"), "tags with colours, descriptions and counts");
    assert_eq!(annotation_facts(&copy), annotation_facts(&original));
    assert_eq!(link_facts(&copy), link_facts(&original));
    assert_eq!(set_facts(&copy), set_facts(&original));
    assert_eq!(set_facts(&copy).len(), 1);
}

#[test]
fn the_codebook_exports_alone_and_a_zip_is_never_written_to_the_terminal() {
    let p = sample_project();
    let qdc = run_ok(&["export", p.to_str().unwrap(), "--format", "qdc"]);
    assert!(qdc.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""), "{qdc}");
    for (tag, colour) in [("arrived", "#8ecae6"), ("boarded", "#f4d35e"), ("plaque", "#f4a261")] {
        assert!(qdc.contains(&format!("name=\"{tag}\" isCodable=\"true\" color=\"{colour}\"")), "{tag} in {qdc}");
    }
    assert!(!qdc.contains("Sources"), "a codebook has no sources");
    let o = marginalia(&["export", p.to_str().unwrap(), "--format", "qdpx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
}

#[test]
fn standard_positions_are_code_points_and_codes_notes_links_map() {
    let dir = tempfile::tempdir().unwrap();
    // An emoji (one code point, two UTF-16 units) before the selections.
    let text = "Tally 😀: the ship carried 1,033 people and 1,014 landed.";
    let body = format!(
        r##"<CodeBook><Codes>
  <Code guid="{c1}" name="Counts" isCodable="true" color="#0A0"><Description>Numbers of people</Description>
    <Code guid="{c2}" name="landed" isCodable="true"/>
  </Code>
</Codes></CodeBook>
<Sources>
  <TextSource guid="{s}" name="tally" plainTextPath="internal://{s}.txt">
    <PlainTextSelection guid="{a}" name="1,033 people" startPosition="26" endPosition="38">
      <Description>at boarding</Description>
      <Coding guid="{k1}"><CodeRef targetGUID="{c1}"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="{b}" name="1,014 landed" startPosition="43" endPosition="55">
      <Coding guid="{k2}"><CodeRef targetGUID="{c2}"/></Coding>
      <NoteRef targetGUID="{n}"/>
    </PlainTextSelection>
  </TextSource>
</Sources>
<Notes><Note guid="{n}" name="Gap"><PlainTextContent>Nineteen fewer.</PlainTextContent></Note></Notes>
<Links><Link guid="{l}" name="Contradicts" originGUID="{a}" targetGUID="{b}"/></Links>"##,
        c1 = g(1),
        c2 = g(2),
        s = g(3),
        a = g(4),
        b = g(5),
        k1 = g(6),
        k2 = g(7),
        n = g(8),
        l = g(9)
    );
    let file = write(
        dir.path(),
        "std.qdpx",
        &zip_of(&[("project.qde", qde("Test", &body).as_bytes()), (&format!("sources/{}.txt", g(3)), text.as_bytes())]),
    );
    let p = new_project(dir.path(), "p");
    let report = import(&p, &file);
    assert!(report.starts_with("imported 1 sources, 0 records, 2 annotations, 2 new tags, 1 links"), "{report}");
    assert!(!report.contains("warning"), "{report}");
    let anns = list(&p, "annotations");
    assert_eq!(anns[0]["quote"], "1,033 people");
    assert_eq!(anns[0]["tags"], serde_json::json!(["Counts"]));
    assert_eq!(anns[0]["note"], "at boarding");
    assert_eq!(anns[1]["quote"], "1,014 landed");
    assert_eq!(anns[1]["note"], "Gap: Nineteen fewer.");
    let tags = list(&p, "tags");
    assert_eq!(tags[0]["colour"], "#00aa00", "#rgb widened");
    assert_eq!(tags[0]["description"], "Numbers of people");
    assert_eq!(list(&p, "links")[0]["relation"], "contradicts");
}

/// NVivo for Windows: positions in UTF-16 units, a BOM, CRLF line ends, the folder
/// `Sources/`, lower-case GUIDs, empty selection names, a rich-text copy beside the text.
#[test]
fn nvivo_for_windows_files_import_on_the_right_words() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}First line 🙂🙂\r\nsecond line names Progreso\r\nthird";
    // UTF-16 units (BOM not counted): "Progreso" starts after 15 + 2 + 18 units.
    let start = "First line 🙂🙂\r\nsecond line names ".encode_utf16().count();
    let body = format!(
        r#"<CodeBook><Codes><Code guid="{c}" name="Places" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{s}" name="interview" richTextPath="internal://{s}.docx" plainTextPath="internal://{s}.txt"><Description />
  <PlainTextSelection guid="{a}" name="" startPosition="{start}" endPosition="{end}"><Description /><Coding guid="{k}"><CodeRef targetGUID="{c}"/></Coding></PlainTextSelection>
</TextSource></Sources>"#,
        c = g(1),
        s = g(2),
        a = g(3),
        k = g(4),
        end = start + 8,
    );
    let file = write(
        dir.path(),
        "nvivo.qdpx",
        &zip_of(&[
            ("project.qde", qde("NVivo for Windows 12.6", &body).as_bytes()),
            (&format!("Sources/{}.txt", g(2)), text.as_bytes()),
            (&format!("Sources/{}.docx", g(2)), b"PK not really"),
        ]),
    );
    let p = new_project(dir.path(), "p");
    import(&p, &file);
    let a = &list(&p, "annotations")[0];
    assert_eq!(a["quote"], "Progreso");
    assert_eq!(a["tags"], serde_json::json!(["Places"]));
    assert!(!stored_text(&p, "s1").contains('\r'), "line ends stored as LF");
}

/// NVivo for Mac: UTF-16 positions too, but `sources/`, no BOM, LF, and a stray `.root` entry.
#[test]
fn nvivo_for_mac_files_import_on_the_right_words() {
    let dir = tempfile::tempdir().unwrap();
    let text = "🎉🎉🎉 party in Mérida";
    let start = "🎉🎉🎉 party in ".encode_utf16().count();
    let body = format!(
        r#"<Sources><TextSource guid="{s}" name="t" plainTextPath="internal://{s}.txt"><PlainTextSelection guid="{a}" startPosition="{start}" endPosition="{end}"/></TextSource></Sources>"#,
        s = g(2),
        a = g(3),
        end = start + 6,
    );
    let file = write(
        dir.path(),
        "mac.qdpx",
        &zip_of(&[
            ("project.qde", qde("NVivo for Mac 12.7.0", &body).as_bytes()),
            (&format!("sources/{}.txt", g(2)), text.as_bytes()),
            ("sources/.root", b"x"),
        ]),
    );
    let p = new_project(dir.path(), "p");
    import(&p, &file);
    assert_eq!(list(&p, "annotations")[0]["quote"], "Mérida");
}

/// MAXQDA: codes with colours and descriptions, sets of sources, no codings.
#[test]
fn maxqda_sets_of_sources_are_reported_and_codes_keep_colours() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        r##"<CodeBook><Codes><Code color="#ef8256" guid="{c}" name="Themes" isCodable="true"><Description>Broad themes</Description></Code></Codes></CodeBook>
<Sources><TextSource guid="{s}" name="paper" plainTextPath="internal://{s}.txt"/></Sources>
<Sets><Set guid="{set}" name="Year one"><MemberSource targetGUID="{s}"/></Set></Sets>
<Graphs><Graph guid="{graph}" name="Map"/></Graphs>"##,
        c = g(1),
        s = g(2),
        set = g(3),
        graph = g(4)
    );
    let file = write(
        dir.path(),
        "mx.qdpx",
        &zip_of(&[("project.qde", qde("MAXQDA 24", &body).as_bytes()), (&format!("sources/{}.txt", g(2)), b"A paper.")]),
    );
    let p = new_project(dir.path(), "p");
    let report = import(&p, &file);
    assert!(report.contains("not imported: set `Year one` (1 sources"), "{report}");
    assert!(report.contains("not imported: 1 graphs"), "{report}");
    let tags = list(&p, "tags");
    assert_eq!((tags[0]["name"].as_str(), tags[0]["colour"].as_str()), (Some("Themes"), Some("#ef8256")));
    assert_eq!(list(&p, "sources")[0]["title"], "paper");
}

/// ATLAS.ti: codes without colours (they get palette colours), `{braced}` GUIDs, a PDF source.
#[test]
fn atlas_codes_without_colours_and_other_source_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        r#"<CodeBook><Codes><Code guid="{{{c}}}" name="Commits" isCodable="true"><Code guid="{c2}" name="first" isCodable="true"/></Code></Codes></CodeBook>
<Sources><PDFSource guid="{s}" name="scan.pdf" path="internal://{s}.pdf"><PDFSelection guid="{a}" page="1" firstX="0" firstY="0" secondX="1" secondY="1"/></PDFSource></Sources>"#,
        c = g(1),
        c2 = g(2),
        s = g(3),
        a = g(4)
    );
    let file = write(dir.path(), "atlas.qdpx", &zip_of(&[("project.qde", qde("ATLAS.ti for Windows 23.2.3", &body).as_bytes())]));
    let p = new_project(dir.path(), "p");
    let report = import(&p, &file);
    assert!(report.contains("not imported: PDFSource `scan.pdf` and its 1 selections"), "{report}");
    let tags = list(&p, "tags");
    assert_eq!(tags.len(), 2);
    assert!(tags.iter().all(|t| t["colour"].as_str().unwrap().starts_with('#')));
}

/// A bad package: the message names the file and the problem, and the project is untouched.
fn refused(bytes: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path(), "p");
    run_ok(&["add", p.to_str().unwrap(), write(dir.path(), "doc.txt", b"Some text to keep.").to_str().unwrap()]);
    let before = std::fs::read(p.join("project.ron")).unwrap();
    let file = write(dir.path(), "bad.qdpx", bytes);
    let o = marginalia(&["import-qdpx", p.to_str().unwrap(), file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.qdpx"), "names the file: {err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in: {err}");
    }
    assert_eq!(std::fs::read(p.join("project.ron")).unwrap(), before, "the project changed");
    assert_eq!(std::fs::read_dir(p.join("sources")).unwrap().count(), 1, "a source file was added");
}

fn one_source(selection: &str) -> Vec<u8> {
    let body = format!(
        r#"<Sources><TextSource guid="{s}" name="t" plainTextPath="internal://{s}.txt">{selection}</TextSource></Sources>"#,
        s = g(1)
    );
    zip_of(&[("project.qde", qde("Test", &body).as_bytes()), (&format!("sources/{}.txt", g(1)), b"short text")])
}

#[test]
fn a_zip_without_project_qde_is_refused() {
    refused(&zip_of(&[("other.xml", b"<Project/>")]), &["no project.qde"]);
    refused(b"not a zip at all", &["not a REFI-QDA project"]);
}

#[test]
fn malformed_xml_is_refused_with_line_and_column() {
    let qde = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n  <Sources>\n  </Source>\n</Project>";
    refused(&zip_of(&[("project.qde", qde.as_bytes())]), &["project.qde:4:"]);
}

#[test]
fn xml_that_breaks_the_schema_is_refused_with_its_place() {
    refused(&one_source(&format!(r#"<PlainTextSelection guid="{}" endPosition="3"/>"#, g(2))), &["project.qde:3:", "no `startPosition`"]);
    refused(
        &one_source(&format!(r#"<PlainTextSelection guid="{}" startPosition="one" endPosition="3"/>"#, g(2))),
        &["`startPosition` is `one`"],
    );
    refused(&one_source(r#"<PlainTextSelection guid="not-a-guid" startPosition="0" endPosition="3"/>"#), &["not a GUID"]);
    let odd = qde("Test", "<Whatever/>");
    refused(&zip_of(&[("project.qde", odd.as_bytes())]), &["project.qde:3:1", "<Whatever> is not an element"]);
}

#[test]
fn a_selection_outside_its_text_is_refused() {
    let sel = format!(r#"<PlainTextSelection guid="{}" startPosition="5" endPosition="99"/>"#, g(2));
    refused(&one_source(&sel), &["project.qde:3:", &g(2), "5..99", "outside the text of source `t` (10 characters)"]);
    let reversed = format!(r#"<PlainTextSelection guid="{}" startPosition="6" endPosition="2"/>"#, g(2));
    refused(&one_source(&reversed), &["6..2"]);
}

#[test]
fn a_zip_bomb_is_refused_without_unpacking_it_all() {
    // A few hundred kB that unpack to more than the 200 MB any entry may take.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::DEFAULT.compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("project.qde", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..201 {
        zip.write_all(&chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "the bomb is small: {}", bytes.len());
    refused(&bytes, &["project.qde unpacks to over 200 MB"]);
}

/// Runs the outside validator; panics with its output on failure.
fn validate(file: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/validate-export");
    let out = std::process::Command::new(script).arg("qdpx").arg(file).output().expect("run validate-export");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "validate-export qdpx {}:\n{text}", file.display());
    assert!(text.contains("0 warning(s)"), "{text}");
}

#[test]
#[ignore = "needs ../shared/validators (Python venv)"]
fn the_sample_exports_a_valid_qdpx() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.qdpx");
    run_ok(&["export", sample_project().to_str().unwrap(), "--format", "qdpx", "-o", file.to_str().unwrap()]);
    validate(&file);
}

#[test]
#[ignore = "needs ../shared/seeds and ../shared/validators"]
fn a_five_seed_project_exports_a_valid_qdpx_that_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path(), "seeds");
    let ps = p.to_str().unwrap();
    let files: Vec<String> = ["000", "001", "002", "003", "004"].iter().map(|s| seed(s).to_str().unwrap().to_string()).collect();
    let mut args = vec!["add", ps];
    args.extend(files.iter().map(String::as_str));
    run_ok(&args);
    run_ok(&[
        "annotate",
        ps,
        "--source",
        "s1",
        "--quote",
        "1,033",
        "--kind",
        "figure",
        "--tag",
        "arrivals",
        "--note",
        "a <b>note</b> & more",
    ]);
    run_ok(&["annotate", ps, "--source", "s3", "--quote", "702 men, 135 women and 196 children", "--kind", "figure", "--tag", "arrivals"]);
    run_ok(&["link", ps, "a1", "a2", "--relation", "supports", "--note", "parts add up"]);
    run_ok(&["meta", ps, "s1", "--title", "Seed one", "--author", "Kim, Victoria", "--issued", "2021"]);
    let file = dir.path().join("seeds.qdpx");
    run_ok(&["export", ps, "--format", "qdpx", "-o", file.to_str().unwrap()]);
    validate(&file);
    let copy = new_project(dir.path(), "copy");
    import(&copy, &file);
    for s in ["s1", "s2", "s3", "s4", "s5"] {
        assert_eq!(stored_text(&copy, s), stored_text(&p, s), "text of {s}");
    }
    assert_eq!(annotation_facts(&copy), annotation_facts(&p));
    assert_eq!(link_facts(&copy), link_facts(&p));
    assert_eq!(list(&copy, "tags"), list(&p, "tags"));
}

/// Whether `[start, end)` begins and ends on word edges of `text` (chars).
fn on_word_edges(text: &[char], start: usize, end: usize) -> bool {
    let edge = |i: usize| i == 0 || i >= text.len() || !text[i - 1].is_alphanumeric() || !text[i].is_alphanumeric();
    edge(start) && edge(end)
}

#[test]
#[ignore = "needs ../shared/validators/examples/qdpx (real QDA exports)"]
fn every_real_qdpx_imports_with_its_selections_on_the_right_words() {
    // (file, sources, annotations, new tags); the counts are those of the files.
    let expected = [
        ("blank-atlas-project.qdpx", 0, 0, 0),
        ("target-atlas-project.qdpx", 0, 0, 3),
        ("maxqda-24-ICLS_Conf_Themes_just10.qdpx", 10, 0, 307),
        ("nvivo-win-12.6-oltas.qdpx", 1, 97, 60),
        ("nvivo-win-12.6-oltas0517.qdpx", 2, 303, 152),
        ("nvivo-mac-12.7-OltasSzkepticizmus_17June.qdpx", 2, 297, 152),
    ];
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/validators/examples/qdpx");
    let on_disk = std::fs::read_dir(&examples).unwrap().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "qdpx")).count();
    assert_eq!(on_disk, expected.len(), "a new example file needs its row here");
    for (name, sources, annotations, tags) in expected {
        let dir = tempfile::tempdir().unwrap();
        let p = new_project(dir.path(), "p");
        let report = import(&p, &examples.join(name));
        let head = format!("imported {sources} sources, 0 records, {annotations} annotations, {tags} new tags");
        assert!(report.starts_with(&head), "{name}: {report}");
        let anns = list(&p, "annotations");
        let mut texts: BTreeMap<String, Vec<char>> = BTreeMap::new();
        let mut edges = 0;
        for a in &anns {
            let source = a["source"].as_str().unwrap().to_string();
            let text = texts.entry(source.clone()).or_insert_with(|| stored_text(&p, &source).chars().collect());
            let (start, end) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
            assert!(end <= text.len() && start < end, "{name}: {a}");
            let covered: String = text[start..end].iter().collect();
            assert_eq!(
                covered.split_whitespace().collect::<Vec<_>>().join(" "),
                a["quote"].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
            );
            edges += usize::from(on_word_edges(text, start, end));
        }
        // Coders select whole words: read with the wrong unit, most selections after
        // the first emoji would cut words (44 of 283 on edges, as the validators note).
        assert!(edges * 100 >= anns.len() * 95, "{name}: only {edges} of {} selections on word edges", anns.len());
    }
}

/// A file from another tool that carries NVivo's UTF-16 positions (a project that went
/// through NVivo): recognised by where its selections fall, and said so.
#[test]
fn utf16_positions_from_any_tool_are_recognised_by_word_edges() {
    let dir = tempfile::tempdir().unwrap();
    let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"];
    let text = format!("🙂 {} 🙂", words.join(" 🙂 "));
    let units: Vec<u16> = text.encode_utf16().collect();
    let selections: String = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let at = text.find(w).unwrap();
            let start = text[..at].encode_utf16().count();
            let end = start + w.encode_utf16().count();
            assert!(end <= units.len());
            format!(r#"<PlainTextSelection guid="{}" startPosition="{start}" endPosition="{end}"/>"#, g(100 + i as u32))
        })
        .collect();
    let body = format!(
        r#"<Sources><TextSource guid="{s}" name="t" plainTextPath="internal://{s}.txt">{selections}</TextSource></Sources>"#,
        s = g(1)
    );
    let file = write(
        dir.path(),
        "other.qdpx",
        &zip_of(&[("project.qde", qde("Some QDA tool 2.0", &body).as_bytes()), (&format!("sources/{}.txt", g(1)), text.as_bytes())]),
    );
    let p = new_project(dir.path(), "p");
    let report = import(&p, &file);
    assert!(report.contains("warning: positions read as UTF-16 units"), "{report}");
    let quotes: Vec<String> = list(&p, "annotations").iter().map(|a| a["quote"].as_str().unwrap().to_string()).collect();
    assert_eq!(quotes, words);
}

#[test]
fn a_codebook_comes_back_as_tags_and_a_bad_one_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let qdc = dir.path().join("codebook.qdc");
    run_ok(&["export", sample_project().to_str().unwrap(), "--format", "qdc", "-o", qdc.to_str().unwrap()]);
    let p = new_project(dir.path(), "p");
    let report = import(&p, &qdc);
    assert!(report.starts_with("imported 0 sources, 0 records, 0 annotations, 4 new tags"), "{report}");
    let strip_count = |tags: Vec<Value>| -> Vec<(Value, Value, Value)> {
        tags.into_iter().map(|t| (t["name"].clone(), t["colour"].clone(), t["description"].clone())).collect()
    };
    assert_eq!(strip_count(list(&p, "tags")), strip_count(list(&sample_project(), "tags")), "kinds stay kinds, tags come back");

    let bad = write(dir.path(), "bad.qdc", b"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n  <Codes>\n    <Code name=\"x\" isCodable=\"true\"/>\n  </Codes>\n</CodeBook>\n");
    let o = marginalia(&["import-qdpx", p.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.qdc: 4:5: <Code> has no `guid` attribute"), "{}", stderr(&o));
    assert_eq!(list(&p, "tags").len(), 4, "nothing added");
}
