//! A product store behind a trait, so that handlers do not care where products live.
//!
//! [`InMemoryStore`] keeps products in a `BTreeMap`; [`LoggingStore`] wraps any other store and
//! records every call. The project chapter replaces the map with SQLite behind the same kind of
//! trait.

use std::collections::BTreeMap;
use std::fmt;

// ANCHOR: store
/// A product as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub price_cents: u64,
}

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// A product with this SKU already exists.
    Duplicate(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Duplicate(sku) => write!(f, "a product with SKU {sku} already exists"),
        }
    }
}

impl std::error::Error for StoreError {}

/// What a handler needs from storage, and nothing more.
pub trait Store {
    fn insert(&mut self, product: Product) -> Result<(), StoreError>;
    fn get(&self, sku: &str) -> Option<&Product>;
    fn len(&self) -> usize;

    /// A provided method: every implementation gets it for free.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: store

// ANCHOR: memory
/// Products in memory, ordered by SKU.
#[derive(Debug, Default)]
pub struct InMemoryStore {
    products: BTreeMap<String, Product>,
}

impl Store for InMemoryStore {
    fn insert(&mut self, product: Product) -> Result<(), StoreError> {
        if self.products.contains_key(&product.sku) {
            return Err(StoreError::Duplicate(product.sku));
        }
        self.products.insert(product.sku.clone(), product);
        Ok(())
    }

    fn get(&self, sku: &str) -> Option<&Product> {
        self.products.get(sku)
    }

    fn len(&self) -> usize {
        self.products.len()
    }
}
// ANCHOR_END: memory

// ANCHOR: logging
/// Wraps another store and records each call: the decorator pattern, with a generic inner store.
#[derive(Debug)]
pub struct LoggingStore<S> {
    inner: S,
    log: Vec<String>,
}

impl<S: Store> LoggingStore<S> {
    pub fn new(inner: S) -> Self {
        LoggingStore {
            inner,
            log: Vec::new(),
        }
    }

    /// The calls recorded so far, oldest first.
    pub fn log(&self) -> &[String] {
        &self.log
    }
}

impl<S: Store> Store for LoggingStore<S> {
    fn insert(&mut self, product: Product) -> Result<(), StoreError> {
        let sku = product.sku.clone();
        let result = self.inner.insert(product);
        let outcome = match &result {
            Ok(()) => "ok".to_string(),
            Err(error) => format!("error: {error}"),
        };
        self.log.push(format!("insert {sku}: {outcome}"));
        result
    }

    fn get(&self, sku: &str) -> Option<&Product> {
        // `get` takes `&self`, so it cannot push to the log: see the note on interior
        // mutability in the chapter.
        self.inner.get(sku)
    }

    fn len(&self) -> usize {
        self.inner.len()
    }
}
// ANCHOR_END: logging

// ANCHOR: dispatch
/// Static dispatch: the compiler makes one copy of this function per store type it is called
/// with, and can inline the calls.
pub fn seed_static<S: Store>(store: &mut S, products: &[Product]) -> usize {
    products
        .iter()
        .filter(|product| store.insert((*product).clone()).is_ok())
        .count()
}

/// Dynamic dispatch: one copy of the function; each call goes through the vtable of `dyn Store`.
pub fn seed_dyn(store: &mut dyn Store, products: &[Product]) -> usize {
    products
        .iter()
        .filter(|product| store.insert((*product).clone()).is_ok())
        .count()
}
// ANCHOR_END: dispatch

/// A product for examples and tests.
pub fn product(sku: &str, name: &str, price_cents: u64) -> Product {
    Product {
        sku: sku.to_string(),
        name: name.to_string(),
        price_cents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused() {
        let mut store = InMemoryStore::default();
        assert_eq!(store.insert(product("A-1", "Lamp", 1999)), Ok(()));
        assert_eq!(
            store.insert(product("A-1", "Other lamp", 1)),
            Err(StoreError::Duplicate("A-1".to_string()))
        );
        assert_eq!(store.len(), 1);
        assert_eq!(store.get("A-1").map(|p| p.price_cents), Some(1999));
    }

    #[test]
    fn logging_store_records_outcomes_and_delegates() {
        let mut store = LoggingStore::new(InMemoryStore::default());
        let seeded = seed_static(
            &mut store,
            &[product("A-1", "Lamp", 1), product("A-1", "Lamp", 1)],
        );
        assert_eq!(seeded, 1);
        assert_eq!(store.len(), 1);
        assert_eq!(
            store.log(),
            [
                "insert A-1: ok",
                "insert A-1: error: a product with SKU A-1 already exists"
            ]
        );
    }

    #[test]
    fn both_dispatches_agree() {
        let products = [product("A", "a", 1), product("B", "b", 2)];
        let mut one = InMemoryStore::default();
        let mut two = InMemoryStore::default();
        assert_eq!(
            seed_static(&mut one, &products),
            seed_dyn(&mut two, &products)
        );
    }
}
