// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.3-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::{MemoryStore, PriceStore};
use std::cell::Cell;

// ANCHOR: starter
/// Wraps a store and counts how many `price` lookups found a price (hits) and how many did
/// not (misses). Add the fields you need: `price` takes `&self`, so plain `u64` counters
/// cannot be incremented there.
pub struct CountingStore<S> {
    inner: S,
}

impl<S: PriceStore> CountingStore<S> {
    pub fn new(inner: S) -> Self {
        todo!()
    }

    /// `(hits, misses)` so far.
    pub fn counts(&self) -> (u64, u64) {
        todo!()
    }
}

impl<S: PriceStore> PriceStore for CountingStore<S> {
    fn price(&self, sku: &str) -> Option<u64> {
        todo!("delegate, then count a hit or a miss")
    }

    fn set_price(&mut self, sku: &str, cents: u64) {
        todo!("delegate")
    }
}

/// Builds the store a configuration asks for: a `MemoryStore`, wrapped in a `CountingStore`
/// when `counting` is true. The caller only sees `dyn PriceStore`.
pub fn open_store(counting: bool) -> Box<dyn PriceStore> {
    todo!()
}
// ANCHOR_END: starter
