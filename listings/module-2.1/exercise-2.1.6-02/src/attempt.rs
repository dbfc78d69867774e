// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.6-2`.
#![allow(unused_variables, unused_imports)]

use crate::Limits;
use futures_util::StreamExt;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: starter
/// Serves `listener` until `shutdown` is cancelled; returns how many clients were served
/// (turned-away clients do not count).
///
/// - Each line a client sends comes back in upper case, followed by `\n`.
/// - A line longer than `max_line` bytes gets `ERR line too long\n`, and the connection closes:
///   the server never buffers more than about `max_line` bytes for one client.
/// - A client over the limit is accepted, sent `BUSY\n`, and closed at once.
/// - A client that sends no complete line within `idle_timeout` is closed.
/// - A failed `accept` for a reason other than that one client (EMFILE: out of file
///   descriptors) is retried after a pause, not at once in a loop.
/// - On shutdown: stop accepting (drop the listener), close every connection that is waiting
///   for its next line, and return once they have all ended or `grace` has passed.
pub async fn serve(
    listener: TcpListener,
    limits: Limits,
    shutdown: CancellationToken,
) -> io::Result<u64> {
    todo!("accept loop with select! on the token; try_acquire_owned; a TaskTracker")
}
// ANCHOR_END: starter
