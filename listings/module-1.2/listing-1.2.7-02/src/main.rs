//! Listing 1.2.7-2: four ways to count events from several threads into one number, timed.
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const INCREMENTS: u64 = 2_000_000;
const RUNS: usize = 5;

trait Counter: Sync {
    fn add_one(&self);
    fn get(&self) -> u64;
}

impl Counter for Mutex<u64> {
    fn add_one(&self) {
        *self.lock().unwrap_or_else(|poison| poison.into_inner()) += 1;
    }
    fn get(&self) -> u64 {
        *self.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// `fetch_add` with the given ordering. With `Relaxed` the increment is atomic and nothing else
/// is ordered by it; with `SeqCst` it is, on x86-64, the same `lock xadd` instruction.
struct FetchAdd {
    count: AtomicU64,
    order: Ordering,
}
impl FetchAdd {
    fn new(order: Ordering) -> FetchAdd {
        FetchAdd {
            count: AtomicU64::new(0),
            order,
        }
    }
}
impl Counter for FetchAdd {
    fn add_one(&self) {
        self.count.fetch_add(1, self.order);
    }
    fn get(&self) -> u64 {
        self.count.load(self.order)
    }
}

// ANCHOR: cas
/// Read, compute, and try to swap in the result; start again if another thread got there first.
/// The shape every lock-free update takes when there is no single instruction for it.
struct CasLoop(AtomicU64);
impl Counter for CasLoop {
    fn add_one(&self) {
        let mut current = self.0.load(Ordering::Relaxed);
        loop {
            match self.0.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(actual) => current = actual, // lost the race: retry with the new value
            }
        }
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}
// ANCHOR_END: cas

fn run(counter: &dyn Counter, threads: u64) -> Duration {
    let started = Instant::now();
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..INCREMENTS / threads {
                    counter.add_one();
                }
            });
        }
    });
    started.elapsed()
}

fn main() {
    println!("{INCREMENTS} increments, wall-clock time per increment, median of {RUNS} runs");
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "", "1 thread", "2 threads", "8 threads"
    );
    type MakeCounter = fn() -> Box<dyn Counter>;
    let counters: [(&str, MakeCounter); 4] = [
        ("Mutex<u64>", || Box::new(Mutex::new(0))),
        ("fetch_add Relaxed", || {
            Box::new(FetchAdd::new(Ordering::Relaxed))
        }),
        ("fetch_add SeqCst", || {
            Box::new(FetchAdd::new(Ordering::SeqCst))
        }),
        ("compare_exchange loop", || {
            Box::new(CasLoop(AtomicU64::new(0)))
        }),
    ];
    let mut usage = [(Duration::ZERO, Duration::ZERO); 3]; // (CPU, wall) per thread count
    for (name, make) in counters {
        print!("{name:<28}");
        for (column, threads) in [1, 2, 8].into_iter().enumerate() {
            let cpu_before = cpu_time();
            let mut times = Vec::with_capacity(RUNS);
            for _ in 0..RUNS {
                let counter = make();
                times.push(run(counter.as_ref(), threads));
                assert_eq!(
                    counter.get(),
                    INCREMENTS / threads * threads,
                    "lost an increment"
                );
            }
            usage[column].0 += cpu_time() - cpu_before;
            usage[column].1 += times.iter().sum::<Duration>();
            times.sort_unstable();
            print!(
                " {:>7.1} ns",
                times[RUNS / 2].as_secs_f64() * 1e9 / INCREMENTS as f64
            );
        }
        println!();
    }
    print!("{:<28}", "cores used (CPU / wall)");
    for (cpu, wall) in usage {
        print!(" {:>9.1}x", cpu.as_secs_f64() / wall.as_secs_f64());
    }
    println!();
    println!("every run counted every increment");
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
    fn no_counter_loses_increments() {
        let counters: [Box<dyn Counter>; 4] = [
            Box::new(Mutex::new(0)),
            Box::new(FetchAdd::new(Ordering::Relaxed)),
            Box::new(FetchAdd::new(Ordering::SeqCst)),
            Box::new(CasLoop(AtomicU64::new(0))),
        ];
        for counter in &counters {
            thread::scope(|scope| {
                for _ in 0..4 {
                    scope.spawn(|| (0..10_000).for_each(|_| counter.add_one()));
                }
            });
            assert_eq!(counter.get(), 40_000);
        }
    }
}
