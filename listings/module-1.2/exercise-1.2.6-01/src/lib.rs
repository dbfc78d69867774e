//! Exercise 1.2.6-1: split a slice into chunks, map each chunk on its own thread, and reduce the
//! results, without copying the data or requiring `'static`.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.6-1
//! ```

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::map_reduce;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::map_reduce;
