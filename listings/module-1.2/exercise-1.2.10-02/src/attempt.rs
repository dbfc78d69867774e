// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.10-2`.
#![allow(unused_variables, unused_imports)]

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

// ANCHOR: starter
/// The `k` pairs with the highest counts, highest first, ties broken by the key in ascending
/// order (as in dataproc's report). Never holds more than `k` pairs (plus one being compared):
/// the input may be far larger than memory.
pub fn top_k_streaming<I>(pairs: I, k: usize) -> Vec<(String, u64)>
where
    I: IntoIterator<Item = (String, u64)>,
{
    todo!("keep the k best seen so far in a min-heap whose top is the weakest of them")
}
// ANCHOR_END: starter
