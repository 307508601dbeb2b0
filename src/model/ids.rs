//! Counter ids such as `s1`, `a17`, `l3`: short, stable, readable in diffs, and
//! ordered numerically (so `a10` sorts after `a9` in the project file).
//!
//! A copy of a project shared through git has a [`Replica`] tag (`k3xq7z`), kept
//! outside the tracked files; ids it creates carry the tag (`a17.k3xq7z`) and count
//! per tag, so two copies never create the same id. Untagged ids (every project that
//! is not shared, and everything created before sharing) stay exactly as they were.
//!
//! An id is one `u64`: the tag's code in the high 32 bits (0 for untagged), the
//! counter in the low 32. Ordering is therefore untagged ids numerically, then each
//! tag's ids numerically, grouped by tag.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Crockford's base-32 alphabet (no `i`, `l`, `o`, `u`): tags read unambiguously.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters in a tag: 30 random bits, so a thousand copies of one project
/// collide with a probability under 1 in 2,000.
const TAG_LEN: usize = 6;
const COUNTER_MASK: u64 = 0xffff_ffff;

/// The tag of one copy of a project (6 base-32 characters, e.g. `k3xq7z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Replica(u32);

impl Replica {
    /// The tag made from 30 random bits (higher bits are ignored).
    pub fn from_bits(bits: u32) -> Self {
        Replica((bits & ((1 << 30) - 1)) + 1)
    }

    /// The non-zero code stored in an id's high 32 bits.
    fn code(self) -> u64 {
        u64::from(self.0)
    }
}

impl fmt::Display for Replica {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = self.0 - 1;
        for i in (0..TAG_LEN).rev() {
            let digit = (bits >> (5 * i)) & 31;
            write!(f, "{}", char::from(ALPHABET[digit as usize]))?;
        }
        Ok(())
    }
}

impl FromStr for Replica {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a copy tag (expected {TAG_LEN} characters of 0-9 and a-z without i, l, o, u)");
        if s.len() != TAG_LEN {
            return Err(bad());
        }
        let mut bits = 0u32;
        for c in s.bytes() {
            let digit = ALPHABET.iter().position(|&a| a == c).ok_or_else(bad)?;
            bits = (bits << 5) | digit as u32;
        }
        Ok(Replica::from_bits(bits))
    }
}

/// What every id type shares: the packed `u64` and the counter/tag parts.
pub trait CounterId: Copy + Ord {
    fn from_raw(raw: u64) -> Self;
    fn raw(self) -> u64;

    /// The id `n` in a copy tagged `replica` (or untagged).
    fn tagged(n: u32, replica: Option<Replica>) -> Self {
        Self::from_raw((replica.map_or(0, Replica::code) << 32) | u64::from(n))
    }

    /// The counter part (`17` of `a17.k3xq7z`).
    fn counter(self) -> u32 {
        (self.raw() & COUNTER_MASK) as u32
    }

    /// The copy tag, if the id was created in a tagged copy.
    fn replica(self) -> Option<Replica> {
        let code = (self.raw() >> 32) as u32;
        (code != 0).then_some(Replica(code))
    }
}

/// The next free id of one kind for a copy: the highest counter of that copy's tag
/// plus one. Deterministic, so undo and redo restore exactly.
pub fn next_id<K: CounterId, V>(map: &BTreeMap<K, V>, replica: Option<Replica>) -> K {
    let low = K::tagged(0, replica);
    let high = K::tagged(u32::MAX, replica);
    let last = map.range(low..=high).next_back().map_or(0, |(k, _)| k.counter());
    K::tagged(last.saturating_add(1), replica)
}

/// Hands out consecutive fresh ids of one kind, for transactions that create several
/// entities at once (every id is new to the project it was made for).
#[derive(Debug, Clone)]
pub struct IdAllocator<K> {
    next: K,
}

impl<K: CounterId> IdAllocator<K> {
    /// Starts at the next free id of `map` for the copy `replica`.
    pub fn new<V>(map: &BTreeMap<K, V>, replica: Option<Replica>) -> Self {
        Self { next: next_id(map, replica) }
    }

    /// The next fresh id. (A copy that made four billion ids of one kind would get
    /// its last one again; no project comes near.)
    pub fn fresh(&mut self) -> K {
        let id = self.next;
        self.next = K::tagged(id.counter().saturating_add(1), id.replica());
        id
    }
}

macro_rules! counter_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u64);

        impl $name {
            pub const PREFIX: char = $prefix;
        }

        impl CounterId for $name {
            fn from_raw(raw: u64) -> Self {
                $name(raw)
            }
            fn raw(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.counter())?;
                match self.replica() {
                    Some(r) => write!(f, ".{r}"),
                    None => Ok(()),
                }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let bad = || format!("`{s}` is not a valid id (expected `{}` followed by a number, e.g. `{}17` or `{}17.k3xq7z`)", $prefix, $prefix, $prefix);
                let rest = s.strip_prefix($prefix).ok_or_else(bad)?;
                let (number, tag) = match rest.split_once('.') {
                    Some((n, t)) => (n, Some(t.parse::<Replica>().map_err(|_| bad())?)),
                    None => (rest, None),
                };
                // Digits only: `u32::from_str` would also take a leading `+`.
                if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                let n = number.parse::<u32>().map_err(|_| bad())?;
                Ok(<$name as CounterId>::tagged(n, tag))
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
    /// Identifies a source (`s1`, or `s1.k3xq7z` from a tagged copy).
    SourceId,
    's'
);
counter_id!(
    /// Identifies an annotation (`a1`, or `a1.k3xq7z` from a tagged copy).
    AnnotationId,
    'a'
);
counter_id!(
    /// Identifies a link between two annotations (`l1`, or `l1.k3xq7z`).
    LinkId,
    'l'
);
counter_id!(
    /// Identifies a conflict set (`c1`, or `c1.k3xq7z`).
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
        assert!("a+3".parse::<AnnotationId>().is_err());
        assert!("a4294967296".parse::<AnnotationId>().is_err(), "beyond the counter");
    }

    #[test]
    fn tagged_ids_print_parse_and_sort_after_untagged_ones() {
        let tag: Replica = "k3xq7z".parse().expect("tag");
        assert_eq!(tag.to_string(), "k3xq7z");
        let id = AnnotationId::tagged(17, Some(tag));
        assert_eq!(id.to_string(), "a17.k3xq7z");
        assert_eq!("a17.k3xq7z".parse::<AnnotationId>(), Ok(id));
        assert_eq!(id.counter(), 17);
        assert_eq!(id.replica(), Some(tag));
        assert!(AnnotationId(u64::from(u32::MAX)) < AnnotationId::tagged(1, Some(tag)));
        for bad in ["a17.", "a17.k3xq7", "a17.k3xq7zz", "a17.k3xqiz", "a.k3xq7z", "a17.K3XQ7Z"] {
            assert!(bad.parse::<AnnotationId>().is_err(), "{bad}");
        }
        for bits in [0, 1, 12345, (1 << 30) - 1, u32::MAX] {
            let r = Replica::from_bits(bits);
            assert_eq!(r.to_string().parse::<Replica>(), Ok(r));
        }
    }

    #[test]
    fn each_copy_counts_its_own_ids() {
        let (x, y) = (Replica::from_bits(1), Replica::from_bits(2));
        let mut map: BTreeMap<AnnotationId, ()> = BTreeMap::new();
        map.insert(AnnotationId(5), ());
        map.insert(AnnotationId::tagged(3, Some(x)), ());
        assert_eq!(next_id(&map, None), AnnotationId(6));
        assert_eq!(next_id(&map, Some(x)), AnnotationId::tagged(4, Some(x)));
        assert_eq!(next_id(&map, Some(y)), AnnotationId::tagged(1, Some(y)));
        let mut ids = IdAllocator::new(&map, Some(x));
        let three: Vec<AnnotationId> = (0..3).map(|_| ids.fresh()).collect();
        assert_eq!(three.iter().map(ToString::to_string).collect::<Vec<_>>(), ["a4.000001", "a5.000001", "a6.000001"]);
    }

    #[test]
    fn thousands_of_ids_made_concurrently_in_two_copies_never_collide() {
        // Two copies of one project, each tagged, each adding ids on its own thread
        // from the same starting point (what two people do between two pulls).
        let mut base: BTreeMap<AnnotationId, u8> = BTreeMap::new();
        for n in 1..=40 {
            base.insert(AnnotationId(n), 0);
        }
        let copies = [Replica::from_bits(0x2a5f_3c11), Replica::from_bits(0x1234_5678)];
        let made: Vec<Vec<AnnotationId>> = std::thread::scope(|s| {
            let handles: Vec<_> = copies
                .iter()
                .enumerate()
                .map(|(side, &tag)| {
                    let mut map = base.clone();
                    s.spawn(move || {
                        let mut ids = Vec::new();
                        for _ in 0..5000 {
                            let id = next_id(&map, Some(tag));
                            map.insert(id, side as u8 + 1);
                            ids.push(id);
                        }
                        ids
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let mut all: std::collections::BTreeSet<AnnotationId> = base.keys().copied().collect();
        for id in made.iter().flatten() {
            assert!(all.insert(*id), "{id} was created twice");
        }
        assert_eq!(all.len(), 40 + 2 * 5000);
    }
}
