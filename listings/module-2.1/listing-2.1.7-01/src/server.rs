//! The socket side: one task per connection, keep-alive, timeouts, a connection limit and
//! graceful shutdown.

use crate::parser::{Limits, ParseError, Parser, Request, Status};
use crate::response::Response;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout, timeout_at};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long a closing connection keeps reading what the client still sends.
const LINGER: Duration = Duration::from_secs(1);

/// What the server calls for each request.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

// ANCHOR: config
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub limits: Limits,
    /// From the first byte of a request to its last: a slow drip does not reset it.
    pub read_timeout: Duration,
    /// How long a kept-alive connection may wait for the first byte of its next request.
    pub idle_timeout: Duration,
    /// How long the client may take to accept a response.
    pub write_timeout: Duration,
    pub max_connections: usize,
    /// How long open connections get to finish after shutdown starts.
    pub shutdown_grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}
// ANCHOR_END: config

/// Why reading the next request stopped.
enum ReadOutcome {
    Request(Request),
    /// The connection ended cleanly between requests: client close, idle timeout, shutdown.
    Done,
    /// Refuse with this response, then close.
    Refuse(Response),
}

/// Serves until `shutdown` is cancelled, then gives connections `shutdown_grace` to finish.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    handler: Handler,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let tracker = TaskTracker::new();
    loop {
        let permit = tokio::select! {
            _ = shutdown.cancelled() => break,
            permit = Arc::clone(&permits).acquire_owned() => permit.map_err(io::Error::other)?,
        };
        let stream = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Per-connection failures and EMFILE alike: pause briefly rather than spin.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let (handler, token) = (Arc::clone(&handler), shutdown.clone());
        tracker.spawn(async move {
            let _permit = permit;
            // An I/O error ends only this connection; there is nobody to report it to.
            let _ = serve_connection(stream, config, handler, token).await;
        });
    }
    drop(listener);
    tracker.close();
    let _ = timeout(config.shutdown_grace, tracker.wait()).await;
    Ok(())
}

// ANCHOR: connection
async fn serve_connection(
    mut stream: TcpStream,
    config: Config,
    handler: Handler,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let mut parser = Parser::new(config.limits);
    let mut chunk = vec![0u8; 8 * 1024];
    loop {
        let (response, close) =
            match read_request(&mut stream, &mut parser, &mut chunk, &config, &shutdown).await? {
                ReadOutcome::Done => return Ok(()),
                ReadOutcome::Refuse(response) => (response, true),
                ReadOutcome::Request(request) => {
                    let close = !request.keep_alive() || shutdown.is_cancelled();
                    (handler(&request), close)
                }
            };
        let bytes = response.to_bytes(close);
        timeout(config.write_timeout, stream.write_all(&bytes))
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
        if close {
            // Half-close, then read and discard what the client still sends for a moment
            // (RFC 9112 section 9.6): closing with unread bytes makes the kernel send a reset,
            // which can destroy the response before the client has read it.
            stream.shutdown().await?;
            let drain = async {
                while stream.read(&mut chunk).await? > 0 {}
                io::Result::Ok(())
            };
            let _ = timeout(LINGER, drain).await;
            return Ok(());
        }
    }
}

async fn read_request(
    stream: &mut TcpStream,
    parser: &mut Parser,
    chunk: &mut [u8],
    config: &Config,
    shutdown: &CancellationToken,
) -> io::Result<ReadOutcome> {
    // A pipelined request may already be buffered: then the request has started.
    let mut deadline = parser
        .has_buffered()
        .then(|| Instant::now() + config.read_timeout);
    let mut fresh = 0;
    loop {
        match parser.feed(&chunk[..fresh]) {
            Ok(Status::Complete(request)) => return Ok(ReadOutcome::Request(request)),
            Ok(Status::Partial) => {}
            Err(error) => return Ok(ReadOutcome::Refuse(refusal(&error))),
        }
        let wait_until = deadline.unwrap_or_else(|| Instant::now() + config.idle_timeout);
        let read = tokio::select! {
            // Between requests, shutdown closes the connection; mid-request we finish first.
            _ = shutdown.cancelled(), if deadline.is_none() => return Ok(ReadOutcome::Done),
            read = timeout_at(wait_until, stream.read(chunk)) => read,
        };
        fresh = match read {
            Err(_elapsed) if deadline.is_none() => return Ok(ReadOutcome::Done),
            Err(_elapsed) => {
                return Ok(ReadOutcome::Refuse(Response::text(
                    408,
                    "request timeout\n",
                )));
            }
            Ok(Ok(0)) if !parser.has_buffered() => return Ok(ReadOutcome::Done),
            Ok(Ok(0)) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(Ok(n)) => n,
            Ok(Err(error)) => return Err(error),
        };
        deadline.get_or_insert_with(|| Instant::now() + config.read_timeout);
    }
}
// ANCHOR_END: connection

fn refusal(error: &ParseError) -> Response {
    Response::text(error.status(), format!("{error}\n"))
}
