//! Figures in the cells of plain-text tables: the scale and currency of the table's
//! head (`(Millions of dollars)`), the year of the cell's column or row, the row's
//! label and the table's caption — so that a cell can be matched with the sentence
//! that quotes it (`USD 2.5 million in 1991` is the 1991 cell of the row `Korea`).

/// How far above a row to look for the table's caption and head.
const LOOK_UP: usize = 30;

/// What a table says about one of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Multiplier from the head (`(Millions of dollars)` → 1e6); 1 when none.
    pub scale: f64,
    /// The head names dollars.
    pub money: bool,
    /// The row is a percentage row (`% of total FDI`).
    pub percent: bool,
    /// The year of the cell's column, or of its row when rows are years.
    pub year: Option<i32>,
    /// Words of the row label and of the caption.
    pub words: String,
}

fn year_of(token: &str) -> Option<i32> {
    let t = token.trim_end_matches(['*', ',']);
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten().filter(|y| (1800..=2100).contains(y))
}

/// Whether a whitespace-separated token is a number (`2,121.3`, `-4017.8`, `0.4%`).
pub fn is_number(token: &str) -> bool {
    let t = token.trim_end_matches('%').trim_start_matches(['-', '+']);
    t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Whether a line is a table row: a label (optional) then three or more numbers,
/// not all of them years (that is a head).
pub fn is_row(line: &str) -> bool {
    let tokens = line.split_whitespace().count();
    let numbers: Vec<&str> = line.split_whitespace().filter(|t| is_number(t)).collect();
    // Prose with three figures in it is no row: most of a row's tokens are numbers.
    numbers.len() >= 3 && numbers.len() * 5 >= tokens * 2 && !numbers.iter().all(|t| year_of(t).is_some())
}

/// The context of the `index`-th number (0-based, counting every number token) of
/// row `row` of `lines`; `None` if the row is not in a recognisable table.
pub fn cell(lines: &[&str], row: usize, index: usize) -> Option<Cell> {
    let tokens: Vec<&str> = lines.get(row)?.split_whitespace().collect();
    let numbers: Vec<&str> = tokens.iter().copied().filter(|t| is_number(t)).collect();
    let label: Vec<&str> = tokens.iter().copied().take_while(|t| !is_number(t)).collect();
    let row_year = numbers.first().and_then(|t| year_of(t)).filter(|_| label.is_empty());
    let mut scale = 1.0;
    let mut money = false;
    let mut caption = String::new();
    let mut header: Option<Vec<Option<i32>>> = None;
    for k in (row.saturating_sub(LOOK_UP)..row).rev() {
        let line = lines[k].trim();
        let lower = line.to_lowercase();
        if header.is_none() && !is_row(line) && line.split_whitespace().filter(|t| year_of(t).is_some() || t.contains('-')).count() >= 3 {
            header = Some(line.split_whitespace().filter(|t| year_of(t).is_some() || t.contains('-')).map(year_of).collect());
        }
        if lower.contains("dollars") && scale == 1.0 {
            money = true;
            scale = if lower.contains("million") {
                1e6
            } else if lower.contains("thousand") {
                1e3
            } else if lower.contains("billion") {
                1e9
            } else {
                1.0
            };
        }
        if lower.starts_with("table") {
            caption = lines[k..(k + 3).min(row)].join(" ");
            break;
        }
    }
    if caption.is_empty() && scale == 1.0 {
        return None;
    }
    let percent = label.iter().any(|w| w.contains('%')) || numbers.get(index).is_some_and(|t| t.ends_with('%'));
    // Rows labelled by a year (`2003 2,455.0 333.7 …`): the first number is the label.
    let year = match row_year {
        Some(y) => (index > 0).then_some(y),
        None => header.and_then(|h| h.get(index).copied().flatten()),
    };
    if row_year.is_some() && index == 0 {
        return None;
    }
    Some(Cell {
        scale: if percent { 1.0 } else { scale },
        money: money && !percent,
        percent,
        year,
        words: format!("{} {caption}", label.join(" ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Table 4\nInvestment of Ruritania in Borduria, 1989-1993\n\n(Millions of dollars)\n\n1989-90 1991 1992 1993 Total 1989-1993\n\nTotal 62.2 35.1 35.6 49.6 182.5\n\nRuritania 1.5 2.5 0.04 8.4 12.4\n\n% of total 1.0 3.2 0.04 7 2.8\n";

    #[test]
    fn a_cell_takes_its_scale_year_label_and_caption() {
        let lines: Vec<&str> = TABLE.lines().collect();
        assert!(is_row(lines[9]) && !is_row(lines[5]));
        let c = cell(&lines, 9, 1).unwrap();
        assert_eq!((c.scale, c.money, c.percent, c.year), (1e6, true, false, Some(1991)));
        assert!(c.words.contains("Ruritania") && c.words.contains("Borduria"), "{c:?}");
        assert_eq!(cell(&lines, 9, 4).unwrap().year, None, "the total column spans years");
        let share = cell(&lines, 11, 4).unwrap();
        assert!(share.percent && share.scale == 1.0);
    }

    #[test]
    fn rows_labelled_by_year_give_their_year_to_every_cell() {
        let text = "Table 1\nTrade of Ruritania\n(Millions of dollars)\nExports Imports Total Balance\n2002 2,230.8 295.4 2,526.2 1935.4\n2003 2,455.0 333.7 2788.7 2121.3\n";
        let lines: Vec<&str> = text.lines().collect();
        let c = cell(&lines, 5, 4).unwrap();
        assert_eq!((c.year, c.scale), (Some(2003), 1e6));
        assert!(cell(&lines, 5, 0).is_none(), "the year label is no cell");
        assert!(cell(&["a 1 2 3"], 0, 1).is_none(), "no table around");
        assert!(!is_row("the numbers grew from 12,000 people in the 1860s to 30,000 by the 1920s and over 170,000 later"));
    }
}
