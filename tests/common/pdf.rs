//! A tiny PDF writer for tests and benchmarks: text lines at known places, with the
//! `fi`/`fl` ligature glyphs that typeset PDFs use.
#![allow(dead_code)]

/// A text PDF (base-14 Helvetica), one line per string, 15 pt apart. `ﬁ` and `ﬂ`
/// are drawn with the font's `fi`/`fl` ligature glyphs (as typeset PDFs do), other
/// characters as Latin-1.
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    let encode = |line: &str| -> Vec<u8> {
        let mut out = Vec::new();
        for c in line.chars() {
            match c {
                'ﬁ' => out.push(0x80),
                'ﬂ' => out.push(0x81),
                '(' | ')' | '\\' => out.extend([b'\\', c as u8]),
                c if (c as u32) < 256 => out.push(c as u8),
                _ => out.push(b'?'),
            }
        }
        out
    };
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect::<Vec<_>>().join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 /fi /fl] >> >>".to_vec(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut content = b"BT /F1 11 Tf 15 TL 72 770 Td\n".to_vec();
        for line in *lines {
            content.push(b'(');
            content.extend(encode(line));
            content.extend(b") Tj T*\n");
        }
        content.extend(b"ET");
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes());
    out
}
