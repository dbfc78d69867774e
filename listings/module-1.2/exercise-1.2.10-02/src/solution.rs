use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

// ANCHOR: solution
/// A pair ordered by "how good": a higher count is better, and at equal counts the smaller key.
#[derive(PartialEq, Eq)]
struct Ranked(u64, String);

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0).then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub fn top_k_streaming<I>(pairs: I, k: usize) -> Vec<(String, u64)>
where
    I: IntoIterator<Item = (String, u64)>,
{
    if k == 0 {
        return Vec::new();
    }
    // `Reverse` turns std's max-heap into a min-heap: its top is the weakest of the k kept,
    // the one a better newcomer replaces. Each pair costs O(log k).
    let mut kept: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(k + 1);
    for (key, count) in pairs {
        let candidate = Ranked(count, key);
        if kept.len() < k {
            kept.push(Reverse(candidate));
        } else if let Some(mut weakest) = kept.peek_mut()
            && candidate > weakest.0
        {
            *weakest = Reverse(candidate); // sifts down when `weakest` is dropped
        }
    }
    // into_sorted_vec is ascending in Reverse order, that is best first.
    kept.into_sorted_vec()
        .into_iter()
        .map(|Reverse(Ranked(count, key))| (key, count))
        .collect()
}
// ANCHOR_END: solution
