//! Times the same summing loop three ways and shows that two of the timings are lies.
use std::hint::black_box;
use std::time::{Duration, Instant};

const LEN: u64 = 1_000_000;
const REPEATS: u32 = 200;

// ANCHOR: main
fn main() {
    let values: Vec<u64> = (0..LEN).collect();

    // 1. The sum is computed and thrown away. Nothing observes it, so the optimiser may delete
    //    the loop, and then we time an empty block.
    let discarded = time_per_element(|| {
        let _sum: u64 = values.iter().sum();
    });

    // 2. The sum is used, but its input is a range the compiler can see: it replaces the loop
    //    with the formula n(n-1)/2, or even with the constant.
    let folded = time_per_element(|| {
        let sum: u64 = (0..LEN).sum();
        black_box(sum);
    });

    // 3. black_box hides the input from the optimiser and pretends to use the output, so the
    //    loop must really run, once per repeat.
    let honest = time_per_element(|| {
        let sum: u64 = black_box(&values).iter().sum();
        black_box(sum);
    });

    println!("result discarded:         {:.3} ns per element", discarded);
    println!("input known to compiler:  {:.3} ns per element", folded);
    println!("black_box in and out:     {:.3} ns per element", honest);
}

/// Runs `work` REPEATS times and returns the mean time per element summed.
fn time_per_element(mut work: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..REPEATS {
        work();
    }
    per_element(start.elapsed())
}
// ANCHOR_END: main

fn per_element(elapsed: Duration) -> f64 {
    elapsed.as_nanos() as f64 / (f64::from(REPEATS) * LEN as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_element_divides_by_all_the_work() {
        let total = Duration::from_nanos(u64::from(REPEATS) * LEN);
        assert!((per_element(total) - 1.0).abs() < 1e-9);
    }
}
