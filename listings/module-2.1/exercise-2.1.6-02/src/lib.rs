//! Exercise 2.1.6-2: an "uppercase" line server that answers `BUSY` when it is full, drops idle
//! clients, and stops gracefully when its cancellation token fires.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.6-2
//! ```

use std::time::Duration;

/// The server's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Clients served at once. Client number `max_connections + 1` gets `BUSY\n` and is closed.
    pub max_connections: usize,
    /// A client that sends no complete line for this long is disconnected.
    pub idle_timeout: Duration,
    /// Longest line accepted, in bytes without its newline. A longer one gets
    /// `ERR line too long\n` and the connection is closed.
    pub max_line: usize,
    /// After shutdown starts, how long `serve` waits for open connections before returning.
    pub grace: Duration,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::serve;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::serve;
