//! `kv [ADDR]`: serves the key-value protocol until SIGTERM or SIGINT (Ctrl-C), then shuts down
//! gracefully and exits with status 0.

use listing_2_1_6_01::server::{self, Config};
use listing_2_1_6_01::store::Store;
use std::error::Error;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:7878".to_string());
    // Install both handlers before anything can send a signal: from here on, SIGTERM and SIGINT
    // no longer kill the process but are queued for the task below. If installing fails, `?`
    // stops us now, rather than running a server that cannot be stopped gracefully.
    let mut terminate = signal(SignalKind::terminate())?; // a service manager, `kill`
    let mut interrupt = signal(SignalKind::interrupt())?; // Ctrl-C in a terminal
    let listener = TcpListener::bind(&addr).await?;
    println!("kv listening on {}", listener.local_addr()?);

    let shutdown = CancellationToken::new();
    let on_signal = shutdown.clone();
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        };
        println!("kv: {name} received, shutting down");
        on_signal.cancel();
    });

    let report = server::run(listener, Store::spawn(1024), Config::default(), shutdown).await?;
    println!("kv stopped: {report:?}");
    Ok(())
}
// ANCHOR_END: main
