//! Listing 1.2.7-1: N threads hammer one map behind a lock. Four locks (std and parking_lot,
//! Mutex and RwLock), three mixes of work, 1, 2 and 8 threads; the median of several runs.
//!
//! With two arguments, a lock's name and a thread count (`"std Mutex" 2`), it runs only the
//! first mix for that lock (the median of five runs, as in the table): short enough to run
//! under `strace` or `perf stat` and see the system calls each lock makes. `strace.sh`, beside
//! this crate's `Cargo.toml`, does that for both mutexes.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

const KEYS: u64 = 1024;
const RUNS: usize = 5;

// ANCHOR: trait
/// The two things a thread does to the shared map. A mutex serves both with one exclusive
/// lock; a read-write lock lets readers in together.
trait SharedMap: Sync {
    fn read(&self, key: u64, span: u64) -> u64;
    fn write(&self, key: u64);
}

/// A reader's work, the same under every lock: sum `span` consecutive keys, wrapping around.
fn sum_span(map: &HashMap<u64, u64>, key: u64, span: u64) -> u64 {
    (key..key + span)
        .map(|k| map.get(&(k % KEYS)).copied().unwrap_or(0))
        .sum()
}

impl SharedMap for Mutex<HashMap<u64, u64>> {
    fn read(&self, key: u64, span: u64) -> u64 {
        let map = self.lock().unwrap_or_else(|poison| poison.into_inner());
        sum_span(&map, key, span)
    }
    fn write(&self, key: u64) {
        let mut map = self.lock().unwrap_or_else(|poison| poison.into_inner());
        *map.entry(key).or_default() += 1;
    }
}

impl SharedMap for RwLock<HashMap<u64, u64>> {
    fn read(&self, key: u64, span: u64) -> u64 {
        let map = self.read().unwrap_or_else(|poison| poison.into_inner());
        sum_span(&map, key, span)
    }
    fn write(&self, key: u64) {
        let mut map = self.write().unwrap_or_else(|poison| poison.into_inner());
        *map.entry(key).or_default() += 1;
    }
}
// ANCHOR_END: trait

impl SharedMap for parking_lot::Mutex<HashMap<u64, u64>> {
    fn read(&self, key: u64, span: u64) -> u64 {
        let map = self.lock(); // no poisoning: no Result to unwrap
        sum_span(&map, key, span)
    }
    fn write(&self, key: u64) {
        *self.lock().entry(key).or_default() += 1;
    }
}

impl SharedMap for parking_lot::RwLock<HashMap<u64, u64>> {
    fn read(&self, key: u64, span: u64) -> u64 {
        let map = self.read();
        sum_span(&map, key, span)
    }
    fn write(&self, key: u64) {
        *self.write().entry(key).or_default() += 1;
    }
}

/// A mix of work: the percentage of operations that write, and how many keys a read sums
/// (the length of a reader's critical section), and how many operations to run in all.
#[derive(Clone, Copy)]
struct Mix {
    name: &'static str,
    write_percent: u64,
    read_span: u64,
    ops: u64,
}

// ANCHOR: hammer
/// Splits `mix.ops` operations over `threads` threads and returns the wall-clock time.
fn hammer(map: &dyn SharedMap, threads: u64, mix: Mix) -> Duration {
    let started = Instant::now();
    thread::scope(|scope| {
        for id in 0..threads {
            scope.spawn(move || {
                let mut rng = 0x9e37_79b9_7f4a_7c15_u64 ^ (id + 1);
                let mut checksum = 0;
                for _ in 0..mix.ops / threads {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    let key = rng % KEYS;
                    if rng % 100 < mix.write_percent {
                        map.write(key);
                    } else {
                        checksum += map.read(key, mix.read_span);
                    }
                }
                std::hint::black_box(checksum);
            });
        }
    });
    started.elapsed()
}
// ANCHOR_END: hammer

/// The median wall-clock time per operation, in ns, and the CPU and wall-clock time of all runs.
fn median_ns_per_op(map: &dyn SharedMap, threads: u64, mix: Mix) -> (f64, (Duration, Duration)) {
    let cpu_before = cpu_time();
    let mut times: Vec<Duration> = (0..RUNS).map(|_| hammer(map, threads, mix)).collect();
    let usage = (cpu_time() - cpu_before, times.iter().sum());
    times.sort_unstable();
    (times[RUNS / 2].as_secs_f64() * 1e9 / mix.ops as f64, usage)
}

fn filled() -> HashMap<u64, u64> {
    (0..KEYS).map(|k| (k, k)).collect()
}

fn main() {
    let mixes = [
        Mix {
            name: "95% reads of 1 key",
            write_percent: 5,
            read_span: 1,
            ops: 800_000,
        },
        Mix {
            name: "50% writes",
            write_percent: 50,
            read_span: 1,
            ops: 800_000,
        },
        Mix {
            name: "95% reads of 64 keys",
            write_percent: 5,
            read_span: 64,
            ops: 80_000,
        },
    ];
    let locks: [(&'static str, Box<dyn SharedMap>); 4] = [
        ("std Mutex", Box::new(Mutex::new(filled()))),
        ("std RwLock", Box::new(RwLock::new(filled()))),
        (
            "parking_lot Mutex",
            Box::new(parking_lot::Mutex::new(filled())),
        ),
        (
            "parking_lot RwLock",
            Box::new(parking_lot::RwLock::new(filled())),
        ),
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [name, threads] = args.as_slice() {
        let lock = locks.iter().find(|(lock, _)| lock == name);
        let (Some((name, map)), Ok(threads)) = (lock, threads.parse::<u64>()) else {
            let names: Vec<&str> = locks.iter().map(|(name, _)| *name).collect();
            eprintln!("usage: listing-1-2-7-01 [LOCK THREADS], LOCK one of {names:?}");
            std::process::exit(2);
        };
        let mix = mixes[0];
        let (ns, _) = median_ns_per_op(map.as_ref(), threads, mix);
        println!(
            "{name}, {}, {threads} threads: {ns:.1} ns per operation",
            mix.name
        );
        return;
    }
    println!("one {KEYS}-key map, wall-clock time per operation, median of {RUNS} runs");
    let mut usage = [(Duration::ZERO, Duration::ZERO); 3]; // (CPU, wall) per thread count
    for mix in mixes {
        println!(
            "{:<22} {:>11} {:>11} {:>11}",
            mix.name, "1 thread", "2 threads", "8 threads"
        );
        for (name, map) in &locks {
            print!("  {name:<20}");
            for (column, threads) in [1, 2, 8].into_iter().enumerate() {
                let (ns, (cpu, wall)) = median_ns_per_op(map.as_ref(), threads, mix);
                usage[column].0 += cpu;
                usage[column].1 += wall;
                print!(" {ns:>8.1} ns");
            }
            println!();
        }
    }
    print!("{:<24}", "cores used (CPU / wall)");
    for (cpu, wall) in usage {
        print!(" {:>9.1}x", cpu.as_secs_f64() / wall.as_secs_f64());
    }
    println!();
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
    fn every_lock_reads_what_was_written() {
        let maps: [Box<dyn SharedMap>; 4] = [
            Box::new(Mutex::new(filled())),
            Box::new(RwLock::new(filled())),
            Box::new(parking_lot::Mutex::new(filled())),
            Box::new(parking_lot::RwLock::new(filled())),
        ];
        for map in &maps {
            map.write(10);
            assert_eq!(map.read(10, 1), 11);
            assert_eq!(map.read(KEYS - 1, 2), KEYS - 1, "wraps around to key 0");
            let mix = Mix {
                name: "test",
                write_percent: 50,
                read_span: 2,
                ops: 1000,
            };
            hammer(map.as_ref(), 2, mix);
        }
    }
}
