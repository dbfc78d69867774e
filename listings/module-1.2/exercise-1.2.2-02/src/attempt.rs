// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.2-2`.
#![allow(unused_variables, dead_code)]

use crate::LinearTable;
use std::hash::{BuildHasher, Hash};

// ANCHOR: starter
/// A slot in the table for one key, found once, whether or not the key is there yet.
/// (You may change the fields; keep the methods' signatures.)
pub struct Entry<'a, K, V, S> {
    table: &'a mut LinearTable<K, V, S>,
    key: K,
    /// `Ok(index)` if the key is in slot `index`, `Err(index)` if it would go there.
    slot: Result<usize, usize>,
}

impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    /// Finds the slot for `key`, growing the table first if inserting might need it.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        todo!("reserve room, find the slot, and wrap both in an Entry")
    }
}

impl<'a, K: Hash + Eq, V, S: BuildHasher> Entry<'a, K, V, S> {
    /// The value for the key, inserting `default` first if the key is absent.
    pub fn or_insert(self, default: V) -> &'a mut V {
        todo!()
    }

    /// Like `or_insert`, but builds the value only when it is needed.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        todo!()
    }

    /// Runs `update` on the value if the key is present; returns the entry for chaining.
    pub fn and_modify(self, update: impl FnOnce(&mut V)) -> Self {
        todo!()
    }
}
// ANCHOR_END: starter
