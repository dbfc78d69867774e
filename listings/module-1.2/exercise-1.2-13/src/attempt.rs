// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2-13`.
#![allow(unused_variables, unused_imports, dead_code)]

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

// ANCHOR: starter
/// Counts by key, split into stripes: each stripe is a `Mutex<HashMap<String, u64>>`, and a
/// key always lives in the stripe its hash picks.
pub struct StripedCounter {
    // Your fields: the stripes, and a hasher (`RandomState`) to pick one.
}

impl StripedCounter {
    /// A counter with `stripes` stripes; 0 is treated as 1.
    pub fn new(stripes: usize) -> Self {
        todo!()
    }

    /// How many stripes there are.
    pub fn stripes(&self) -> usize {
        todo!()
    }

    /// Adds `n` to `key`'s count, locking only that key's stripe. Allocate a `String` for the
    /// key only the first time it is seen.
    pub fn add(&self, key: &str, n: u64) {
        todo!()
    }

    /// The count for `key`, 0 if it was never added.
    pub fn get(&self, key: &str) -> u64 {
        todo!()
    }

    /// The sum of all counts.
    pub fn total(&self) -> u64 {
        todo!()
    }

    /// The `k` keys with the highest counts, highest first; equal counts in key order.
    pub fn top(&self, k: usize) -> Vec<(String, u64)> {
        todo!()
    }
}
// ANCHOR_END: starter
