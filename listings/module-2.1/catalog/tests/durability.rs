//! Data on disk survives a restart, and concurrent writers lose nothing.

mod common;

use catalog::store::SqliteStore;
use common::{TempDb, client, limits, product, start_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

// ANCHOR: restart_test
#[tokio::test]
async fn data_survives_a_restart() {
    let db = TempDb::new("restart");
    let http = client();

    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let created: Value = http
        .post(server.url("/products"))
        .json(&product("KEEP-1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    server.stop().await.unwrap();

    // A new store on the same file: migrations run again and must change nothing.
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let id = created["id"].as_i64().unwrap();
    let read: Value = http
        .get(server.url(&format!("/products/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read, created);
    server.stop().await.unwrap();
}
// ANCHOR_END: restart_test

// ANCHOR: concurrency_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_lose_nothing() {
    let db = TempDb::new("writers");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let http = client();
    const WRITERS: i64 = 200;

    // 200 POSTs at once, each then PATCHing its own product's stock to its number.
    let mut tasks = Vec::new();
    for n in 0..WRITERS {
        let (http, url) = (http.clone(), server.url("/products"));
        tasks.push(tokio::spawn(async move {
            let response = http
                .post(&url)
                .json(&product(&format!("W-{n:04}")))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            let id = response.json::<Value>().await.unwrap()["id"]
                .as_i64()
                .unwrap();
            let patched = http
                .patch(format!("{url}/{id}"))
                .json(&json!({ "stock": n }))
                .send()
                .await
                .unwrap();
            assert_eq!(patched.status(), StatusCode::OK);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let page: Value = http
        .get(server.url("/products?limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut all: Vec<Value> = page["items"].as_array().unwrap().clone();
    let mut cursor = page["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let next: Value = http
            .get(server.url(&format!("/products?limit=100&cursor={c}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        all.extend(next["items"].as_array().unwrap().iter().cloned());
        cursor = next["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(all.len() as i64, WRITERS);
    for item in &all {
        let sku = item["sku"].as_str().unwrap();
        let n: i64 = sku.trim_start_matches("W-").parse().unwrap();
        assert_eq!(item["stock"].as_i64(), Some(n), "{item}");
    }
    server.stop().await.unwrap();
}
// ANCHOR_END: concurrency_test
