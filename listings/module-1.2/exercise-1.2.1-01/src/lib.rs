//! Exercise 1.2.1-1: turn a pile of timing samples into the numbers worth reporting.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.1-1
//! ```
use std::time::Duration;

/// What a benchmark report should say about a set of samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub count: usize,
    pub min: Duration,
    pub median: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// Samples above `median + 3 * (p75 - p25)`: the scheduler, an interrupt, a page fault.
    pub outliers: usize,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{percentile, summarize};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{percentile, summarize};
