//! The accept loop and the per-connection task.

use crate::codec::{BadRequest, CodecError, KvCodec, Response};
use crate::store::{Store, StoreClosed};
use futures_util::{SinkExt, StreamExt};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;
use tokio_util::codec::Framed;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Limits and deadlines. Every one of them protects the server from a client.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Connections served at once; the rest wait in the kernel's accept backlog.
    pub max_connections: usize,
    /// Longest request line accepted, in bytes.
    pub max_line: usize,
    /// How long a client may take to send a whole request line.
    pub idle_timeout: Duration,
    /// How long a response may take to be accepted by the client's socket.
    pub write_timeout: Duration,
    /// How long open connections get to finish after shutdown starts.
    pub shutdown_grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_connections: 1024,
            max_line: 4096,
            idle_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// What `run` reports once it has shut down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    /// Connections accepted.
    pub accepted: u64,
    /// Connections that ended with an error (I/O, timeout, oversized line).
    pub failed: u64,
    /// Connections still running when the grace period ran out; they were abandoned.
    pub abandoned: usize,
}

/// Why one connection ended early.
#[derive(Debug, thiserror::Error)]
enum ConnectionError {
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("the client did not accept a response in time")]
    WriteTimeout,
    #[error(transparent)]
    Store(#[from] StoreClosed),
}

// ANCHOR: run
/// Serves `listener` until `shutdown` is cancelled, then lets open connections finish.
pub async fn run(
    listener: TcpListener,
    store: Store,
    config: Config,
    shutdown: CancellationToken,
) -> io::Result<Report> {
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let tracker = TaskTracker::new();
    let failed = Arc::new(AtomicU64::new(0));
    let mut accepted = 0;

    loop {
        // Take a slot *before* accepting: over the limit, clients wait in the kernel's backlog
        // and cost us nothing, instead of a task and buffers each.
        let permit = tokio::select! {
            _ = shutdown.cancelled() => break,
            permit = Arc::clone(&permits).acquire_owned() => permit.map_err(io::Error::other)?,
        };
        let stream = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(error) if is_per_connection(&error) => continue,
                Err(_) => {
                    // EMFILE and friends: back off instead of spinning (see the Sockets chapter).
                    // A real service would also emit a log event here.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        accepted += 1;
        let (store, token, failed) = (store.clone(), shutdown.clone(), Arc::clone(&failed));
        tracker.spawn(async move {
            let _permit = permit; // returned to the semaphore when this task ends
            if serve_connection(stream, store, config, token)
                .await
                .is_err()
            {
                failed.fetch_add(1, Ordering::Relaxed);
            }
        });
    }

    drop(listener); // stop accepting: from now on, connecting is refused
    tracker.close();
    let abandoned = match timeout(config.shutdown_grace, tracker.wait()).await {
        Ok(()) => 0,
        Err(_) => tracker.len(),
    };
    Ok(Report {
        accepted,
        failed: failed.load(Ordering::Relaxed),
        abandoned,
    })
}
// ANCHOR_END: run

/// Errors that concern one half-accepted connection, not the listener.
fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

// ANCHOR: connection
async fn serve_connection(
    stream: TcpStream,
    store: Store,
    config: Config,
    shutdown: CancellationToken,
) -> Result<(), ConnectionError> {
    let mut framed = Framed::new(stream, KvCodec::new(config.max_line));
    loop {
        let next = tokio::select! {
            // `Framed::next` is cancel-safe: a half-received line stays in its buffer.
            next = timeout(config.idle_timeout, framed.next()) => next,
            _ = shutdown.cancelled() => {
                return send(&mut framed, Response::Error("shutting down".into()), &config).await;
            }
        };
        let request = match next {
            Err(_elapsed) => {
                return send(&mut framed, Response::Error("idle timeout".into()), &config).await;
            }
            Ok(None) => return Ok(()), // the client closed the connection
            Ok(Some(Err(CodecError::LineTooLong(limit)))) => {
                let reason = format!("line longer than {limit} bytes");
                send(&mut framed, Response::Error(reason), &config).await?;
                return Err(CodecError::LineTooLong(limit).into());
            }
            Ok(Some(Err(error))) => return Err(error.into()),
            Ok(Some(Ok(Err(BadRequest(reason))))) => {
                send(&mut framed, Response::Error(reason), &config).await?;
                continue;
            }
            Ok(Some(Ok(Ok(request)))) => request,
        };
        let response = store.call(request).await?;
        send(&mut framed, response, &config).await?;
    }
}

/// Writes one response, giving up if the client stops reading.
async fn send(
    framed: &mut Framed<TcpStream, KvCodec>,
    response: Response,
    config: &Config,
) -> Result<(), ConnectionError> {
    match timeout(config.write_timeout, framed.send(response)).await {
        Ok(result) => Ok(result?),
        Err(_elapsed) => Err(ConnectionError::WriteTimeout),
    }
}
// ANCHOR_END: connection
