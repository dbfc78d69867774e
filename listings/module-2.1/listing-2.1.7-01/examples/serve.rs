//! `cargo run --example serve [ADDR]`: serves the demo routes until Ctrl-C.

use listing_2_1_7_01::app;
use listing_2_1_7_01::server::{self, Config, Handler};
use std::error::Error;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let listener = TcpListener::bind(&addr).await?;
    println!("tinyhttp listening on http://{}", listener.local_addr()?);
    let shutdown = CancellationToken::new();
    let on_signal = shutdown.clone();
    tokio::spawn(async move {
        if let Err(error) = tokio::signal::ctrl_c().await {
            eprintln!("cannot listen for Ctrl-C: {error}");
        }
        on_signal.cancel();
    });
    let handler: Handler = Arc::new(app::route);
    server::serve(listener, Config::default(), handler, shutdown).await?;
    println!("tinyhttp stopped");
    Ok(())
}
