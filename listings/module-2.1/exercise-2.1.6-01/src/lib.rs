//! Exercise 2.1.6-1: a codec for frames made of a 4-byte big-endian length and that many bytes
//! of payload, with a limit on the length.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.6-1
//! ```

/// Why a frame could not be decoded or encoded. Either one ends the connection.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {length} bytes is over the limit of {max}")]
    TooLarge { length: usize, max: usize },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The codec: `max_frame` is the largest payload it accepts or sends.
#[derive(Clone, Copy, Debug)]
pub struct FrameCodec {
    pub max_frame: usize,
}

/// The size of the length prefix.
pub const HEADER: usize = 4;

#[cfg(feature = "attempt")]
mod attempt;

#[cfg(not(feature = "attempt"))]
mod solution;
