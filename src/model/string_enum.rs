//! One definition of the string face of the model's name-valued enums ([`Kind`],
//! [`Relation`], [`Verdict`]): `ALL`, `as_str`, `Display` and `FromStr`, generated
//! from one table of (variant, name) instead of four hand-kept matches per enum.
//! Serde keeps its own `rename_all` (so project files stay byte-identical); a test
//! checks that both spell every variant the same.
//!
//! [`Kind`]: super::Kind
//! [`Relation`]: super::Relation
//! [`Verdict`]: super::Verdict

/// Implements, for a fieldless enum, `ALL` (every variant, in the table's order),
/// `as_str` (the name), `Display` (the name) and `FromStr` (the name, in any ASCII
/// case with `ignore_case`; otherwise exactly). A parse error reads
/// ``unknown <noun> `x` (expected a, b or c)``.
macro_rules! string_enum {
    ($ty:ident, $noun:literal, ignore_case: $ignore_case:expr, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in the order menus and lists show them.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The name used in the project file, the CLI and exports.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .into_iter()
                    .find(|v| if $ignore_case { v.as_str().eq_ignore_ascii_case(s) } else { v.as_str() == s })
                    .ok_or_else(|| {
                        format!(
                            "unknown {} `{s}` (expected {})",
                            $noun,
                            $crate::model::string_enum::one_of(&$ty::ALL.map($ty::as_str))
                        )
                    })
            }
        }
    };
}
pub(crate) use string_enum;

/// `a, b or c`: the names a parse error offers.
pub(crate) fn one_of(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((only, _)) => (*only).to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, Relation, Verdict};
    use super::one_of;

    /// The project file (serde) and the CLI (`as_str`) must spell every variant alike.
    fn same_as_serde<T: serde::Serialize + std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug + Copy>(all: &[T]) {
        for v in all {
            assert_eq!(serde_json::to_string(v).expect("serialise"), format!("\"{v}\""));
            assert_eq!(v.to_string().parse::<T>().ok(), Some(*v));
        }
    }

    #[test]
    fn names_match_serde_and_parse_back_with_the_old_messages() {
        same_as_serde(&Kind::ALL);
        same_as_serde(&Relation::ALL);
        same_as_serde(&Verdict::ALL);
        assert_eq!("FIGURE".parse::<Kind>(), Ok(Kind::Figure), "kinds parse in any case");
        assert!("Supports".parse::<Relation>().is_err(), "relations parse exactly");
        assert_eq!("x".parse::<Kind>().unwrap_err(), "unknown kind `x` (expected claim, figure, quote, question or note)");
        assert_eq!("x".parse::<Relation>().unwrap_err(), "unknown relation `x` (expected contradicts, supports, same-as or explains)");
        assert_eq!("x".parse::<Verdict>().unwrap_err(), "unknown verdict `x` (expected conflict, explained, compatible or unresolved)");
        assert_eq!(one_of(&["a"]), "a");
        assert_eq!(Relation::ALL, [Relation::Contradicts, Relation::Supports, Relation::SameAs, Relation::Explains]);
    }
}
