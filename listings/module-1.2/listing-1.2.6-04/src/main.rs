//! Amdahl's law, measured. A job of identical units of CPU work is split in two parts: a serial
//! part that only one thread can do (the main thread, before the workers start) and a parallel
//! part shared out between the worker threads. Changing the serial fraction and the thread count
//! and timing each run shows how far the measured speed-up follows the law's prediction.
use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

/// Units of work in one job, and the work in each unit (about a third of a millisecond of
/// arithmetic on the book's machine).
const UNITS: u64 = 400;
const STEPS_PER_UNIT: u64 = 200_000;
const RUNS: usize = 5;
/// Empty scopes timed to measure what starting and joining the threads costs by itself.
const STARTS: usize = 201;

// ANCHOR: job
/// One unit of CPU-bound work that touches no memory: no cache or lock can make units on
/// different cores slow each other down, so only the serial fraction limits the speed-up.
fn unit(seed: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..STEPS_PER_UNIT {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// Runs the job: `serial_percent` of the units on this thread, then the rest split evenly
/// between `threads` scoped threads. Returns the wall-clock time.
fn run_job(serial_percent: u64, threads: u64) -> Duration {
    let serial_units = UNITS * serial_percent / 100;
    let parallel_units = UNITS - serial_units;
    let start = Instant::now();
    for i in 0..serial_units {
        black_box(unit(black_box(i)));
    }
    thread::scope(|scope| {
        for t in 0..threads {
            scope.spawn(move || {
                for i in share(t, threads, parallel_units) {
                    black_box(unit(black_box(serial_units + i)));
                }
            });
        }
    });
    start.elapsed()
}

/// The units thread `t` of `threads` does: t, t + threads, t + 2 * threads...: an even share.
fn share(t: u64, threads: u64, units: u64) -> impl Iterator<Item = u64> {
    (t..units).step_by(threads as usize)
}

/// Amdahl's law: with a serial fraction `s` of the one-thread time, `n` processors can at best
/// divide the rest by `n`, so the speed-up is 1 / (s + (1 - s) / n).
fn amdahl(serial_fraction: f64, processors: f64) -> f64 {
    1.0 / (serial_fraction + (1.0 - serial_fraction) / processors)
}
// ANCHOR_END: job

fn main() {
    println!("{UNITS} units of work, median of {RUNS} runs on 1 and on 2 threads");
    println!(
        "{:>7}  {:>9}  {:>9}  {:>9}  {:>9}  {:>11}",
        "serial", "1 thread", "2 threads", "speed-up", "Amdahl", "limit (1/s)"
    );
    for serial_percent in [0, 10, 25, 50, 100] {
        let one = median_time(serial_percent, 1);
        let two = median_time(serial_percent, 2);
        let s = serial_percent as f64 / 100.0;
        let limit = if serial_percent == 0 {
            "none".to_owned()
        } else {
            format!("{:.1}x", 1.0 / s)
        };
        println!(
            "{:>6}%  {:>6.1} ms  {:>6.1} ms  {:>8.2}x  {:>8.2}x  {:>11}",
            serial_percent,
            millis(one),
            millis(two),
            one.as_secs_f64() / two.as_secs_f64(),
            amdahl(s, 2.0),
            limit,
        );
    }
    println!(
        "starting and joining 2 threads, with no work: {:.1} µs (median of {STARTS})",
        start_cost(2).as_secs_f64() * 1e6
    );
}

/// What `run_job` pays for its threads alone: a scope that starts `threads` threads with
/// nothing to do and joins them.
fn start_cost(threads: u64) -> Duration {
    let mut times: Vec<Duration> = (0..STARTS)
        .map(|_| {
            let start = Instant::now();
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {});
                }
            });
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[STARTS / 2]
}

fn median_time(serial_percent: u64, threads: u64) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| run_job(serial_percent, threads))
        .collect();
    times.sort_unstable();
    times[RUNS / 2]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_matches_the_textbook_cases() {
        assert_eq!(amdahl(0.0, 2.0), 2.0); // all parallel: n times faster
        assert_eq!(amdahl(1.0, 2.0), 1.0); // all serial: no gain
        assert!((amdahl(0.25, 2.0) - 1.6).abs() < 1e-12);
        assert!(
            (amdahl(0.1, 1e12) - 10.0).abs() < 1e-6,
            "the limit is 1 / s"
        );
    }

    #[test]
    fn every_unit_runs_exactly_once() {
        // The parallel split must neither skip nor repeat a unit, whatever the thread count.
        for threads in 1..=4 {
            for units in [0, 1, 7, 400] {
                let mut seen: Vec<u64> = (0..threads)
                    .flat_map(|t| share(t, threads, units))
                    .collect();
                seen.sort_unstable();
                assert_eq!(seen, (0..units).collect::<Vec<_>>());
                let biggest = (0..threads).map(|t| share(t, threads, units).count()).max();
                assert!(
                    biggest <= Some(units.div_ceil(threads) as usize),
                    "uneven share"
                );
            }
        }
    }
}
