//! The baseline for the load test: the smallest axum service, on the same runtime settings.
//!
//! ```text
//! cargo run --release --example hello -- 127.0.0.1:8091 1
//! ```
//! `/` answers with text, `/json` with a small JSON object.

use axum::Router;
use axum::routing::get;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8091".into());
    let workers: usize = args.next().map_or(Ok(1), |w| w.parse())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let app = Router::new()
            .route("/", get(|| async { "Hello, world!" }))
            .route(
                "/json",
                get(|| async { axum::Json(json!({ "message": "Hello, world!" })) }),
            );
        let listener = tokio::net::TcpListener::bind(&addr).await?;
        eprintln!("hello listening on {addr}");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
