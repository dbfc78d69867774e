//! Listing 1.2.6-3: the same job, counting the words of a text, done three ways by N threads:
//! one map behind a lock that every thread shares, one map per thread merged at the end, and
//! threads that send batches of words over a bounded channel to the single owner of the map.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

type Counts<'a> = HashMap<&'a str, u64>;

const WORDS: usize = 1_000_000;
const RUNS: usize = 5;

// ANCHOR: shared
fn count_shared_map<'a>(chunks: &[&'a str]) -> Counts<'a> {
    let counts = Arc::new(Mutex::new(Counts::new()));
    thread::scope(|scope| {
        for chunk in chunks {
            let counts = Arc::clone(&counts);
            scope.spawn(move || {
                for word in chunk.split_ascii_whitespace() {
                    // One lock per word: every thread queues here.
                    let mut counts = counts.lock().unwrap_or_else(|poison| poison.into_inner());
                    *counts.entry(word).or_default() += 1;
                }
            });
        }
    });
    let counts = Arc::into_inner(counts).expect("all threads have ended");
    counts
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner())
}
// ANCHOR_END: shared

// ANCHOR: merged
fn count_merged_maps<'a>(chunks: &[&'a str]) -> Counts<'a> {
    let partials: Vec<Counts<'a>> = thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut counts = Counts::new();
                    for word in chunk.split_ascii_whitespace() {
                        *counts.entry(word).or_default() += 1;
                    }
                    counts
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a counting thread panicked"))
            .collect()
    });
    let mut total = Counts::new();
    for partial in partials {
        for (word, n) in partial {
            *total.entry(word).or_default() += n;
        }
    }
    total
}
// ANCHOR_END: merged

// ANCHOR: channel
fn count_over_channel<'a>(chunks: &[&'a str]) -> Counts<'a> {
    const BATCH: usize = 1024;
    // Bounded: if the owner falls behind, senders wait instead of queueing without limit.
    let (sender, receiver) = mpsc::sync_channel::<Vec<&'a str>>(64);
    thread::scope(|scope| {
        for chunk in chunks {
            let sender = sender.clone();
            scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                for word in chunk.split_ascii_whitespace() {
                    batch.push(word);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if sender.send(full).is_err() {
                            return; // the owner has gone; nobody wants the rest
                        }
                    }
                }
                let _ = sender.send(batch);
            });
        }
        drop(sender); // the loop below ends when every sender is gone
        let mut counts = Counts::new();
        for batch in receiver {
            for word in batch {
                *counts.entry(word).or_default() += 1;
            }
        }
        counts
    })
}
// ANCHOR_END: channel

/// A deterministic text: WORDS words from a vocabulary of 20,000, a few of them very common,
/// as in real prose.
fn make_text() -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut text = String::with_capacity(WORDS * 8);
    for _ in 0..WORDS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let uniform = (state % 20_000) as f64 / 20_000.0;
        let rank = (uniform * uniform * uniform * 20_000.0) as u64; // skewed towards 0
        text.push_str(&format!("w{rank} "));
    }
    text
}

/// Splits `text` into `n` pieces of about equal size, each ending at a space.
fn split_chunks(text: &str, n: usize) -> Vec<&str> {
    let mut chunks = Vec::with_capacity(n);
    let mut rest = text;
    for remaining in (1..=n).rev() {
        let target = rest.len() / remaining;
        let end = rest[target..]
            .find(' ')
            .map_or(rest.len(), |i| target + i + 1);
        let (chunk, tail) = rest.split_at(end);
        chunks.push(chunk);
        rest = tail;
    }
    chunks
}

/// Runs `run` once to warm up and `RUNS` times timed. Returns the median wall-clock time, the
/// CPU time and wall-clock time of all timed runs together, and the last result.
fn median_time<T>(mut run: impl FnMut() -> T) -> (Duration, (Duration, Duration), T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut result = run();
    let cpu_before = cpu_time();
    for _ in 0..RUNS {
        let started = Instant::now();
        result = run();
        times.push(started.elapsed());
    }
    let usage = (cpu_time() - cpu_before, times.iter().sum());
    times.sort_unstable();
    (times[RUNS / 2], usage, result)
}

fn main() {
    let text = make_text();
    println!("{WORDS} words, median of {RUNS} runs (ms, lower is better)");
    println!("{:<28} {:>10} {:>10} {:>10}", "threads:", 1, 2, 8);
    let mut answers = Vec::new();
    type Strategy = for<'a> fn(&[&'a str]) -> Counts<'a>;
    let strategies: [(&str, Strategy); 3] = [
        ("Arc<Mutex<HashMap>>", count_shared_map),
        ("a map per thread, merged", count_merged_maps),
        ("mpsc batches to one owner", count_over_channel),
    ];
    let mut usage = [(Duration::ZERO, Duration::ZERO); 3]; // (CPU, wall) per thread count
    for (name, strategy) in strategies {
        print!("{name:<28}");
        for (column, threads) in [1, 2, 8].into_iter().enumerate() {
            let chunks = split_chunks(&text, threads);
            let (time, (cpu, wall), counts) = median_time(|| strategy(&chunks));
            usage[column].0 += cpu;
            usage[column].1 += wall;
            print!(" {:>7.1} ms", time.as_secs_f64() * 1e3);
            let mut top: Vec<_> = counts.iter().map(|(w, n)| (*n, w.to_string())).collect();
            top.sort_unstable_by(|a, b| b.cmp(a));
            answers.push((
                counts.len(),
                counts.values().sum::<u64>(),
                top[..3].to_vec(),
            ));
        }
        println!();
    }
    print!("{:<28}", "cores used (CPU / wall)");
    for (cpu, wall) in usage {
        print!(" {:>9.1}x", cpu.as_secs_f64() / wall.as_secs_f64());
    }
    println!();
    answers.dedup();
    let [(distinct, total, top)] = answers.as_slice() else {
        panic!("the strategies disagree: {answers:?}");
    };
    println!("all agree: {total} words, {distinct} distinct, most common {top:?}");
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
    fn chunks_cover_the_text_and_end_at_spaces() {
        let text = "a bb ccc dddd eeeee ffffff ";
        for n in 1..6 {
            let chunks = split_chunks(text, n);
            assert_eq!(chunks.len(), n);
            assert_eq!(chunks.concat(), text);
            assert!(chunks.iter().all(|c| c.is_empty() || c.ends_with(' ')));
        }
    }

    #[test]
    fn the_three_strategies_agree() {
        let text = "to be or not to be that is the question ".repeat(50);
        for threads in [1, 2, 3] {
            let chunks = split_chunks(&text, threads);
            let shared = count_shared_map(&chunks);
            assert_eq!(shared["to"], 100);
            assert_eq!(shared, count_merged_maps(&chunks));
            assert_eq!(shared, count_over_channel(&chunks));
        }
    }
}
