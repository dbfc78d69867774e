//! Data on disk survives a restart, and concurrent writers lose nothing.

mod common;

use catalog::store::SqliteStore;
use common::{TempDb, all_products, client, get_json, limits, post_json, product, start_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

#[tokio::test]
async fn data_survives_a_restart() {
    let db = TempDb::new("restart");
    let http = client();

    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let created = post_json(&http, server.url("/products"), &product("KEEP-1")).await;
    server.stop().await.unwrap();

    // A new store on the same file: migrations run again and must change nothing.
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let id = created["id"].as_i64().unwrap();
    let read = get_json(&http, server.url(&format!("/products/{id}"))).await;
    assert_eq!(read, created);
    server.stop().await.unwrap();
}

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

    let all = all_products(&http, &server).await;
    assert_eq!(all.len() as i64, WRITERS);
    for item in &all {
        let sku = item["sku"].as_str().unwrap();
        let n: i64 = sku.trim_start_matches("W-").parse().unwrap();
        assert_eq!(item["stock"].as_i64(), Some(n), "{item}");
    }
    server.stop().await.unwrap();
}
// ANCHOR_END: concurrency_test

// ANCHOR: lost_update_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_patches_of_different_fields_both_survive() {
    let db = TempDb::new("patches");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    let http = client();
    // A handler that read the product, changed one field and wrote all of them back would
    // lose one of two concurrent PATCHes now and then; 50 rounds make "now and then" likely.
    for round in 1..=50 {
        let created = post_json(
            &http,
            server.url("/products"),
            &product(&format!("P-{round}")),
        )
        .await;
        let url = server.url(&format!("/products/{}", created["id"]));
        let (price, stock) = tokio::join!(
            http.patch(&url)
                .json(&json!({ "price_cents": round }))
                .send(),
            http.patch(&url).json(&json!({ "stock": round })).send(),
        );
        assert_eq!(price.unwrap().status(), StatusCode::OK);
        assert_eq!(stock.unwrap().status(), StatusCode::OK);
        let read = get_json(&http, &url).await;
        assert_eq!(
            (read["price_cents"].as_i64(), read["stock"].as_i64()),
            (Some(round), Some(round)),
            "round {round}: {read}"
        );
    }
    server.stop().await.unwrap();
}
// ANCHOR_END: lost_update_test
