//! Exercise 1.1.2-1: compute what Round Robin does to a set of jobs, including the time the CPU
//! spends switching between them.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.2-1
//! ```
use std::fmt;

/// What one job experienced, in the same time unit as the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metrics {
    /// From arrival (time 0) until the job first ran.
    pub response: u64,
    /// From arrival (time 0) until the job finished.
    pub turnaround: u64,
    /// Time the job spent ready but not running: turnaround minus run time.
    pub waiting: u64,
}

/// Input that describes no schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// A quantum of 0 would never let any job run.
    ZeroQuantum,
    /// The job at this index needs no CPU at all.
    ZeroRunTime { job: usize },
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::ZeroQuantum => write!(f, "the quantum must be at least 1"),
            ScheduleError::ZeroRunTime { job } => write!(f, "job {job} has a run time of 0"),
        }
    }
}

impl std::error::Error for ScheduleError {}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::round_robin;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::round_robin;
