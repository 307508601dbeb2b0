//! Table-driven tests of the figure parser, traps included.

use super::*;

/// The single measure found in `text` (panics if not exactly one).
fn one(text: &str) -> Figure {
    let all: Vec<Figure> = find_figures(text).into_iter().filter(|f| f.kind.is_measure()).collect();
    assert_eq!(all.len(), 1, "{text:?} gave {all:#?}");
    all.into_iter().next().unwrap()
}

fn kinds(text: &str) -> Vec<(String, FigureKind)> {
    find_figures(text).into_iter().map(|f| (f.text, f.kind)).collect()
}

#[test]
fn digits_separators_decimals_signs_and_percentages() {
    let cases: [(&str, &str, f64, Option<&str>); 9] = [
        ("they counted 1,033 people", "1,033", 1033.0, Some("people")),
        ("exactly 1 033 men", "1 033", 1033.0, Some("men")),
        ("a share of 4.5% in trade", "4.5%", 4.5, Some("%")),
        ("rose by +1,240.6% in a decade", "+1,240.6%", 1240.6, Some("%")),
        ("a balance of -4,464.1 in 2004", "-4,464.1", -4464.1, None),
        ("grew 12 percent that year", "12 percent", 12.0, Some("%")),
        ("with 22 local landowners", "22", 22.0, Some("landowners")),
        ("about 288 Korean laborers", "about 288", 288.0, Some("laborers")),
        ("en 1.033 migrantes; total 1.234.567,5 pesos", "1.033", 1033.0, Some("migrantes")),
    ];
    for (text, surface, value, unit) in cases {
        let f = find_figures(text)
            .into_iter()
            .find(|f| f.text.trim_start_matches(['+', '-']) == surface.trim_start_matches(['+', '-']))
            .unwrap_or_else(|| panic!("{text}: {:#?}", find_figures(text)));
        assert_eq!(f.text, surface, "{text}");
        assert_eq!(f.value, Some(value), "{text}");
        assert_eq!(f.unit.as_deref(), unit, "{text}");
    }
}

#[test]
fn currency_and_scale() {
    for (text, value) in [
        ("exports of US$21 bn last year", 21e9),
        ("a loan of US$ 288.4 million was", 288.4e6),
        ("investment of USD 656.1million in", 656.1e6),
        ("about $14 million for", 14e6),
        ("some U$ 402.1 million went", 402.1e6),
    ] {
        let f = one(text);
        assert_eq!(f.kind, FigureKind::Money, "{text}");
        assert_eq!(f.unit.as_deref(), Some("USD"), "{text}");
        assert!((f.value.unwrap() - value).abs() < 1.0, "{text}: {:?}", f.value);
    }
}

#[test]
fn number_words_and_compounds() {
    for (text, value) in [
        ("some three hundred families", 300.0),
        ("with forty-three countries", 43.0),
        ("the one-thousand-strong diaspora", 1000.0),
        ("half-a-million visitors", 500_000.0),
        ("a dozen envoys", 12.0),
    ] {
        let f = one(text);
        assert_eq!(
            f.value.or(f.high),
            Some(value).map(|v| if f.qualifier == Qualifier::Approximate { f.value.unwrap_or(v) } else { v }),
            "{text}"
        );
    }
    assert!(find_figures("one of the two countries").iter().all(|f| !f.kind.is_measure()), "small number words are prose");
}

#[test]
fn qualifiers_become_intervals() {
    let f = one("over 1,000 workers sailed");
    assert_eq!((f.text.as_str(), f.qualifier, f.low, f.high), ("over 1,000", Qualifier::MoreThan, Some(1000.0), None));
    let f = one("at least 700 men");
    assert_eq!((f.qualifier, f.low, f.high), (Qualifier::AtLeast, Some(700.0), None));
    let f = one("nearly 1,000 people");
    assert_eq!(f.qualifier, Qualifier::LessThan);
    assert_eq!(f.high, Some(1000.0));
    assert!(f.low.unwrap() < 1000.0 && f.low.unwrap() > 800.0);
    let f = one("up to 300 workers");
    assert_eq!((f.qualifier, f.low, f.high), (Qualifier::AtMost, None, Some(300.0)));
    let f = one("approximately 1,033 migrants");
    assert_eq!(f.qualifier, Qualifier::Approximate);
    assert!(f.low.unwrap() < 1033.0 && f.high.unwrap() > 1033.0);
    let f = one("an estimated 1,000 workers");
    assert_eq!(f.qualifier, Qualifier::Approximate);
    assert_eq!((f.low, f.high), (Some(900.0), Some(1100.0)), "rounded to thousands: ±10%");
    let f = one("more than 7,000 Korean labor migrants");
    assert_eq!((f.qualifier, f.unit.as_deref()), (Qualifier::MoreThan, Some("migrants")));
}

#[test]
fn ranges() {
    let f = one("between 1,000 and 1,100 migrants");
    assert_eq!((f.qualifier, f.low, f.high, f.value), (Qualifier::Range, Some(1000.0), Some(1100.0), None));
    let f = one("1,000–1,100 people");
    assert_eq!((f.low, f.high), (Some(1000.0), Some(1100.0)));
    let f = one("from 10 to 15 ships");
    assert_eq!((f.low, f.high), (Some(10.0), Some(15.0)));
    let years = find_figures("in 1989-90 trade fell");
    assert_eq!(years.len(), 1);
    assert_eq!((years[0].kind, years[0].low, years[0].high), (FigureKind::Year, Some(1989.0), Some(1990.0)));
    let span = find_figures("colonial rule (1910~1945) ended");
    assert_eq!((span[0].kind, span[0].high), (FigureKind::Year, Some(1945.0)));
}

#[test]
fn compositions_sum_their_parts() {
    let f = one("arrivals: 702 men, 135 women and 196 children landed");
    assert_eq!(f.parts, Some(vec![702.0, 135.0, 196.0]));
    assert_eq!(f.value, Some(1033.0));
    assert_eq!(f.text, "702 men, 135 women and 196 children");
    assert_eq!(f.unit.as_deref(), Some("people"));
}

#[test]
fn note_markers_do_not_fool_it() {
    let f = one("over 1,000[1] Koreans finally arrived");
    assert_eq!((f.text.as_str(), f.value), ("over 1,000", Some(1000.0)));
    assert_eq!(f.unit.as_deref(), Some("koreans"));
    let f = one("trade partner of Mexico, with only 2%.2 Furthermore");
    assert_eq!((f.text.as_str(), f.value), ("2%", Some(2.0)));
    assert_eq!(kinds("national security.1 More recently"), vec![]);
    assert_eq!(kinds("signed in 2004.1 The treaty"), vec![("2004".to_string(), FigureKind::Year)]);
    assert_eq!(
        kinds("in May 1905[9] they"),
        vec![("May 1905".to_string(), FigureKind::Date)].into_iter().map(|(_, k)| ("1905".to_string(), k)).collect::<Vec<_>>()
    );
}

#[test]
fn years_dates_ordinals_decades_identifiers_and_sections_are_not_counts() {
    let table: [(&str, FigureKind); 9] = [
        ("in 1905 they left", FigureKind::Year),
        ("on May 15, 1905 the", FigureKind::Date),
        ("on 14 May they", FigureKind::Date),
        ("the 116th session", FigureKind::Ordinal),
        ("in the 1960’s Korea", FigureKind::Decade),
        ("in the 1960s Korea", FigureKind::Decade),
        ("Decree No. 1428-326 of", FigureKind::Identifier),
        ("see Table 3 below", FigureKind::Identifier),
        ("ISBN 978-950-34-1953-3", FigureKind::Identifier),
    ];
    for (text, kind) in table {
        let found = find_figures(text);
        assert!(!found.is_empty(), "{text}");
        assert!(found.iter().any(|f| f.kind == kind), "{text}: {found:#?}");
        assert!(found.iter().all(|f| !f.kind.is_measure()), "{text}: {found:#?}");
    }
    let section = find_figures("text ends.\n6. The proliferation of FTAs");
    assert_eq!(section[0].kind, FigureKind::Section);
}

#[test]
fn compatible_intervals() {
    let over = one("over 1,000 workers");
    for n in ["1,033 men", "1,014 men", "1,019 men"] {
        assert!(over.compatible_with(&one(n)), "{n}");
    }
    assert!(!one("1,014 men").compatible_with(&one("1,019 men")));
}

#[test]
fn numbers_are_grouped() {
    assert_eq!(fmt_number(1033.0), "1,033");
    assert_eq!(fmt_number(21e9), "21,000,000,000");
    assert_eq!(fmt_number(2.5), "2.5");
    assert_eq!(fmt_number(-4464.1), "-4,464.1");
    assert_eq!(fmt_number(702.0), "702");
}

#[test]
fn a_number_too_long_for_a_float_is_no_figure() {
    let huge = format!("The ledger says {} people and 1,014 arrived.", "9".repeat(400));
    let found = find_figures(&huge);
    assert_eq!(found.iter().map(|f| f.value).collect::<Vec<_>>(), vec![Some(1014.0)]);
    assert!(parse_quote(&"9".repeat(400)).is_none());
}

#[test]
fn a_range_ends_higher_than_it_starts_once_scaled() {
    // Found by fuzzing: `from USD 2.5 million to 1991` gave the interval 2,500,000..1,991.
    for text in ["from USD 2.5 million to 1991", "fell from 1,033 to 1,014 people", "USD 2.5 million to 3 million"] {
        for f in find_figures(text) {
            if let (Some(lo), Some(hi)) = (f.low, f.high) {
                assert!(lo <= hi, "{text}: {:?} has {lo}..{hi}", f.text);
            }
        }
    }
    let scaled = one("USD 2.5 million to 3 million");
    assert_eq!((scaled.low, scaled.high, scaled.qualifier), (Some(2.5e6), Some(3e6), Qualifier::Range));
    let both = one("US$ 2-3 million");
    assert_eq!((both.low, both.high), (Some(2e6), Some(3e6)));
}

#[test]
fn figures_read_through_the_text_fold() {
    use super::figures_in;
    let text = "They counted １，０１４ arrivals, then 1\u{2009}033 migrants and 1,0\u{200b}19 more.\nNext 702\u{a0}000 people.";
    let found = figures_in(text);
    let values: Vec<Option<f64>> = found.iter().map(|f| f.value).collect();
    assert!(values.contains(&Some(1014.0)), "full-width digits: {found:?}");
    assert!(values.contains(&Some(1033.0)), "thin space groups: {found:?}");
    assert!(values.contains(&Some(1019.0)), "a ZWSP inside a number: {found:?}");
    assert!(values.contains(&Some(702_000.0)), "NBSP groups: {found:?}");
    let slice = |r: CharRange| text.chars().skip(r.start.0).take(r.len()).collect::<String>();
    let full_width = found.iter().find(|f| f.value == Some(1014.0)).expect("1014");
    assert!(slice(full_width.range).starts_with("１，０１４"), "ranges are the text's own: {:?}", slice(full_width.range));
    let zwsp = found.iter().find(|f| f.value == Some(1019.0)).expect("1019");
    assert!(slice(zwsp.range).starts_with("1,0\u{200b}19"));
}

#[test]
fn circa_markers_and_the_approximate_family_are_approximate() {
    for text in [
        "ca. 1,000 labourers",
        "c. 1,100 emigrants",
        "circa 900 workers",
        "about 1,000 workers",
        "around 1,000 workers",
        "roughly 1,000 workers",
        "some 1,000 workers",
        "approx. 1,000 workers",
        "alrededor de 1.000 trabajadores de los que llegaron con sus familias por el puerto",
        "cerca de 1.000 trabajadores de los que llegaron con sus familias por el puerto",
        "aproximadamente 1.000 trabajadores de los que llegaron con sus familias por el puerto",
        "unos 1.000 trabajadores de los que llegaron con sus familias por el puerto",
    ] {
        let f = one(text);
        assert_eq!(f.qualifier, Qualifier::Approximate, "{text}: {f:?}");
        let v = f.value.unwrap();
        assert!(f.low.unwrap() < v && f.high.unwrap() > v, "{text}: an interval around {v}");
        assert!(v >= 900.0, "{text}: {v}");
        assert!(f.text.chars().next().is_some_and(|c| c.is_alphabetic()), "{text}: the marker is part of the figure: {}", f.text);
    }
    for (text, qualifier, low, high) in [
        ("nearly 1,000 workers", Qualifier::LessThan, None, Some(1000.0)),
        ("almost 1,000 workers", Qualifier::LessThan, None, Some(1000.0)),
        ("casi 1.000 trabajadores de los que llegaron con sus familias por el puerto", Qualifier::LessThan, None, Some(1000.0)),
        ("up to 1,000 workers", Qualifier::AtMost, None, Some(1000.0)),
        ("hasta 1.000 trabajadores de los que llegaron con sus familias por el puerto", Qualifier::AtMost, None, Some(1000.0)),
        ("at least 1,000 workers", Qualifier::AtLeast, Some(1000.0), None),
        ("al menos 1.000 trabajadores de los que llegaron con sus familias por el puerto", Qualifier::AtLeast, Some(1000.0), None),
        ("más de 1.000 trabajadores de los que llegaron con sus familias por el puerto", Qualifier::MoreThan, Some(1000.0), None),
        ("menos de 1.000 trabajadores de los que llegaron con sus familias por el puerto", Qualifier::LessThan, None, Some(1000.0)),
        ("investments exceed US$4 billion", Qualifier::MoreThan, Some(4e9), None),
    ] {
        let f = one(text);
        assert_eq!(f.qualifier, qualifier, "{text}: {f:?}");
        assert_eq!(f.high, high, "{text}");
        if low.is_some() {
            assert_eq!(f.low, low, "{text}");
        } else if qualifier == Qualifier::LessThan && text.contains("menos") {
            assert_eq!(f.low, None, "{text}");
        }
    }
}

#[test]
fn units_after_a_range_belong_to_the_range() {
    let f = one("a share of 10–15% of exports");
    assert_eq!((f.kind, f.unit.as_deref(), f.low, f.high), (FigureKind::Percent, Some("%"), Some(10.0), Some(15.0)));
    assert_eq!(f.text, "10–15%");
    let f = one("between 10 and 15 percent of exports");
    assert_eq!((f.kind, f.low, f.high), (FigureKind::Percent, Some(10.0), Some(15.0)));
    let f = one("a surplus of 2.1 billion dollars in 2003");
    assert_eq!((f.kind, f.unit.as_deref(), f.value), (FigureKind::Money, Some("USD"), Some(2.1e9)));
}

#[test]
fn spanish_text_groups_thousands_with_points() {
    let text = "En 1905 llegaron a Yucatán 1.033 coreanos, y la mitad de los que llegaron eran hombres con sus familias.";
    let f = one(text);
    assert_eq!((f.value, f.text.as_str()), (Some(1033.0), "1.033"));
    let decimal = one("La inversión de Corea fue de 2,5 millones de dólares para la planta y los trabajadores.");
    assert_eq!(decimal.value, Some(2.5e6));
    // The same digits in English text are a decimal.
    assert_eq!(one("The index rose to 1.033 points in the year.").value, Some(1.033));
}

#[test]
fn a_scale_glued_to_the_next_table_cell_still_scales() {
    let found: Vec<Figure> =
        find_figures("Over US$21 bn (70% growth)Over US$4 bnOver US$7 bn").into_iter().filter(|f| f.kind == FigureKind::Money).collect();
    let values: Vec<Option<f64>> = found.iter().map(|f| f.value).collect();
    assert_eq!(values, vec![Some(21e9), Some(4e9), Some(7e9)], "{found:#?}");
}
