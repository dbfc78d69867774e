//! The application: shared state, routes and the middleware every request goes through.

use crate::api;
use crate::executor::StoreExecutor;
use crate::request_id::{RequestId, RequestIdLayer};
use crate::server::Lifecycle;
use crate::store::Store;
use crate::timeout::{RequestTimeout, RequestTimeoutLayer};
use axum::Router;
use std::io;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower::ServiceBuilder;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

// ANCHOR: state
/// What every handler can reach. Cloning it is cheap: two `Arc`s and a number.
#[derive(Clone)]
pub struct AppState {
    /// The store, behind its bounded executor.
    pub store: Arc<StoreExecutor>,
    /// A request that has not produced a response in this time gets a 408 if its body was
    /// still arriving, and a 503 if the server was the slow one.
    pub request_timeout: Duration,
    /// Set when shutdown begins; `/ready` then fails.
    pub lifecycle: Lifecycle,
}

/// The settings of `AppState`; the defaults suit production.
#[derive(Clone, Debug)]
pub struct AppOptions {
    pub request_timeout: Duration,
    /// Threads that run store calls. SQLite serves one writer and two readers at a time.
    pub store_threads: usize,
    /// Store calls that may wait for a thread; one more is answered 503 at once.
    pub store_queue: usize,
}

impl Default for AppOptions {
    fn default() -> AppOptions {
        AppOptions {
            request_timeout: Duration::from_secs(10),
            store_threads: 3,
            store_queue: 256,
        }
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, options: &AppOptions) -> io::Result<AppState> {
        Ok(AppState {
            store: Arc::new(StoreExecutor::new(
                store,
                options.store_threads,
                options.store_queue,
            )?),
            request_timeout: options.request_timeout,
            lifecycle: Lifecycle::default(),
        })
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

/// The OpenAPI document as JSON, served by `GET /openapi.json`.
pub static OPENAPI_JSON: OnceLock<String> = OnceLock::new();

/// The document as JSON. utoipa 5.5 writes a link's fields in snake case (`operation_id`),
/// where OpenAPI spells them `operationId`, `operationRef` and `requestBody`; tools that follow
/// links (schemathesis's stateful tests, client generators) would not see them. Fixed here
/// until utoipa does.
fn render_openapi(document: &utoipa::openapi::OpenApi) -> String {
    let mut json = match serde_json::to_value(document) {
        Ok(json) => json,
        Err(error) => {
            tracing::error!(%error, "cannot render the OpenAPI document");
            return String::from("{}");
        }
    };
    let operations = json["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut());
    let responses = operations
        .filter_map(|path| path.as_object_mut())
        .flat_map(|methods| methods.values_mut())
        .filter_map(|operation| operation["responses"].as_object_mut())
        .flat_map(|responses| responses.values_mut());
    for response in responses {
        let Some(links) = response.get_mut("links").and_then(|l| l.as_object_mut()) else {
            continue;
        };
        for link in links.values_mut().filter_map(|link| link.as_object_mut()) {
            for (snake, camel) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(value) = link.remove(snake) {
                    link.insert(camel.to_owned(), value);
                }
            }
        }
    }
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| String::from("{}"))
}

// ANCHOR: build_app
/// The whole service: routes and fallbacks, inside the request-id and timeout layers.
pub type App = RequestId<RequestTimeout<Router>>;

/// The whole HTTP application. Tests call this with their own state and serve it.
pub fn build_app(state: AppState) -> App {
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
    // Rendered once per process instead of on every request. The document depends only on
    // the code, so every app built in this process would render the same one.
    OPENAPI_JSON.get_or_init(|| render_openapi(&document));
    let router = router
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state.clone());
    // Wrapped around the whole router rather than added with `Router::layer`, which wraps
    // every route separately and costs an extra allocation per request (see the load test).
    // A request meets RequestId first (id, span, log line), then the timeout.
    ServiceBuilder::new()
        .layer(RequestIdLayer::default())
        .layer(RequestTimeoutLayer::new(state.request_timeout))
        .service(router)
}
// ANCHOR_END: build_app
