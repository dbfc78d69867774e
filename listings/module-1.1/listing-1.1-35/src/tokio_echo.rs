//! The same echo server on Tokio: one task per connection, written as straight-line code.
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;

/// A connection that sends nothing for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
pub const MAX_CONNECTIONS: usize = 10_000;

// ANCHOR: tokio
/// Accepts connections until the task is dropped, each in its own task.
pub async fn serve(listener: std::net::TcpListener) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        // Wait for a free slot before accepting: the limit holds without closing anyone.
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return Ok(());
        };
        let (stream, _) = listener.accept().await?;
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
