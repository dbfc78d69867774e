// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.1-2`.
#![allow(unused_variables)]

use crate::Matrix;

// ANCHOR: starter
impl Matrix {
    /// The same column sums as `column_sums_by_column`, but reading `values` strictly from
    /// front to back, one row at a time, so every cache line fetched is used in full.
    /// Do not index with `r * cols + c` in a column-first loop; iterate over rows.
    pub fn column_sums_by_row(&self) -> Vec<u64> {
        todo!("one accumulator per column; add each row into them")
    }
}
// ANCHOR_END: starter
