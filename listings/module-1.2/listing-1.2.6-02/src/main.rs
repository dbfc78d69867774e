//! Listing 1.2.6-2: how much memory a thread reserves and how much it really uses, and what a
//! forked child shares with its parent until one of them writes (copy-on-write).
use std::fs;
use std::hint::black_box;
use std::io::{self, Write};
use std::sync::{Arc, Barrier};
use std::thread;

const THREADS: usize = 16;
const MIB: usize = 1024 * 1024;

/// Reads one `Name:   1234 kB` line from a file in `/proc/self`, in KiB.
fn proc_kib(file: &str, field: &str) -> io::Result<usize> {
    let text = fs::read_to_string(format!("/proc/self/{file}"))?;
    text.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches(" kB").parse().ok())
        .ok_or_else(|| io::Error::other(format!("no {field} in /proc/self/{file}")))
}

// ANCHOR: growth
/// Starts `THREADS` threads with stacks of `stack_size` bytes that each run `work` and wait,
/// measures the process while all of them are alive, then lets them finish. Returns how much
/// VmSize (address space reserved) and VmRSS (memory really in use) grew per thread, in MiB.
fn per_thread_growth(stack_size: usize, work: fn()) -> io::Result<(f64, f64)> {
    let (size_before, rss_before) = (proc_kib("status", "VmSize")?, proc_kib("status", "VmRSS")?);
    let all_started = Arc::new(Barrier::new(THREADS + 1));
    let may_finish = Arc::new(Barrier::new(THREADS + 1));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let (all_started, may_finish) = (all_started.clone(), may_finish.clone());
            thread::Builder::new()
                .stack_size(stack_size)
                .spawn(move || {
                    work();
                    all_started.wait();
                    may_finish.wait();
                })
        })
        .collect::<io::Result<_>>()?;
    all_started.wait();
    let (size_after, rss_after) = (proc_kib("status", "VmSize")?, proc_kib("status", "VmRSS")?);
    may_finish.wait();
    for handle in handles {
        handle
            .join()
            .map_err(|_| io::Error::other("a thread panicked"))?;
    }
    let per_thread_mib = |kib: usize| kib as f64 / 1024.0 / THREADS as f64;
    Ok((
        per_thread_mib(size_after.saturating_sub(size_before)),
        per_thread_mib(rss_after.saturating_sub(rss_before)),
    ))
}
// ANCHOR_END: growth

/// Uses 1 MiB of the thread's own stack, so that the kernel must give it real pages.
fn touch_a_mebibyte_of_stack() {
    let mut buffer = [0u8; MIB];
    for page in buffer.chunks_mut(4096) {
        page[0] = 1;
    }
    black_box(&mut buffer);
}

// ANCHOR: fork
fn fork_and_compare(buffer: &mut [u8]) -> io::Result<()> {
    io::stdout().flush()?; // otherwise the child inherits, and prints again, what is buffered
    // SAFETY: every other thread has been joined, so the child is a single-threaded copy; it
    // only reads /proc, writes to memory and stdout, and leaves with `_exit`.
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        0 => {
            let code = match child_writes_a_quarter(buffer) {
                Ok(()) => 0,
                Err(_) => 1,
            };
            unsafe { libc::_exit(code) }
        }
        child => {
            let mut status = 0;
            // SAFETY: `child` is our own child and `status` is a valid place to write.
            if unsafe { libc::waitpid(child, &mut status, 0) } == -1 {
                return Err(io::Error::last_os_error());
            }
            println!(
                "parent after the child ended:   Pss_Anon {:>3} MiB",
                pss_anon_mib()?
            );
            Ok(())
        }
    }
}

fn child_writes_a_quarter(buffer: &mut [u8]) -> io::Result<()> {
    println!(
        "child right after fork:         Pss_Anon {:>3} MiB (a shared page counts half)",
        pss_anon_mib()?
    );
    let quarter = buffer.len() / 4;
    for page in buffer[..quarter].chunks_mut(4096) {
        page[0] = 2; // the first write to each shared page makes the kernel copy it
    }
    println!(
        "child after writing a quarter:  Pss_Anon {:>3} MiB",
        pss_anon_mib()?
    );
    io::stdout().flush()
}
// ANCHOR_END: fork

/// This process's proportional share of anonymous memory (heap, stacks), in whole MiB: a page
/// shared with N processes counts 1/N.
fn pss_anon_mib() -> io::Result<usize> {
    Ok((proc_kib("smaps_rollup", "Pss_Anon")? + 512) / 1024)
}

fn main() -> io::Result<()> {
    println!("growth per thread, {THREADS} threads alive:   VmSize    VmRSS");
    let rounds: [(&str, usize, fn()); 3] = [
        ("idle, 2 MiB stacks (first threads)", 2 * MIB, || ()),
        ("idle, 8 MiB stacks", 8 * MIB, || ()),
        (
            "using 1 MiB of a 4 MiB stack",
            4 * MIB,
            touch_a_mebibyte_of_stack,
        ),
    ];
    for (name, stack_size, work) in rounds {
        let (reserved, resident) = per_thread_growth(stack_size, work)?;
        println!("  {name:<36} {reserved:>5.1} MiB {resident:>4.1} MiB");
    }

    let mut buffer = vec![1u8; 64 * MIB];
    println!(
        "parent, 64 MiB buffer written:  Pss_Anon {:>3} MiB",
        pss_anon_mib()?
    );
    fork_and_compare(&mut buffer)?;
    black_box(&buffer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_from_proc() {
        assert!(proc_kib("status", "VmRSS").unwrap() > 0);
        assert!(proc_kib("smaps_rollup", "Pss_Anon").is_ok());
        assert!(proc_kib("status", "NoSuchField").is_err());
    }

    #[test]
    fn touched_stack_shows_up_as_resident() {
        let (reserved, resident) = per_thread_growth(4 * MIB, touch_a_mebibyte_of_stack).unwrap();
        assert!(resident >= 0.9, "resident {resident} MiB");
        assert!(reserved >= resident);
    }
}
