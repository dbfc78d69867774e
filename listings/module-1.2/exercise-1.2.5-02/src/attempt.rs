// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.5-2`.
#![allow(unused_variables, unused_imports)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;

// ANCHOR: starter
/// Returns the `k` largest items of `items`, largest first (fewer if the stream is shorter).
///
/// The stream may be far too long to collect: never hold more than `k + 1` items at once. Keep
/// the best `k` seen so far in a *min*-heap, so that the weakest of them is on top, ready to be
/// compared with each new item and evicted.
pub fn top_k<T: Ord>(items: impl IntoIterator<Item = T>, k: usize) -> Vec<T> {
    todo!("a BinaryHeap of Reverse<T> that never grows past k")
}
// ANCHOR_END: starter
