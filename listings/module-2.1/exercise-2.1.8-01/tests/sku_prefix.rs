//! What "done" means for Exercise 2.1.8-1.
use axum::body::Body;
use axum::http::{Request, StatusCode};
use exercise_2_1_8_01::{ListError, ListQuery, Page, Product, app, list_products};
use std::collections::BTreeMap;
use tower::ServiceExt;

fn catalog() -> BTreeMap<i64, Product> {
    let skus = [
        "TEA-1", "CUP-1", "TEA-2", "TEAPOT-1", "CUP-2", "TEA-3", "MUG-1",
    ];
    skus.iter()
        .enumerate()
        .map(|(i, sku)| {
            let id = (i as i64 + 1) * 10; // ids with gaps, as after deletes
            (
                id,
                Product {
                    id,
                    sku: sku.to_string(),
                    name: format!("Product {sku}"),
                },
            )
        })
        .collect()
}

fn query(prefix: Option<&str>, limit: Option<usize>, after: Option<i64>) -> ListQuery {
    ListQuery {
        sku_prefix: prefix.map(str::to_owned),
        limit,
        after,
    }
}

fn ids(page: &Page) -> Vec<i64> {
    page.items.iter().map(|p| p.id).collect()
}

#[test]
fn without_a_prefix_it_lists_everything_in_id_order() {
    let page = list_products(&catalog(), &ListQuery::default()).unwrap();
    assert_eq!(ids(&page), [10, 20, 30, 40, 50, 60, 70]);
    assert_eq!(page.next_after, None);
}

#[test]
fn a_prefix_keeps_only_matching_skus() {
    let page = list_products(&catalog(), &query(Some("TEA-"), None, None)).unwrap();
    assert_eq!(ids(&page), [10, 30, 60]);
    let page = list_products(&catalog(), &query(Some("TEA"), None, None)).unwrap();
    assert_eq!(ids(&page), [10, 30, 40, 60]);
    let page = list_products(&catalog(), &query(Some("ZZZ"), None, None)).unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next_after, None);
}

#[test]
fn pages_walk_the_filtered_list_without_gaps_or_an_empty_last_page() {
    let products = catalog();
    let first = list_products(&products, &query(Some("TEA"), Some(2), None)).unwrap();
    assert_eq!((ids(&first), first.next_after), (vec![10, 30], Some(30)));
    let second = list_products(&products, &query(Some("TEA"), Some(2), Some(30))).unwrap();
    assert_eq!((ids(&second), second.next_after), (vec![40, 60], None));
    let exact = list_products(&products, &query(Some("CUP-"), Some(2), None)).unwrap();
    assert_eq!((ids(&exact), exact.next_after), (vec![20, 50], None));
}

#[test]
fn bad_prefixes_and_limits_are_rejected() {
    let products = catalog();
    for bad in ["", "tea", "TEA 1", &"A".repeat(33)] {
        assert_eq!(
            list_products(&products, &query(Some(bad), None, None)),
            Err(ListError::InvalidPrefix),
            "{bad:?}"
        );
    }
    for bad in [0, 101] {
        assert_eq!(
            list_products(&products, &query(None, Some(bad), None)),
            Err(ListError::InvalidLimit)
        );
    }
}

/// One GET through the app's router, without a socket.
async fn get(products: Vec<Product>, uri: &str) -> axum::response::Response {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    app(products).oneshot(request).await.unwrap()
}

#[tokio::test]
async fn over_http() {
    let products = catalog().into_values().collect();
    let response = get(products, "/products?sku_prefix=CUP&limit=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let page: Page = serde_json::from_slice(&bytes).unwrap();
    assert_eq!((ids(&page), page.next_after), (vec![20], Some(20)));

    let response = get(Vec::new(), "/products?sku_prefix=cup").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
