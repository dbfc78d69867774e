//! The SQLite store: one writer connection and a few reader connections.
//!
//! SQLite allows one writer at a time per database file, so a single writer behind a mutex
//! loses nothing and turns "database is locked" errors into a short wait. In WAL mode readers
//! do not block the writer, so each reader gets its own connection. An in-memory database
//! exists only inside its connection, so `:memory:` uses the writer for everything.

use super::{Store, StoreError};
use crate::domain::{Product, ProductChanges, ProductDraft};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const READERS: usize = 2;

// ANCHOR: migrations
/// Each entry moves the schema one version forward. Never edit an entry that has shipped:
/// append a new one. `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: products. AUTOINCREMENT makes SQLite never reuse an id, even after a delete, which
    // keyset pagination relies on.
    "CREATE TABLE products (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        sku         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        stock       INTEGER NOT NULL CHECK (stock >= 0)
    );",
];

/// Brings the schema up to date in one transaction: a crash half-way leaves the old version.
/// `BEGIN IMMEDIATE` takes the write lock before reading the version, so two processes that
/// start at once on one file cannot both read version 0 and both run migration 1. A schema
/// newer than `MIGRATIONS` was written by a newer binary; running against it could corrupt
/// data that binary relies on, so it is refused.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: usize = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known: MIGRATIONS.len(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
    }
    Ok(tx.commit()?)
}
// ANCHOR_END: migrations

pub struct SqliteStore {
    /// The file, or `None` for `:memory:`; `ping` opens it afresh.
    path: Option<String>,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

// ANCHOR: open
impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, or a private in-memory database
    /// for `:memory:`, and runs the migrations.
    pub fn open(path: &str) -> Result<SqliteStore, StoreError> {
        let mut writer = Connection::open(path)?;
        writer.busy_timeout(Duration::from_secs(5))?;
        let in_memory = path == ":memory:";
        if !in_memory {
            // WAL: readers see a consistent snapshot while the writer appends; NORMAL sync is
            // durable across a process crash, and loses at most the last commits on power loss.
            let mode: String = writer.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Unavailable(format!(
                    "cannot switch {path:?} to WAL mode (got {mode})"
                )));
            }
            writer.pragma_update(None, "synchronous", "NORMAL")?;
        }
        migrate(&mut writer)?;
        let mut readers = Vec::new();
        if !in_memory {
            for _ in 0..READERS {
                let reader = Connection::open(path)?;
                reader.busy_timeout(Duration::from_secs(5))?;
                readers.push(Mutex::new(reader));
            }
        }
        Ok(SqliteStore {
            path: (!in_memory).then(|| path.to_owned()),
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }
    // ANCHOR_END: open

    fn writer(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.writer
            .lock()
            .map_err(|_| StoreError::Internal("a thread panicked holding the writer".into()))
    }

    fn reader(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        if self.readers.is_empty() {
            return self.writer();
        }
        let index = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers[index]
            .lock()
            .map_err(|_| StoreError::Internal("a thread panicked holding a reader".into()))
    }
}

fn row_to_product(row: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: row.get(0)?,
        sku: row.get(1)?,
        name: row.get(2)?,
        price_cents: row.get(3)?,
        stock: row.get(4)?,
    })
}

/// A UNIQUE constraint failed. `ErrorCode::ConstraintViolation` alone would also match a
/// failed CHECK or NOT NULL, which is not a duplicate SKU; the extended code tells them apart.
fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(e, _)
        if e.code == ErrorCode::ConstraintViolation
            && e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Written out in full rather than built with `format!`, which allocated a string on every call.
const GET_BY_ID: &str = "SELECT id, sku, name, price_cents, stock FROM products WHERE id = ?1";
const LIST_AFTER: &str =
    "SELECT id, sku, name, price_cents, stock FROM products WHERE id > ?1 ORDER BY id LIMIT ?2";

impl Store for SqliteStore {
    // ANCHOR: create
    fn create(&self, draft: &ProductDraft) -> Result<Product, StoreError> {
        let conn = self.writer()?;
        let inserted = conn.query_row(
            "INSERT INTO products (sku, name, price_cents, stock) VALUES (?1, ?2, ?3, ?4)
             RETURNING id, sku, name, price_cents, stock",
            params![
                draft.sku.as_str(),
                draft.name,
                draft.price_cents,
                draft.stock
            ],
            row_to_product,
        );
        inserted.map_err(|error| match is_unique_violation(&error) {
            true => StoreError::DuplicateSku(draft.sku.to_string()),
            false => error.into(),
        })
    }
    // ANCHOR_END: create

    fn get(&self, id: i64) -> Result<Option<Product>, StoreError> {
        let conn = self.reader()?;
        let mut statement = conn.prepare_cached(GET_BY_ID)?;
        Ok(statement.query_row([id], row_to_product).optional()?)
    }

    fn update(&self, id: i64, changes: &ProductChanges) -> Result<Option<Product>, StoreError> {
        let conn = self.writer()?;
        // COALESCE keeps the stored value where the patch has none: one statement, so no
        // read-modify-write race between two PATCHes.
        let updated = conn
            .query_row(
                "UPDATE products SET
                    sku = COALESCE(?2, sku), name = COALESCE(?3, name),
                    price_cents = COALESCE(?4, price_cents), stock = COALESCE(?5, stock)
                 WHERE id = ?1
                 RETURNING id, sku, name, price_cents, stock",
                params![
                    id,
                    changes.sku.as_ref().map(|s| s.as_str()),
                    changes.name,
                    changes.price_cents,
                    changes.stock
                ],
                row_to_product,
            )
            .optional();
        updated.map_err(|error| match (&changes.sku, is_unique_violation(&error)) {
            (Some(sku), true) => StoreError::DuplicateSku(sku.to_string()),
            _ => error.into(),
        })
    }

    fn delete(&self, id: i64) -> Result<bool, StoreError> {
        let conn = self.writer()?;
        Ok(conn.execute("DELETE FROM products WHERE id = ?1", [id])? == 1)
    }

    // ANCHOR: list
    fn list_after(&self, after: i64, limit: usize) -> Result<Vec<Product>, StoreError> {
        let conn = self.reader()?;
        let mut statement = conn.prepare_cached(LIST_AFTER)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![after, limit], row_to_product)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
    // ANCHOR_END: list

    // ANCHOR: ping
    fn ping(&self) -> Result<(), StoreError> {
        // The pooled connections hold the file open. If it is deleted, SQLite notices on the
        // next read ("disk I/O error"); if another file replaces it at the same path, they
        // keep reading the old one and answer as if nothing had happened. So readiness also
        // opens the path anew, without creating it, and reads the schema version from there.
        if let Some(path) = &self.path {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let fresh = Connection::open_with_flags(path, flags).map_err(|error| {
                StoreError::Unavailable(format!("cannot open {path:?}: {error}"))
            })?;
            let version: usize = fresh
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(|error| {
                    StoreError::Unavailable(format!("cannot read {path:?}: {error}"))
                })?;
            if version != MIGRATIONS.len() {
                return Err(StoreError::Unavailable(format!(
                    "{path:?} has schema version {version}, expected {}",
                    MIGRATIONS.len()
                )));
            }
        }
        let conn = self.reader()?;
        conn.prepare_cached("SELECT id FROM products ORDER BY id LIMIT 1")?
            .query_row([], |_| Ok(()))
            .optional()?;
        Ok(())
    }
    // ANCHOR_END: ping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_record_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: usize = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }

    #[test]
    fn a_schema_newer_than_the_binary_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", MIGRATIONS.len() + 1)
            .unwrap();
        let error = migrate(&mut conn).unwrap_err();
        assert!(
            matches!(error, StoreError::SchemaTooNew { found, known }
                if found == MIGRATIONS.len() + 1 && known == MIGRATIONS.len()),
            "{error}"
        );
    }

    #[test]
    fn only_a_unique_violation_is_a_duplicate_sku() {
        let store = SqliteStore::open(":memory:").unwrap();
        // Built by hand, past `validate`: the schema's CHECK is the last line of defence.
        let draft = ProductDraft {
            sku: crate::domain::Sku::parse("NEG-1").unwrap(),
            name: "Negative".into(),
            price_cents: -1,
            stock: 0,
        };
        assert!(matches!(store.create(&draft), Err(StoreError::Database(_))));
        let draft = ProductDraft {
            price_cents: 1,
            ..draft
        };
        store.create(&draft).unwrap();
        assert!(matches!(
            store.create(&draft),
            Err(StoreError::DuplicateSku(_))
        ));
    }
}
