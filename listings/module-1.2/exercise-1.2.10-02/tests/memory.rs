//! What "O(K) memory" means for Exercise 1.2.10-2, measured: the most heap memory that
//! `top_k_streaming` holds at any moment while it reads a stream far longer than K.
//!
//! A counting allocator wraps the system's for this test binary. Each file under `tests/` is a
//! binary of its own, with its own global allocator, so the tests of `top_k.rs` are not counted.
//! The test below is alone in this file for the other reason: the tests of one binary run on
//! parallel threads, and the allocations of any other test here would be counted with its own.

use exercise_1_2_10_02::top_k_streaming;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes allocated and not yet freed, and the highest value that reached since the last reset.
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

fn allocated(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call goes to `System` with the caller's arguments; the counters are the only
// addition, and they allocate nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            allocated(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            // New block first, then the old one freed: a realloc that moves has both blocks
            // live for a moment, and the peak must count that moment.
            allocated(new_size);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak heap memory of `top_k_streaming` over `n` pairs, above what was live before, and its
/// answer. Each pair's key is made only when the stream is read, so at most one pair exists at a
/// time unless the function keeps them.
fn peak_bytes(n: u64, k: usize) -> (usize, Vec<(String, u64)>) {
    let stream = (0..n).map(|i| {
        (
            format!("/path/{i:08}"),
            i.wrapping_mul(2_654_435_761) % 1_000,
        )
    });
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let top = top_k_streaming(stream, k);
    (PEAK.load(Relaxed) - before, top)
}

#[test]
fn memory_grows_with_k_not_with_the_stream() {
    const PAIRS: u64 = 200_000;
    // Keeping all 200,000 pairs takes 11,200,000 bytes (measured with this allocator: 32 bytes
    // a pair in a `Vec`, plus 24 for each key, the capacity `format!` reserves for these 14
    // bytes), some 1,700 times the budget for K = 10. A heap of K pairs and the answer
    // need well under 256 bytes per kept pair, plus a little for the pair being compared.
    for k in [1, 10, 1_000] {
        let (peak, top) = peak_bytes(PAIRS, k);
        let budget = 4096 + 256 * k;
        assert!(
            peak <= budget,
            "K = {k}: held {peak} bytes at the peak, more than the {budget} that O(K) allows \
             (are all {PAIRS} pairs being kept?)"
        );
        assert_eq!(top.len(), k);
        assert!(top.windows(2).all(|pair| pair[0].1 >= pair[1].1), "K = {k}");
    }
}
