//! When the server is the slow or broken party, it says so with the right status: 503 with
//! `Retry-After` for what a retry can fix (a full queue, a busy database, a slow handler), 500
//! for what it cannot (a bug, a corrupt database), and 408 only for a client that was slow.

mod common;

use catalog::AppOptions;
use catalog::domain::{Product, ProductChanges, ProductDraft};
use catalog::store::{SqliteStore, Store, StoreError};
use common::{GatedStore, client, limits, product, start_with_options};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

async fn error_code(response: reqwest::Response) -> (StatusCode, Option<String>, String) {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.expect("JSON error");
    let code = body["error"]["code"].as_str().unwrap_or("").to_owned();
    (status, retry_after, code)
}

// ANCHOR: overload_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_store_queue_sheds_requests_with_503_and_retry_after() {
    let store = Arc::new(GatedStore::default());
    // One reader thread and room for one waiting read: the third concurrent read is shed.
    let options = AppOptions {
        store_readers: 1,
        store_queue: 1,
        ..AppOptions::default()
    };
    let server = start_with_options(store.clone(), limits(), &options).await;
    let http = client();
    let created = http
        .post(server.url("/products"))
        .json(&product("Q-1"))
        .send();
    assert_eq!(created.await.unwrap().status(), StatusCode::CREATED);

    let url = server.url("/products/1");
    let holding = tokio::spawn(http.get(&url).send());
    store.wait_for_entered(1).await; // the only reader thread is now stuck in `get`
    let mut b = tokio::spawn(http.get(&url).send());
    tokio::time::sleep(Duration::from_millis(100)).await; // b takes the queue's one slot
    let mut c = tokio::spawn(http.get(&url).send());
    // Whichever of the two found the queue full is answered at once; the other waits.
    let (shed, mut waiting) = tokio::time::timeout(Duration::from_secs(5), async {
        tokio::select! {
            shed = &mut b => (shed, c),
            shed = &mut c => (shed, b),
        }
    })
    .await
    .expect("nothing was shed");
    let (status, retry_after, code) = error_code(shed.unwrap().unwrap()).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "overloaded")
    );
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert!(
        tokio::time::timeout(Duration::from_millis(200), &mut waiting)
            .await
            .is_err(),
        "the queued request waits for the reader thread"
    );

    store.open_gate();
    assert_eq!(holding.await.unwrap().unwrap().status(), StatusCode::OK);
    assert_eq!(waiting.await.unwrap().unwrap().status(), StatusCode::OK);
    // With the queue drained, requests are served again.
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::OK
    );
    server.stop().await.unwrap();
}
// ANCHOR_END: overload_test

#[tokio::test]
async fn a_slow_handler_is_a_503_not_a_408() {
    let store = Arc::new(GatedStore::default());
    let options = AppOptions {
        request_timeout: Duration::from_millis(300),
        ..AppOptions::default()
    };
    let server = start_with_options(store.clone(), limits(), &options).await;
    let http = client();
    let created = http
        .post(server.url("/products"))
        .json(&product("S-1"))
        .send();
    assert_eq!(created.await.unwrap().status(), StatusCode::CREATED);

    // A GET has no body: it arrived whole, so the timeout is the server's fault.
    let response = http.get(server.url("/products/1")).send().await.unwrap();
    let (status, retry_after, code) = error_code(response).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "timeout")
    );
    assert!(retry_after.is_some());

    // A PATCH whose body arrived in full, with a slow store: also the server's fault.
    let response = http
        .patch(server.url("/products/1"))
        .json(&json!({ "stock": 1 }))
        .send()
        .await
        .unwrap();
    let (status, _, code) = error_code(response).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "timeout")
    );
    store.open_gate();
    server.stop().await.unwrap();
}

/// A store whose reads fail with one SQLite result code.
struct FailingStore(std::ffi::c_int);

impl FailingStore {
    fn error(&self) -> StoreError {
        let failure = rusqlite::ffi::Error::new(self.0);
        StoreError::from(rusqlite::Error::SqliteFailure(failure, None))
    }
}

impl Store for FailingStore {
    fn create(&self, _: &ProductDraft) -> Result<Product, StoreError> {
        Err(self.error())
    }
    fn get(&self, _: i64) -> Result<Option<Product>, StoreError> {
        Err(self.error())
    }
    fn update(&self, _: i64, _: &ProductChanges) -> Result<Option<Product>, StoreError> {
        Err(self.error())
    }
    fn delete(&self, _: i64) -> Result<bool, StoreError> {
        Err(self.error())
    }
    fn list_after(&self, _: i64, _: usize) -> Result<Vec<Product>, StoreError> {
        Err(self.error())
    }
    fn ping(&self) -> Result<(), StoreError> {
        Err(self.error())
    }
}

#[tokio::test]
async fn storage_bugs_are_500_and_a_busy_or_unusable_store_is_503() {
    let http = client();
    let unavailable = (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable");
    for (code, (status, error)) in [
        (rusqlite::ffi::SQLITE_BUSY, unavailable),
        (rusqlite::ffi::SQLITE_LOCKED, unavailable),
        // The environment: a retry on another instance, or later, may work.
        (rusqlite::ffi::SQLITE_IOERR, unavailable),
        (rusqlite::ffi::SQLITE_CANTOPEN, unavailable),
        (rusqlite::ffi::SQLITE_FULL, unavailable),
        (rusqlite::ffi::SQLITE_READONLY_DBMOVED, unavailable),
    ]
    .into_iter()
    .chain([
        // A bug or a broken database: a retry fails the same way.
        (
            rusqlite::ffi::SQLITE_CORRUPT,
            (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ),
        (
            rusqlite::ffi::SQLITE_ERROR,
            (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ),
        (
            rusqlite::ffi::SQLITE_READONLY,
            (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ),
    ]) {
        let store = Arc::new(FailingStore(code));
        let server = start_with_options(store, limits(), &AppOptions::default()).await;
        let response = http.get(server.url("/products/1")).send().await.unwrap();
        let (actual, retry_after, actual_error) = error_code(response).await;
        assert_eq!(
            (actual, actual_error.as_str()),
            (status, error),
            "SQLite code {code}"
        );
        assert_eq!(
            retry_after.is_some(),
            status == StatusCode::SERVICE_UNAVAILABLE
        );
        // Readiness says "do not send traffic here" whatever the failure.
        let ready = http.get(server.url("/ready")).send().await.unwrap();
        assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
        server.stop().await.unwrap();
    }
}

/// A call still waiting in the queue when its request times out is skipped: nobody would read
/// its answer, and running it would only delay the calls behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_whose_request_has_timed_out_is_not_run() {
    let store = Arc::new(GatedStore::default());
    let options = AppOptions {
        store_readers: 1,
        request_timeout: Duration::from_millis(300),
        ..AppOptions::default()
    };
    let server = start_with_options(store.clone(), limits(), &options).await;
    let http = client();
    let created = http
        .post(server.url("/products"))
        .json(&product("D-1"))
        .send();
    assert_eq!(created.await.unwrap().status(), StatusCode::CREATED);
    let url = server.url("/products/1");

    // The first holds the only reader thread; the second waits in the queue. Both time out.
    let running = tokio::spawn(http.get(&url).send());
    store.wait_for_entered(1).await;
    let queued = tokio::spawn(http.get(&url).send());
    for request in [running, queued] {
        let (status, _, code) = error_code(request.await.unwrap().unwrap()).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "timeout")
        );
    }
    store.open_gate();
    // One thread, one queue in order: by the time this one is answered, the queued call has
    // been taken off the queue, and skipped.
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        store.entered.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the timed-out call in the queue was run anyway"
    );
    server.stop().await.unwrap();
}

/// Another process holds the database's write lock, so every write waits up to SQLite's busy
/// timeout. Reads have threads of their own, and go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_go_on_while_writes_wait_for_a_lock() {
    let db = common::TempDb::new("stuck-write");
    let server = common::start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let http = client();
    let created = http
        .post(server.url("/products"))
        .json(&product("R-1"))
        .send();
    assert_eq!(created.await.unwrap().status(), StatusCode::CREATED);

    let other_process = rusqlite::Connection::open(&db.0).unwrap();
    other_process.execute_batch("BEGIN IMMEDIATE").unwrap();
    let writes: Vec<_> = (0..4)
        .map(|n| {
            let request = http
                .post(server.url("/products"))
                .json(&product(&format!("W-{n}")));
            tokio::spawn(request.send())
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await; // the writes reach the store
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let read = tokio::time::timeout(
            Duration::from_secs(2),
            http.get(server.url("/products/1")).send(),
        );
        let read = read
            .await
            .expect("a read waited behind the writes")
            .unwrap();
        assert_eq!(read.status(), StatusCode::OK);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    other_process.execute_batch("COMMIT").unwrap();
    for write in writes {
        assert_eq!(write.await.unwrap().unwrap().status(), StatusCode::CREATED);
    }
    server.stop().await.unwrap();
}
