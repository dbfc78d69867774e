//! Exercise 1.2.2-1: a linear-probing hash table without tombstones.
//!
//! Insert and lookup are written; `remove` is yours, in `src/attempt.rs`. The tests in `tests/`
//! say what "done" means. They run against `src/solution.rs` by default and against your
//! attempt when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.2-1
//! ```
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

/// A hash map whose slots are either empty or full: no tombstones. Every key sits in its home
/// slot or to the right of it (wrapping), with no empty slot between home and key.
pub struct LinearTable<K, V, S = RandomState> {
    pub(crate) slots: Vec<Option<(K, V)>>,
    pub(crate) len: usize,
    pub(crate) hasher: S,
}

impl<K: Hash + Eq, V> LinearTable<K, V, RandomState> {
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }
}

impl<K: Hash + Eq, V> Default for LinearTable<K, V, RandomState> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    pub fn with_hasher(hasher: S) -> Self {
        let slots = std::iter::repeat_with(|| None).take(8).collect();
        Self {
            slots,
            len: 0,
            hasher,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// The slot where the walk for `key` starts.
    pub fn home(&self, key: &K) -> usize {
        (self.hasher.hash_one(key) as usize) & (self.slots.len() - 1)
    }

    /// `Ok(index)` of the key's slot, or `Err(index)` of the empty slot that ended the walk.
    pub(crate) fn find(&self, key: &K) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut index = self.home(key);
        loop {
            match &self.slots[index] {
                None => return Err(index),
                Some((k, _)) if k == key => return Ok(index),
                Some(_) => index = (index + 1) & mask,
            }
        }
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
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

    fn grow(&mut self) {
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

    /// True if every key can be found from its home slot: the invariant `remove` must keep.
    pub fn invariant_holds(&self) -> bool {
        self.slots
            .iter()
            .flatten()
            .all(|(k, _)| self.find(k).is_ok())
            && self.slots.iter().flatten().count() == self.len
    }
}

#[cfg(feature = "attempt")]
mod attempt;

#[cfg(not(feature = "attempt"))]
mod solution;
