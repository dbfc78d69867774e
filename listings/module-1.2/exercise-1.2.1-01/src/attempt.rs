// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.1-1`.
#![allow(unused_variables)]

use crate::Summary;
use std::time::Duration;

// ANCHOR: starter
/// The `p`-th percentile (0.0 ..= 100.0) of samples that are already sorted, by the
/// nearest-rank method: the smallest sample such that at least p% of samples are <= it.
/// Percentile 0 is the minimum. Returns `None` for an empty slice.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    todo!("rank = ceil(p / 100 * n), at least 1; the answer is sorted[rank - 1]")
}

/// Summarises samples in any order; `None` if there are none.
pub fn summarize(samples: &[Duration]) -> Option<Summary> {
    todo!("sort a copy, then read off min, median (p50), p99, max, and count the outliers")
}
// ANCHOR_END: starter
