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
async fn paging_is_stable_while_others_insert_and_delete_in_memory() {
    let server = start().await;
    paging_is_stable_while_others_insert_and_delete(&server).await;
    server.stop().await.unwrap();
}

/// The same on a file in WAL mode, where the reader connections page through snapshots while
/// the writer commits: the case production runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_is_stable_while_others_insert_and_delete_on_a_wal_file() {
    let db = TempDb::new("paging");
    let server = start_with(Arc::new(SqliteStore::open(&db.0).unwrap()), limits()).await;
    paging_is_stable_while_others_insert_and_delete(&server).await;
    server.stop().await.unwrap();
}

async fn delete(http: &reqwest::Client, base: &str, id: i64) {
    let response = http
        .delete(format!("{base}/products/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

// ANCHOR: stable_test
async fn paging_is_stable_while_others_insert_and_delete(server: &RunningServer) {
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
    let mut deleted = BTreeSet::new();
    let mut url = server.url("/products?limit=7");
    loop {
        let (ids, next) = page(&http, url).await;
        seen.extend(&ids);
        // Between two pages, others delete a product the reader has seen and one it has not
        // reached yet. With `OFFSET`, the first shifts every later row back by one, and the
        // reader skips a product.
        let last = seen.last().copied().unwrap_or(0);
        let behind = ids.first().copied().filter(|id| before.contains(id));
        let ahead = before
            .range(last + 1..)
            .rev()
            .find(|id| !deleted.contains(*id));
        for id in behind.into_iter().chain(ahead.copied()) {
            delete(&http, &base, id).await;
            deleted.insert(id);
        }
        match next {
            Some(cursor) => url = server.url(&format!("/products?limit=7&cursor={cursor}")),
            None => break,
        }
    }
    writer.await.unwrap();

    // In id order, and no product twice.
    assert!(seen.windows(2).all(|pair| pair[0] < pair[1]), "{seen:?}");
    // Every product that existed throughout the walk was seen.
    let seen: BTreeSet<i64> = seen.into_iter().collect();
    let throughout: BTreeSet<i64> = before.difference(&deleted).copied().collect();
    let missed: Vec<_> = throughout.difference(&seen).collect();
    assert!(missed.is_empty(), "never seen: {missed:?}");
    assert!(!deleted.is_empty());
}
// ANCHOR_END: stable_test
