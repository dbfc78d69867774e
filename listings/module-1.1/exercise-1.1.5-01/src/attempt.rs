// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.5-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;
use std::num::NonZeroUsize;

// ANCHOR: starter
/// A cache of at most `capacity` entries that evicts the least recently used one when it is full.
pub struct LruCache<K, V> {
    // Your fields. One way: a `HashMap` from each key to the index of its entry in a `Vec`, and
    // entries that link to the next older and next newer entry by index (a doubly linked list
    // inside the `Vec`), plus the indices of the oldest and the newest entry.
    entries: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// An empty cache that holds at most `capacity` entries.
    pub fn new(capacity: NonZeroUsize) -> Self {
        todo!("set up an empty cache")
    }

    /// The value stored for `key`, which becomes the most recently used entry; `None` on a miss.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        todo!("find the entry, move it to the most recent end")
    }

    /// Stores `value` for `key`, which becomes the most recently used entry. A key already in the
    /// cache has its value replaced and nothing is evicted. A new key in a full cache evicts the
    /// least recently used entry, which is returned.
    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        todo!("replace, insert, or evict the oldest entry and insert")
    }

    /// How many entries the cache holds.
    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The keys in the cache, from the least to the most recently used.
    pub fn keys_by_recency(&self) -> Vec<K> {
        todo!("walk from the oldest entry to the newest")
    }
}
// ANCHOR_END: starter
