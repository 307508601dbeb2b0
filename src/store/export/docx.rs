//! DOCX: the annotated bibliography as a Word document with real heading styles
//! and italics, written with `docx-rs`.

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};

use super::annotated::{Document, Item};

fn heading(text: &str, level: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text)).style(&format!("Heading{level}"))
}

fn item_paragraph(i: &Item) -> Paragraph {
    let mut p = Paragraph::new().add_run(Run::new().add_text(format!("• “{}”", i.quote)));
    if let Some(f) = &i.figure {
        p = p.add_run(Run::new().add_text(format!(" — {f}")));
    }
    if !i.locator.is_empty() {
        p = p.add_run(Run::new().add_text(format!(" ({})", i.locator)));
    }
    if !i.tags.is_empty() {
        p = p.add_run(Run::new().add_text(format!(" [{}]", i.tags.join(", "))));
    }
    p
}

/// The annotated bibliography as DOCX bytes.
pub fn write(doc: &Document) -> Result<Vec<u8>, super::ExportError> {
    let mut d = Docx::new()
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("heading 1").size(36).bold())
        .add_style(Style::new("Heading2", StyleType::Paragraph).name("heading 2").size(30).bold())
        .add_style(Style::new("Heading3", StyleType::Paragraph).name("heading 3").size(24).bold());
    d = d.add_paragraph(heading(&doc.title, 1)).add_paragraph(heading("Sources", 2));
    for e in &doc.entries {
        let mut reference = Paragraph::new();
        for (text, italic) in &e.reference.runs {
            let run = Run::new().add_text(text);
            reference = reference.add_run(if *italic { run.italic() } else { run });
        }
        d = d.add_paragraph(reference);
        for (title, items) in &e.groups {
            d = d.add_paragraph(heading(title, 3));
            for i in items {
                d = d.add_paragraph(item_paragraph(i));
                for line in i.note.lines().filter(|l| !l.trim().is_empty()) {
                    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("    {line}")).italic()));
                }
            }
        }
    }
    if !doc.sets.is_empty() {
        d = d.add_paragraph(heading("Conflicting figures", 2));
        for s in &doc.sets {
            d = d.add_paragraph(heading(&format!("{} ({})", s.subject, s.verdict), 3));
            if !s.rationale.is_empty() {
                d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&s.rationale)));
            }
            for (figure, role, citation) in &s.figures {
                let role = if role.is_empty() { String::new() } else { format!(" — {role}") };
                d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("• {figure} {citation}{role}"))));
            }
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    d.pack(&mut buf).map_err(|e| super::ExportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}
