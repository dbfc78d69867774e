//! Exercise 2.1.7-2: decide a message's Content-Length from all its Content-Length field values,
//! accepting what RFC 9110 section 8.6 allows and refusing everything else.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.7-2
//! ```

/// The Content-Length fields do not agree on one valid number: answer 400 and close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadContentLength;

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::content_length;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::content_length;
