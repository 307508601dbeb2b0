//! A small element tree read with quick-xml, each element knowing where it starts,
//! so that problems in `project.qde` are reported with line:col.

use quick_xml::events::{BytesStart, Event};

/// Deeper nesting than any QDA codebook has is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// One element: local name (namespace prefix dropped), attributes by local name,
/// children, its own text (entities resolved), and its byte offset in the document.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub offset: usize,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of a child element (`Description`, `PlainTextContent`), if present.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// A malformed document: 1-based line and column (in characters) and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// 1-based line and column of a byte offset.
pub fn line_col(doc: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(doc.len());
    while !doc.is_char_boundary(at) {
        at -= 1;
    }
    let before = &doc[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn error(doc: &str, offset: usize, message: impl Into<String>) -> XmlError {
    let (line, col) = line_col(doc, offset);
    XmlError { line, col, message: message.into() }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    name.rsplit(':').next().unwrap_or_default().to_string()
}

fn start(doc: &str, e: &BytesStart, offset: usize) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|x| error(doc, offset, format!("bad attribute: {x}")))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        // Namespace declarations keep their full name (`xmlns`, `xmlns:xsi`).
        let key = if key.starts_with("xmlns") { key } else { local(key.as_bytes()) };
        let value =
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|x| error(doc, offset, format!("attribute `{key}`: {x}")))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element { name: local(e.name().as_ref()), attrs, offset, ..Element::default() })
}

/// Parses a whole document into its root element.
pub fn parse(doc: &str) -> Result<Element, XmlError> {
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(before);
            error(doc, at, e.to_string())
        })?;
        // Whitespace before an element is part of the same read; point at the `<`.
        let offset = doc.get(before..).map_or(before, |rest| before + (rest.len() - rest.trim_start().len()));
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(doc, offset, format!("elements nested more than {MAX_DEPTH} deep")));
                }
                stack.push(start(doc, &e, offset)?);
            }
            Event::Empty(e) => {
                let el = start(doc, &e, offset)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(error(doc, offset, "a second root element")),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(error(doc, offset, "a closing tag without an opening one"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(error(doc, offset, "a second root element")),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content().map_err(|e| error(doc, offset, e.to_string()))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(error(doc, offset, "text outside the root element")),
                }
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| error(doc, offset, e.to_string()))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| error(doc, offset, e.to_string()))? {
                    Some(c) => c,
                    None => match &*r {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        other => {
                            return Err(error(doc, offset, format!("unknown entity &{};", String::from_utf8_lossy(other))));
                        }
                    },
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push(resolved);
                }
            }
            Event::DocType(_) => return Err(error(doc, offset, "a DOCTYPE declaration (REFI-QDA files have none)")),
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(error(doc, doc.len(), format!("the document ends inside <{}>", open.name)));
    }
    root.ok_or_else(|| error(doc, 0, "no root element"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_know_their_place_and_entities_resolve() {
        let doc = "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">\n  <b>t&lt;&#233;</b>\n  <c/>\n</a>";
        let root = parse(doc).expect("parses");
        assert_eq!(root.attr("x"), Some("1 & 2"));
        assert_eq!(root.child_text("b"), Some("t<é"));
        let c = root.child("c").expect("c");
        assert_eq!(line_col(doc, c.offset), (4, 3));
    }

    #[test]
    fn malformed_documents_say_where() {
        let e = parse("<a>\n  <b></c>\n</a>").expect_err("mismatched");
        assert_eq!(e.line, 2, "{e:?}");
        assert!(parse("<a>").expect_err("unclosed").message.contains("ends inside"));
        assert!(parse("<a>&bogus;</a>").expect_err("entity").message.contains("unknown entity"));
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).expect_err("deep").message.contains("nested"));
    }
}
