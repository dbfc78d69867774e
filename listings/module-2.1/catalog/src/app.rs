//! The application: shared state, routes and the middleware every request goes through.

use crate::api;
use crate::error::ApiError;
use crate::store::Store;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest request body accepted; larger ones get a 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

// ANCHOR: state
/// What every handler can reach. Cloning it is cheap: an `Arc` and two numbers.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// A request that has not produced a response in this time gets a 408. This also ends
    /// requests whose body never finishes arriving.
    pub request_timeout: Duration,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            request_timeout: Duration::from_secs(10),
        }
    }
}
// ANCHOR_END: state

#[derive(OpenApi)]
#[openapi(
    info(
        title = "catalog",
        description = "Product catalog service",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "products", description = "Create, read, update, delete and list products"),
        (name = "operations", description = "Health, readiness and this document")
    )
)]
struct ApiDoc;

// ANCHOR: build_app
/// The whole HTTP application. Tests call this with their own state and serve it.
pub fn build_app(state: AppState) -> Router {
    let (router, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::health))
        .routes(routes!(api::ready))
        .routes(routes!(api::create_product, api::list_products))
        .routes(routes!(
            api::get_product,
            api::update_product,
            api::delete_product
        ))
        .routes(routes!(api::openapi_json))
        .split_for_parts();
    // Rendered once here instead of on every request.
    let document = Arc::new(document.to_pretty_json().unwrap_or_else(|error| {
        tracing::error!(%error, "cannot render the OpenAPI document");
        String::from("{}")
    }));

    router
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::Extension(document))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.request_timeout,
            request_timeout,
        ))
        // Listed innermost first: a request meets SetRequestId, then Trace, then Propagate.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
// ANCHOR_END: build_app

// ANCHOR: span
/// Every log line inside a request carries its id, method and path.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
}
// ANCHOR_END: span

// ANCHOR: timeout
async fn request_timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!("no complete request within {} ms", limit.as_millis()),
        )
        .into_response(),
    }
}
// ANCHOR_END: timeout
