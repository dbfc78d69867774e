use crate::Limits;
use futures_util::StreamExt;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long to wait before calling `accept` again after it failed.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

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
                // One client's failed handshake: the next accept can go ahead at once.
                Err(error) if is_per_connection(&error) => continue,
                // EMFILE, ENFILE, ENOBUFS: the connection stays queued and accept fails again
                // straight away, so retrying at once would spin a core. Pause, still listening
                // for shutdown.
                Err(_) => {
                    tokio::select! {
                        _ = shutdown.cancelled() => break,
                        _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                    }
                }
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

fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

async fn uppercase_lines(
    stream: TcpStream,
    limits: Limits,
    shutdown: CancellationToken,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    // The maximum length bounds what one client can make us buffer; `next` is cancel-safe, so
    // losing the race to the token or the timer loses nothing.
    let mut lines = FramedRead::new(reader, LinesCodec::new_with_max_length(limits.max_line));
    loop {
        let line = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            next = timeout(limits.idle_timeout, lines.next()) => match next {
                Err(_idle) => return Ok(()),
                Ok(None) => return Ok(()),
                Ok(Some(line)) => line,
            },
        };
        let reply = match line {
            Ok(line) => format!("{}\n", line.to_uppercase()),
            Err(LinesCodecError::MaxLineLengthExceeded) => {
                // We no longer know where the next line starts: say why, and close.
                let _ = timeout(
                    limits.idle_timeout,
                    writer.write_all(b"ERR line too long\n"),
                )
                .await;
                return Ok(());
            }
            Err(LinesCodecError::Io(error)) => return Err(error),
        };
        timeout(limits.idle_timeout, writer.write_all(reply.as_bytes()))
            .await
            .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
    }
}
// ANCHOR_END: solution
