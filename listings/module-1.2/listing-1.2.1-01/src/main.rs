//! Walks arrays of growing size in two orders and prints the average time per access.
//!
//! Both walks do the same work: follow `next[i]` from slot to slot until every slot has been
//! visited. Only the order differs. In the sequential walk `next[i] == i + 1`, so the hardware
//! prefetcher sees the pattern and memory arrives before it is needed. In the random walk the
//! slots form one big cycle in shuffled order, so every load depends on the previous one and
//! lands somewhere the prefetcher cannot guess: each access pays the latency of whichever level
//! of the memory hierarchy the array fits in. The last column repeats the random walk in memory
//! mapped with 2 MiB pages instead of 4 KiB ones, which shows what larger pages save: mostly
//! address translation (TLB misses and page walks), though the page size also changes how the
//! array's physical addresses spread over the cache sets.
mod pages;

use pages::{PageBuffer, PageSize};
use std::hint::black_box;
use std::io;
use std::time::Instant;

// ANCHOR: main
/// Accesses per timed walk: enough to swamp timer overhead, few enough to finish quickly.
const ACCESSES: usize = 2_000_000;
/// Timed walks per measurement; the median is reported, so one disturbed walk cannot move it.
const RUNS: usize = 5;

fn main() -> io::Result<()> {
    println!(
        "{:>10}  {:>14}  {:>14}  {:>16}",
        "array", "sequential", "random", "random, 2M pages"
    );
    for shift in 14..=26 {
        let bytes = 1usize << shift; // 16 KiB .. 64 MiB
        let slots = bytes / size_of::<usize>();
        let seed = 0x5eed_0000 + shift as u64;
        let mut sequential = PageBuffer::zeroed(slots, PageSize::Small)?;
        sequential_cycle(&mut sequential);
        let mut random = PageBuffer::zeroed(slots, PageSize::Small)?;
        random_cycle(&mut random, seed);
        // The same cycle, in memory backed by 2 MiB pages: only the page size differs.
        let mut huge = PageBuffer::zeroed(slots, PageSize::Huge)?;
        random_cycle(&mut huge, seed);
        println!(
            "{:>10}  {:>11.1} ns  {:>11.1} ns  {:>13.1} ns",
            human(bytes),
            ns_per_access(&sequential),
            ns_per_access(&random),
            ns_per_access(&huge),
        );
        if huge.huge_page_bytes()? < bytes {
            println!(
                "  (the kernel gave this buffer 4 KiB pages: THP is off or memory is fragmented)"
            );
        }
    }
    Ok(())
}

/// Follows the chain for `ACCESSES` steps, `RUNS` times, and returns the median time per step.
fn ns_per_access(next: &[usize]) -> f64 {
    let mut slot = 0;
    // One untimed lap warms the caches and the TLB, as a benchmark harness would.
    for _ in 0..next.len() {
        slot = next[slot];
    }
    let mut samples: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..ACCESSES {
                slot = next[slot];
            }
            start.elapsed().as_nanos() as f64 / ACCESSES as f64
        })
        .collect();
    // Without black_box the compiler could notice that `slot` is never used and delete the loop.
    black_box(slot);
    samples.sort_by(f64::total_cmp);
    samples[RUNS / 2]
}
// ANCHOR_END: main

/// `next[i] = i + 1`, wrapping at the end: the friendliest possible order.
fn sequential_cycle(next: &mut [usize]) {
    let slots = next.len();
    for (i, slot) in next.iter_mut().enumerate() {
        *slot = (i + 1) % slots;
    }
}

// ANCHOR: random_cycle
/// One cycle through all slots in random order (Sattolo's algorithm), so the walk visits every
/// slot once per lap and never gets stuck in a short loop that would stay in cache.
fn random_cycle(next: &mut [usize], seed: u64) {
    let slots = next.len();
    let mut order: Vec<usize> = (0..slots).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..slots).rev() {
        let j = (rng.next() % i as u64) as usize; // j < i: that is what makes it a single cycle
        order.swap(i, j);
    }
    for pair in order.windows(2) {
        next[pair[0]] = pair[1];
    }
    next[order[slots - 1]] = order[0];
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
            let mut next = vec![0; slots];
            sequential_cycle(&mut next);
            assert!(visits_every_slot_once(&next));
            random_cycle(&mut next, 7);
            assert!(visits_every_slot_once(&next));
        }
    }

    #[test]
    fn sizes_are_printed_readably() {
        assert_eq!(human(16 * 1024), "16 KiB");
        assert_eq!(human(64 << 20), "64 MiB");
    }
}
