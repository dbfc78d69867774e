//! Exercise 1.1.8-1: send messages over TCP, which only knows bytes. Each message travels as a
//! *frame*: its length as a 4-byte big-endian number, then its bytes.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.8-1
//! ```
use std::io;
use thiserror::Error;

/// The longest payload a frame may carry. A limit protects the reader: without one, a peer
/// that sends the length prefix `FF FF FF FF` makes it allocate 4 GiB.
pub const MAX_FRAME_LEN: usize = 1024 * 1024;

/// Why a frame could not be written or read.
#[derive(Debug, Error)]
pub enum FrameError {
    #[error("a frame of {len} bytes is longer than the limit of {MAX_FRAME_LEN} bytes")]
    TooLong { len: u64 },
    #[error("the stream ended in the middle of a frame")]
    Truncated,
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{read_frame, write_frame};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{read_frame, write_frame};
