//! Part 1 builds a naive binary search tree from 10,000 keys, in sorted and in shuffled order,
//! and reports its depth and timings. Part 2 compares lookups on a million shuffled keys in
//! that tree, in std's BTreeMap, and in a sorted Vec searched by bisection.
mod bst;

use bst::Bst;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

// ANCHOR: shape
fn main() {
    println!("Part 1: the same 10,000 keys, inserted in two orders");
    // Lookups probe in an order of their own: probing in insertion order would visit the
    // nodes in the order they were allocated, which favours the tree.
    let probes = shuffled_keys(10_000, PROBE_SEED);
    for (order, keys) in [
        ("sorted", sorted_keys(10_000)),
        ("shuffled", shuffled_keys(10_000, INSERT_SEED)),
    ] {
        let (tree, build) = timed(|| {
            let mut tree = Bst::new();
            for &key in &keys {
                tree.insert(key);
            }
            tree
        });
        let (found, lookups) = timed(|| probes.iter().filter(|&&k| tree.contains(k)).count());
        assert_eq!((found, tree.len()), (keys.len(), keys.len()));
        println!(
            "  {order:<8}  depth {:>6}   build {:>9.2} ms   10,000 lookups {:>9.2} ms",
            tree.depth(),
            millis(build),
            millis(lookups),
        );
    }
    // ANCHOR_END: shape

    // ANCHOR: lookups
    println!("Part 2: 1,000,000 lookups of shuffled keys in 1,000,000 entries");
    let keys = shuffled_keys(1_000_000, INSERT_SEED);
    let probes = shuffled_keys(1_000_000, PROBE_SEED); // another seed: another order
    let mut tree = Bst::new();
    let mut btree = BTreeMap::new();
    for &key in &keys {
        tree.insert(key);
        btree.insert(key, ());
    }
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    println!("  naive BST depth: {}", tree.depth());
    let bst_time = lookup_time(&probes, |k| tree.contains(k));
    let btree_time = lookup_time(&probes, |k| btree.contains_key(&k));
    let vec_time = lookup_time(&probes, |k| sorted.binary_search(&k).is_ok());
    println!(
        "  naive BST          {:>7.1} ns per lookup",
        nanos_each(bst_time, &probes)
    );
    println!(
        "  BTreeMap           {:>7.1} ns per lookup",
        nanos_each(btree_time, &probes)
    );
    println!(
        "  sorted Vec search  {:>7.1} ns per lookup",
        nanos_each(vec_time, &probes)
    );
}

fn lookup_time(probes: &[u64], contains: impl Fn(u64) -> bool) -> Duration {
    let start = Instant::now();
    let found = probes.iter().filter(|&&k| contains(black_box(k))).count();
    let elapsed = start.elapsed();
    assert_eq!(found, probes.len());
    elapsed
}
// ANCHOR_END: lookups

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn nanos_each(duration: Duration, probes: &[u64]) -> f64 {
    duration.as_nanos() as f64 / probes.len() as f64
}

fn sorted_keys(count: u64) -> Vec<u64> {
    (0..count).collect()
}

/// Seeds of the two shuffles: one order to insert the keys in, another to look them up in.
const INSERT_SEED: u64 = 0x1257;
const PROBE_SEED: u64 = 0x9e0b;

/// 0..count in a shuffled order fixed by `seed`, so every run builds the same trees.
fn shuffled_keys(count: u64, seed: u64) -> Vec<u64> {
    let mut keys = sorted_keys(count);
    let mut state = seed;
    for i in (1..keys.len()).rev() {
        // SplitMix64, a small seeded generator.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        keys.swap(i, (z % (i as u64 + 1)) as usize);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_order_differs_from_the_insertion_order() {
        let inserted = shuffled_keys(1000, INSERT_SEED);
        let probed = shuffled_keys(1000, PROBE_SEED);
        let mut same = probed.clone();
        same.sort_unstable();
        assert_eq!(same, sorted_keys(1000), "a shuffle is a permutation");
        let in_place = inserted.iter().zip(&probed).filter(|(a, b)| a == b).count();
        assert!(
            in_place < 10,
            "{in_place} of 1000 keys at the same position in both orders"
        );
    }
}
