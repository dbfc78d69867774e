//! Exercise 1.2.8-2: a bounded blocking queue with timeouts.
//!
//! A server thread must never wait forever: a push into a queue whose consumer died, or a pop
//! from a queue nobody feeds, should give up after a while and let the caller decide (shed the
//! request, retry, report). The tests in `tests/` say what "done" means:
//!
//! ```text
//! cargo xtask exercise 1.2.8-2
//! ```

/// Why `push_timeout` failed. The item comes back to the caller either way.
#[derive(Debug, PartialEq, Eq)]
pub enum PushError<T> {
    /// The queue stayed full for the whole timeout.
    Full(T),
    /// The queue was closed.
    Closed(T),
}

/// Why `pop_timeout` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum PopError {
    /// The queue stayed empty for the whole timeout.
    Empty,
    /// The queue is closed and every item has been taken.
    Closed,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::BoundedQueue;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::BoundedQueue;
