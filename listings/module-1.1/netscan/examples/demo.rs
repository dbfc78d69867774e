//! A scan you can repeat anywhere: three listeners on 127.0.0.1, each on a port the kernel picks,
//! and one port where nobody listens, scanned through the netscan library with service detection.
//!
//! Run it from the crate folder with `cargo run -q --example demo`. The port numbers change on
//! every run, so the report names each port by its role (`banner`, `http`, `silent`, `closed`)
//! and prints the number only as `127.0.0.1:<port>`. Nothing leaves loopback, and the whole demo
//! is bounded by a deadline.

use anyhow::Context;
use netscan::scan::{self, PortResult, PortState, Progress, ScanConfig};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// How long a listener keeps a connection the scanner opened; the scanner closes it far sooner.
const HOLD: Duration = Duration::from_secs(5);

/// The whole scan must end within this, or the demo fails instead of hanging.
const DEADLINE: Duration = Duration::from_secs(10);

/// What each listener does with a connection.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Speaks first, like SSH or SMTP.
    Banner,
    /// Waits for a request and answers it, like HTTP.
    Http,
    /// Accepts and says nothing, whatever it is sent.
    Silent,
}

async fn serve(listener: TcpListener, behaviour: Behaviour) {
    // The scanner connects twice to every open port on loopback (see scan_port), so a listener
    // must keep accepting.
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(async move {
            // The scanner may reset the connection at any moment: errors end the connection and
            // nothing else.
            let _ = tokio::time::timeout(HOLD, handle(stream, behaviour)).await;
        });
    }
}

async fn handle(mut stream: TcpStream, behaviour: Behaviour) -> std::io::Result<()> {
    let mut buffer = [0u8; 1024];
    match behaviour {
        Behaviour::Banner => {
            stream.write_all(b"SSH-2.0-netscan_demo\r\n").await?;
        }
        Behaviour::Http => {
            let mut request = Vec::new();
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = stream.read(&mut buffer).await?;
                if read == 0 {
                    return Ok(());
                }
                request.extend_from_slice(&buffer[..read]);
            }
            stream
                .write_all(
                    b"HTTP/1.0 200 OK\r\nServer: demo-http/0.1\r\nContent-Length: 3\r\n\r\nok\n",
                )
                .await?;
        }
        Behaviour::Silent => {}
    }
    // Read (and ignore) until the scanner closes its side.
    while stream.read(&mut buffer).await? > 0 {}
    Ok(())
}

// ANCHOR: main
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut ports = Vec::new(); // (role, port), in the order the report prints them
    for (role, behaviour) in [
        ("banner", Behaviour::Banner),
        ("http", Behaviour::Http),
        ("silent", Behaviour::Silent),
    ] {
        let listener = TcpListener::bind((LOOPBACK, 0)).await.context("bind")?;
        ports.push((role, listener.local_addr()?.port()));
        tokio::spawn(serve(listener, behaviour));
    }
    // A port nobody listens on: bound to learn a free number, then released.
    let closed = std::net::TcpListener::bind((LOOPBACK, 0))?
        .local_addr()?
        .port();
    ports.push(("closed", closed));

    let config = ScanConfig {
        timeout: Duration::from_secs(1),
        retries: 1,
        concurrency: 4,
        max_sockets: 16,
        rate: None,
        detect: Some(Duration::from_millis(200)),
        reset_on_close: true,
    };
    let numbers: Vec<u16> = ports.iter().map(|&(_, port)| port).collect();
    let started = Instant::now();
    let scan = scan::scan(
        &[LOOPBACK],
        &numbers,
        &config,
        Arc::new(Progress::default()),
    );
    let results = tokio::time::timeout(DEADLINE, scan)
        .await
        .context("the scan did not finish in time")?;
    let elapsed = started.elapsed();
    // ANCHOR_END: main

    println!(
        "{:<7} {:<16} {:<7} {:<13} {:<8} BANNER",
        "ROLE", "ADDRESS", "STATE", "REASON", "SERVICE"
    );
    // Results come sorted by port number, which changes from run to run; print them by role.
    for &(role, port) in &ports {
        let result = results
            .iter()
            .find(|result| result.port == port)
            .context("a port is missing from the results")?;
        print_row(role, result);
    }
    let count = |state| results.iter().filter(|r| r.state == state).count();
    println!(
        "\n{} ports in {:.1} ms: {} open, {} closed, {} filtered",
        results.len(),
        elapsed.as_secs_f64() * 1000.0,
        count(PortState::Open),
        count(PortState::Closed),
        count(PortState::Filtered)
    );
    Ok(())
}

fn print_row(role: &str, result: &PortResult) {
    let (service, banner) = match &result.identity {
        Some(identity) => (identity.service.as_str(), identity.banner.as_deref()),
        None => ("-", None),
    };
    let line = format!(
        "{:<7} {:<16} {:<7} {:<13} {:<8} {}",
        role,
        SocketAddr::new(result.address, result.port),
        result.state.to_string(),
        result.reason,
        service,
        banner.unwrap_or("")
    );
    println!("{}", line.trim_end());
}
