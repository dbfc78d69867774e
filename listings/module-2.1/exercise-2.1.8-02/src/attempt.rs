// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.8-2`.
#![allow(unused_variables, unused_imports)]

use crate::{Db, ProductPatch, error, etag, with_etag};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

// ANCHOR: starter
/// `PATCH /products/{id}` with optimistic concurrency:
///
/// - no such product: 404 (`not_found`);
/// - no `If-Match` header: 428 Precondition Required (`precondition_required`);
/// - `If-Match` is neither `*` nor the product's current `etag(..)`: 412 Precondition Failed
///   (`precondition_failed`), and nothing changes;
/// - otherwise apply the patch, add one to `version`, and answer 200 with the product and
///   its new `ETag` (`with_etag`).
///
/// Compare and update under one lock (`db.lock().await`): two PATCHes carrying the same ETag
/// must never both win.
pub async fn patch_product(
    State(db): State<Db>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(patch): Json<ProductPatch>,
) -> Response {
    todo!("check If-Match against the current ETag, then update and bump the version")
}
// ANCHOR_END: starter
