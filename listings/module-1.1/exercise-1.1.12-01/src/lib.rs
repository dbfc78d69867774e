//! Exercise 1.1.12-1: a TCP connect scanner on threads. `probe` tries one port with a timeout and
//! says its state; `scan` probes a list of ports with a bounded number of threads.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.12-1
//! ```

/// What one connection attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortState {
    /// The handshake finished: a program listens there.
    Open,
    /// The host answered with a reset (connection refused): nobody listens.
    Closed,
    /// No answer within the timeout, or any other failure.
    Filtered,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{probe, scan};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{probe, scan};
