// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.7-1`.
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

    /// Which stripe `key` lives in, `0..self.stripes()`: the same key always gives the same
    /// stripe.
    pub fn stripe_of(&self, key: &str) -> usize {
        todo!()
    }

    /// Runs `change` on `key`'s count (starting at 0 for a new key) while holding the lock of
    /// that key's stripe, and only that one: threads updating keys of other stripes must not
    /// wait. Allocate a `String` for the key only the first time it is seen.
    pub fn update<R>(&self, key: &str, change: impl FnOnce(&mut u64) -> R) -> R {
        todo!()
    }

    /// Adds `n` to `key`'s count (one `update`).
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
