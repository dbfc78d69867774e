//! Times each sort on four input shapes and prints the median of several runs.
//! Run it in release mode: `cargo run -q --release --bin bench`.
use listing_1_2_5_01::{
    heap_sort_by, insertion_sort_by, merge_sort_by, quick_sort_by, radix_sort_u64,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, so every run sorts the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

// ANCHOR: shapes
fn shapes(n: usize) -> Vec<(&'static str, Vec<u64>)> {
    let mut rng = Rng(0x5eed);
    let random: Vec<u64> = (0..n).map(|_| rng.next()).collect();
    let mut sorted = random.clone();
    sorted.sort_unstable();
    let reversed: Vec<u64> = sorted.iter().rev().copied().collect();
    let few_unique: Vec<u64> = random.iter().map(|x| x % 16).collect();
    vec![
        ("random", random),
        ("sorted", sorted),
        ("reversed", reversed),
        ("few-unique", few_unique),
    ]
}
// ANCHOR_END: shapes

type Sorter = fn(&mut [u64]);

const SORTERS: [(&str, Sorter); 7] = [
    ("merge", |v| merge_sort_by(v, u64::cmp)),
    ("quick", |v| quick_sort_by(v, u64::cmp)),
    ("heap", |v| heap_sort_by(v, u64::cmp)),
    ("radix", radix_sort_u64),
    ("std sort", |v| v.sort()),
    ("std unstable", |v| v.sort_unstable()),
    ("insertion", |v| insertion_sort_by(v, u64::cmp)),
];

// ANCHOR: measure
/// Median of `runs` timings; each run sorts a fresh copy, and the copy is not timed.
fn median_time(input: &[u64], sort: Sorter, runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut v = input.to_vec();
            let start = Instant::now();
            sort(black_box(&mut v));
            let elapsed = start.elapsed();
            assert!(v.is_sorted(), "the sort under test is broken");
            elapsed
        })
        .collect();
    times.sort();
    times[runs / 2]
}
// ANCHOR_END: measure

fn fmt(d: Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.0} µs")
    } else {
        format!("{:.1} ms", micros / 1000.0)
    }
}

fn table(n: usize, runs: usize, sorters: &[(&str, Sorter)]) {
    let inputs = shapes(n);
    println!("n = {n} u64 keys, median of {runs} runs");
    print!("{:<13}", "");
    for (shape, _) in &inputs {
        print!("{shape:>12}");
    }
    println!();
    for &(name, sort) in sorters {
        print!("{name:<13}");
        for (_, input) in &inputs {
            print!("{:>12}", fmt(median_time(input, sort, runs)));
        }
        println!();
    }
    println!();
}

fn main() {
    // Insertion sort is quadratic: give it its own, small table.
    table(1_000_000, 5, &SORTERS[..6]);
    table(2_000, 11, &SORTERS);
}
