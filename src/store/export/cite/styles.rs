//! The bundled CSL styles, parsed once, with what the CSL specification says a style
//! means written out where hayagriva 0.10 would miss it.

use hayagriva::citationberg::taxonomy::{NumberOrPageVariable, NumberVariable, StandardVariable, Variable};
use hayagriva::citationberg::{DatePart, DatePartName, DateParts, IndependentStyle, LayoutRenderingElement, NamesChild, Style, TextTarget};

/// Style aliases users type, mapped to hayagriva's bundled names.
fn canonical(name: &str) -> &str {
    match name {
        "chicago" | "chicago-author" => "chicago-author-date",
        "chicago-notes-bibliography" | "chicago-nb" => "chicago-notes",
        other => other,
    }
}

/// A bundled CSL style by name (`apa`, `chicago-author-date`, `chicago-notes`, `mla`, …).
/// Parsed once per process: the export preview re-renders on every change, and
/// parsing a style's XML costs more than formatting a short reference list.
pub fn style(name: &str) -> Result<IndependentStyle, String> {
    static PARSED: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, IndependentStyle>>> = std::sync::OnceLock::new();
    let cache = PARSED.get_or_init(Default::default);
    if let Some(style) = cache.lock().ok().and_then(|c| c.get(name).cloned()) {
        return Ok(style);
    }
    let style = parse_style(name)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(name.to_string(), style.clone());
    }
    Ok(style)
}

fn parse_style(name: &str) -> Result<IndependentStyle, String> {
    let archived = hayagriva::archive::ArchivedStyle::by_name(canonical(name))
        .ok_or_else(|| format!("unknown citation style `{name}` (try apa, chicago-author-date, chicago-notes, mla)"))?;
    match archived.get() {
        Style::Independent(mut s) => {
            inherit_in_substitutes(&mut s);
            year_only_dates(&mut s);
            conditions_see_substituted_variables(&mut s);
            Ok(s)
        }
        Style::Dependent(_) => Err(format!("style `{name}` depends on another style and cannot be used on its own")),
    }
}

/// CSL 1.0.2, "Substitute": a `cs:names` without children inside `cs:substitute`
/// inherits the `cs:name` and `cs:et-al` of the `cs:names` it stands in for (and, as
/// citeproc-js does, its `cs:label`). hayagriva 0.10 renders it with default name
/// options (Chicago's editor-only book `A. Ashby.` for `Ashby, Anna, ed.`), so the
/// children are written out in the style once it is parsed.
pub(super) fn inherit_in_substitutes(style: &mut IndependentStyle) {
    // Outer names first (`each_element` visits a parent before its children), so a
    // substitute's own substitutes inherit what it was given.
    each_element(style, &mut |e| {
        let LayoutRenderingElement::Names(names) = e else { return };
        let given: Vec<NamesChild> = names
            .children
            .iter()
            .filter(|c| matches!(c, NamesChild::Name(_) | NamesChild::EtAl(_) | NamesChild::Label(_)))
            .cloned()
            .collect();
        for child in names.children.iter_mut() {
            if let NamesChild::Substitute(s) = child {
                s.children.iter_mut().for_each(|inner| fill(inner, &given));
            }
        }
    });
}

/// Gives each childless `cs:names` in a substitute (also inside `cs:choose` and
/// `cs:group` there) the children of the `cs:names` it substitutes for.
fn fill(e: &mut LayoutRenderingElement, given: &[NamesChild]) {
    match e {
        LayoutRenderingElement::Names(names) if names.children.is_empty() => names.children = given.to_vec(),
        LayoutRenderingElement::Group(g) => g.children.iter_mut().for_each(|c| fill(c, given)),
        LayoutRenderingElement::Choose(c) => {
            for b in std::iter::once(&mut c.if_).chain(c.else_if.iter_mut()) {
                b.children.iter_mut().for_each(|c| fill(c, given));
            }
            if let Some(o) = c.otherwise.as_mut() {
                o.children.iter_mut().for_each(|c| fill(c, given));
            }
        }
        _ => {}
    }
}

/// Calls `f` on every rendering element of the style (macros, citation and bibliography
/// layouts), children after their parent, substitutes included.
pub(super) fn each_element(style: &mut IndependentStyle, f: &mut dyn FnMut(&mut LayoutRenderingElement)) {
    fn walk(e: &mut LayoutRenderingElement, f: &mut dyn FnMut(&mut LayoutRenderingElement)) {
        f(e);
        match e {
            LayoutRenderingElement::Group(g) => g.children.iter_mut().for_each(|c| walk(c, f)),
            LayoutRenderingElement::Choose(c) => {
                for b in std::iter::once(&mut c.if_).chain(c.else_if.iter_mut()) {
                    b.children.iter_mut().for_each(|c| walk(c, f));
                }
                if let Some(o) = c.otherwise.as_mut() {
                    o.children.iter_mut().for_each(|c| walk(c, f));
                }
            }
            LayoutRenderingElement::Names(n) => {
                for child in n.children.iter_mut() {
                    if let NamesChild::Substitute(s) = child {
                        s.children.iter_mut().for_each(|c| walk(c, f));
                    }
                }
            }
            _ => {}
        }
    }
    for m in style.macros.iter_mut() {
        m.children.iter_mut().for_each(|c| walk(c, f));
    }
    style.citation.layout.elements.iter_mut().for_each(|c| walk(c, f));
    if let Some(b) = style.bibliography.as_mut() {
        b.layout.elements.iter_mut().for_each(|c| walk(c, f));
    }
}

/// CSL 1.0.2, "Date-parts": a localized date with `date-parts="year"` shows the year only.
/// hayagriva 0.10 still renders the locale's month part when the date has a season and no
/// month (`Autumn/1977` where citeproc-js prints `1977`), so such a date is written out as
/// the non-localized date it means: its year part alone (with the style's own year
/// override, if any), the `cs:date`'s affixes, formatting and case kept.
pub(super) fn year_only_dates(style: &mut IndependentStyle) {
    let year: Option<DatePart> = serde_json::from_value(serde_json::json!({"@name": "year"})).ok();
    each_element(style, &mut |e| {
        if let LayoutRenderingElement::Date(d) = e
            && d.form.is_some()
            && d.parts == Some(DateParts::Year)
        {
            let own = d.date_part.iter().find(|p| p.name == DatePartName::Year).cloned();
            let Some(part) = own.or_else(|| year.clone()) else { return };
            d.form = None;
            d.parts = None;
            d.date_part = vec![part];
        }
    });
}

/// CSL 1.0.2, "Substitute": a substituted variable is suppressed in the rest of the
/// output — citeproc-js still sees it in conditions, hayagriva 0.10 sees it as empty. A
/// Chicago newspaper article without an author puts its newspaper first and then tests
/// `variable="container-title"` to quote the title: hayagriva printed
/// `The Harbour Gazette. Strike Ends at Callao Docks.` where citeproc-js prints the title
/// in quotes; an authorless manuscript puts its title first and then tests
/// `variable="title"` to print `n.d.`. So conditions on each variable of [`MIRRORS`] test
/// its mirror instead, a variable these styles never print or test, which the items
/// given to hayagriva hold exactly when they hold the variable ([`mirrors`],
/// `input::csl_items`) and which is never substituted. A style that uses a mirror itself
/// keeps its conditions on that variable.
fn conditions_see_substituted_variables(style: &mut IndependentStyle) {
    for (variable, mirror, _) in MIRRORS {
        if uses_variable(style, &mirror) {
            continue;
        }
        let swap = |b: &mut hayagriva::citationberg::ChooseBranch| {
            for v in b.variable.iter_mut().flatten() {
                if *v == variable {
                    *v = mirror;
                }
            }
        };
        each_element(style, &mut |e| {
            if let LayoutRenderingElement::Choose(c) = e {
                swap(&mut c.if_);
                c.else_if.iter_mut().for_each(swap);
            }
        });
    }
}

/// Variables a substitute may take, the variable that mirrors each in conditions, and
/// their CSL-JSON names (the variable's, the mirror's).
const MIRRORS: [(Variable, Variable, (&str, &str)); 2] = [
    (Variable::Standard(StandardVariable::ContainerTitle), Variable::Standard(StandardVariable::Division), ("container-title", "division")),
    (Variable::Standard(StandardVariable::Title), Variable::Standard(StandardVariable::CitationKey), ("title", "citation-key")),
];

/// Whether `variable` of `item` is only a mirror's copy of another variable (case and
/// other corrections follow the variable it copies).
pub(super) fn is_mirror_copy(item: &hayagriva::citationberg::json::Item, variable: &str) -> bool {
    MIRRORS
        .iter()
        .any(|(_, _, (source, mirror))| *mirror == variable && item.0.contains_key(*source) && item.0.get(*source) == item.0.get(*mirror))
}

/// The CSL-JSON variables each item must copy into a mirror for `style` (variable, mirror):
/// the mirrors the style's conditions test and never print
/// ([`conditions_see_substituted_variables`]).
pub(super) fn mirrors(style: &IndependentStyle) -> Vec<(&'static str, &'static str)> {
    MIRRORS
        .iter()
        .filter(|(_, mirror, _)| {
            let (tests, prints) = variable_use(style, mirror, true);
            tests && !prints
        })
        .map(|(_, _, names)| *names)
        .collect()
}

/// Whether any element of the style prints or tests `variable`.
fn uses_variable(style: &IndependentStyle, variable: &Variable) -> bool {
    let (tests, prints) = variable_use(style, variable, true);
    tests || prints
}

/// Whether the style's conditions test `variable`, and whether a `cs:text` or
/// `cs:number` prints it (in the citation too when `citation`).
fn variable_use(style: &IndependentStyle, variable: &Variable, citation: bool) -> (bool, bool) {
    let (mut tests, mut prints) = (false, false);
    let mut s = style.clone();
    if !citation {
        s.citation.layout.elements.clear();
    }
    each_element(&mut s, &mut |e| match e {
        LayoutRenderingElement::Choose(c) => {
            tests |= std::iter::once(&c.if_).chain(c.else_if.iter()).any(|b| b.variable.iter().flatten().any(|v| v == variable));
        }
        LayoutRenderingElement::Text(t) => prints |= matches!(&t.target, TextTarget::Variable { var, .. } if var == variable),
        LayoutRenderingElement::Number(n) => {
            prints |= matches!((n.variable, variable), (NumberOrPageVariable::Number(a), Variable::Number(b)) if a == *b)
        }
        _ => {}
    });
    (tests, prints)
}

/// Whether the style's reference list shows citation numbers (numeric styles), which
/// depend on every entry before: such a list cannot be rendered in parts.
pub(super) fn numbers_entries(style: &IndependentStyle) -> bool {
    variable_use(style, &Variable::Number(NumberVariable::CitationNumber), false).1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A numeric style's list depends on every entry before (it is never rendered in
    /// parts); author-date and notes styles' entries do not.
    #[test]
    fn numbered_styles_are_told_apart() {
        assert!(numbers_entries(&style("ieee").unwrap()));
        for name in ["apa", "chicago-author-date", "chicago-notes", "mla"] {
            assert!(!numbers_entries(&style(name).unwrap()), "{name}");
        }
    }

    /// Chicago's conditions on `container-title` and `title` test their mirrors once the
    /// style is parsed.
    #[test]
    fn substituted_variables_conditions_test_the_mirror() {
        assert_eq!(mirrors(&style("chicago-notes").unwrap()), [("container-title", "division"), ("title", "citation-key")]);
    }
}
