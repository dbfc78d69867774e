//! Exercise 1.2.6-2: a crash-isolation harness. The same job can run in a thread (cheap, but a
//! crash that is not a panic takes the whole process) or in a child process (dearer, but
//! nothing it does can take the harness down).
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.6-2
//! ```

/// How an isolated job failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The job panicked in its thread, with this message (or `"<non-string panic payload>"`).
    Panicked(String),
    /// The child process exited with this non-zero status code.
    Exited(i32),
    /// The child process was killed by this signal (its own crash, or someone else's kill).
    Signaled(i32),
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{in_process, in_thread};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{in_process, in_thread};
