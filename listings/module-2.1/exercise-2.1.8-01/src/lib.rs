//! Exercise 2.1.8-1: `GET /products?sku_prefix=TEA-&limit=2&after=7`.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.8-1
//! ```

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
}

/// The query string of `GET /products`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Only SKUs that start with this; 1 to 32 characters from `A-Z`, `0-9`, `-`.
    pub sku_prefix: Option<String>,
    /// Page size, 1 to 100; 20 when absent.
    pub limit: Option<usize>,
    /// Only ids greater than this (the `next_after` of the previous page); 0 when absent.
    pub after: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub items: Vec<Product>,
    /// Pass it back as `after` for the next page; `None` when no matching product is left.
    pub next_after: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListError {
    InvalidPrefix,
    InvalidLimit,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::list_products;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::list_products;

/// The service, around your `list_products`. Errors become 422 in the catalog's JSON shape.
pub fn app(products: Vec<Product>) -> Router {
    let products: BTreeMap<i64, Product> = products.into_iter().map(|p| (p.id, p)).collect();
    Router::new()
        .route("/products", get(list_handler))
        .with_state(Arc::new(products))
}

async fn list_handler(
    State(products): State<Arc<BTreeMap<i64, Product>>>,
    Query(query): Query<ListQuery>,
) -> Response {
    match list_products(&products, &query) {
        Ok(page) => Json(page).into_response(),
        Err(error) => {
            let (field, message) = match error {
                ListError::InvalidPrefix => ("sku_prefix", "must be 1 to 32 of A-Z, 0-9, '-'"),
                ListError::InvalidLimit => ("limit", "must be 1 to 100"),
            };
            let body = json!({ "error": {
                "code": "validation_failed",
                "message": "some fields are invalid",
                "fields": { field: message },
            }});
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
    }
}
