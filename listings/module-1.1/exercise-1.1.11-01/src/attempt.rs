// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.11-1`.
#![allow(unused_variables, unused_imports)]

use crate::LineError;
use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

// ANCHOR: starter
/// Reads from `stream` until a `\n` arrives, and returns everything read, newline included.
/// (The peer sends one line and waits for an answer, so nothing follows the newline.)
///
/// - `LineError::TimedOut` once `deadline` has passed, however the bytes trickle in; and at
///   once, without reading, if it has passed already.
/// - `LineError::TooLong(max_len)` when more than `max_len` bytes arrive without a newline.
/// - `LineError::Closed` when the stream ends before the newline.
/// - A read interrupted by a signal (`ErrorKind::Interrupted`) is retried.
pub fn read_line_before(
    stream: &mut TcpStream,
    deadline: Instant,
    max_len: usize,
) -> Result<Vec<u8>, LineError> {
    todo!("before each read, set the read timeout to the time left until the deadline")
}
// ANCHOR_END: starter
