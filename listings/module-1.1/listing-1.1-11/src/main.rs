//! Listing 1.1-11: counts the page faults the kernel handles while a program first reads, then
//! writes, then writes again a freshly allocated buffer.
use nix::sys::resource::{UsageWho, getrusage};
use std::hint::black_box;
use std::io;
use std::time::{Duration, Instant};

const PAGE: usize = 4096;
const PAGES: usize = 16_384;

// ANCHOR: faults
/// Page faults of this process so far: (minor, major), as the kernel counts them.
fn faults() -> io::Result<(i64, i64)> {
    let usage = getrusage(UsageWho::RUSAGE_SELF)?;
    Ok((usage.minor_page_faults(), usage.major_page_faults()))
}

/// What one run of some work did: its result, its minor and major faults, how long it took.
struct Measured<T> {
    result: T,
    minor: i64,
    major: i64,
    took: Duration,
}

fn measure<T>(work: impl FnOnce() -> T) -> io::Result<Measured<T>> {
    let (minor_before, major_before) = faults()?;
    let started = Instant::now();
    let result = work();
    let took = started.elapsed();
    let (minor_after, major_after) = faults()?;
    Ok(Measured {
        result,
        minor: minor_after - minor_before,
        major: major_after - major_before,
        took,
    })
}
// ANCHOR_END: faults

/// Reads one byte in every page.
fn read_every_page(buffer: &[u8]) -> u64 {
    buffer
        .chunks(PAGE)
        .map(|page| u64::from(black_box(page[0])))
        .sum()
}

/// Writes one byte in every page.
fn write_every_page(buffer: &mut [u8], value: u8) {
    for page in buffer.chunks_mut(PAGE) {
        page[0] = black_box(value);
    }
}

// ANCHOR: main
fn main() -> io::Result<()> {
    // Run the code once on a small buffer, so that faults on the program's own code and stack
    // are over before counting starts.
    let mut warm_up = vec![0u8; 4 * PAGE];
    let first = read_every_page(&warm_up) as u8;
    write_every_page(&mut warm_up, first);
    measure(|| ())?;

    println!("a buffer of {PAGES} pages of {PAGE} bytes (64 MiB)");
    println!("{:<32} {:>6} {:>6} {:>9}", "", "minor", "major", "time");
    fn report<T>(what: &str, run: &Measured<T>) {
        let ms = run.took.as_secs_f64() * 1e3;
        println!("{what:<32} {:>6} {:>6} {ms:>6.2} ms", run.minor, run.major);
    }

    let allocated = measure(|| vec![0u8; PAGES * PAGE])?;
    report("allocate it with vec![0; n]", &allocated);
    let mut buffer = allocated.result;
    let read = measure(|| read_every_page(&buffer))?;
    report("read one byte in every page", &read);
    let written = measure(|| write_every_page(&mut buffer, 1))?;
    report("write one byte in every page", &written);
    let again = measure(|| write_every_page(&mut buffer, 2))?;
    report("write them again", &again);
    report("free it", &measure(|| drop(buffer))?);
    black_box(read.result);

    let per_fault = written.took.as_secs_f64() * 1e6 / written.minor as f64;
    println!("one fault while writing: {per_fault:.2} µs");
    Ok(())
}
// ANCHOR_END: main
