//! Exercise 2.1.1-1: split a batch of requests into reads and writes by moving each one.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 2.1.1-1
//! ```

/// The HTTP methods this exercise cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
}

/// A request that owns its path and body on the heap.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub body: Vec<u8>,
}

/// A batch split by what the requests do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Routed {
    /// `GET` and `HEAD`, in their original order.
    pub reads: Vec<Request>,
    /// Every other method, in its original order.
    pub writes: Vec<Request>,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::route;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::route;
