//! The operations Listing 1.2.1-3 benchmarks, kept in the library so that tests can check them.
//!
//! Both containers do the same thing in the same Big-O: summing is O(n), and inserting into a
//! sorted sequence is a linear search followed by an insert. The list's insert is O(1) once the
//! position is found; the vector's insert shifts every later element. On paper the list should
//! win the insert. The benchmark says otherwise.
use std::collections::LinkedList;

pub fn sum_vec(values: &[u64]) -> u64 {
    values.iter().sum()
}

pub fn sum_list(values: &LinkedList<u64>) -> u64 {
    values.iter().sum()
}

// ANCHOR: insert
/// Inserts `value` into an ascending vector, keeping it sorted: linear search, then a shift.
pub fn insert_sorted_vec(values: &mut Vec<u64>, value: u64) {
    let position = values
        .iter()
        .position(|&v| v >= value)
        .unwrap_or(values.len());
    values.insert(position, value); // moves values[position..] one slot right (a memmove)
}

/// The same for a linked list: linear search, then an O(1) splice.
///
/// Stable Rust has no cursor API for `LinkedList`, so the splice is `split_off` (which walks to
/// the position again, from the nearer end), `push_back` and `append` (both O(1)).
pub fn insert_sorted_list(values: &mut LinkedList<u64>, value: u64) {
    let position = values
        .iter()
        .position(|&v| v >= value)
        .unwrap_or(values.len());
    let mut tail = values.split_off(position);
    values.push_back(value);
    values.append(&mut tail);
}
// ANCHOR_END: insert

/// Even numbers `0, 2, 4, ...`: inserting an odd number lands between two of them.
pub fn evens(len: u64) -> impl Iterator<Item = u64> {
    (0..len).map(|i| i * 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_agree() {
        let vec: Vec<u64> = evens(1000).collect();
        let list: LinkedList<u64> = evens(1000).collect();
        assert_eq!(sum_vec(&vec), sum_list(&list));
    }

    #[test]
    fn inserts_keep_both_sorted_and_equal() {
        let mut vec: Vec<u64> = evens(100).collect();
        let mut list: LinkedList<u64> = evens(100).collect();
        for value in [99, 0, 1, 1000, 57] {
            insert_sorted_vec(&mut vec, value);
            insert_sorted_list(&mut list, value);
        }
        assert!(vec.is_sorted());
        assert!(vec.iter().eq(list.iter()));
        assert_eq!(vec.len(), 105);
    }
}
