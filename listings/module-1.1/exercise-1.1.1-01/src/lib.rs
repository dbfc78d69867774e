//! Exercise 1.1.1-1: run a command, but never wait longer than a deadline for it.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.1-1
//! ```

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The process exited by itself with this status code.
    Exited(i32),
    /// The process was ended by this signal (not by us).
    Signaled(i32),
    /// The deadline passed: the process was killed and reaped.
    TimedOut,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::run_with_timeout;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::run_with_timeout;
