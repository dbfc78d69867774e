//! Listing 1.1.4-3: shows copy-on-write at work. The parent fills a 64 MiB buffer and forks; the
//! child reads the buffer, then writes it, and counts its page faults and its shared and private
//! memory after each step.
use nix::sys::resource::{UsageWho, getrusage};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, fork};
use std::fs;
use std::hint::black_box;
use std::io::{self, Write};

const PAGE: usize = 4096;
const PAGES: usize = 16_384;

fn minor_faults() -> io::Result<i64> {
    Ok(getrusage(UsageWho::RUSAGE_SELF)?.minor_page_faults())
}

/// Dirty memory (written at some point) in the mapping that holds `address`, in MiB, from
/// `/proc/self/smaps`: (shared with another process, private to this one).
fn dirty_mib(address: usize) -> io::Result<(f64, f64)> {
    let smaps = fs::read_to_string("/proc/self/smaps")?;
    let mut in_mapping = false;
    let (mut shared, mut private) = (None, None);
    for line in smaps.lines() {
        // A mapping's block starts with its address range, "7f3a2c000000-7f3a30001000 rw-p ...".
        if let Some((start, end)) = line
            .split_whitespace()
            .next()
            .and_then(|range| range.split_once('-'))
            .and_then(|(start, end)| {
                let start = usize::from_str_radix(start, 16).ok()?;
                Some((start, usize::from_str_radix(end, 16).ok()?))
            })
        {
            in_mapping = (start..end).contains(&address);
        } else if in_mapping {
            let kib = |rest: &str| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            };
            if let Some(rest) = line.strip_prefix("Shared_Dirty:") {
                shared = kib(rest);
            } else if let Some(rest) = line.strip_prefix("Private_Dirty:") {
                private = kib(rest);
            }
        }
    }
    match (shared, private) {
        (Some(shared), Some(private)) => Ok((shared / 1024.0, private / 1024.0)),
        _ => Err(io::Error::other(
            "the buffer's mapping is not in /proc/self/smaps",
        )),
    }
}

fn read_every_page(buffer: &[u8]) -> u64 {
    buffer
        .chunks(PAGE)
        .map(|page| u64::from(black_box(page[0])))
        .sum()
}

fn write_every_page(buffer: &mut [u8], value: u8) {
    for page in buffer.chunks_mut(PAGE) {
        page[0] = black_box(value);
    }
}

// ANCHOR: child
/// Something the child does to the buffer.
type Step = fn(&mut [u8]);

/// Runs `step` on `buffer` and returns the minor page faults it caused.
fn faults_of(step: Step, buffer: &mut [u8]) -> io::Result<i64> {
    let before = minor_faults()?;
    step(buffer);
    Ok(minor_faults()? - before)
}

/// What the child does with the buffer it inherited, reporting after each step.
fn child(buffer: &mut [u8]) -> io::Result<()> {
    let steps: [(&str, Step); 3] = [
        ("read every page", |buffer| {
            black_box(read_every_page(buffer));
        }),
        ("wrote every page", |buffer| write_every_page(buffer, 2)),
        ("wrote every page again", |buffer| {
            write_every_page(buffer, 3)
        }),
    ];
    // The child starts without the parent's mappings of the program's code, and gets them back
    // one fault at a time: run each step on a scratch page first, so those faults are not counted.
    let mut scratch = vec![0u8; PAGE];
    for (_, step) in &steps {
        faults_of(*step, &mut scratch)?;
    }

    let address = buffer.as_ptr() as usize;
    let report = |step: &str, faults: String| -> io::Result<()> {
        let (shared, private) = dirty_mib(address)?;
        println!("  {step:<24} {faults:>6} {shared:>8.0} MiB {private:>8.0} MiB");
        Ok(())
    };
    println!(
        "  {:<24} {:>6} {:>12} {:>12}",
        "child", "faults", "shared", "private"
    );
    report("just forked", "-".to_owned())?;
    for (what, step) in steps {
        let faults = faults_of(step, buffer)?;
        report(what, faults.to_string())?;
    }
    Ok(())
}
// ANCHOR_END: child

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut buffer = vec![0u8; PAGES * PAGE];
    write_every_page(&mut buffer, 1);
    println!("parent: {PAGES} pages (64 MiB) written, now forking");
    // Anything still in our output buffer would be copied into the child and printed twice.
    io::stdout().flush()?;

    // SAFETY: this program has a single thread, so the child starts in a consistent state and may
    // do anything the parent could, including allocating.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let code = match child(&mut buffer) {
                Ok(()) => 0,
                Err(error) => {
                    eprintln!("child failed: {error}");
                    1
                }
            };
            io::stdout().flush()?;
            std::process::exit(code);
        }
        ForkResult::Parent { child } => match waitpid(child, None)? {
            WaitStatus::Exited(_, 0) => {
                // The parent's buffer was never touched by the child's writes.
                let intact = buffer.chunks(PAGE).all(|page| page[0] == 1);
                println!("parent: child done; every page of my buffer still holds 1: {intact}");
                Ok(())
            }
            status => Err(io::Error::other(format!("child ended badly: {status:?}"))),
        },
    }
}
// ANCHOR_END: main
