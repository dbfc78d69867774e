// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.5-1`.
#![allow(unused_variables, unused_imports)]

use std::cmp::Ordering;

// ANCHOR: starter
/// Sorts `v` by `compare`, stably: elements that compare equal keep their input order.
///
/// - Allocate one scratch buffer of `v.len()` elements up front (`v.to_vec()` is fine) and
///   reuse it for every merge; do not allocate inside the recursion.
/// - Use O(n log n) comparisons: the tests count them and allow 2 * n * log2(n) (room for an
///   insertion sort on short ranges), so a sort that makes O(n^2) comparisons fails.
/// - Stability comes from one decision in the merge: which side wins a tie?
pub fn merge_sort_by<T: Clone, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], compare: F) {
    todo!("split, sort both halves, merge through the scratch buffer")
}
// ANCHOR_END: starter
