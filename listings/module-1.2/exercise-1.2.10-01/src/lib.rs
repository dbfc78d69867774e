//! Exercise 1.2.10-1: the filter behind `dataproc --filter status=5xx,404`.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.10-1
//! ```

use std::fmt;

/// Which status codes pass: a list of inclusive ranges, `5xx` being `(500, 599)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusFilter {
    pub ranges: Vec<(u16, u16)>,
}

impl StatusFilter {
    /// Whether a line with this status code is counted.
    pub fn matches(&self, status: u16) -> bool {
        self.ranges
            .iter()
            .any(|&(low, high)| (low..=high).contains(&status))
    }
}

/// Why a filter was refused; the message is what `dataproc` would print after `error:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// Only `status=` filters exist; this names what came before the `=`.
    UnknownField(String),
    /// One of the comma-separated patterns is not a status pattern.
    BadPattern(String),
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterError::UnknownField(field) => {
                write!(f, "unknown filter field `{field}` (only `status` exists)")
            }
            FilterError::BadPattern(pattern) => {
                write!(
                    f,
                    "`{pattern}` is not a status pattern such as 404, 50x or 5xx"
                )
            }
        }
    }
}

impl std::error::Error for FilterError {}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::{count_matching, parse_filter};

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::{count_matching, parse_filter};
