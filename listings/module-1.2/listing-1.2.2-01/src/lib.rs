//! An open-addressing hash table with linear probing, tombstones and doubling.
//!
//! Every entry lives directly in one array of slots. To find a key, hash it, start at the slot
//! the hash picks, and walk right (wrapping around) until you find the key or an empty slot.
//! Removing an entry leaves a *tombstone* so that walks for other keys do not stop early.
//! `std::collections::HashMap` is also open addressing (SwissTable, from the `hashbrown`
//! crate), with smarter probing: this table is the idea without the engineering.
pub mod fx;

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

// ANCHOR: slot
#[derive(Clone, Debug)]
enum Slot<K, V> {
    Empty,
    /// Was full, then removed: lookups walk past it, inserts may reuse it.
    Tombstone,
    Full(K, V),
}

/// A hash map from `K` to `V` with a pluggable hasher `S` (SipHash with a random key by default).
#[derive(Clone, Debug)]
pub struct HashTable<K, V, S = RandomState> {
    slots: Vec<Slot<K, V>>,
    /// Full slots.
    len: usize,
    /// Full slots plus tombstones: what decides when to grow, since both lengthen probes.
    used: usize,
    hasher: S,
}

/// Grow when more than 7/8 of the slots are used. Higher saves memory, lower shortens probes.
const MAX_LOAD_NUMERATOR: usize = 7;
const MAX_LOAD_DENOMINATOR: usize = 8;
const MIN_CAPACITY: usize = 8;
// ANCHOR_END: slot

impl<K: Hash + Eq, V> HashTable<K, V, RandomState> {
    pub fn new() -> Self {
        Self::with_hasher(RandomState::new())
    }
}

impl<K: Hash + Eq, V> Default for HashTable<K, V, RandomState> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> HashTable<K, V, S> {
    pub fn with_hasher(hasher: S) -> Self {
        Self::with_capacity_and_hasher(MIN_CAPACITY, hasher)
    }

    /// A table with at least `capacity` slots (rounded up to a power of two).
    pub fn with_capacity_and_hasher(capacity: usize, hasher: S) -> Self {
        let capacity = capacity.max(MIN_CAPACITY).next_power_of_two();
        let slots = std::iter::repeat_with(|| Slot::Empty)
            .take(capacity)
            .collect();
        Self {
            slots,
            len: 0,
            used: 0,
            hasher,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of slots, full or not.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    // ANCHOR: find
    /// The slot where the walk for `key` starts. Capacity is a power of two, so the remainder
    /// is a mask of the low bits.
    fn home<Q: Hash + ?Sized>(&self, key: &Q) -> usize {
        (self.hasher.hash_one(key) as usize) & (self.slots.len() - 1)
    }

    /// Walks from the key's home slot. Returns `Ok(index)` if the key is there, or
    /// `Err(index)` of the slot where it should be inserted: the first tombstone passed, or
    /// else the empty slot that ended the walk.
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mask = self.slots.len() - 1;
        let mut index = self.home(key);
        let mut first_tombstone = None;
        // The table is never full (max load < 1), so the walk always meets an empty slot.
        loop {
            match &self.slots[index] {
                Slot::Empty => return Err(first_tombstone.unwrap_or(index)),
                Slot::Tombstone => {
                    first_tombstone.get_or_insert(index);
                }
                Slot::Full(k, _) if k.borrow() == key => return Ok(index),
                Slot::Full(..) => {}
            }
            index = (index + 1) & mask; // linear probing: try the next slot
        }
    }
    // ANCHOR_END: find

    // ANCHOR: api
    /// Inserts or replaces; returns the previous value for the key, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.grow_if_needed();
        match self.find(&key) {
            Ok(index) => match &mut self.slots[index] {
                Slot::Full(_, old) => Some(std::mem::replace(old, value)),
                _ => unreachable!("find returned Ok for a slot that is not full"),
            },
            Err(index) => {
                if matches!(self.slots[index], Slot::Empty) {
                    self.used += 1; // reusing a tombstone does not use up a fresh slot
                }
                self.slots[index] = Slot::Full(key, value);
                self.len += 1;
                None
            }
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.find(key) {
            Ok(index) => match &self.slots[index] {
                Slot::Full(_, value) => Some(value),
                _ => None,
            },
            Err(_) => None,
        }
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.find(key) {
            Ok(index) => match &mut self.slots[index] {
                Slot::Full(_, value) => Some(value),
                _ => None,
            },
            Err(_) => None,
        }
    }

    /// Removes the key and returns its value. The slot becomes a tombstone, not empty: an
    /// empty slot would end the walk for any key stored further along the same run.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let index = self.find(key).ok()?;
        match std::mem::replace(&mut self.slots[index], Slot::Tombstone) {
            Slot::Full(_, value) => {
                self.len -= 1;
                Some(value)
            }
            _ => unreachable!("find returned Ok for a slot that is not full"),
        }
    }

    /// Entries in slot order, which looks random: like std's map, no order is promised.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Full(k, v) => Some((k, v)),
            _ => None,
        })
    }
    // ANCHOR_END: api

    // ANCHOR: grow
    /// Before an insert, make sure one more used slot keeps the load at or under 7/8.
    /// Rehashing moves every entry to a fresh array and drops the tombstones, so a table with
    /// many of them is rebuilt at the same size instead of doubled.
    fn grow_if_needed(&mut self) {
        let capacity = self.slots.len();
        if (self.used + 1) * MAX_LOAD_DENOMINATOR <= capacity * MAX_LOAD_NUMERATOR {
            return;
        }
        let new_capacity = if (self.len + 1) * 2 > capacity {
            capacity * 2
        } else {
            capacity
        };
        let fresh = std::iter::repeat_with(|| Slot::Empty)
            .take(new_capacity)
            .collect();
        let old = std::mem::replace(&mut self.slots, fresh);
        self.len = 0;
        self.used = 0;
        for slot in old {
            if let Slot::Full(key, value) = slot {
                // No key is present yet in the new array, so the walk ends at an empty slot.
                if let Err(index) = self.find(&key) {
                    self.slots[index] = Slot::Full(key, value);
                    self.len += 1;
                    self.used += 1;
                }
            }
        }
    }
    // ANCHOR_END: grow

    /// How many slots a lookup of `key` inspects (1 means it was found, or ruled out, at once).
    pub fn probe_count<Q>(&self, key: &Q) -> usize
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mask = self.slots.len() - 1;
        let mut index = self.home(key);
        let mut probes = 1;
        loop {
            match &self.slots[index] {
                Slot::Empty => return probes,
                Slot::Full(k, _) if k.borrow() == key => return probes,
                _ => {}
            }
            index = (index + 1) & mask;
            probes += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_replace_remove() {
        let mut table = HashTable::new();
        assert_eq!(table.insert("a".to_string(), 1), None);
        assert_eq!(table.insert("a".to_string(), 2), Some(1));
        assert_eq!(table.get("a"), Some(&2)); // lookup by &str thanks to Borrow
        assert_eq!(table.len(), 1);
        assert_eq!(table.remove("a"), Some(2));
        assert_eq!(table.remove("a"), None);
        assert!(table.is_empty());
    }

    #[test]
    fn grows_and_keeps_every_entry() {
        let mut table = HashTable::with_hasher(fx::FxBuildHasher::default());
        for i in 0..10_000u64 {
            table.insert(i, i * 3);
        }
        assert_eq!(table.len(), 10_000);
        assert!(table.capacity() >= 10_000 * 8 / 7);
        assert!((0..10_000u64).all(|i| table.get(&i) == Some(&(i * 3))));
    }

    #[test]
    fn tombstones_keep_later_keys_reachable_and_get_recycled() {
        // A tiny table with a constant hash: every key collides, so they form one run.
        let hasher = std::hash::BuildHasherDefault::<Constant>::default();
        let mut table = HashTable::with_capacity_and_hasher(8, hasher);
        for i in 0..5 {
            table.insert(i, i);
        }
        table.remove(&1);
        assert_eq!(table.get(&4), Some(&4), "the walk must pass the tombstone");
        for round in 0..100 {
            table.insert(100 + round, 0);
            table.remove(&(100 + round));
        }
        assert_eq!(
            table.capacity(),
            8,
            "churn must not grow a table whose size is stable"
        );
    }

    #[derive(Default)]
    struct Constant;
    impl std::hash::Hasher for Constant {
        fn write(&mut self, _: &[u8]) {}
        fn finish(&self) -> u64 {
            0
        }
    }
}
