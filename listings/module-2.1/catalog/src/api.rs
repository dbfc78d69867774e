//! HTTP handlers: parse, call the domain and the store, map the result to a response.
//! The `#[utoipa::path]` attributes beside each handler generate the OpenAPI document, so the
//! document changes when the code does.

use crate::app::AppState;
use crate::domain::{NewProduct, Product, ProductPatch};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::pagination::{
    DEFAULT_LIMIT, Limit, ListParams, MAX_LIMIT, Page, decode_cursor, encode_cursor,
};
use crate::store::{Store, StoreError};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{IntoResponses, ToSchema};

// ANCHOR: blocking
/// Runs a reading store call on a reader thread (see `executor.rs`): SQLite does file I/O and
/// takes locks, and neither may happen on an async worker thread.
async fn read<T, F>(state: &AppState, call: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    state.store.read(call).await.map_err(ApiError::from)
}

/// Runs a writing store call on the writer thread.
async fn write<T, F>(state: &AppState, call: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    state.store.write(call).await.map_err(ApiError::from)
}
// ANCHOR_END: blocking

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "The process is alive", body = Status)))]
pub async fn health() -> impl IntoResponse {
    axum::Json(Status { status: "ok" })
}

/// The body of `/health` and `/ready`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The failures any route that calls the store can answer with.
#[derive(IntoResponses)]
pub enum StoreFailure {
    /// A bug or a broken database; the server log has the details
    #[response(status = 500)]
    Internal(ErrorBody),
    /// Too busy (a store queue is full, SQLite stayed locked), too slow (no response within the
    /// request timeout), or the database cannot be used on this instance (its file is gone,
    /// its disk failed or is full): retry after `Retry-After` seconds
    #[response(status = 503, headers(("retry-after" = u32, description = "Seconds to wait before retrying")))]
    Unavailable(ErrorBody),
}

/// Readiness: not shutting down, and the last check of the store (made on its own thread,
/// see `readiness.rs`) passed. It waits for nothing, so a busy instance still answers it.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Status),
        (status = 503, description = "Shutting down, or the store cannot be used", body = ErrorBody,
            headers(("retry-after" = u32, description = "Seconds to wait before asking again")))))]
pub async fn ready(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    if state.lifecycle.is_draining() {
        return Err(ApiError::unavailable(
            "shutting_down",
            "this instance is shutting down",
            5,
        ));
    }
    // Whatever the failure, the answer to "send traffic here?" is no; the log says why.
    state
        .readiness
        .current()
        .map_err(|_| ApiError::unavailable("store_unavailable", "the store cannot be used", 5))?;
    Ok(axum::Json(Status { status: "ready" }))
}

// ANCHOR: create
/// Creates a product.
#[utoipa::path(post, path = "/products", tag = "products",
    request_body = NewProduct,
    responses(
        (status = 201, description = "Created", body = Product,
            headers(("location" = String, description = "URL of the new product")),
            links(
                ("GetProduct" = (operation_id = "get_product",
                    parameters(("id" = "$response.body#/id")))),
                ("UpdateProduct" = (operation_id = "update_product",
                    parameters(("id" = "$response.body#/id")))),
                ("DeleteProduct" = (operation_id = "delete_product",
                    parameters(("id" = "$response.body#/id")))))),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the request timeout", body = ErrorBody),
        (status = 409, description = "The SKU exists", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 415, description = "Content-Type is not application/json", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        StoreFailure))]
pub async fn create_product(
    State(state): State<AppState>,
    Json(input): Json<NewProduct>,
) -> Result<Response, ApiError> {
    let draft = input.validate()?;
    let product = write(&state, move |store| store.create(&draft)).await?;
    let location = HeaderValue::try_from(format!("/products/{}", product.id))
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "bad id"))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(product),
    )
        .into_response())
}
// ANCHOR_END: create

/// The 404 of every route that names a product by id.
fn no_product(id: i64) -> ApiError {
    ApiError::not_found(format!("no product with id {id}"))
}

/// Reads one product.
#[utoipa::path(get, path = "/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 200, description = "Found", body = Product),
        (status = 400, description = "The id is not an integer that fits in 64 bits", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        StoreFailure))]
pub async fn get_product(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<Product>, ApiError> {
    read(&state, move |store| store.get(id))
        .await?
        .map(axum::Json)
        .ok_or_else(|| no_product(id))
}

/// Changes some fields of a product.
#[utoipa::path(patch, path = "/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    request_body = ProductPatch,
    responses(
        (status = 200, description = "Updated", body = Product),
        (status = 400, description = "Malformed JSON, or the id is not an integer that fits in 64 bits", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the request timeout", body = ErrorBody),
        (status = 409, description = "The new SKU exists", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 415, description = "Content-Type is not application/json", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        StoreFailure))]
pub async fn update_product(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(patch): Json<ProductPatch>,
) -> Result<axum::Json<Product>, ApiError> {
    let changes = patch.validate()?;
    write(&state, move |store| store.update(id, &changes))
        .await?
        .map(axum::Json)
        .ok_or_else(|| no_product(id))
}

/// Deletes a product.
#[utoipa::path(delete, path = "/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not an integer that fits in 64 bits", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        StoreFailure))]
pub async fn delete_product(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    match write(&state, move |store| store.delete(id)).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(no_product(id)),
    }
}

// ANCHOR: list
/// Lists products in id order, a page at a time.
#[utoipa::path(get, path = "/products", tag = "products",
    params(ListParams),
    responses(
        (status = 200, description = "A page of products", body = Page),
        (status = 400, description = "The limit is not an integer", body = ErrorBody),
        (status = 422, description = "The limit is an integer outside 1 to 100, or the cursor is not one this API made", body = ErrorBody),
        StoreFailure))]
pub async fn list_products(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Page>, ApiError> {
    let mut invalid = BTreeMap::new();
    let limit = match params.limit {
        None => DEFAULT_LIMIT,
        Some(Limit(n)) => match usize::try_from(n) {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                invalid.insert("limit".to_owned(), format!("must be 1 to {MAX_LIMIT}"));
                DEFAULT_LIMIT
            }
        },
    };
    let after = match params.cursor.as_deref().map(decode_cursor) {
        None => 0,
        Some(Some(id)) => id,
        Some(None) => {
            invalid.insert("cursor".to_owned(), "is not a cursor from this API".into());
            0
        }
    };
    if !invalid.is_empty() {
        return Err(crate::domain::ValidationError { fields: invalid }.into());
    }
    // Ask for one more than the page: if it comes back, there is a next page.
    let mut items = read(&state, move |store| store.list_after(after, limit + 1)).await?;
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|last| encode_cursor(last.id))
    } else {
        None
    };
    Ok(axum::Json(Page { items, next_cursor }))
}
// ANCHOR_END: list

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API",
        content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    let document = crate::app::OPENAPI_JSON.get().map_or("{}", String::as_str);
    ([(header::CONTENT_TYPE, "application/json")], document).into_response()
}

// ANCHOR: fallbacks
/// Any path no route matches.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

/// A path that exists, with a method it does not support.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not support that method",
    )
}
// ANCHOR_END: fallbacks
