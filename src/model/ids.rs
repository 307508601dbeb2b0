//! Counter ids such as `s1`, `a17`, `l3`: short, stable, readable in diffs, and
//! ordered numerically (so `a10` sorts after `a9` in the project file).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! counter_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub const PREFIX: char = $prefix;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.strip_prefix($prefix)
                    .and_then(|n| n.parse::<u32>().ok())
                    .map($name)
                    .ok_or_else(|| format!("`{s}` is not a valid id (expected `{}` followed by a number)", $prefix))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

counter_id!(
    /// Identifies a source (`s1`).
    SourceId,
    's'
);
counter_id!(
    /// Identifies an annotation (`a1`).
    AnnotationId,
    'a'
);
counter_id!(
    /// Identifies a link between two annotations (`l1`).
    LinkId,
    'l'
);
counter_id!(
    /// Identifies a conflict set (`c1`).
    SetId,
    'c'
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_parse_and_order_numerically() {
        let id: AnnotationId = "a17".parse().expect("valid");
        assert_eq!(id, AnnotationId(17));
        assert_eq!(id.to_string(), "a17");
        assert!(AnnotationId(9) < AnnotationId(10));
        assert!("s17".parse::<AnnotationId>().is_err());
        assert!("a".parse::<AnnotationId>().is_err());
    }
}
