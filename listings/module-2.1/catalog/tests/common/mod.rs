//! Helpers shared by the integration tests: a real server on 127.0.0.1:0 and a real client.
#![allow(dead_code)]

use catalog::store::{SqliteStore, Store};
use catalog::{AppOptions, AppState, Limits, RunningServer, build_app};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Generous bounds for the tests whose point is not a limit: a loaded CI machine must not trip
/// them. The connection limit matters too: an idle pooled connection holds its permit until the
/// header read timeout closes it, and reqwest may open more connections than it has requests in
/// flight (200 writers once opened 266), so a limit of 256 stalled a request for 10 seconds.
pub fn limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_secs(10),
        write_timeout: Duration::from_secs(10),
        max_connections: 1024,
        drain_delay: Duration::ZERO,
        shutdown_grace: Duration::from_secs(5),
    }
}

pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Short bounds for the attack tests in `hostile.rs`, so that each takes seconds, not minutes.
pub fn attack_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(500),
        write_timeout: Duration::from_millis(500),
        ..limits()
    }
}

pub const ATTACK_REQUEST_TIMEOUT: Duration = Duration::from_millis(800);

pub async fn start_with_options(
    store: Arc<dyn Store>,
    limits: Limits,
    options: &AppOptions,
) -> RunningServer {
    let state = AppState::new(store, options).expect("store threads");
    let lifecycle = state.lifecycle.clone();
    RunningServer::start(build_app(state), lifecycle, limits)
        .await
        .expect("start server")
}

pub async fn start_with_timeout(
    store: Arc<dyn Store>,
    limits: Limits,
    request_timeout: Duration,
) -> RunningServer {
    let options = AppOptions {
        request_timeout,
        ..AppOptions::default()
    };
    start_with_options(store, limits, &options).await
}

pub async fn start_with(store: Arc<dyn Store>, limits: Limits) -> RunningServer {
    start_with_timeout(store, limits, REQUEST_TIMEOUT).await
}

pub async fn start() -> RunningServer {
    let store = SqliteStore::open(":memory:").expect("open store");
    start_with(Arc::new(store), limits()).await
}

/// A server with the short attack bounds: header read timeout 500 ms, request timeout 800 ms.
pub async fn start_for_attacks() -> RunningServer {
    let store = SqliteStore::open(":memory:").expect("open store");
    start_with_timeout(Arc::new(store), attack_limits(), ATTACK_REQUEST_TIMEOUT).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

pub fn product(sku: &str) -> Value {
    json!({ "sku": sku, "name": format!("Product {sku}"), "price_cents": 250, "stock": 4 })
}

/// A fresh file path in the temp directory, removed (with its WAL files) on drop.
pub struct TempDb(pub String);

impl TempDb {
    pub fn new(tag: &str) -> TempDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("catalog-test-{tag}-{}-{n}.db", std::process::id()));
        let db = TempDb(path.to_string_lossy().into_owned());
        db.remove();
        db
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0));
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

/// GETs `url` and returns its JSON body, whatever the status.
pub async fn get_json(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> Value {
    let response = http.get(url).send().await.expect("GET");
    response.json().await.expect("JSON body")
}

/// POSTs `body` as JSON to `url` and returns the response's JSON body, whatever the status.
pub async fn post_json(http: &reqwest::Client, url: impl reqwest::IntoUrl, body: &Value) -> Value {
    let response = http.post(url).json(body).send().await.expect("POST");
    response.json().await.expect("JSON body")
}

/// Every product, read page by page through `/products?limit=100`, following `next_cursor`.
pub async fn all_products(http: &reqwest::Client, server: &RunningServer) -> Vec<Value> {
    let mut all = Vec::new();
    let mut path = "/products?limit=100".to_owned();
    loop {
        let page = get_json(http, server.url(&path)).await;
        all.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/products?limit=100&cursor={cursor}"),
            None => return all,
        }
    }
}

/// A store whose `get` blocks until the test opens the gate: a stand-in for a slow disk or a
/// long lock, so that tests can fill the store threads and the queue on purpose.
pub struct GatedStore {
    inner: catalog::store::MemoryStore,
    open: std::sync::Mutex<bool>,
    opened: std::sync::Condvar,
    /// How many `get` calls have started (and are waiting, until the gate opens).
    pub entered: AtomicUsize,
}

impl Default for GatedStore {
    fn default() -> GatedStore {
        GatedStore {
            inner: catalog::store::MemoryStore::default(),
            open: std::sync::Mutex::new(false),
            opened: std::sync::Condvar::new(),
            entered: AtomicUsize::new(0),
        }
    }
}

impl GatedStore {
    pub fn open_gate(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    /// Waits (without blocking the runtime) until `n` calls are inside `get`.
    pub async fn wait_for_entered(&self, n: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while self.entered.load(Ordering::SeqCst) < n {
            assert!(
                std::time::Instant::now() < deadline,
                "{n} calls never arrived"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Store for GatedStore {
    fn create(
        &self,
        draft: &catalog::domain::ProductDraft,
    ) -> Result<catalog::domain::Product, catalog::store::StoreError> {
        self.inner.create(draft)
    }

    fn get(&self, id: i64) -> Result<Option<catalog::domain::Product>, catalog::store::StoreError> {
        self.wait_at_gate();
        self.inner.get(id)
    }

    fn update(
        &self,
        id: i64,
        changes: &catalog::domain::ProductChanges,
    ) -> Result<Option<catalog::domain::Product>, catalog::store::StoreError> {
        self.wait_at_gate();
        self.inner.update(id, changes)
    }

    fn delete(&self, id: i64) -> Result<bool, catalog::store::StoreError> {
        self.inner.delete(id)
    }

    fn list_after(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<catalog::domain::Product>, catalog::store::StoreError> {
        self.inner.list_after(after, limit)
    }

    fn ping(&self) -> Result<(), catalog::store::StoreError> {
        self.inner.ping()
    }
}

impl GatedStore {
    fn wait_at_gate(&self) {
        self.entered.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap();
        // Bounded, so that a failing test cannot hang a store thread forever.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !*open && std::time::Instant::now() < deadline {
            open = self
                .opened
                .wait_timeout(open, Duration::from_millis(100))
                .unwrap()
                .0;
        }
    }
}

/// Reads until the server closes the connection; returns what it sent.
pub async fn read_until_closed(stream: &mut tokio::net::TcpStream, within: Duration) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server did not close the connection within {within:?}"
    );
    received
}
