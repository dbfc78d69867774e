//! Exercise 1.1.5-1: an LRU cache, the structure that sits in front of a database in half the
//! backends you will meet, and the policy that the Page replacement chapter shows to be free of
//! Belady's anomaly.
//!
//! The cache holds at most `capacity` entries. Reading or writing an entry makes it the most
//! recently used; when a new key arrives and the cache is full, the least recently used entry is
//! evicted. Both operations should take constant time, whatever the capacity: a `HashMap` finds
//! an entry, and a second structure keeps the entries in order of use.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.5-1
//! ```

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::LruCache;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::LruCache;
