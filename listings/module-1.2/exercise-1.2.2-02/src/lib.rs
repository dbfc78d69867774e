//! Exercise 1.2.2-2: an entry API, so that "look up, then insert or update" hashes and probes
//! once instead of twice.
//!
//! The table is written; `entry` and the `Entry` type are yours, in `src/attempt.rs`. The tests
//! in `tests/` say what "done" means. They run against `src/solution.rs` by default and
//! against your attempt when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.2-2
//! ```
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

/// A linear-probing hash map (no removal, to keep the exercise on the entry API).
pub struct LinearTable<K, V, S = RandomState> {
    pub(crate) slots: Vec<Option<(K, V)>>,
    pub(crate) len: usize,
    pub(crate) hasher: S,
}

impl<K: Hash + Eq, V> LinearTable<K, V, RandomState> {
    pub fn new() -> Self {
        let slots = std::iter::repeat_with(|| None).take(8).collect();
        Self {
            slots,
            len: 0,
            hasher: RandomState::new(),
        }
    }
}

impl<K: Hash + Eq, V> Default for LinearTable<K, V, RandomState> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `Ok(index)` of the key's slot, or `Err(index)` of the empty slot where it would go.
    pub(crate) fn find(&self, key: &K) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut index = (self.hasher.hash_one(key) as usize) & mask;
        loop {
            match &self.slots[index] {
                None => return Err(index),
                Some((k, _)) if k == key => return Ok(index),
                Some(_) => index = (index + 1) & mask,
            }
        }
    }

    /// Grows the table if one more entry would push the load over 3/4. Call it before `find`
    /// when you may insert: growing moves entries, so an index found earlier would be stale.
    pub(crate) fn reserve_one(&mut self) {
        if (self.len + 1) * 4 <= self.slots.len() * 3 {
            return;
        }
        let fresh = std::iter::repeat_with(|| None)
            .take(self.slots.len() * 2)
            .collect();
        let old = std::mem::replace(&mut self.slots, fresh);
        for (key, value) in old.into_iter().flatten() {
            if let Err(index) = self.find(&key) {
                self.slots[index] = Some((key, value));
            }
        }
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.reserve_one();
        match self.find(&key) {
            Ok(index) => self.slots[index]
                .as_mut()
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(index) => {
                self.slots[index] = Some((key, value));
                self.len += 1;
                None
            }
        }
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        let index = self.find(key).ok()?;
        self.slots[index].as_ref().map(|(_, v)| v)
    }
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::Entry;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::Entry;
