//! Exercise 1.1.10-1: the sending side of chunked transfer coding (RFC 9112, section 7.1), which
//! lets a program send a body before it knows the body's length.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.10-1
//! ```

/// The largest chunk to send. A bigger piece is split, so that a receiver that handles one
/// chunk at a time never needs more than this much room.
pub const MAX_CHUNK: usize = 8192;

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::write_chunked;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::write_chunked;
