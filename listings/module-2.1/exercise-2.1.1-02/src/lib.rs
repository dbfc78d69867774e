//! Exercise 2.1.1-2: take the bodies out of requests that the caller still owns.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.1-2
//! ```

/// A queued request: the queue owns it, a worker only borrows it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Queued {
    pub id: u64,
    pub body: Vec<u8>,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{drain_bodies, take_body};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{drain_bodies, take_body};
