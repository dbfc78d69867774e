//! Exercise 1.2.4-2: the critical path of a build graph.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.4-2
//! ```

// ANCHOR: types
/// One build step: how long it takes, and the steps (by index) that must finish before it starts.
#[derive(Clone, Debug)]
pub struct Task {
    pub name: &'static str,
    pub seconds: u64,
    pub after: Vec<usize>,
}

/// Why no critical path could be computed.
#[derive(Debug, PartialEq, Eq)]
pub enum PlanError {
    /// A task lists an index that is not a task.
    UnknownTask { task: usize, dependency: usize },
    /// The tasks depend on each other in a circle, so no order exists.
    Cycle,
}
// ANCHOR_END: types

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::critical_path;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::critical_path;
