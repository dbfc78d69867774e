//! Where products live. The HTTP layer sees only the `Store` trait, so a test can use the
//! in-memory store, production uses SQLite, and Month 3 can add another without touching a
//! handler.

mod memory;
mod sqlite;

pub use memory::MemoryStore;
pub use sqlite::{DEFAULT_READERS, SqliteStore};

use crate::domain::{Product, ProductChanges, ProductDraft};

// ANCHOR: store_trait
/// A product store. The methods block: the HTTP layer calls them on the store threads of a
/// `StoreExecutor`, so a slow disk never stalls the async worker threads.
pub trait Store: Send + Sync + 'static {
    /// Inserts a product; a SKU that already exists is `StoreError::DuplicateSku`.
    fn create(&self, draft: &ProductDraft) -> Result<Product, StoreError>;
    fn get(&self, id: i64) -> Result<Option<Product>, StoreError>;
    /// Applies `changes` atomically; `Ok(None)` when there is no such product.
    fn update(&self, id: i64, changes: &ProductChanges) -> Result<Option<Product>, StoreError>;
    /// `Ok(false)` when there was nothing to delete.
    fn delete(&self, id: i64) -> Result<bool, StoreError>;
    /// Up to `limit` products with `id > after`, in increasing `id` order (keyset pagination).
    fn list_after(&self, after: i64, limit: usize) -> Result<Vec<Product>, StoreError>;
    /// Proves the store can serve: for SQLite, that the database file it opened is still at
    /// its path and readable. Called by the readiness thread, not by a request.
    fn ping(&self) -> Result<(), StoreError>;
}

/// What went wrong, sorted by what the caller can do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The request's fault: 409.
    #[error("a product with SKU {0} already exists")]
    DuplicateSku(String),
    /// Try again soon: SQLite stayed busy or locked past its busy timeout. 503.
    #[error("the database is busy: {0}")]
    Busy(rusqlite::Error),
    /// Try again soon: every store thread is busy and the queue in front of them is full. 503.
    #[error("too many store calls are waiting")]
    Overloaded,
    /// Try elsewhere: the database cannot be used here (its file is gone, replaced or
    /// unreadable, its disk failed or is full). 503, and `/ready` fails so that traffic moves.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The database file has a schema this binary does not know; found at start-up.
    #[error(
        "the database schema is version {found}, newer than this binary knows ({known}); run a newer catalog"
    )]
    SchemaTooNew { found: usize, known: usize },
    /// Anything else is a bug or a broken database, not something a retry fixes: 500.
    /// Not a `#[source]`: the message already includes it, and `{:#}` would print it twice.
    #[error("SQLite: {0}")]
    Database(rusqlite::Error),
    /// A store thread panicked, or a lock was poisoned by one that did: 500.
    #[error("store failure: {0}")]
    Internal(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let moved = matches!(&error, rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_READONLY_DBMOVED);
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(error),
            // The environment, not the request or the code: a disk error, a file that cannot
            // be opened, a full disk, a file moved away underneath.
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::DiskFull) => {
                StoreError::Unavailable(error.to_string())
            }
            _ if moved => StoreError::Unavailable(error.to_string()),
            _ => StoreError::Database(error),
        }
    }
}
// ANCHOR_END: store_trait

#[cfg(test)]
mod contract {
    //! One set of tests that every `Store` must pass.
    use super::*;
    use crate::domain::NewProduct;

    fn draft(sku: &str) -> ProductDraft {
        NewProduct {
            sku: sku.into(),
            name: "Thing".into(),
            price_cents: 100,
            stock: 1,
        }
        .validate()
        .unwrap()
    }

    fn check(store: &dyn Store) {
        store.ping().unwrap();
        let a = store.create(&draft("AAA")).unwrap();
        let b = store.create(&draft("BBB")).unwrap();
        assert!(b.id > a.id);
        assert!(matches!(
            store.create(&draft("AAA")),
            Err(StoreError::DuplicateSku(sku)) if sku == "AAA"
        ));
        assert_eq!(store.get(a.id).unwrap(), Some(a.clone()));
        let changes = crate::domain::ProductPatch {
            stock: Some(9),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let updated = store.update(a.id, &changes).unwrap().unwrap();
        assert_eq!((updated.stock, updated.name.as_str()), (9, "Thing"));
        let rename = crate::domain::ProductPatch {
            sku: Some("BBB".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(matches!(
            store.update(a.id, &rename),
            Err(StoreError::DuplicateSku(_))
        ));
        assert_eq!(store.update(999, &changes).unwrap(), None);
        assert_eq!(store.update(999, &rename).unwrap(), None, "404 before 409");
        let page = store.list_after(0, 1).unwrap();
        assert_eq!(page, vec![updated]);
        assert_eq!(store.list_after(a.id, 10).unwrap(), vec![b.clone()]);
        assert!(store.delete(a.id).unwrap());
        assert!(!store.delete(a.id).unwrap());
        assert_eq!(store.get(a.id).unwrap(), None);
        let c = store.create(&draft("CCC")).unwrap();
        assert!(c.id > b.id, "ids are never reused");
        let again = store.create(&draft("AAA")).unwrap();
        assert!(again.id > c.id, "a deleted product's SKU is free again");
    }

    #[test]
    fn memory_store_meets_the_contract() {
        check(&MemoryStore::default());
    }

    #[test]
    fn sqlite_store_meets_the_contract() {
        check(&SqliteStore::open(":memory:").unwrap());
    }
}
