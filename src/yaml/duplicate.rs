//! Where a key is written a second time in one mapping.
//!
//! serde_yaml reports a duplicate key at the start of the mapping holding it (the front
//! matter's first line, site.yaml's first key), which may be dozens of lines away. Reading
//! the text again with a seed that remembers each mapping's keys and fails inside the second
//! one puts the parser's own location on that key.

use std::cell::RefCell;
use std::collections::HashSet;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::backend::{self, Value};

/// The byte offset and the text of the first key written twice in one mapping, if any.
pub(super) fn first_duplicate(text: &str) -> Option<(usize, String)> {
    let found = RefCell::new(None);
    let err = Node(&found)
        .deserialize(backend::Deserializer::from_str(text))
        .err()?;
    let key = found.into_inner()?;
    Some((err.location()?.index(), key))
}

/// Any node: mappings check their keys, and every value is walked.
struct Node<'f>(&'f RefCell<Option<String>>);

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while map
            .next_key_seed(Key {
                seen: &mut seen,
                found: self.0,
            })?
            .is_some()
        {
            map.next_value_seed(Node(self.0))?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Node(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        IgnoredAny.visit_enum(data).map(drop)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A key of one mapping, failing (where it is written) when the mapping had it already.
/// Keys that are lists or mappings are not compared.
struct Key<'s, 'f> {
    seen: &'s mut HashSet<Value>,
    found: &'f RefCell<Option<String>>,
}

impl Key<'_, '_> {
    fn check<E: de::Error>(self, key: Value, text: String) -> Result<(), E> {
        if self.seen.insert(key) {
            return Ok(());
        }
        *self.found.borrow_mut() = Some(text);
        Err(E::custom("duplicate key"))
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.check(Value::String(v.to_owned()), v.to_owned())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.check(Value::Bool(v), v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.check(Value::Number(v.into()), v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.check(Value::Number(v.into()), v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.check(Value::Number(v.into()), v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.check(Value::Null, "null".into())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.check(Value::Null, "null".into())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        IgnoredAny.visit_enum(data).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_second_occurrence_at_any_depth() {
        let at = |text: &str| {
            first_duplicate(text).map(|(i, key)| (text[..i].matches('\n').count() + 1, key))
        };
        assert_eq!(at("a: 1\nb: 2\na: 3\n"), Some((3, "a".into())));
        assert_eq!(
            at("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n"),
            Some((5, "c".into()))
        );
        assert_eq!(
            at("- id: x\n  t: 1\n- id: y\n  t: 2\n  id: z\n"),
            Some((5, "id".into()))
        );
        assert_eq!(
            at("a: {x: 1, y: 2}\nb: {x: 1, x: 2}\n"),
            Some((2, "x".into()))
        );
        assert_eq!(at("1: a\n\"1\": b\ntrue: c\n"), None);
        assert_eq!(at("a: 1\nb: [a, a]\n"), None);
    }
}
