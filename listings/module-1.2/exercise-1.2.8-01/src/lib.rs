//! Exercise 1.2.8-1: a weighted semaphore.
//!
//! A plain semaphore counts requests; a weighted one counts *units* of a resource (megabytes
//! of a memory budget, rows of a batch, connections of a pool), and each request asks for as
//! many units as it needs. The tests in `tests/` say what "done" means. They run against
//! `src/solution.rs` by default and against your `src/attempt.rs` with the `attempt` feature:
//!
//! ```text
//! cargo xtask exercise 1.2.8-1
//! ```

use std::fmt;

/// Why an acquire failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcquireError {
    /// The request asks for more than the semaphore's whole capacity: it could never succeed,
    /// so it fails at once instead of waiting forever.
    TooHeavy { weight: usize, capacity: usize },
    /// The timeout passed before enough permits were free.
    TimedOut,
}

impl fmt::Display for AcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooHeavy { weight, capacity } => {
                write!(
                    f,
                    "asked for {weight} permits of a semaphore holding {capacity}"
                )
            }
            Self::TimedOut => write!(f, "timed out waiting for permits"),
        }
    }
}

impl std::error::Error for AcquireError {}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{WeightedPermit, WeightedSemaphore};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{WeightedPermit, WeightedSemaphore};
