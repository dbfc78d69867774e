//! Exercise 1.1.11-1: a read timeout limits each `read` call, not the whole request. A client
//! that sends one byte just before each timeout expires keeps a connection busy forever
//! ("slowloris"). Read a whole line against one deadline instead.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.11-1
//! ```
use thiserror::Error;

/// Why no line was read.
#[derive(Debug, Error)]
pub enum LineError {
    #[error("the deadline passed before the line was complete")]
    TimedOut,
    #[error("more than {0} bytes without a newline")]
    TooLong(usize),
    #[error("the peer closed the connection before the end of the line")]
    Closed,
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::read_line_before;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::read_line_before;
