// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.8-1`.
#![allow(unused_variables, unused_imports)]

use crate::{FrameError, MAX_FRAME_LEN};
use std::io::{ErrorKind, Read, Write};

// ANCHOR: starter
/// Writes `payload` as one frame: its length as a 4-byte big-endian number, then its bytes.
///
/// - A payload longer than `MAX_FRAME_LEN` is `FrameError::TooLong`, and nothing is written.
/// - Hand the whole frame to `writer` in a single `write_all`, so that a socket with Nagle's
///   algorithm on never holds back the second half of a frame.
pub fn write_frame(writer: &mut impl Write, payload: &[u8]) -> Result<(), FrameError> {
    todo!("check the length, build prefix and payload in one buffer, write it")
}

/// Reads one frame and returns its payload.
///
/// - `Ok(None)` when the stream ends cleanly, before the first byte of a frame.
/// - `FrameError::Truncated` when it ends anywhere inside a frame, even inside the prefix.
/// - `FrameError::TooLong` when the prefix announces more than `MAX_FRAME_LEN` bytes: say so
///   before reading, or allocating room for, the payload.
/// - A read may return any number of bytes, and may fail with `ErrorKind::Interrupted`, which
///   means "try again". Other errors, such as a read timeout, are `FrameError::Io`.
pub fn read_frame(reader: &mut impl Read) -> Result<Option<Vec<u8>>, FrameError> {
    todo!("read the 4-byte prefix, check it, then read exactly that many bytes")
}
// ANCHOR_END: starter
