//! `chat-rs [--port 4001]`: serves until Ctrl-C or SIGTERM, then closes every connection with
//! 1001 (going away). Listens on loopback only.

use anyhow::Context;
use chat_rs::room::{Limits, Rooms};
use chat_rs::server::{self, Config};
use clap::Parser;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

/// The Real-Time Chat's protocol subset on Tokio (Phoenix Channels V2 JSON over WebSocket).
#[derive(Debug, Parser)]
#[command(name = "chat-rs", version)]
struct Cli {
    /// Port on 127.0.0.1 (0 picks a free one; the address is printed)
    #[arg(short, long, default_value_t = 4001)]
    port: u16,
    /// Messages a user may send per second in a room
    #[arg(long, default_value_t = 5.0)]
    rate: f64,
    /// Messages a user may send at once
    #[arg(long, default_value_t = 10.0)]
    burst: f64,
    /// Tokio worker threads (default: one per core)
    #[arg(long)]
    threads: Option<usize>,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if !(cli.rate.is_finite() && cli.rate > 0.0 && cli.burst.is_finite() && cli.burst >= 1.0) {
        anyhow::bail!("--rate must be positive and --burst at least 1");
    }
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = cli.threads {
        runtime.worker_threads(threads.max(1));
    }
    runtime.enable_all().build()?.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), cli.port);
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    println!(
        "listening on ws://{}/socket/websocket",
        listener.local_addr()?
    );
    let rooms = Arc::new(Rooms::new(Limits {
        rate_per_sec: cli.rate,
        burst: cli.burst,
        ..Limits::default()
    }));
    let (stop, shutdown) = watch::channel(false);
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        let _ = stop.send(true);
    });
    server::serve(
        listener,
        rooms,
        Config::default(),
        shutdown,
        Duration::from_secs(5),
    )
    .await;
    println!("stopped");
    Ok(())
}
