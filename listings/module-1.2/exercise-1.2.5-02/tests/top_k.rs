//! What "done" means for Exercise 1.2.5-2.
use exercise_1_2_5_02::top_k;
use proptest::prelude::*;
use std::cell::Cell;

#[test]
fn slowest_requests_first() {
    let latencies_ms = [12, 250, 7, 31, 980, 45, 250, 3];
    assert_eq!(top_k(latencies_ms, 3), [980, 250, 250]);
}

#[test]
fn k_zero_and_k_beyond_the_stream() {
    assert_eq!(top_k([1, 2, 3], 0), Vec::<i32>::new());
    assert_eq!(top_k([2, 3, 1], 10), [3, 2, 1]);
    assert_eq!(top_k(Vec::<i32>::new(), 5), Vec::<i32>::new());
}

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

/// A value that counts how many of its kind exist at once.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Tracked(u64);

impl Tracked {
    fn new(value: u64) -> Self {
        LIVE.set(LIVE.get() + 1);
        PEAK.set(PEAK.get().max(LIVE.get()));
        Tracked(value)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        LIVE.set(LIVE.get() - 1);
    }
}

#[test]
fn memory_stays_bounded_by_k() {
    let stream =
        (0..200_000u64).map(|i| Tracked::new(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 1_000_003));
    let top = top_k(stream, 10);
    assert_eq!(top.len(), 10);
    assert!(top.windows(2).all(|w| w[0] >= w[1]));
    let peak = PEAK.get();
    assert!(
        peak <= 11,
        "{peak} items were alive at once; at most k + 1 = 11 allowed"
    );
}

proptest! {
    #[test]
    fn matches_sorting_everything(v in prop::collection::vec(any::<i16>(), 0..400), k in 0usize..50) {
        let mut expected = v.clone();
        expected.sort_unstable_by(|a, b| b.cmp(a));
        expected.truncate(k);
        prop_assert_eq!(top_k(v, k), expected);
    }
}
