//! Cursor pagination: complete, bounded, and stable while other clients insert.

mod common;

use catalog::RunningServer;
use catalog::store::SqliteStore;
use common::{TempDb, client, limits, product, start, start_with};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

async fn page(http: &reqwest::Client, url: String) -> (Vec<i64>, Option<String>) {
    let response = http.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let ids = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    (ids, body["next_cursor"].as_str().map(str::to_owned))
}

async fn create(http: &reqwest::Client, base: &str, sku: String) -> i64 {
    let response = http
        .post(format!("{base}/products"))
        .json(&product(&sku))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn pages_cover_everything_once_and_end_with_null() {
    let server = start().await;
    let http = client();
    let base = server.url("");
    for n in 0..45 {
        create(&http, &base, format!("SKU-{n:03}")).await;
    }
    let (first, _) = page(&http, server.url("/products")).await;
    assert_eq!(first.len(), 20, "default limit");

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let url = match &cursor {
            None => server.url("/products?limit=20"),
            Some(c) => server.url(&format!("/products?limit=20&cursor={c}")),
        };
        let (ids, next) = page(&http, url).await;
        seen.extend(ids);
        pages += 1;
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, (1..=45).collect::<Vec<i64>>());

    for bad in ["limit=0", "limit=101", "cursor=garbage", "limit=ten"] {
        let response = http
            .get(server.url(&format!("/products?{bad}")))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_client_error(), "{bad}");
    }
    let (hundred, _) = page(&http, server.url("/products?limit=100")).await;
    assert_eq!(hundred.len(), 45);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn paging_is_stable_under_concurrent_inserts_in_memory() {
    let server = start().await;
    paging_is_stable_under_concurrent_inserts(&server).await;
    server.stop().await.unwrap();
}

/// The same on a file in WAL mode, where the reader connections page through snapshots while
/// the writer commits: the case production runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_is_stable_under_concurrent_inserts_on_a_wal_file() {
    let db = TempDb::new("paging");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    paging_is_stable_under_concurrent_inserts(&server).await;
    server.stop().await.unwrap();
}

// ANCHOR: stable_test
async fn paging_is_stable_under_concurrent_inserts(server: &RunningServer) {
    let http = client();
    let base = server.url("");
    let mut before = BTreeSet::new();
    for n in 0..60 {
        before.insert(create(&http, &base, format!("OLD-{n:03}")).await);
    }

    // A writer keeps inserting while the reader walks the pages.
    let writer = {
        let (http, base) = (http.clone(), base.clone());
        tokio::spawn(async move {
            for n in 0..60 {
                create(&http, &base, format!("NEW-{n:03}")).await;
            }
        })
    };
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let url = server.url(&format!("/products?limit=7&cursor={cursor}"));
        let url = if cursor.is_empty() {
            server.url("/products?limit=7")
        } else {
            url
        };
        let (ids, next) = page(&http, url).await;
        seen.extend(ids);
        match next {
            Some(next) => cursor = next,
            None => break,
        }
    }
    writer.await.unwrap();

    // Strictly increasing: no product twice, none out of order.
    assert!(seen.windows(2).all(|pair| pair[0] < pair[1]), "{seen:?}");
    // Every product that existed before the walk began was seen.
    let seen: BTreeSet<i64> = seen.into_iter().collect();
    assert!(before.is_subset(&seen));
}
// ANCHOR_END: stable_test
