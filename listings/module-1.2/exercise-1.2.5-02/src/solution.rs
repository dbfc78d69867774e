use std::cmp::Reverse;
use std::collections::BinaryHeap;

// ANCHOR: solution
pub fn top_k<T: Ord>(items: impl IntoIterator<Item = T>, k: usize) -> Vec<T> {
    if k == 0 {
        return Vec::new();
    }
    // Reverse makes std's max-heap a min-heap: `peek` is the smallest of the k kept.
    let mut best: BinaryHeap<Reverse<T>> = BinaryHeap::with_capacity(k + 1);
    for item in items {
        if best.len() < k {
            best.push(Reverse(item));
        } else if best.peek().is_some_and(|Reverse(weakest)| item > *weakest) {
            best.pop(); // drop the weakest first, so the heap never holds more than k
            best.push(Reverse(item));
        }
        // else: `item` is no better than the k we have; it is dropped here.
    }
    // Ascending order of Reverse<T> is descending order of T.
    best.into_sorted_vec()
        .into_iter()
        .map(|Reverse(item)| item)
        .collect()
}
// ANCHOR_END: solution
