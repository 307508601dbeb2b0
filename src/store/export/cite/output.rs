//! Rendered entries as plain text, HTML, Markdown and runs, every string escaped.

use hayagriva::citationberg::{FontStyle, FontWeight};
use hayagriva::{ElemChild, ElemChildren};

/// Punctuation left behind by hayagriva 0.10 around empty parts (checked against
/// citeproc-js): a delimiter before a closing parenthesis or full stop, and a full
/// stop repeated after a quotation that already ends with one.
const TIDY: [(&str, &str); 5] = [(",)", ")"), (",.", "."), (".”.", ".”"), (".\".", ".\""), (".&quot;.", ".&quot;")];

pub(super) fn tidy(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in TIDY {
        out = out.replace(from, to);
    }
    out
}

/// As [`tidy`], across run boundaries (the text is joined, tidied, and re-split).
pub(super) fn tidy_runs(runs: Vec<(String, bool)>) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for (text, italic) in runs {
        match out.last_mut() {
            Some(last) if last.1 == italic => last.0.push_str(&text),
            _ => out.push((text, italic)),
        }
    }
    for i in 0..out.len() {
        out[i].0 = tidy(&out[i].0);
        if i + 1 < out.len() && out[i].0.ends_with(',') && out[i + 1].0.starts_with(['.', ')']) {
            out[i].0.pop();
        }
        if i + 1 < out.len() && out[i].0.ends_with('.') && out[i + 1].0.starts_with('.') {
            out[i + 1].0.remove(0);
        }
    }
    out
}

fn walk(children: &ElemChildren, out: &mut String, text: &dyn Fn(&str, bool, bool, &mut String), link: &dyn Fn(&str, &str, &mut String)) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => {
                text(&t.text, t.formatting.font_style == FontStyle::Italic, t.formatting.font_weight == FontWeight::Bold, out)
            }
            ElemChild::Elem(e) => walk(&e.children, out, text, link),
            ElemChild::Markup(m) => text(m, false, false, out),
            ElemChild::Link { text: t, url } => link(&t.text, url, out),
            ElemChild::Transparent { .. } => {}
        }
    }
}

pub(super) fn runs(children: &ElemChildren) -> Vec<(String, bool)> {
    let collected = std::cell::RefCell::new(Vec::new());
    let mut unused = String::new();
    walk(children, &mut unused, &|t, italic, _, _| collected.borrow_mut().push((t.to_string(), italic)), &|t, _, _| {
        collected.borrow_mut().push((t.to_string(), false))
    });
    collected.into_inner()
}

pub fn plain(children: &ElemChildren) -> String {
    let mut out = String::new();
    walk(children, &mut out, &|t, _, _, o| o.push_str(t), &|t, _, o| o.push_str(t));
    out
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// Whether a URL may become a link (no `javascript:` and friends).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

pub(super) fn html(children: &ElemChildren) -> String {
    let mut out = String::new();
    walk(
        children,
        &mut out,
        &|t, italic, bold, o| {
            let e = escape_html(t);
            match (italic, bold) {
                (true, _) => o.push_str(&format!("<i>{e}</i>")),
                (false, true) => o.push_str(&format!("<b>{e}</b>")),
                _ => o.push_str(&e),
            }
        },
        &|t, url, o| {
            if safe_url(url) {
                o.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(t)))
            } else {
                o.push_str(&escape_html(t))
            }
        },
    );
    out
}

/// Escapes text for Markdown (CommonMark) so that nothing in it becomes markup or HTML.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn markdown(children: &ElemChildren) -> String {
    let mut out = String::new();
    walk(
        children,
        &mut out,
        &|t, italic, bold, o| {
            let e = escape_markdown(t);
            let trimmed = e.trim();
            if (italic || bold) && !trimmed.is_empty() {
                // Emphasis markers must hug the text; keep outer spaces outside.
                let lead = &e[..e.len() - e.trim_start().len()];
                let trail = &e[e.trim_end().len()..];
                let mark = if italic { "*" } else { "**" };
                o.push_str(&format!("{lead}{mark}{trimmed}{mark}{trail}"));
            } else {
                o.push_str(&e);
            }
        },
        &|t, url, o| {
            if safe_url(url) { o.push_str(&format!("<{}>", url.replace('>', "%3E"))) } else { o.push_str(&escape_markdown(t)) }
        },
    );
    out
}
