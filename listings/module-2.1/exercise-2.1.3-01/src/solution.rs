use crate::{MemoryStore, PriceStore};
use std::cell::Cell;

// ANCHOR: solution
/// Wraps a store and counts how many `price` lookups hit and missed.
pub struct CountingStore<S> {
    inner: S,
    // `Cell` allows changing a `Copy` value through `&self`. It makes the type `!Sync`, which
    // is fine for a single-threaded decorator; across threads you would use `AtomicU64`.
    hits: Cell<u64>,
    misses: Cell<u64>,
}

impl<S: PriceStore> CountingStore<S> {
    pub fn new(inner: S) -> Self {
        CountingStore {
            inner,
            hits: Cell::new(0),
            misses: Cell::new(0),
        }
    }

    /// `(hits, misses)` so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.hits.get(), self.misses.get())
    }
}

impl<S: PriceStore> PriceStore for CountingStore<S> {
    fn price(&self, sku: &str) -> Option<u64> {
        let price = self.inner.price(sku);
        let counter = if price.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.set(counter.get() + 1);
        price
    }

    fn set_price(&mut self, sku: &str, cents: u64) {
        self.inner.set_price(sku, cents);
    }
}

/// Builds the store a configuration asks for, behind a trait object.
pub fn open_store(counting: bool) -> Box<dyn PriceStore> {
    if counting {
        Box::new(CountingStore::new(MemoryStore::default()))
    } else {
        Box::new(MemoryStore::default())
    }
}
// ANCHOR_END: solution
