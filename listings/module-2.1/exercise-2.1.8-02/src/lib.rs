//! Exercise 2.1.8-2: `PATCH /products/{id}` succeeds only with `If-Match: <the current ETag>`.
//!
//! Two clients read the same product, both change it, both PATCH. Without a check the second
//! write silently undoes the first (a lost update). With ETags, the second gets 412 and must
//! read again.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.8-2
//! ```

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub stock: i64,
    /// Increases by one on every successful update.
    pub version: u64,
}

/// The body of a PATCH; absent fields are unchanged.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProductPatch {
    pub stock: Option<i64>,
}

/// The products behind an async lock, standing in for a database.
///
/// `lock` can wait a moment before it takes the lock (`with_pause`), as a round trip to a real
/// database would. The tests use that: with a pause, a handler that checks the ETag under one
/// lock and updates under another lets a second PATCH check in between, every time, instead
/// of once in a blue moon.
pub struct Products {
    map: Mutex<HashMap<i64, Product>>,
    pause: Duration,
}

impl Products {
    pub fn new(products: HashMap<i64, Product>) -> Products {
        Products::with_pause(products, Duration::ZERO)
    }

    pub fn with_pause(products: HashMap<i64, Product>, pause: Duration) -> Products {
        Products {
            map: Mutex::new(products),
            pause,
        }
    }

    /// Waits for the pause, then for the lock.
    pub async fn lock(&self) -> MutexGuard<'_, HashMap<i64, Product>> {
        if !self.pause.is_zero() {
            tokio::time::sleep(self.pause).await;
        }
        self.map.lock().await
    }
}

pub type Db = Arc<Products>;

/// The entity tag of a product's current version: a quoted string, as RFC 9110 requires.
pub fn etag(product: &Product) -> String {
    format!("\"v{}\"", product.version)
}

/// An error in the catalog's JSON shape.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "error": { "code": code, "message": message } });
    (status, Json(body)).into_response()
}

/// A product with its `ETag` header.
pub fn with_etag(status: StatusCode, product: Product) -> Response {
    let mut response = (status, Json(&product)).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag(&product)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::patch_product;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::patch_product;

pub fn app(db: Db) -> Router {
    Router::new()
        .route("/products/{id}", get(get_product).patch(patch_product))
        .with_state(db)
}

async fn get_product(State(db): State<Db>, Path(id): Path<i64>) -> Response {
    let found = db.lock().await.get(&id).cloned();
    match found {
        Some(product) => with_etag(StatusCode::OK, product),
        None => error(StatusCode::NOT_FOUND, "not_found", "no such product"),
    }
}
