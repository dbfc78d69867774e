//! Times the same checksum loop called with static dispatch (generics) and dynamic dispatch
//! (`&mut dyn Checksum`), for a method the compiler can vectorize and one it cannot.
//!
//! Run it with `--release`: a debug build measures the lack of optimization, not dispatch.

use std::hint::black_box;
use std::time::{Duration, Instant};

// ANCHOR: checksums
/// A tiny method, called once per byte: the worst case for dynamic dispatch.
trait Checksum {
    fn update(&mut self, byte: u8);
    fn value(&self) -> u64;
}

/// Adds the bytes. Inlined into a loop, the compiler turns this into SIMD additions.
struct Sum(u64);

impl Checksum for Sum {
    fn update(&mut self, byte: u8) {
        self.0 = self.0.wrapping_add(u64::from(byte));
    }
    fn value(&self) -> u64 {
        self.0
    }
}

/// FNV-1a: each step depends on the previous one, so it cannot be vectorized.
struct Fnv(u64);

impl Checksum for Fnv {
    fn update(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    fn value(&self) -> u64 {
        self.0
    }
}

#[inline(never)]
fn run_static<C: Checksum>(checksum: &mut C, data: &[u8]) -> u64 {
    for &byte in data {
        checksum.update(byte);
    }
    checksum.value()
}

#[inline(never)]
fn run_dyn(checksum: &mut dyn Checksum, data: &[u8]) -> u64 {
    for &byte in data {
        checksum.update(byte);
    }
    checksum.value()
}
// ANCHOR_END: checksums

/// The best of several runs: the least disturbed by other processes.
fn best_of(runs: usize, mut f: impl FnMut() -> u64) -> (Duration, u64) {
    let mut best = Duration::MAX;
    let mut result = 0;
    for _ in 0..runs {
        let start = Instant::now();
        result = black_box(f());
        best = best.min(start.elapsed());
    }
    (best, result)
}

fn ns_per_byte(elapsed: Duration, bytes: usize) -> f64 {
    elapsed.as_secs_f64() * 1e9 / bytes as f64
}

fn main() {
    const BYTES: usize = 16 * 1024 * 1024;
    const RUNS: usize = 5;
    // Deterministic pseudo-random data, so that every run checksums the same bytes.
    let data: Vec<u8> = (0..BYTES as u64)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let data = black_box(data.as_slice());

    println!("{BYTES} bytes, best of {RUNS} runs");
    let (sum_static, a) = best_of(RUNS, || run_static(&mut Sum(0), data));
    let (sum_dyn, b) = best_of(RUNS, || run_dyn(black_box(&mut Sum(0)), data));
    let (fnv_static, c) = best_of(RUNS, || run_static(&mut Fnv(0xcbf2_9ce4_8422_2325), data));
    let (fnv_dyn, d) = best_of(RUNS, || {
        run_dyn(black_box(&mut Fnv(0xcbf2_9ce4_8422_2325)), data)
    });
    assert_eq!(a, b, "both dispatches compute the same sum");
    assert_eq!(c, d, "both dispatches compute the same hash");

    for (name, fast, slow) in [("sum", sum_static, sum_dyn), ("fnv", fnv_static, fnv_dyn)] {
        println!(
            "{name}: static {:.2} ns per byte, dyn {:.2} ns per byte, dyn is {:.1}x slower",
            ns_per_byte(fast, BYTES),
            ns_per_byte(slow, BYTES),
            slow.as_secs_f64() / fast.as_secs_f64(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dispatches_agree() {
        let data = b"GET /products HTTP/1.1";
        assert_eq!(run_static(&mut Sum(0), data), run_dyn(&mut Sum(0), data));
        assert_eq!(
            run_static(&mut Fnv(0xcbf2_9ce4_8422_2325), data),
            run_dyn(&mut Fnv(0xcbf2_9ce4_8422_2325), data)
        );
    }

    #[test]
    fn fnv_of_a_known_input() {
        // FNV-1a 64 of "a" is a published test vector.
        assert_eq!(
            run_static(&mut Fnv(0xcbf2_9ce4_8422_2325), b"a"),
            0xaf63_dc4c_8601_ec8c
        );
    }
}
