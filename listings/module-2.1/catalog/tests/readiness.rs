//! `/ready` answers "should traffic be sent here?" from the database file itself, not from the
//! connections that already hold it open, and from a check of its own, not from the queue the
//! requests wait in.

mod common;

use catalog::AppOptions;
use catalog::store::SqliteStore;
use common::{GatedStore, TempDb, client, limits, product, start_with_options};
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Checks every 50 ms, so that the tests see a change within a fraction of a second.
fn quick_checks() -> AppOptions {
    AppOptions {
        ready_interval: Duration::from_millis(50),
        ..AppOptions::default()
    }
}

/// Asks `/ready` until it answers 503, for at most 5 s; returns that answer.
async fn until_not_ready(http: &reqwest::Client, url: String) -> reqwest::Response {
    let started = Instant::now();
    loop {
        let ready = http.get(&url).send().await.unwrap();
        if ready.status() != StatusCode::OK {
            return ready;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "/ready still says 200"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn when_the_database_file_is_gone_ready_fails_and_writes_are_refused() {
    let db = TempDb::new("ready");
    let store = Arc::new(SqliteStore::open(&db.0).unwrap());
    let server = start_with_options(store, limits(), &quick_checks()).await;
    let http = client();
    let ready = http.get(server.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let created = http.post(server.url("/products")).json(&product("GONE-1"));
    assert_eq!(created.send().await.unwrap().status(), StatusCode::CREATED);

    std::fs::remove_file(&db.0).unwrap();
    let ready = until_not_ready(&http, server.url("/ready")).await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.headers().contains_key("retry-after"));
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["error"]["code"], "store_unavailable");
    // The connections still hold the deleted file, and would write into it: acknowledged,
    // and lost with it. The store notices the file is gone and refuses.
    let created = http.post(server.url("/products")).json(&product("GONE-2"));
    let created = created.send().await.unwrap();
    assert_eq!(created.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(created.headers().contains_key("retry-after"));
    let patched = http
        .patch(server.url("/products/1"))
        .json(&serde_json::json!({"stock": 9}));
    assert_eq!(
        patched.send().await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // Liveness depends on nothing outside the process: restarting would not bring the file back.
    let health = http.get(server.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn ready_fails_when_the_file_is_no_longer_a_catalog_database() {
    let db = TempDb::new("ready-garbage");
    let store = Arc::new(SqliteStore::open(&db.0).unwrap());
    let server = start_with_options(store, limits(), &quick_checks()).await;
    let http = client();
    // Replaced by another file at the same path, as a botched restore would do. The open
    // connections keep reading the old file (Linux keeps it while it is open) and answer as if
    // nothing had happened; only looking at the path again notices.
    std::fs::remove_file(&db.0).unwrap();
    std::fs::write(
        &db.0,
        b"this is not a database, and it is long enough to be read",
    )
    .unwrap();
    let ready = until_not_ready(&http, server.url("/ready")).await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let created = http.post(server.url("/products")).json(&product("SWAP-1"));
    assert_eq!(
        created.send().await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    server.stop().await.unwrap();
}

/// An instance whose store queue is full is busy, not broken: its requests get 503
/// `overloaded`, and `/ready` still says 200 at once. Were it to fail readiness, a load
/// balancer would pull every busy instance out together.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overloaded_instance_is_still_ready() {
    let store = Arc::new(GatedStore::default());
    let options = AppOptions {
        store_readers: 1,
        store_queue: 1,
        ..quick_checks()
    };
    let server = start_with_options(store.clone(), limits(), &options).await;
    let http = client();
    let created = http.post(server.url("/products")).json(&product("BUSY-1"));
    assert_eq!(created.send().await.unwrap().status(), StatusCode::CREATED);
    let url = server.url("/products/1");
    let holding = tokio::spawn(http.get(&url).send()); // on the only reader thread
    store.wait_for_entered(1).await;
    let queued = tokio::spawn(http.get(&url).send()); // in the queue's one place
    tokio::time::sleep(Duration::from_millis(100)).await;
    let shed = http.get(&url).send().await.unwrap();
    assert_eq!(
        shed.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "the queue is full"
    );

    let ready = tokio::time::timeout(
        Duration::from_secs(1),
        http.get(server.url("/ready")).send(),
    );
    let ready = ready.await.expect("/ready waited for the store").unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    store.open_gate();
    for request in [holding, queued] {
        assert_eq!(request.await.unwrap().unwrap().status(), StatusCode::OK);
    }
    server.stop().await.unwrap();
}
