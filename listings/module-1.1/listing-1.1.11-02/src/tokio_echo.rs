//! The same echo server on Tokio: one task per connection, written as straight-line code.
use crate::accept_errors::{AfterAcceptError, after_accept_error};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;

/// A connection that sends nothing for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
pub const MAX_CONNECTIONS: usize = 10_000;
/// How long to wait before accepting again after running out of descriptors or memory, or
/// after an error we do not know.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

// ANCHOR: tokio
/// Accepts connections until the task is dropped, each in its own task. No failed `accept`
/// ends it; every one that makes it back off (for want of descriptors or memory, say) is
/// counted in `accept_errors`.
pub async fn serve(
    listener: std::net::TcpListener,
    accept_errors: Arc<AtomicUsize>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        // Wait for a free slot before accepting: the limit holds without closing anyone.
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => match after_accept_error(&e) {
                AfterAcceptError::AcceptAgain => continue,
                AfterAcceptError::BackOff => {
                    // Keep serving the open connections, and try again after a pause.
                    accept_errors.fetch_add(1, Ordering::Relaxed);
                    eprintln!(
                        "tokio echo: accept failed ({e}); trying again in {ACCEPT_BACKOFF:?}"
                    );
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        tokio::spawn(async move {
            let _ = echo(stream).await;
            drop(permit);
        });
    }
}

async fn echo(mut stream: TcpStream) -> io::Result<()> {
    let mut buffer = [0u8; 4096];
    loop {
        // Every await on the network has a deadline.
        let n = match timeout(IDLE_TIMEOUT, stream.read(&mut buffer)).await {
            Ok(result) => result?,
            Err(_) => return Ok(()), // idle for too long: close
        };
        if n == 0 {
            return Ok(());
        }
        timeout(IDLE_TIMEOUT, stream.write_all(&buffer[..n]))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading"))??;
    }
}
// ANCHOR_END: tokio
