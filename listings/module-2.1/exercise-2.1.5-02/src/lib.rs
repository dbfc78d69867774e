//! Exercise 2.1.5-2: run one task per input, at most `limit` at a time, each with its own
//! deadline, and return the results in the order of the inputs.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.5-2
//! ```

/// Why one task produced no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskError {
    /// The task did not finish within its deadline and was cancelled.
    TimedOut,
    /// The task panicked.
    Panicked,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::run_bounded;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::run_bounded;
