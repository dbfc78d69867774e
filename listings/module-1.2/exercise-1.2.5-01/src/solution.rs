use std::cmp::Ordering;

// ANCHOR: solution
pub fn merge_sort_by<T: Clone, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut compare: F) {
    let mut scratch = v.to_vec(); // the only allocation
    sort(v, &mut scratch, &mut compare);
}

/// `scratch` has the same length as `v`; each level of recursion uses the matching part.
fn sort<T: Clone, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], scratch: &mut [T], compare: &mut F) {
    if v.len() < 2 {
        return;
    }
    let mid = v.len() / 2;
    sort(&mut v[..mid], &mut scratch[..mid], compare);
    sort(&mut v[mid..], &mut scratch[mid..], compare);
    let (mut left, mut right) = (0, mid);
    for slot in scratch.iter_mut() {
        // Take the right element only if it is strictly smaller: on a tie the left one,
        // which came first in the input, goes first.
        let take_right =
            left == mid || (right < v.len() && compare(&v[right], &v[left]) == Ordering::Less);
        if take_right {
            *slot = v[right].clone();
            right += 1;
        } else {
            *slot = v[left].clone();
            left += 1;
        }
    }
    v.clone_from_slice(scratch);
}
// ANCHOR_END: solution
