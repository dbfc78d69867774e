//! A store in a `BTreeMap`: for tests, and to measure what SQLite costs.

use super::{Store, StoreError};
use crate::domain::{Product, ProductChanges, ProductDraft};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    last_id: i64,
    products: BTreeMap<i64, Product>,
    /// SKU to id: the unique index. Without it, every insert scanned every product, and the
    /// first load test showed POST to this store slower than to SQLite.
    ids_by_sku: HashMap<String, i64>,
}

impl Inner {
    fn sku_taken(&self, sku: &str, except: i64) -> bool {
        self.ids_by_sku.get(sku).is_some_and(|&id| id != except)
    }
}

impl MemoryStore {
    fn lock(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        self.inner
            .lock()
            .map_err(|_| StoreError::Internal("a thread panicked holding the lock".into()))
    }
}

impl Store for MemoryStore {
    fn create(&self, draft: &ProductDraft) -> Result<Product, StoreError> {
        let mut inner = self.lock()?;
        if inner.sku_taken(draft.sku.as_str(), 0) {
            return Err(StoreError::DuplicateSku(draft.sku.to_string()));
        }
        inner.last_id += 1;
        let product = Product {
            id: inner.last_id,
            sku: draft.sku.to_string(),
            name: draft.name.clone(),
            price_cents: draft.price_cents,
            stock: draft.stock,
        };
        inner.ids_by_sku.insert(product.sku.clone(), product.id);
        inner.products.insert(product.id, product.clone());
        Ok(product)
    }

    fn get(&self, id: i64) -> Result<Option<Product>, StoreError> {
        Ok(self.lock()?.products.get(&id).cloned())
    }

    fn update(&self, id: i64, changes: &ProductChanges) -> Result<Option<Product>, StoreError> {
        let mut inner = self.lock()?;
        // A missing product is `None` even when the new SKU is taken, as in SQLite, where an
        // UPDATE that matches no row checks no constraint.
        if !inner.products.contains_key(&id) {
            return Ok(None);
        }
        if let Some(sku) = &changes.sku
            && inner.sku_taken(sku.as_str(), id)
        {
            return Err(StoreError::DuplicateSku(sku.to_string()));
        }
        let Inner {
            products,
            ids_by_sku,
            ..
        } = &mut *inner;
        Ok(products.get_mut(&id).map(|product| {
            ids_by_sku.remove(&product.sku);
            changes.apply_to(product);
            ids_by_sku.insert(product.sku.clone(), id);
            product.clone()
        }))
    }

    fn delete(&self, id: i64) -> Result<bool, StoreError> {
        let mut inner = self.lock()?;
        match inner.products.remove(&id) {
            Some(product) => {
                inner.ids_by_sku.remove(&product.sku);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn list_after(&self, after: i64, limit: usize) -> Result<Vec<Product>, StoreError> {
        let inner = self.lock()?;
        Ok(inner
            .products
            .range(after.saturating_add(1)..)
            .take(limit)
            .map(|(_, p)| p.clone())
            .collect())
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.lock().map(drop)
    }
}
