//! Exercise 2.1.4-1: parse `limit` and `after` pagination parameters into a typed `Page`.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.4-1
//! ```

use std::num::ParseIntError;

use thiserror::Error;

/// The largest page a client may ask for.
pub const MAX_LIMIT: u32 = 100;
/// The page size when the client does not say.
pub const DEFAULT_LIMIT: u32 = 20;

// ANCHOR: types
/// Which page of a listing to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    /// Return items with an id greater than this one.
    pub after: Option<u64>,
}

/// Why pagination parameters were rejected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PageError {
    #[error("`limit` is not a number")]
    BadLimit(#[source] ParseIntError),
    #[error("`limit` must be between 1 and {max}, got {got}")]
    LimitOutOfRange { got: u32, max: u32 },
    #[error("`after` is not a valid cursor")]
    BadCursor(#[from] ParseIntError),
    #[error("unknown parameter `{0}`")]
    Unknown(String),
}
// ANCHOR_END: types

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::parse_page;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::parse_page;
