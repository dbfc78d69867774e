//! What "done" means for Exercise 2.1.8-2.
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use exercise_2_1_8_02::{Db, Product, Products, app};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

fn db() -> Db {
    let product = Product {
        id: 1,
        sku: "TEA-1".into(),
        stock: 5,
        version: 1,
    };
    // A 2 ms pause before every lock, as a database round trip would take.
    Arc::new(Products::with_pause(
        HashMap::from([(1, product)]),
        Duration::from_millis(2),
    ))
}

async fn patch(
    app: Router,
    if_match: Option<&str>,
    body: &str,
) -> (StatusCode, Option<String>, Value) {
    let mut request =
        Request::patch("/products/1").header(header::CONTENT_TYPE, "application/json");
    if let Some(tag) = if_match {
        request = request.header(header::IF_MATCH, tag);
    }
    let response = app
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let tag = response
        .headers()
        .get(header::ETAG)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        tag,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn get_returns_the_etag() {
    let response = app(db())
        .oneshot(Request::get("/products/1").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.headers()[header::ETAG], "\"v1\"");
}

#[tokio::test]
async fn a_matching_etag_updates_and_returns_the_next_one() {
    let db = db();
    let (status, tag, body) = patch(app(db.clone()), Some("\"v1\""), r#"{"stock": 9}"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tag.as_deref(), Some("\"v2\""));
    assert_eq!(
        (body["stock"].as_i64(), body["version"].as_u64()),
        (Some(9), Some(2))
    );
    assert_eq!(db.lock().await[&1].stock, 9);
}

#[tokio::test]
async fn a_stale_etag_is_412_and_changes_nothing() {
    let db = db();
    let (status, _, body) = patch(app(db.clone()), Some("\"v0\""), r#"{"stock": 9}"#).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["error"]["code"], "precondition_failed");
    assert_eq!(
        db.lock().await[&1],
        Product {
            id: 1,
            sku: "TEA-1".into(),
            stock: 5,
            version: 1
        }
    );
}

#[tokio::test]
async fn no_if_match_is_428_and_no_product_is_404() {
    let (status, _, body) = patch(app(db()), None, r#"{"stock": 9}"#).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(body["error"]["code"], "precondition_required");
    let empty: Db = Arc::new(Products::new(HashMap::new()));
    let (status, _, _) = patch(app(empty), Some("*"), r#"{"stock": 9}"#).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn star_and_lists_of_tags_match() {
    let (status, _, _) = patch(app(db()), Some("*"), r#"{"stock": 1}"#).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = patch(app(db()), Some("\"v7\", \"v1\""), r#"{"stock": 1}"#).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_writers_with_the_same_etag_exactly_one_wins() {
    for _ in 0..50 {
        let db = db();
        let a = tokio::spawn(patch(app(db.clone()), Some("\"v1\""), r#"{"stock": 1}"#));
        let b = tokio::spawn(patch(app(db.clone()), Some("\"v1\""), r#"{"stock": 2}"#));
        let mut statuses = vec![a.await.unwrap().0, b.await.unwrap().0];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
        assert_eq!(db.lock().await[&1].version, 2);
    }
}
