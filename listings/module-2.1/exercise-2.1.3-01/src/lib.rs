//! Exercise 2.1.3-1: wrap any `PriceStore` in a decorator that counts cache hits and misses.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.3-1
//! ```

use std::collections::HashMap;

/// Prices by SKU. `price` takes `&self`: reads must not need exclusive access.
pub trait PriceStore {
    fn price(&self, sku: &str) -> Option<u64>;
    fn set_price(&mut self, sku: &str, cents: u64);
}

/// The plain implementation.
#[derive(Debug, Default)]
pub struct MemoryStore {
    prices: HashMap<String, u64>,
}

impl PriceStore for MemoryStore {
    fn price(&self, sku: &str) -> Option<u64> {
        self.prices.get(sku).copied()
    }

    fn set_price(&mut self, sku: &str, cents: u64) {
        self.prices.insert(sku.to_string(), cents);
    }
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{CountingStore, open_store};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{CountingStore, open_store};
