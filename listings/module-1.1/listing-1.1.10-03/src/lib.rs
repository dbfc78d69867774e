//! HTTP/2 against HTTP/1.1 for many requests at once, with hyper on both sides, on loopback.
//!
//! The server answers every request after `WORK` (a stand-in for a database call) and counts
//! TCP connections and the requests it is serving at the same moment. HTTP/1.1 carries one
//! request at a time per connection, so a client that wants concurrency opens connections;
//! HTTP/2 multiplexes streams over one, up to the server's `SETTINGS_MAX_CONCURRENT_STREAMS`.
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::timeout;

/// How long the server takes over each request.
pub const WORK: Duration = Duration::from_millis(50);
/// Every request, connection and handshake gives up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What the server saw.
#[derive(Debug, Default)]
pub struct Counters {
    pub connections: AtomicUsize,
    /// Requests the server answered, over all connections.
    pub requests: AtomicUsize,
    in_flight: AtomicUsize,
    /// The most requests it was serving at the same moment.
    pub most_at_once: AtomicUsize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Http1,
    /// HTTP/2 over cleartext TCP with prior knowledge (no TLS, no ALPN), with this limit on
    /// concurrent streams per connection.
    Http2 {
        max_streams: u32,
    },
}

/// Starts a server for one protocol on 127.0.0.1; it runs until the runtime stops.
pub async fn start_server(protocol: Protocol) -> std::io::Result<(SocketAddr, Arc<Counters>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let counters = Arc::new(Counters::default());
    let shared = Arc::clone(&counters);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(10)).await; // EMFILE and the like
                continue;
            };
            shared.connections.fetch_add(1, Ordering::Relaxed);
            let counters = Arc::clone(&shared);
            let service =
                hyper::service::service_fn(move |request| handle(request, Arc::clone(&counters)));
            let io = TokioIo::new(stream);
            tokio::spawn(async move {
                let _ = match protocol {
                    Protocol::Http1 => {
                        hyper::server::conn::http1::Builder::new()
                            .serve_connection(io, service)
                            .await
                    }
                    Protocol::Http2 { max_streams } => {
                        hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                            // The limit every HTTP/2 server needs: without it one client
                            // could open streams without end on a single connection.
                            .max_concurrent_streams(max_streams)
                            .serve_connection(io, service)
                            .await
                    }
                };
            });
        }
    });
    Ok((address, counters))
}

async fn handle(
    _request: Request<Incoming>,
    counters: Arc<Counters>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let now = counters.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
    counters.most_at_once.fetch_max(now, Ordering::Relaxed);
    tokio::time::sleep(WORK).await;
    counters.in_flight.fetch_sub(1, Ordering::Relaxed);
    counters.requests.fetch_add(1, Ordering::Relaxed);
    Ok(Response::new(Full::new(Bytes::from_static(b"done\n"))))
}

async fn connect(address: SocketAddr) -> anyhow::Result<TokioIo<TcpStream>> {
    let stream = timeout(TIMEOUT, TcpStream::connect(address)).await??;
    stream.set_nodelay(true)?;
    Ok(TokioIo::new(stream))
}

fn request(address: SocketAddr) -> anyhow::Result<Request<Empty<Bytes>>> {
    Ok(Request::get(format!("http://{address}/"))
        .header(hyper::header::HOST, address.to_string())
        .body(Empty::new())?)
}

// ANCHOR: http2
/// Sends `count` requests over a single HTTP/2 connection: one, then all the others at once.
pub async fn http2_all_at_once(address: SocketAddr, count: usize) -> anyhow::Result<usize> {
    if count == 0 {
        return Ok(0);
    }
    let (sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), connect(address).await?)
            .await?;
    // The connection's own task reads frames and hands each to its stream.
    let driver = tokio::spawn(connection);
    // Until the server's SETTINGS frame arrives, the client does not know its stream limit,
    // and streams opened beyond it are refused (REFUSED_STREAM, safe to retry). One request
    // first, whose answer comes after the SETTINGS, lets the client queue the rest itself.
    let first = one_request(sender.clone(), address).await?;
    let mut requests = JoinSet::new();
    for _ in 1..count {
        // A sender is a handle on the one connection; cloning it opens no socket.
        requests.spawn(one_request(sender.clone(), address));
    }
    let answered = first + count_answered(requests).await?;
    driver.abort();
    Ok(answered)
}

async fn one_request(
    mut sender: hyper::client::conn::http2::SendRequest<Empty<Bytes>>,
    address: SocketAddr,
) -> anyhow::Result<usize> {
    let response = timeout(TIMEOUT, sender.send_request(request(address)?)).await??;
    timeout(TIMEOUT, response.into_body().collect()).await??;
    Ok(1)
}
// ANCHOR_END: http2

/// Sends `count` requests over `connections` HTTP/1.1 connections, each carrying its share one
/// request after another, since an HTTP/1.1 connection has one request in flight at a time.
pub async fn http1_over(
    address: SocketAddr,
    count: usize,
    connections: usize,
) -> anyhow::Result<usize> {
    let connections = connections.clamp(1, count.max(1));
    let mut workers = JoinSet::new();
    for worker in 0..connections {
        let share = (worker..count).step_by(connections).count();
        let io = connect(address).await?;
        workers.spawn(async move {
            let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await?;
            let driver = tokio::spawn(connection);
            let mut answered = 0;
            for _ in 0..share {
                let response = timeout(TIMEOUT, sender.send_request(request(address)?)).await??;
                timeout(TIMEOUT, response.into_body().collect()).await??;
                answered += 1;
            }
            driver.abort();
            anyhow::Ok(answered)
        });
    }
    count_answered(workers).await
}

async fn count_answered(mut tasks: JoinSet<anyhow::Result<usize>>) -> anyhow::Result<usize> {
    let mut total = 0;
    while let Some(finished) = tasks.join_next().await {
        total += finished??;
    }
    Ok(total)
}
