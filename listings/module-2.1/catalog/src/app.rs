//! The application: shared state, routes and the middleware every request goes through.

use crate::api;
use crate::executor::StoreExecutor;
use crate::readiness::Readiness;
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
/// What every handler can reach. Cloning it is cheap: three `Arc`s and a number.
#[derive(Clone)]
pub struct AppState {
    /// The store, behind its bounded executor.
    pub store: Arc<StoreExecutor>,
    /// The last readiness check of the store, made on a thread of its own.
    pub readiness: Arc<Readiness>,
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
    /// Threads that run reading store calls, beside the one thread that runs the writes (SQLite
    /// runs one write at a time). Give a SQLite store as many reader connections.
    pub store_readers: usize,
    /// Store calls that may wait for a thread, in each of the two queues (reads, writes); one
    /// more is answered 503 at once.
    pub store_queue: usize,
    /// How often the readiness thread checks the store.
    pub ready_interval: Duration,
}

impl Default for AppOptions {
    fn default() -> AppOptions {
        AppOptions {
            request_timeout: Duration::from_secs(10),
            store_readers: crate::store::DEFAULT_READERS,
            store_queue: 256,
            ready_interval: Duration::from_secs(1),
        }
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, options: &AppOptions) -> io::Result<AppState> {
        Ok(AppState {
            readiness: Arc::new(Readiness::start(
                Arc::clone(&store),
                options.ready_interval,
            )?),
            store: Arc::new(StoreExecutor::new(
                store,
                options.store_readers,
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

/// The document as JSON, with what utoipa's attributes cannot say added (see `complete`).
fn render_openapi(document: &utoipa::openapi::OpenApi) -> String {
    let mut json = match serde_json::to_value(document) {
        Ok(json) => json,
        Err(error) => {
            tracing::error!(%error, "cannot render the OpenAPI document");
            return String::from("{}");
        }
    };
    complete(&mut json);
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| String::from("{}"))
}

/// The keys of a path item that are operations; the others (`summary`, `parameters`,
/// `servers`, ...) are not objects with responses and are left alone.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Two things every operation has that would otherwise be written on each one by hand:
/// the optional `x-request-id` request header and the `x-request-id` header of every
/// response. And link fields in OpenAPI's spelling: utoipa 5.5 writes them in snake case
/// (`operation_id`), which tools that follow links (schemathesis's stateful tests, client
/// generators) do not see.
fn complete(document: &mut serde_json::Value) {
    let request_header = serde_json::json!({
        "name": "x-request-id",
        "in": "header",
        "required": false,
        "description": "An id for this request in the logs. Kept if it is 1 to 64 characters \
            from A-Z a-z 0-9 - _ . :, replaced by a generated one otherwise; never refused.",
        "schema": { "type": "string" }
    });
    let response_header = serde_json::json!({
        "description": "The id this request has in the logs: the client's own, or a generated one",
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$" }
    });
    let Some(paths) = document.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let operations = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.iter_mut())
        .filter(|(key, _)| METHODS.contains(&key.as_str()))
        .filter_map(|(_, operation)| operation.as_object_mut());
    for operation in operations {
        if let Some(parameters) = operation
            .entry("parameters")
            .or_insert_with(|| serde_json::json!([]))
            .as_array_mut()
        {
            parameters.push(request_header.clone());
        }
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(|r| r.as_object_mut())
        else {
            continue;
        };
        for response in responses.values_mut().filter_map(|r| r.as_object_mut()) {
            if let Some(headers) = response
                .entry("headers")
                .or_insert_with(|| serde_json::json!({}))
                .as_object_mut()
            {
                headers.insert("x-request-id".to_owned(), response_header.clone());
            }
            let links = response.get_mut("links").and_then(|l| l.as_object_mut());
            for link in links.into_iter().flat_map(|l| l.values_mut()) {
                let Some(link) = link.as_object_mut() else {
                    continue;
                };
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
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_items_with_more_than_operations_are_completed_without_panicking() {
        let mut document = serde_json::json!({
            "paths": {
                "/things": {
                    "summary": "Things",
                    "parameters": [],
                    "get": { "responses": { "200": {
                        "description": "ok",
                        "links": { "Next": { "operation_id": "next" } }
                    } } }
                }
            }
        });
        complete(&mut document);
        let item = &document["paths"]["/things"];
        assert_eq!(item["summary"], "Things");
        let get = &item["get"];
        assert_eq!(get["parameters"][0]["name"], "x-request-id");
        let ok = &get["responses"]["200"];
        assert!(ok["headers"]["x-request-id"]["schema"]["pattern"].is_string());
        assert_eq!(ok["links"]["Next"]["operationId"], "next");
    }
}
