//! `kv [ADDR]`: serves the key-value protocol until Ctrl-C, then shuts down gracefully.

use listing_2_1_50::server::{self, Config};
use listing_2_1_50::store::Store;
use std::error::Error;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:7878".to_string());
    let listener = TcpListener::bind(&addr).await?;
    println!("kv listening on {}", listener.local_addr()?);

    let shutdown = CancellationToken::new();
    let on_signal = shutdown.clone();
    tokio::spawn(async move {
        // If installing the handler fails we cannot be stopped gracefully; say so and stop now.
        if let Err(error) = tokio::signal::ctrl_c().await {
            eprintln!("cannot listen for Ctrl-C: {error}");
        }
        on_signal.cancel();
    });

    let report = server::run(listener, Store::spawn(1024), Config::default(), shutdown).await?;
    println!("kv stopped: {report:?}");
    Ok(())
}
// ANCHOR_END: main
