use crate::Limits;
use std::io;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: solution
pub async fn serve(
    listener: TcpListener,
    limits: Limits,
    shutdown: CancellationToken,
) -> io::Result<u64> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let tracker = TaskTracker::new();
    let mut served = 0;
    loop {
        let mut stream = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue, // one failed handshake must not stop the server
            },
        };
        // Unlike waiting for a permit before accepting, this tells the client it was refused.
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            tracker.spawn(async move {
                // Best effort: the client may already be gone.
                let _ = timeout(limits.idle_timeout, stream.write_all(b"BUSY\n")).await;
            });
            continue;
        };
        served += 1;
        let token = shutdown.clone();
        tracker.spawn(async move {
            let _permit = permit;
            let _ = uppercase_lines(stream, limits, token).await; // errors end only this client
        });
    }
    drop(listener);
    tracker.close();
    let _ = timeout(limits.grace, tracker.wait()).await;
    Ok(served)
}

async fn uppercase_lines(
    stream: TcpStream,
    limits: Limits,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    // `Lines::next_line` is cancel-safe, so losing the race to the token or the timer loses nothing.
    let mut lines = BufReader::new(reader).lines();
    loop {
        let line = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            next = timeout(limits.idle_timeout, lines.next_line()) => match next {
                Err(_idle) => return Ok(()),
                Ok(line) => line?,
            },
        };
        let Some(line) = line else { return Ok(()) };
        let reply = format!("{}\n", line.to_uppercase());
        timeout(limits.idle_timeout, writer.write_all(reply.as_bytes()))
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
    }
}
// ANCHOR_END: solution
