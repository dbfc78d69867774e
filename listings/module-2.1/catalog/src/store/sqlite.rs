//! The SQLite store: one writer connection and a few reader connections.
//!
//! SQLite allows one writer at a time per database file, so a single writer behind a mutex
//! loses nothing and turns "database is locked" errors into a short wait. In WAL mode readers
//! do not block the writer, so each reader gets its own connection. An in-memory database
//! exists only inside its connection, so `:memory:` uses the writer for everything.

use super::{Store, StoreError};
use crate::domain::{Product, ProductChanges, ProductDraft};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::Duration;

/// Reader connections when the caller does not say: one per reader thread of the executor.
pub const DEFAULT_READERS: usize = 2;

/// How long a connection waits for a lock held by another connection before `SQLITE_BUSY`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

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
/// `BEGIN IMMEDIATE` takes the write lock before reading the version: a second process that
/// opens the file while the first is migrating waits for it, then reads the new version and
/// runs nothing (`a_second_process_waits_for_a_migration_in_progress`). A schema newer than
/// `MIGRATIONS` was written by a newer binary; running against it could corrupt data that
/// binary relies on, so it is refused.
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
    /// The file and the identity it had when opened, or `None` for `:memory:`.
    file: Option<DatabaseFile>,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

/// A database file, and which file it was when the store opened it. The open connections keep
/// reading and writing that file even after it is deleted or replaced at its path (Linux keeps
/// an open file alive), so the store compares the two before every write and on every
/// readiness check.
struct DatabaseFile {
    path: String,
    device: u64,
    inode: u64,
}

impl DatabaseFile {
    fn of(path: &str) -> Result<DatabaseFile, StoreError> {
        let metadata = std::fs::metadata(path)
            .map_err(|error| StoreError::Unavailable(format!("cannot stat {path:?}: {error}")))?;
        Ok(DatabaseFile {
            path: path.to_owned(),
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }

    fn is_still_there(&self) -> Result<(), StoreError> {
        match DatabaseFile::of(&self.path) {
            Ok(now) if (now.device, now.inode) == (self.device, self.inode) => Ok(()),
            Ok(_) => Err(StoreError::Unavailable(format!(
                "{:?} is no longer the file this process opened",
                self.path
            ))),
            Err(error) => Err(error),
        }
    }
}

// ANCHOR: open
impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, or a private in-memory database
    /// for `:memory:`, and runs the migrations.
    pub fn open(path: &str) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_readers(path, DEFAULT_READERS)
    }

    /// `open`, with `readers` reader connections (at least one) for a file.
    pub fn open_with_readers(path: &str, readers: usize) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_configured(path, readers, |_| Ok(()))
    }

    /// `open`, with `configure` applied to the writer connection before the migrations run.
    fn open_configured(
        path: &str,
        readers: usize,
        configure: impl FnOnce(&Connection) -> rusqlite::Result<()>,
    ) -> Result<SqliteStore, StoreError> {
        let mut writer = Connection::open(path)?;
        writer.busy_timeout(BUSY_TIMEOUT)?;
        configure(&writer)?;
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
        let mut pool = Vec::new();
        let mut file = None;
        if !in_memory {
            for _ in 0..readers.max(1) {
                let reader = Connection::open(path)?;
                reader.busy_timeout(BUSY_TIMEOUT)?;
                pool.push(Mutex::new(reader));
            }
            file = Some(DatabaseFile::of(path)?);
        }
        Ok(SqliteStore {
            file,
            writer: Mutex::new(writer),
            readers: pool,
            next_reader: AtomicUsize::new(0),
        })
    }
    // ANCHOR_END: open

    /// The writer, for a write. If the file at the path is no longer the one this store
    /// opened, the write is refused: it would go to a file nobody will ever open again, and
    /// be acknowledged and lost.
    fn writer(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        if let Some(file) = &self.file {
            file.is_still_there()?;
        }
        self.writer
            .lock()
            .map_err(|_| StoreError::Internal("a thread panicked holding the writer".into()))
    }

    /// A free reader connection, if there is one; with as many connections as reader
    /// threads, there always is.
    fn reader(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        if self.readers.is_empty() {
            return self.writer();
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for offset in 0..self.readers.len() {
            match self.readers[(start + offset) % self.readers.len()].try_lock() {
                Ok(reader) => return Ok(reader),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Poisoned(_)) => break,
            }
        }
        self.readers[start % self.readers.len()]
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

    fn list_after(&self, after: i64, limit: usize) -> Result<Vec<Product>, StoreError> {
        let conn = self.reader()?;
        let mut statement = conn.prepare_cached(LIST_AFTER)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![after, limit], row_to_product)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // ANCHOR: ping
    fn ping(&self) -> Result<(), StoreError> {
        // The pooled connections hold the file open and would keep answering from it after it
        // is deleted or replaced at its path. So readiness looks at the path: the same file
        // as at start-up, and one that opens (without creating it) and has our schema. It
        // uses no pooled connection, so a store busy with requests still answers it.
        let Some(file) = &self.file else {
            return self.writer().map(drop);
        };
        file.is_still_there()?;
        let path = &file.path;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let fresh = Connection::open_with_flags(path, flags)
            .map_err(|error| StoreError::Unavailable(format!("cannot open {path:?}: {error}")))?;
        fresh.busy_timeout(BUSY_TIMEOUT)?;
        let version: usize = fresh
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| StoreError::Unavailable(format!("cannot read {path:?}: {error}")))?;
        if version != MIGRATIONS.len() {
            return Err(StoreError::Unavailable(format!(
                "{path:?} has schema version {version}, expected {}",
                MIGRATIONS.len()
            )));
        }
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

    /// A second process that starts while the first is half-way through migration 1. The
    /// first is played by a raw connection inside `BEGIN IMMEDIATE`, the second by
    /// `SqliteStore::open` on another thread, whose busy handler reports when it waits.
    #[test]
    fn a_second_process_waits_for_a_migration_in_progress() {
        use std::sync::atomic::AtomicBool;
        static WAITING: AtomicBool = AtomicBool::new(false);
        fn report_and_retry(attempt: i32) -> bool {
            WAITING.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(5));
            attempt < 2000 // give up after about 10 s
        }
        let path = std::env::temp_dir().join(format!("catalog-migrate-{}.db", std::process::id()));
        let remove = || {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        };
        remove();
        let path_text = path.to_string_lossy().into_owned();

        let first = Connection::open(&path).unwrap();
        first
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .unwrap();
        first.execute_batch("BEGIN IMMEDIATE").unwrap();
        first.execute_batch(MIGRATIONS[0]).unwrap();
        first.pragma_update(None, "user_version", 1).unwrap();

        let second = std::thread::spawn(move || {
            SqliteStore::open_configured(&path_text, 1, |writer| {
                writer.busy_handler(Some(report_and_retry))
            })
        });
        // Commit only once the second is waiting for the lock, or has already given up.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !WAITING.load(Ordering::SeqCst) && !second.is_finished() {
            assert!(
                std::time::Instant::now() < deadline,
                "the second never started"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        first.execute_batch("COMMIT").unwrap();
        let opened = second.join().unwrap();
        remove();
        // With a deferred BEGIN, the second reads version 0 from its snapshot, runs migration
        // 1, and cannot upgrade its read transaction to a write while the first holds the lock:
        // SQLITE_BUSY at once, without waiting.
        if let Err(error) = opened {
            panic!("the second process failed: {error}");
        }
        assert!(
            WAITING.load(Ordering::SeqCst),
            "the second waited for the lock"
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
