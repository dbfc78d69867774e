//! `/ready` answers "should traffic be sent here?" from the database file itself, not from the
//! connections that already hold it open.

mod common;

use catalog::store::SqliteStore;
use common::{TempDb, client, limits, start_with};
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::Arc;

// ANCHOR: ready_test
#[tokio::test]
async fn ready_fails_when_the_database_file_is_gone_and_health_does_not() {
    let db = TempDb::new("ready");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let http = client();
    let ready = http.get(server.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    std::fs::remove_file(&db.0).unwrap();
    let ready = http.get(server.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.headers().contains_key("retry-after"));
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["error"]["code"], "store_unavailable");
    // Liveness depends on nothing outside the process: restarting would not bring the file back.
    let health = http.get(server.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    server.stop().await.unwrap();
}
// ANCHOR_END: ready_test

#[tokio::test]
async fn ready_fails_when_the_file_is_no_longer_a_catalog_database() {
    let db = TempDb::new("ready-garbage");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let http = client();
    // Replaced by another file at the same path, as a botched restore would do. The open
    // connections keep reading the old file (Linux keeps it while it is open) and answer as if
    // nothing had happened; only opening the path again notices.
    std::fs::remove_file(&db.0).unwrap();
    std::fs::write(
        &db.0,
        b"this is not a database, and it is long enough to be read",
    )
    .unwrap();
    let ready = http.get(server.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    server.stop().await.unwrap();
}
