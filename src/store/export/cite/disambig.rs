//! How many names each ambiguous citation shows, decided as citeproc-js 2.4 decides it
//! (`CSL.Disambiguation` in citeproc-js; CSL 1.0.2 "Disambiguation" leaves the order
//! of steps to the processor, and Zotero users see citeproc-js's).
//!
//! citeproc-js does not give each citation the fewest names that tell it apart. Every
//! set of citations that read alike (`Abbott et al.`) is worked through with *one*
//! shared setting — names shown, given-name level of each name, whether the style's
//! `disambiguate="true"` branches are on — that only ever grows. The citations are
//! taken in order of how many names they have (compared as text: `22` before `3`) and
//! each one that reads like no other once a step is taken is registered with the best
//! setting so far. So a citation checked after a step that added a name keeps that name
//! though it needed none (`Abbott, Grace, Caleb Hale, et al.` beside
//! `Abbott, Harriet, Inês Ferreira, et al.`), and one told apart earlier does not
//! (`Abbott, Eun-Kyung, et al.`). The names registered are the ones the bibliography
//! shows when it abbreviates names as the citations do (MLA).
//!
//! Texts here are keys compared for equality, not what is printed.

use std::collections::HashMap;

/// One name as a citation can show it at each given-name level (citeproc-js's
/// `givens`): 0 family name (with its non-dropping particle), 1 initials, 2 in full.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Person {
    pub short: String,
    pub initials: String,
    pub full: String,
    /// A personal name with a given name: only these are expanded.
    pub has_given: bool,
}

impl Person {
    fn at(&self, level: u8) -> &str {
        match level {
            0 => &self.short,
            1 => &self.initials,
            _ => &self.full,
        }
    }
}

/// One citation in an ambiguous set.
#[derive(Debug, Clone)]
pub(super) struct Cited {
    /// The names the citation shows (author, or what stands for it), in order.
    pub names: Vec<Person>,
    /// What else the citation shows that tells it apart (its year in author-date
    /// styles), or its whole key when it shows no names.
    pub rest: String,
    /// What the style's `disambiguate="true"` branches add (the title, in MLA).
    pub extra: String,
    /// Tie-break among citations with as many names (citeproc-js compares item ids;
    /// Zotero's ids follow the order items were added).
    pub rank: usize,
}

/// The style's rules that drive the run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    pub et_al_min: usize,
    pub et_al_use_first: usize,
    pub add_names: bool,
    pub add_givenname: bool,
    /// `givenname-disambiguation-rule="by-cite"` (the default): given names are expanded
    /// per citation by this run; other rules expand them for the whole document, which is
    /// taken as done (`global_level`).
    pub by_cite: bool,
    /// The citation's names are initialized (`initialize-with`), so level 1 differs
    /// from level 2.
    pub initials: bool,
    /// The given-name level other rules give every name they may expand (the first
    /// only under `primary-name…`).
    pub global_level: u8,
    pub primary_only: bool,
    pub year_suffix: bool,
    /// The style has `disambiguate="true"` conditions.
    pub has_disambiguate: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Setting {
    names: usize,
    givens: Vec<u8>,
    disambiguate: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Names,
    Years,
    ExtraText,
}

/// The key of `c` under `base`, as citeproc-js renders an ambiguous citation: the
/// rendering writes back into the setting (the names actually shown, each name's level).
fn key(rules: &Rules, c: &Cited, base: &mut Setting) -> String {
    let mut out = String::new();
    if !c.names.is_empty() {
        let count = c.names.len();
        let asked = if base.names > 0 {
            base.names
        } else if count >= rules.et_al_min {
            rules.et_al_use_first
        } else {
            count
        };
        let shown = asked.min(count);
        base.names = shown;
        if base.givens.len() < shown {
            base.givens.resize(shown, 0);
        }
        for (i, p) in c.names.iter().take(shown).enumerate() {
            let mut level = base.givens[i];
            if rules.by_cite {
                if level == 1 && (!rules.initials || !p.has_given) {
                    level = 2;
                }
            } else if rules.add_givenname && p.has_given && !(rules.primary_only && i > 0) {
                level = rules.global_level;
            }
            base.givens[i] = level;
            out.push_str(p.at(level));
            out.push('\u{1f}');
        }
        if shown < count {
            out.push_str("et al.");
        }
    }
    out.push('\u{1e}');
    out.push_str(&c.rest);
    if rules.has_disambiguate && base.disambiguate > 0 {
        out.push('\u{1e}');
        out.push_str(&c.extra);
    }
    out
}

/// The key of each citation with the style's own setting: citations with equal keys
/// form the sets [`run`] works through.
pub(super) fn default_key(rules: &Rules, c: &Cited) -> String {
    key(rules, c, &mut Setting::default())
}

/// What a citation is registered with: the number of names it shows and the given-name
/// level of its first name (0 family name, 1 initials, 2 in full).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Registered {
    pub names: usize,
    pub first_given: u8,
}

/// What each citation of one ambiguous set (`set`, in the order the items were given) is
/// registered with, by rank; citations the run leaves unregistered keep the style's
/// setting and are absent.
pub(super) fn run(rules: &Rules, set: &[&Cited]) -> HashMap<usize, Registered> {
    Run::new(rules, set).finish()
}

struct Run<'a> {
    rules: &'a Rules,
    cited: &'a [&'a Cited],
    modes: Vec<Mode>,
    mode: usize,
    base: Setting,
    better: Setting,
    /// Lists of indices into `cited` still to tell apart; the first is worked on.
    lists: Vec<Vec<usize>>,
    names_max: usize,
    givens_max: Option<u8>,
    gname: usize,
    init_givens: bool,
    clashes: (usize, usize),
    partners: Vec<usize>,
    nonpartners: Vec<usize>,
    registered: HashMap<usize, Registered>,
}

impl<'a> Run<'a> {
    fn new(rules: &'a Rules, cited: &'a [&'a Cited]) -> Self {
        let mut modes = Vec::new();
        if rules.add_names || (rules.add_givenname && rules.by_cite) {
            modes.push(Mode::Names);
        }
        if rules.year_suffix {
            modes.push(Mode::Years);
        }
        if rules.has_disambiguate {
            modes.push(Mode::ExtraText);
        }
        // The first item's own setting is the best so far; rendering the others with it
        // moves the shared one.
        let mut base = Setting::default();
        key(rules, cited[0], &mut base);
        let better = base.clone();
        for c in &cited[1..] {
            key(rules, c, &mut base);
        }
        let mut order: Vec<usize> = (0..cited.len()).collect();
        order.sort_by(|&a, &b| {
            cited[a].names.len().to_string().cmp(&cited[b].names.len().to_string()).then(cited[a].rank.cmp(&cited[b].rank))
        });
        let names_max = cited[order[0]].names.len();
        Run {
            rules,
            cited,
            modes,
            mode: 0,
            base,
            better,
            lists: vec![order],
            names_max,
            givens_max: (rules.by_cite && rules.add_givenname).then_some(2),
            gname: 0,
            init_givens: true,
            clashes: (1, 0),
            partners: Vec::new(),
            nonpartners: Vec::new(),
            registered: HashMap::new(),
        }
    }

    fn finish(mut self) -> HashMap<usize, Registered> {
        if self.modes.is_empty() {
            return self.registered;
        }
        // Every step moves a setting forward or shortens a list; the bound only guards
        // against a case this port gets wrong.
        let mut steps = 0usize;
        let bound = 64 * (self.cited.len() + 4) * (self.names_max + 4);
        while !self.lists.is_empty() {
            self.gname = 0;
            self.clashes = (1, 0);
            while !self.lists[0].is_empty() {
                steps += 1;
                if steps > bound {
                    let rest: Vec<usize> = self.lists.concat();
                    for i in rest {
                        self.register(i);
                    }
                    return self.registered;
                }
                let maxed = self.increment();
                self.scan();
                self.eval(maxed);
            }
            self.lists.remove(0);
        }
        self.registered
    }

    fn register(&mut self, i: usize) {
        let mut first_given = self.better.givens.first().copied().unwrap_or(0);
        if first_given == 1 && (!self.rules.initials || self.cited[i].names.first().is_none_or(|p| !p.has_given)) {
            first_given = 2;
        }
        self.registered.insert(self.cited[i].rank, Registered { names: self.better.names, first_given });
    }

    /// citeproc-js `incrementDisambig`: one step forward in the current mode; true when
    /// the names mode can go no further.
    fn increment(&mut self) -> bool {
        if self.init_givens {
            self.init_givens = false;
            return false;
        }
        match self.modes[self.mode] {
            Mode::Names => {
                let mut more_names = self.givens_max.is_none();
                if let Some(max) = self.givens_max {
                    match self.base.givens.get_mut(self.gname) {
                        Some(level) if *level < max => *level += 1,
                        _ => more_names = true,
                    }
                }
                if more_names && self.rules.add_names && self.gname < self.names_max {
                    self.base.names += 1;
                    self.gname += 1;
                }
                (!self.rules.add_names || self.gname == self.names_max)
                    && self.givens_max.is_none_or(|max| self.base.givens.get(self.gname).is_none_or(|&l| l == max))
            }
            Mode::ExtraText => {
                self.base.disambiguate += 1;
                self.better.disambiguate += 1;
                false
            }
            Mode::Years => false,
        }
    }

    /// citeproc-js `scanItems`: which citations read like the list's first.
    fn scan(&mut self) {
        let list = self.lists[0].clone();
        let first = key(self.rules, self.cited[list[0]], &mut self.base);
        self.partners = vec![list[0]];
        self.nonpartners.clear();
        for &other in &list[1..] {
            if key(self.rules, self.cited[other], &mut self.base) == first {
                self.partners.push(other);
            } else {
                self.nonpartners.push(other);
            }
        }
        self.clashes = (self.clashes.1, self.partners.len() - 1);
    }

    /// citeproc-js `evalScan`.
    fn eval(&mut self, maxed: bool) {
        match self.modes[self.mode] {
            Mode::Names => self.names(maxed),
            Mode::Years => self.years(),
            Mode::ExtraText => self.extra_text(),
        }
        if maxed {
            if self.mode + 1 < self.modes.len() {
                self.mode += 1;
            } else if self.lists.len() > 1 {
                self.lists[1] = Vec::new();
            } else {
                self.lists.push(Vec::new());
            }
        }
    }

    /// citeproc-js `captureStepToBase`: the step just taken helped.
    fn capture(&mut self) {
        if self.rules.by_cite
            && !self.base.givens.is_empty()
            && let Some(&level) = self.base.givens.get(self.gname)
        {
            if self.better.givens.len() <= self.gname {
                self.better.givens.resize(self.gname + 1, 0);
            }
            self.better.givens[self.gname] = level;
        }
        self.better.names = self.base.names;
    }

    /// citeproc-js `disNames`.
    fn names(&mut self, maxed: bool) {
        let partners = std::mem::take(&mut self.partners);
        let nonpartners = std::mem::take(&mut self.nonpartners);
        if self.clashes.1 == 0 && nonpartners.len() == 1 {
            self.capture();
            self.register(nonpartners[0]);
            self.register(partners[0]);
            self.lists[0] = Vec::new();
        } else if self.clashes.1 == 0 {
            self.capture();
            self.register(partners[0]);
            self.init_givens = !nonpartners.is_empty();
            self.lists[0] = nonpartners;
        } else if nonpartners.len() == 1 {
            self.capture();
            self.register(nonpartners[0]);
            self.lists[0] = partners;
        } else if self.clashes.1 < self.clashes.0 {
            self.capture();
            self.lists[0] = partners;
            self.lists.push(nonpartners);
        } else if maxed {
            self.lists[0] = nonpartners;
            self.lists.push(partners.clone());
            if self.mode + 1 == self.modes.len() {
                for p in partners {
                    self.register(p);
                }
                self.lists[0] = Vec::new();
            }
        } else {
            self.partners = partners;
            self.nonpartners = nonpartners;
        }
    }

    /// citeproc-js `disYears`: the list's citations get year suffixes with the best
    /// names so far (none when the first scan found no clash).
    fn years(&mut self) {
        if self.clashes.1 != 0 {
            for i in self.lists[0].clone() {
                self.register(i);
            }
        }
        self.lists[0] = Vec::new();
    }

    /// citeproc-js `disExtraText`, for styles whose citations hold one
    /// `disambiguate="true"` condition: the first time, the condition is switched on and
    /// the names mode starts again; after that, the list is registered as it is.
    fn extra_text(&mut self) {
        let done = self.clashes.1 == 0 && self.nonpartners.len() < 2;
        if !done && self.base.disambiguate == 0 {
            self.mode = 0;
            self.better.disambiguate = 0;
            self.init_givens = true;
            self.base.disambiguate = 1;
        } else {
            for i in self.lists[0].clone() {
                self.register(i);
            }
            self.lists[0] = Vec::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(given: &str, family: &str) -> Person {
        let initials: String = given.split([' ', '-']).filter_map(|w| w.chars().next()).map(|c| format!("{c}. ")).collect();
        Person { short: family.into(), initials: format!("{initials}{family}"), full: format!("{given} {family}"), has_given: true }
    }

    fn cited(rank: usize, names: &[(&str, &str)], title: &str) -> Cited {
        Cited { names: names.iter().map(|(g, f)| person(g, f)).collect(), rest: String::new(), extra: title.into(), rank }
    }

    fn mla() -> Rules {
        Rules {
            et_al_min: 3,
            et_al_use_first: 1,
            add_names: true,
            add_givenname: true,
            by_cite: true,
            initials: false,
            global_level: 2,
            primary_only: false,
            year_suffix: false,
            has_disambiguate: true,
        }
    }

    /// citeproc-js 2.4.63 with MLA 9 on these five records prints
    /// `Abbott, Anne Marie, Ji-Woo Hofmann, et al.`, `Abbott, Eun-Kyung, et al.`,
    /// `Abbott, Grace, Caleb Hale, et al.` and two Harriet Abbotts with two names each:
    /// the names added to tell the Harriets apart stay on the citations checked after.
    #[test]
    fn later_citations_keep_names_added_for_earlier_ones() {
        let many: Vec<(&str, &str)> =
            std::iter::once(("Eun-Kyung", "Abbott")).chain(std::iter::repeat_n(("Amos", "MacLeod"), 21)).collect();
        let set = [
            cited(271, &many, "Politics"),
            cited(344, &[("Harriet", "Abbott"), ("Álvaro", "Medina"), ("Clara", "Haddad"), ("A", "B"), ("C", "D")], "Yucatecan"),
            cited(513, &[("Harriet", "Abbott"), ("Inês", "Ferreira"), ("Hélène", "Dubois")], "Japanese"),
            cited(
                890,
                &[
                    ("Anne Marie", "Abbott"),
                    ("Ji-Woo", "Hofmann"),
                    ("Elena", "Cárdenas"),
                    ("E", "F"),
                    ("G", "H"),
                    ("I", "J"),
                    ("K", "L"),
                    ("M", "N"),
                    ("O", "P"),
                ],
                "Rethinking",
            ),
            cited(971, &[("Grace", "Abbott"), ("Caleb", "Hale"), ("Henry", "Lindqvist")], "Coffee"),
        ];
        let refs: Vec<&Cited> = set.iter().collect();
        let got = run(&mla(), &refs);
        assert_eq!(got.get(&271).map(|r| r.names), Some(1));
        assert_eq!(got.get(&344).map(|r| r.names), Some(2));
        assert_eq!(got.get(&513).map(|r| r.names), Some(2));
        assert_eq!(got.get(&890).map(|r| r.names), Some(2));
        assert_eq!(got.get(&971).map(|r| r.names), Some(2));
    }

    #[test]
    fn citations_alike_in_every_name_keep_the_style_number() {
        let names = [("Harriet", "Abbott"), ("Inês", "Ferreira"), ("Hélène", "Dubois")];
        let set = [cited(1, &names, "One"), cited(2, &names, "Two")];
        let refs: Vec<&Cited> = set.iter().collect();
        let got = run(&mla(), &refs);
        assert_eq!(got.get(&1).map(|r| r.names), Some(1));
        assert_eq!(got.get(&2).map(|r| r.names), Some(1));
    }
}
