//! `cargo run --example stall_server -- [ADDR] [EVERY] [STALL]`: answers `200 ok` at once,
//! except that it holds all responses for the last STALL of every EVERY (defaults `2000ms` and
//! `500ms`), counted from the first request, until SIGINT or SIGTERM. Loopback only, like
//! everything in this book that takes load.

use loadgen::stall_server::{self, Counters, StallConfig};
use std::error::Error;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};

fn millis(arg: Option<String>, default: u64) -> Result<Duration, Box<dyn Error>> {
    let Some(text) = arg else {
        return Ok(Duration::from_millis(default));
    };
    let number = text
        .strip_suffix("ms")
        .ok_or("durations are in ms, e.g. 500ms")?;
    Ok(Duration::from_millis(number.parse()?))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args.next().as_deref().unwrap_or("127.0.0.1:8090").parse()?;
    if !addr.ip().is_loopback() {
        return Err(format!("{addr} is not a loopback address").into());
    }
    let every = millis(args.next(), 2000)?;
    let stall_for = millis(args.next(), 500)?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let listener = TcpListener::bind(addr).await?;
    println!(
        "stall_server on http://{}: a {stall_for:?} stall every {every:?}",
        listener.local_addr()?
    );
    let config = StallConfig {
        every: Some(every),
        stall_for,
        ..StallConfig::default()
    };
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    };
    stall_server::serve(listener, config, Arc::new(Counters::default()), shutdown).await?;
    Ok(())
}
