//! Exercise 2.1.3-2: per-route request metrics that many handler threads update at once.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.3-2
//! ```

/// What `Metrics::snapshot` reports for one route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteStats {
    pub requests: u64,
    /// Responses with a status of 500 or more.
    pub server_errors: u64,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::Metrics;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::Metrics;
