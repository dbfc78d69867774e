//! Runs the same write-heavy job against one locked map and against striped maps.
use listing_1_2_7_03::StripedMap;
use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

const KEYS: u64 = 4096;
const RUNS: usize = 5;

/// What each key holds: how many updates it had, and some state an update computes.
#[derive(Clone, Default)]
struct Stats {
    count: u64,
    state: u64,
}

// ANCHOR: work
/// An update that takes `work` rounds of arithmetic while the stripe is locked, standing in
/// for real work under a lock (recording into a histogram, updating a small struct).
fn update(stats: &mut Stats, work: u64) {
    stats.count += 1;
    for round in 0..work {
        // `black_box` keeps the compiler from folding the loop into a formula.
        stats.state = black_box(stats.state.wrapping_mul(6_364_136_223_846_793_005) ^ round);
    }
}
// ANCHOR_END: work

fn run(map: &StripedMap<u64, Stats>, threads: u64, updates: u64, work: u64) -> Duration {
    let started = Instant::now();
    thread::scope(|scope| {
        for id in 0..threads {
            scope.spawn(move || {
                let mut rng = 0x2545_f491_4f6c_dd1d_u64 ^ (id + 1);
                for _ in 0..updates / threads {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    map.update(rng % KEYS, |stats| update(stats, work));
                }
            });
        }
    });
    started.elapsed()
}

fn main() {
    println!("updates of {KEYS} random keys, wall-clock time per update, median of {RUNS} runs");
    let mut usage = [(Duration::ZERO, Duration::ZERO); 3]; // (CPU, wall) per thread count
    let tables = [
        ("count += 1", 800_000, 0),
        ("about 50 ns of work", 200_000, 40),
    ];
    for (title, updates, work) in tables {
        println!(
            "{title:<20} {:>10} {:>10} {:>10}",
            "1 thread", "2 threads", "8 threads"
        );
        for stripes in [1, 4, 16, 64] {
            let name = match stripes {
                1 => "one lock".to_owned(),
                n => format!("{n} stripes"),
            };
            print!("  {name:<18}");
            for (column, threads) in [1, 2, 8].into_iter().enumerate() {
                let cpu_before = cpu_time();
                let mut times = Vec::with_capacity(RUNS);
                for _ in 0..RUNS {
                    let map = StripedMap::new(stripes);
                    times.push(run(&map, threads, updates, work));
                    let total: u64 = map.entries().iter().map(|(_, stats)| stats.count).sum();
                    assert_eq!(total, updates / threads * threads, "lost an update");
                }
                usage[column].0 += cpu_time() - cpu_before;
                usage[column].1 += times.iter().sum::<Duration>();
                times.sort_unstable();
                let per_update = times[RUNS / 2].as_secs_f64() * 1e9 / updates as f64;
                print!(" {per_update:>7.1} ns");
            }
            println!();
        }
    }
    print!("{:<20}", "cores used");
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
