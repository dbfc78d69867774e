//! Five sorting algorithms, written to be read. Each takes a comparison function, as
//! `slice::sort_by` does, except radix sort, which never compares.
use std::cmp::Ordering;

// ANCHOR: insertion
/// Stable, in place, O(n^2) worst case, O(n) on sorted input. Unbeatable below ~20 elements,
/// which is why real sorts finish small ranges with it.
pub fn insertion_sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    for i in 1..v.len() {
        let mut j = i;
        // `Greater`, not `!= Less`: an equal element stops the walk, which keeps the sort stable.
        while j > 0 && compare(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}
// ANCHOR_END: insertion

// ANCHOR: merge
/// Stable, O(n log n) always, with one scratch buffer of n elements allocated once.
pub fn merge_sort_by<T: Clone, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    let mut scratch = v.to_vec();
    merge_sort_into(v, &mut scratch, &mut compare);
}

fn merge_sort_into<T: Clone, F: FnMut(&T, &T) -> Ordering>(
    v: &mut [T],
    scratch: &mut [T],
    compare: &mut F,
) {
    if v.len() <= 16 {
        insertion_sort_by(v, &mut *compare);
        return;
    }
    let mid = v.len() / 2;
    merge_sort_into(&mut v[..mid], &mut scratch[..mid], compare);
    merge_sort_into(&mut v[mid..], &mut scratch[mid..], compare);
    if compare(&v[mid - 1], &v[mid]) != Ordering::Greater {
        return; // already in order: sorted input costs O(n)
    }
    let (mut left, mut right) = (0, mid);
    for slot in scratch[..v.len()].iter_mut() {
        // Take from the left half on a tie: that is the whole of stability.
        let take_left =
            right == v.len() || (left < mid && compare(&v[right], &v[left]) != Ordering::Less);
        if take_left {
            *slot = v[left].clone();
            left += 1;
        } else {
            *slot = v[right].clone();
            right += 1;
        }
    }
    v.clone_from_slice(&scratch[..v.len()]);
}
// ANCHOR_END: merge

// ANCHOR: quick
/// Unstable, in place, O(n log n) expected. The pivot is the median of the first, middle and
/// last elements, so sorted and reversed input are not the O(n^2) worst case; Hoare's
/// partition splits runs of equal keys evenly, so few-unique input is not either. Recursing
/// into the smaller side and looping on the larger keeps the stack at O(log n).
pub fn quick_sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    quick_sort_inner(v, &mut compare);
}

fn quick_sort_inner<T, F: FnMut(&T, &T) -> Ordering>(mut v: &mut [T], compare: &mut F) {
    while v.len() > 16 {
        let pivot = partition(v, compare);
        let (left, rest) = v.split_at_mut(pivot);
        let right = &mut rest[1..]; // the pivot itself is in its final place
        if left.len() < right.len() {
            quick_sort_inner(left, compare);
            v = right;
        } else {
            quick_sort_inner(right, compare);
            v = left;
        }
    }
    insertion_sort_by(v, compare);
}

/// Partitions around a median-of-three pivot and returns the pivot's final index `p`:
/// nothing in `v[..p]` is greater than it, nothing in `v[p + 1..]` is less.
fn partition<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], compare: &mut F) -> usize {
    let (mid, last) = (v.len() / 2, v.len() - 1);
    if compare(&v[mid], &v[0]) == Ordering::Less {
        v.swap(mid, 0);
    }
    if compare(&v[last], &v[0]) == Ordering::Less {
        v.swap(last, 0);
    }
    if compare(&v[last], &v[mid]) == Ordering::Less {
        v.swap(last, mid);
    }
    v.swap(0, mid); // the median of the three is now the pivot, at index 0
    let (mut i, mut j) = (0, v.len());
    loop {
        // Both scans stop on elements *equal* to the pivot, so runs of equal keys are
        // split down the middle instead of all landing on one side.
        i += 1;
        while i < v.len() && compare(&v[i], &v[0]) == Ordering::Less {
            i += 1;
        }
        j -= 1;
        while compare(&v[j], &v[0]) == Ordering::Greater {
            j -= 1;
        }
        if i >= j {
            break;
        }
        v.swap(i, j);
    }
    v.swap(0, j);
    j
}
// ANCHOR_END: quick

// ANCHOR: heap
/// Unstable, in place, O(n log n) worst case: build a max-heap in the slice, then repeatedly
/// swap the maximum to the end and restore the heap on what is left.
pub fn heap_sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    for start in (0..v.len() / 2).rev() {
        sift_down(v, start, &mut compare);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift_down(&mut v[..end], 0, &mut compare);
    }
}

fn sift_down<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut node: usize, compare: &mut F) {
    loop {
        let mut child = 2 * node + 1;
        if child >= v.len() {
            return;
        }
        if child + 1 < v.len() && compare(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&v[node], &v[child]) != Ordering::Less {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}
// ANCHOR_END: heap

// ANCHOR: radix
/// LSD radix sort on the key `key(x)`: one stable counting pass per byte, least significant
/// byte first. Each pass keeps the order of the previous one among equal bytes, so after the
/// last pass the elements are ordered by the whole key. O(n * key bytes), no comparisons;
/// stable; needs a second buffer of n elements.
pub fn radix_sort_by_key<T: Copy, K: Into<u64> + Copy>(v: &mut [T], key: impl Fn(&T) -> K) {
    let key_bytes = size_of::<K>();
    let mut from = v.to_vec();
    let mut to = v.to_vec();
    for byte in 0..key_bytes {
        let shift = 8 * byte;
        let digit = |x: &T| ((key(x).into() >> shift) & 0xff) as usize;
        let mut counts = [0usize; 256];
        for x in &from {
            counts[digit(x)] += 1;
        }
        if counts.contains(&from.len()) {
            continue; // every key has the same byte here: the pass would change nothing
        }
        // Prefix sums: where each digit's elements start in the output.
        let mut next = [0usize; 256];
        for d in 1..256 {
            next[d] = next[d - 1] + counts[d - 1];
        }
        for x in &from {
            let d = digit(x);
            to[next[d]] = *x;
            next[d] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    v.copy_from_slice(&from);
}

pub fn radix_sort_u32(v: &mut [u32]) {
    radix_sort_by_key(v, |&x| x);
}

pub fn radix_sort_u64(v: &mut [u64]) {
    radix_sort_by_key(v, |&x| x);
}
// ANCHOR_END: radix

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Sort = fn(&mut [(u8, u32)], fn(&(u8, u32), &(u8, u32)) -> Ordering);

    fn by_key(a: &(u8, u32), b: &(u8, u32)) -> Ordering {
        a.0.cmp(&b.0)
    }

    const STABLE: [(&str, Sort); 2] = [
        ("insertion", |v, c| insertion_sort_by(v, c)),
        ("merge", |v, c| merge_sort_by(v, c)),
    ];
    const UNSTABLE: [(&str, Sort); 2] = [
        ("quick", |v, c| quick_sort_by(v, c)),
        ("heap", |v, c| heap_sort_by(v, c)),
    ];

    // ANCHOR: proptests
    /// Pairs (key, original position): few distinct keys, so there are many ties.
    fn records() -> impl Strategy<Value = Vec<(u8, u32)>> {
        prop::collection::vec(0u8..8, 0..300)
            .prop_map(|keys| keys.into_iter().zip(0u32..).collect())
    }

    proptest! {
        #[test]
        fn stable_sorts_match_std_sort_exactly(v in records()) {
            let mut expected = v.clone();
            expected.sort_by(by_key); // std's sort is stable
            for (name, sort) in STABLE {
                let mut got = v.clone();
                sort(&mut got, by_key);
                // Equal keys must keep their input order: compare whole records.
                prop_assert_eq!(&got, &expected, "{} is not stable", name);
            }
        }

        #[test]
        fn unstable_sorts_order_keys_and_keep_every_record(v in records()) {
            let mut expected = v.clone();
            expected.sort();
            for (name, sort) in UNSTABLE {
                let mut got = v.clone();
                sort(&mut got, by_key);
                prop_assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "{} misorders", name);
                got.sort(); // same multiset of records: nothing lost, nothing duplicated
                prop_assert_eq!(&got, &expected, "{} lost records", name);
            }
        }

        #[test]
        fn radix_matches_std(mut v32 in prop::collection::vec(any::<u32>(), 0..500),
                             mut v64 in prop::collection::vec(any::<u64>(), 0..500)) {
            let (mut e32, mut e64) = (v32.clone(), v64.clone());
            e32.sort_unstable();
            e64.sort_unstable();
            radix_sort_u32(&mut v32);
            radix_sort_u64(&mut v64);
            prop_assert_eq!(v32, e32);
            prop_assert_eq!(v64, e64);
        }

        #[test]
        fn radix_by_key_is_stable(v in records()) {
            let mut expected = v.clone();
            expected.sort_by(by_key);
            let mut got = v.clone();
            radix_sort_by_key(&mut got, |r| r.0);
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn quick_sort_handles_any_u64_input(mut v in prop::collection::vec(any::<u64>(), 0..2000)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            quick_sort_by(&mut v, u64::cmp);
            prop_assert_eq!(v, expected);
        }
    }
    // ANCHOR_END: proptests

    #[test]
    fn adversarial_shapes_are_sorted() {
        let n = 10_000u32;
        let shapes: [Vec<u32>; 4] = [
            (0..n).collect(),
            (0..n).rev().collect(),
            (0..n).map(|i| i % 3).collect(),
            vec![7; n as usize],
        ];
        for shape in shapes {
            let mut expected = shape.clone();
            expected.sort();
            let mut q = shape.clone();
            quick_sort_by(&mut q, u32::cmp);
            assert_eq!(q, expected);
            let mut h = shape.clone();
            heap_sort_by(&mut h, u32::cmp);
            assert_eq!(h, expected);
            let mut m = shape.clone();
            merge_sort_by(&mut m, u32::cmp);
            assert_eq!(m, expected);
        }
    }
}
