//! Starts the server on a loopback port and drives it with real clients, in one process:
//! a normal exchange, the connection limit, and a graceful shutdown.

use futures_util::{SinkExt, StreamExt};
use listing_2_1_6_01::server::{self, Config};
use listing_2_1_6_01::store::Store;
use std::error::Error;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::codec::{Framed, LinesCodec};
use tokio_util::sync::CancellationToken;

type Client = Framed<TcpStream, LinesCodec>;
type AnyError = Box<dyn Error + Send + Sync>;

async fn connect(addr: std::net::SocketAddr) -> Result<Client, AnyError> {
    let stream = timeout(Duration::from_secs(2), TcpStream::connect(addr)).await??;
    Ok(Framed::new(stream, LinesCodec::new_with_max_length(4096)))
}

/// Reads one line, or `None` if none arrives within `wait`.
async fn read_line(client: &mut Client, wait: Duration) -> Result<Option<String>, AnyError> {
    match timeout(wait, client.next()).await {
        Err(_) => Ok(None),
        Ok(None) => Ok(Some("<connection closed>".to_string())),
        Ok(Some(line)) => Ok(Some(line?)),
    }
}

async fn exchange(name: &str, client: &mut Client, request: &str) -> Result<(), AnyError> {
    println!("{name} > {request}");
    client.send(request).await?;
    let reply = read_line(client, Duration::from_secs(2)).await?;
    println!("{name} < {}", reply.as_deref().unwrap_or("<no reply>"));
    Ok(())
}

// ANCHOR: demo
#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("server listening on {addr}, at most 1 connection at a time");
    let config = Config {
        max_connections: 1,
        ..Config::default()
    };
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(server::run(
        listener,
        Store::spawn(64),
        config,
        shutdown.clone(),
    ));

    let mut a = connect(addr).await?;
    for request in ["SET colour blue", "GET colour", "GET size", "FLY away"] {
        exchange("A", &mut a, request).await?;
    }

    let mut b = connect(addr).await?; // the kernel completes the handshake; nobody accepts
    println!("B > GET colour");
    b.send("GET colour").await?;
    let early = read_line(&mut b, Duration::from_millis(300)).await?;
    println!(
        "B: reply within 300 ms? {}",
        early.as_deref().unwrap_or("none, waiting for a slot")
    );
    drop(a);
    println!("A disconnected");
    let late = read_line(&mut b, Duration::from_secs(2)).await?;
    println!("B < {}", late.as_deref().unwrap_or("<no reply>"));

    println!("shutdown requested");
    shutdown.cancel();
    println!(
        "B < {}",
        read_line(&mut b, Duration::from_secs(2))
            .await?
            .unwrap_or_default()
    );
    println!(
        "B < {}",
        read_line(&mut b, Duration::from_secs(2))
            .await?
            .unwrap_or_default()
    );
    let report = server.await??;
    println!("server stopped: {report:?}");
    match TcpStream::connect(addr).await {
        Ok(_) => println!("connecting after shutdown: accepted (unexpected)"),
        Err(error) => println!("connecting after shutdown: {error}"),
    }
    Ok(())
}
// ANCHOR_END: demo
