//! Exercise 1.1.5-2: page replacement with CLOCK, the approximation of LRU that kernels can afford.
//!
//! Memory is a circle of frames. Each frame holds a page and a use bit, which an access sets (on
//! a real machine the MMU sets it in the page-table entry). A hand points at one frame. On a miss
//! in full memory, the hand looks at the frame it points to: if the bit is set, it clears it (the
//! page gets a second chance) and moves on; if the bit is clear, that page is the victim, the new
//! page takes its frame, and the hand moves one frame further.
//!
//! The rules follow `osemu paging -p CLOCK`, so you can check any trace of your own with it:
//!
//! - a page loaded into a frame starts with its bit set;
//! - while memory has an empty frame, a miss fills the next empty one and the hand stays put;
//! - after a replacement the hand points at the frame after the one it filled.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.5-2
//! ```

/// What one access did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The page was in memory.
    Hit,
    /// The page was loaded, into an empty frame (`evicted: None`) or in place of another page.
    Miss { evicted: Option<u64> },
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::Clock;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::Clock;
