//! A tour of the API: starts the service in-process on 127.0.0.1:0 with an in-memory database,
//! sends one request of each kind, and prints each request with the status and body it got.
//!
//! ```text
//! cargo run -q --example tour
//! cargo run -q --example tour -- errors
//! ```

use catalog::store::SqliteStore;
use catalog::{AppOptions, AppState, Limits, RunningServer, build_app};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

struct Tour {
    http: Client,
    server: RunningServer,
    quiet: bool,
}

impl Tour {
    async fn send(&self, method: Method, path: &str, body: Option<Body>) -> Value {
        let mut request = self.http.request(method.clone(), self.server.url(path));
        let shown = match &body {
            Some(Body::Json(value)) => {
                request = request.json(value);
                format!(" {value}")
            }
            Some(Body::Raw(text)) => {
                request = request
                    .header("content-type", "application/json")
                    .body(text.clone());
                format!(" {text}")
            }
            Some(Body::Huge(len)) => {
                request = request
                    .header("content-type", "application/json")
                    .body(vec![b' '; *len]);
                format!(" <{len} bytes>")
            }
            None => String::new(),
        };
        self.show(format!("> {method} {path}{shown}"));
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                self.show(format!("< request failed: {error}\n"));
                return Value::Null;
            }
        };
        let status = response.status();
        // The two headers whose values the tour's readers need: where a new product is, and
        // which methods a path does support.
        let location: String = ["location", "allow"]
            .iter()
            .filter_map(|name| {
                let value = response.headers().get(*name)?.to_str().ok()?;
                Some(format!(" ({name}: {value})"))
            })
            .collect();
        let text = response.text().await.unwrap_or_default();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        self.show(format!("< {status}{location}"));
        if !text.is_empty() {
            self.show(format!("< {text}"));
        }
        self.show(String::new());
        value
    }

    fn show(&self, line: String) {
        if !self.quiet {
            println!("{line}");
        }
    }
}

enum Body {
    Json(Value),
    Raw(String),
    Huge(usize),
}

/// The service on a free loopback port, with an in-memory database and the default limits.
async fn start() -> Result<RunningServer, Box<dyn std::error::Error>> {
    let store = Arc::new(SqliteStore::open(":memory:")?);
    let state = AppState::new(store, &AppOptions::default())?;
    let lifecycle = state.lifecycle.clone();
    let limits = Limits {
        drain_delay: Duration::ZERO, // nobody is polling /ready here
        ..Limits::default()
    };
    Ok(RunningServer::start(build_app(state), lifecycle, limits).await?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "logs" {
        return logs().await;
    }
    let server = start().await?;
    let http = Client::builder().timeout(Duration::from_secs(5)).build()?;
    // `tour errors` runs the happy path silently and shows only the error responses.
    let errors_only = mode == "errors";
    let mut tour = Tour {
        http,
        server,
        quiet: errors_only,
    };
    let teapot = json!({ "sku": "TEA-001", "name": "Teapot", "price_cents": 2500, "stock": 3 });

    tour.show("== the happy path ==\n".into());
    tour.send(Method::GET, "/health", None).await;
    tour.send(Method::GET, "/ready", None).await;
    let created = tour
        .send(Method::POST, "/products", Some(Body::Json(teapot.clone())))
        .await;
    let id = created["id"].as_i64().unwrap_or(1);
    tour.send(Method::GET, &format!("/products/{id}"), None)
        .await;
    let patch = json!({ "stock": 2 });
    tour.send(
        Method::PATCH,
        &format!("/products/{id}"),
        Some(Body::Json(patch)),
    )
    .await;
    for n in 2..=3 {
        let cup =
            json!({ "sku": format!("CUP-00{n}"), "name": "Cup", "price_cents": 800, "stock": 10 });
        tour.send(Method::POST, "/products", Some(Body::Json(cup)))
            .await;
    }
    let page = tour.send(Method::GET, "/products?limit=2", None).await;
    if let Some(cursor) = page["next_cursor"].as_str() {
        tour.send(
            Method::GET,
            &format!("/products?limit=2&cursor={cursor}"),
            None,
        )
        .await;
    }
    tour.send(Method::DELETE, &format!("/products/{id}"), None)
        .await;
    tour.send(Method::GET, &format!("/products/{id}"), None)
        .await;

    tour.quiet = false;
    tour.show("== the error shapes ==\n".into());
    tour.send(
        Method::POST,
        "/products",
        Some(Body::Json(json!({
            "sku": "CUP-002", "name": "Another cup", "price_cents": 800, "stock": 1
        }))),
    )
    .await;
    tour.send(
        Method::POST,
        "/products",
        Some(Body::Raw(r#"{"sku": "TEA-"#.into())),
    )
    .await;
    tour.send(
        Method::POST,
        "/products",
        Some(Body::Json(json!({
            "sku": "tea 1", "name": " ", "price_cents": -5, "stock": 1
        }))),
    )
    .await;
    tour.send(
        Method::POST,
        "/products",
        Some(Body::Json(json!({ "sku": "TEA-002" }))),
    )
    .await;
    tour.send(
        Method::POST,
        "/products",
        Some(Body::Json(json!(["TEA-002", "Tea", 100, 1]))),
    )
    .await;
    tour.send(Method::POST, "/products", Some(Body::Huge(1024 * 1024 + 1)))
        .await;
    tour.send(Method::GET, "/products?limit=500", None).await;
    tour.send(Method::GET, "/products/seven", None).await;
    tour.send(Method::PUT, "/products/1", None).await;
    tour.send(Method::GET, "/no/such/route", None).await;

    tour.server.stop().await?;
    Ok(())
}

/// `tour logs`: the server's log lines for three requests whose ids the client chose.
async fn logs() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_ansi(false)
        .with_writer(std::io::stdout)
        // The binary's line format (`src/log_format.rs`), without the time.
        .event_format(catalog::log_format::LineFormat::new().without_time())
        .fmt_fields(catalog::log_format::LineFields)
        .init();
    let server = start().await?;
    let http = Client::builder().timeout(Duration::from_secs(5)).build()?;
    let teapot = json!({ "sku": "TEA-001", "name": "Teapot", "price_cents": 2500, "stock": 3 });
    let requests = [
        ("req-1", Method::POST, "/products", Some(teapot.clone())),
        ("req-2", Method::POST, "/products", Some(teapot)),
        ("req-3", Method::GET, "/products/1", None),
    ];
    for (id, method, path, body) in requests {
        let mut request = http
            .request(method, server.url(path))
            .header("x-request-id", id);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        // Wait for the body so that the log line is written before the next request.
        let _ = response.bytes().await?;
    }
    server.stop().await?;
    Ok(())
}
