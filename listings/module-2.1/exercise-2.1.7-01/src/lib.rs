//! Exercise 2.1.7-1: split a request target's query string into decoded name-value pairs.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.7-1
//! ```

/// Why a query string was refused (the server answers 400).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("bad percent-escape")]
    BadEscape,
    #[error("decoded text is not UTF-8")]
    NotUtf8,
    #[error("more than {0} parameters")]
    TooMany(usize),
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::parse_query;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::parse_query;
