use crate::{Db, ProductPatch, error, etag, with_etag};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

// ANCHOR: solution
pub async fn patch_product(
    State(db): State<Db>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(patch): Json<ProductPatch>,
) -> Response {
    let mut products = db.lock().await;
    let Some(product) = products.get_mut(&id) else {
        return error(StatusCode::NOT_FOUND, "not_found", "no such product");
    };
    let Some(if_match) = headers.get(header::IF_MATCH) else {
        return error(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send If-Match with the ETag you read",
        );
    };
    let current = etag(product);
    // If-Match may list several tags: "v1", "v2". Any one of them matching is enough.
    let matches = if_match.to_str().is_ok_and(|value| {
        value
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag == current)
    });
    if !matches {
        return error(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            "the product changed since you read it",
        );
    }
    // Still holding the lock: nobody can change the product between the check and this.
    if let Some(stock) = patch.stock {
        product.stock = stock;
    }
    product.version += 1;
    with_etag(StatusCode::OK, product.clone())
}
// ANCHOR_END: solution
