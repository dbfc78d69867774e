//! Listing 1.2.7-4: two threads each increment their own counter. Nothing is shared, except,
//! when the counters sit next to each other, the 64-byte cache line that holds them both.
use crossbeam_utils::CachePadded;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const INCREMENTS: u64 = 20_000_000;
const RUNS: usize = 5;

// ANCHOR: layouts
/// Two counters in 16 bytes: almost always in the same cache line.
#[derive(Default)]
struct Adjacent {
    a: AtomicU64,
    b: AtomicU64,
}

/// Each counter aligned to, and so alone in, its own 64-byte line.
#[derive(Default)]
#[repr(align(64))]
struct Line(AtomicU64);

#[derive(Default)]
struct Aligned {
    a: Line,
    b: Line,
}

/// crossbeam's `CachePadded` does the same, with the right size for each CPU family
/// (128 bytes on x86-64, where the prefetcher fetches lines in pairs).
#[derive(Default)]
struct Padded {
    a: CachePadded<AtomicU64>,
    b: CachePadded<AtomicU64>,
}
// ANCHOR_END: layouts

/// Each thread bumps only its own counter. `Relaxed` is enough: no other data hangs on them.
fn two_threads(a: &AtomicU64, b: &AtomicU64) -> Duration {
    let started = Instant::now();
    thread::scope(|scope| {
        for counter in [a, b] {
            scope.spawn(move || {
                for _ in 0..INCREMENTS {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    started.elapsed()
}

/// The median of `RUNS` measurements, and their sum.
fn median(mut measure: impl FnMut() -> Duration) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| measure()).collect();
    let total = times.iter().sum();
    times.sort_unstable();
    (times[RUNS / 2], total)
}

fn main() {
    println!("two threads, {INCREMENTS} increments each, median of {RUNS} runs");
    println!(
        "  {:<44} {:>10}",
        "layout (distance between the counters)", "time"
    );
    let adjacent = Adjacent::default();
    let aligned = Aligned::default();
    let padded = Padded::default();
    let distance =
        |a: &AtomicU64, b: &AtomicU64| (b as *const _ as usize) - (a as *const _ as usize);
    let cases: [(&str, &AtomicU64, &AtomicU64); 3] = [
        ("adjacent fields", &adjacent.a, &adjacent.b),
        ("#[repr(align(64))]", &aligned.a.0, &aligned.b.0),
        ("CachePadded", &padded.a, &padded.b),
    ];
    let mut baseline = None;
    for (name, a, b) in cases {
        let cpu_before = cpu_time();
        let (time, wall) = median(|| two_threads(a, b));
        let cores = (cpu_time() - cpu_before).as_secs_f64() / wall.as_secs_f64();
        let base = *baseline.get_or_insert(time);
        let label = format!("{name} ({} bytes)", distance(a, b));
        println!(
            "  {label:<40} {:>7.1} ms  ({:.1}x adjacent, {cores:.1}x cores used)",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() / base.as_secs_f64()
        );
    }
}

/// CPU time (user + system) this process has used so far, on all its threads. Compared with the
/// wall-clock time it shows how many cores the threads really got: 2.0x means two full cores.
fn cpu_time() -> Duration {
    // SAFETY: `getrusage` only writes into the struct we pass, which is fully initialised.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_counters_sit_on_different_lines() {
        let aligned = Aligned::default();
        let padded = Padded::default();
        let line = |counter: &AtomicU64| counter as *const _ as usize / 64;
        assert_ne!(line(&aligned.a.0), line(&aligned.b.0));
        assert_ne!(line(&padded.a), line(&padded.b));
        assert_eq!(std::mem::align_of::<Line>(), 64);
    }

    #[test]
    fn both_counters_reach_the_total() {
        let adjacent = Adjacent::default();
        two_threads(&adjacent.a, &adjacent.b);
        assert_eq!(adjacent.a.load(Ordering::Relaxed), INCREMENTS);
        assert_eq!(adjacent.b.load(Ordering::Relaxed), INCREMENTS);
    }
}
