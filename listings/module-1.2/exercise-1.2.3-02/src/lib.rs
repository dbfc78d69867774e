//! Exercise 1.2.3-2: a sliding-window rate limiter.
//!
//! A fixed-window limiter ("100 requests per calendar minute") lets a client send 100
//! requests at 12:00:59 and 100 more at 12:01:00. A sliding window counts the requests in the
//! last `window` milliseconds before *now*, whatever the clock says. The tests in `tests/` say
//! what "done" means. They run against `src/solution.rs` by default and against your
//! `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.3-2
//! ```
use std::collections::BTreeMap;

/// Milliseconds on a monotonic clock; the tests pass them in, so no test ever sleeps.
pub type Millis = u64;

/// Allows at most `limit` requests in any `window` milliseconds ending now.
#[derive(Debug)]
#[cfg_attr(feature = "attempt", allow(dead_code))] // the starter does not read them yet
pub struct SlidingWindow {
    pub(crate) window: Millis,
    pub(crate) limit: u32,
    /// Accepted requests per millisecond: a busy millisecond costs one entry, not many.
    pub(crate) hits: BTreeMap<Millis, u32>,
    /// Sum of the values in `hits`, kept up to date so that checking is O(1).
    pub(crate) total: u32,
}

impl SlidingWindow {
    pub fn new(window: Millis, limit: u32) -> Self {
        Self {
            window,
            limit,
            hits: BTreeMap::new(),
            total: 0,
        }
    }

    /// Entries currently stored (for tests: old ones must be forgotten).
    pub fn stored(&self) -> usize {
        self.hits.len()
    }
}

#[cfg(feature = "attempt")]
mod attempt;

#[cfg(not(feature = "attempt"))]
mod solution;
