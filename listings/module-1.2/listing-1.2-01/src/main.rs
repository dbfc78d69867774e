//! Walks arrays of growing size in two orders and prints the average time per access.
//!
//! Both walks do the same work: follow `next[i]` from slot to slot until every slot has been
//! visited. Only the order differs. In the sequential walk `next[i] == i + 1`, so the hardware
//! prefetcher sees the pattern and memory arrives before it is needed. In the random walk the
//! slots form one big cycle in shuffled order, so every load depends on the previous one and
//! lands somewhere the prefetcher cannot guess: each access pays the latency of whichever level
//! of the memory hierarchy the array fits in.
use std::hint::black_box;
use std::time::Instant;

// ANCHOR: main
/// Accesses per measurement: enough to swamp timer overhead, few enough to finish quickly.
const ACCESSES: usize = 4_000_000;

fn main() {
    println!("{:>10}  {:>14}  {:>14}", "array", "sequential", "random");
    for shift in 14..=26 {
        let bytes = 1usize << shift; // 16 KiB .. 64 MiB
        let slots = bytes / size_of::<usize>();
        let sequential = sequential_cycle(slots);
        let random = random_cycle(slots, 0x5eed_0000 + shift as u64);
        println!(
            "{:>10}  {:>11.1} ns  {:>11.1} ns",
            human(bytes),
            ns_per_access(&sequential),
            ns_per_access(&random),
        );
    }
}

/// Follows the chain for `ACCESSES` steps and returns the mean time per step.
fn ns_per_access(next: &[usize]) -> f64 {
    let mut slot = 0;
    // One untimed pass warms the caches and the TLB, as a benchmark harness would.
    for _ in 0..next.len() {
        slot = next[slot];
    }
    let start = Instant::now();
    for _ in 0..ACCESSES {
        slot = next[slot];
    }
    let elapsed = start.elapsed();
    // Without black_box the compiler could notice that `slot` is never used and delete the loop.
    black_box(slot);
    elapsed.as_nanos() as f64 / ACCESSES as f64
}
// ANCHOR_END: main

/// `next[i] = i + 1`, wrapping at the end: the friendliest possible order.
fn sequential_cycle(slots: usize) -> Vec<usize> {
    (0..slots).map(|i| (i + 1) % slots).collect()
}

// ANCHOR: random_cycle
/// One cycle through all slots in random order (Sattolo's algorithm), so the walk visits every
/// slot once per lap and never gets stuck in a short loop that would stay in cache.
fn random_cycle(slots: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..slots).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..slots).rev() {
        let j = (rng.next() % i as u64) as usize; // j < i: that is what makes it a single cycle
        order.swap(i, j);
    }
    let mut next = vec![0; slots];
    for pair in order.windows(2) {
        next[pair[0]] = pair[1];
    }
    next[order[slots - 1]] = order[0];
    next
}
// ANCHOR_END: random_cycle

/// A tiny, seeded pseudo-random generator: deterministic runs, no dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn human(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walking `slots` steps from slot 0 must visit every slot exactly once.
    fn visits_every_slot_once(next: &[usize]) -> bool {
        let mut seen = vec![false; next.len()];
        let mut slot = 0;
        for _ in 0..next.len() {
            if seen[slot] {
                return false;
            }
            seen[slot] = true;
            slot = next[slot];
        }
        slot == 0 && seen.iter().all(|&s| s)
    }

    #[test]
    fn both_orders_are_single_cycles() {
        for slots in [2, 3, 10, 1000] {
            assert!(visits_every_slot_once(&sequential_cycle(slots)));
            assert!(visits_every_slot_once(&random_cycle(slots, 7)));
        }
    }

    #[test]
    fn sizes_are_printed_readably() {
        assert_eq!(human(16 * 1024), "16 KiB");
        assert_eq!(human(64 << 20), "64 MiB");
    }
}
