//! Exercise 1.2.1-2: the same arithmetic in a different order, and the cache notices.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.1-2
//! ```

/// A `rows x cols` matrix stored row after row in one vector (row-major, like C and Rust arrays):
/// element (r, c) is at `values[r * cols + c]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<u64>,
}

impl Matrix {
    /// A matrix whose element (r, c) is `f(r, c)`.
    pub fn from_fn(rows: usize, cols: usize, f: impl Fn(usize, usize) -> u64) -> Self {
        let values = (0..rows * cols).map(|i| f(i / cols, i % cols)).collect();
        Self { rows, cols, values }
    }

    /// Column sums, walking down each column: the obvious loop, and a stride of `cols`
    /// elements between consecutive reads.
    pub fn column_sums_by_column(&self) -> Vec<u64> {
        (0..self.cols)
            .map(|c| (0..self.rows).map(|r| self.values[r * self.cols + c]).sum())
            .collect()
    }
}

#[cfg(feature = "attempt")]
mod attempt;

#[cfg(not(feature = "attempt"))]
mod solution;
