//! Listing 1.1.3-5: runs one fragmenting workload against three allocators, glibc's `malloc`,
//! jemalloc and mimalloc, and reports how much memory each keeps resident.
//!
//! Each allocator runs in a fresh child process (this program, started again with
//! `--allocator NAME`), so that what one allocator keeps cannot show up in another's figures.
//! The workload calls the allocators' C functions directly. The vectors that hold its pointers
//! come from Rust's default allocator (glibc's, on Linux); the main one is made resident before
//! the first measurement, so that it does not count.
use std::env;
use std::ffi::{CStr, c_void};
use std::fs;
use std::io;
use std::process::Command;
use std::ptr;
use std::sync::Barrier;
use std::thread;

/// Small blocks per workload: 2^22 of them, eight times Listing 1.1.3-4's, so that the few MiB
/// each allocator keeps for its own bookkeeping do not blur the percentages.
const BLOCKS: usize = 1 << 22;
const BLOCK_SIZE: usize = 100;
/// One block in this many survives the first round of frees.
const KEEP_ONE_IN: usize = 64;
/// Threads in the multi-threaded round, each with its share of the blocks.
const THREADS: usize = 8;

// ANCHOR: allocators
/// The three allocators, called through their C interfaces.
#[derive(Clone, Copy)]
enum Allocator {
    Glibc,
    Jemalloc,
    Mimalloc,
}

impl Allocator {
    const ALL: [Allocator; 3] = [Allocator::Glibc, Allocator::Jemalloc, Allocator::Mimalloc];

    fn name(self) -> &'static str {
        match self {
            Allocator::Glibc => "glibc",
            Allocator::Jemalloc => "jemalloc",
            Allocator::Mimalloc => "mimalloc",
        }
    }

    fn malloc(self, size: usize) -> *mut u8 {
        // SAFETY: each `malloc` accepts any size and returns null or a block of that size.
        let block = unsafe {
            match self {
                Allocator::Glibc => libc::malloc(size),
                Allocator::Jemalloc => tikv_jemalloc_sys::malloc(size),
                Allocator::Mimalloc => libmimalloc_sys::mi_malloc(size),
            }
        };
        block.cast()
    }

    /// # Safety
    /// `block` must come from `self.malloc` and not have been freed.
    unsafe fn free(self, block: *mut u8) {
        let block: *mut c_void = block.cast();
        unsafe {
            match self {
                Allocator::Glibc => libc::free(block),
                Allocator::Jemalloc => tikv_jemalloc_sys::free(block),
                Allocator::Mimalloc => libmimalloc_sys::mi_free(block),
            }
        }
    }

    /// Asks the allocator to hand every page it can back to the kernel now, instead of when its
    /// own policy would.
    fn give_back(self) -> io::Result<()> {
        match self {
            // In every arena, merges the fast bins and (since glibc 2.8) `madvise`s away each
            // whole page inside a free block in the bins. Only the main arena's heap is also
            // shrunk from its top: the free block at the top of a thread's arena stays.
            // SAFETY: malloc_trim has no preconditions.
            Allocator::Glibc => unsafe {
                libc::malloc_trim(0);
            },
            // Purges the unused dirty pages of every arena (4096 is MALLCTL_ARENAS_ALL).
            Allocator::Jemalloc => jemalloc_control(c"arena.4096.purge")?,
            // SAFETY: mi_collect has no preconditions; `true` forces every heap to be collected.
            Allocator::Mimalloc => unsafe { libmimalloc_sys::mi_collect(true) },
        }
        Ok(())
    }
}

/// Runs a jemalloc control command that takes no value and returns none.
fn jemalloc_control(name: &CStr) -> io::Result<()> {
    // SAFETY: the name is NUL-terminated; these commands read and write no values.
    let status = unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
            0,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "mallctl {name:?} failed: {status}"
        )))
    }
}
// ANCHOR_END: allocators

/// Resident memory of this process, in KiB (`VmRSS` in `/proc/self/status`).
fn resident_kib() -> io::Result<u64> {
    let status = fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| io::Error::other("no VmRSS in /proc/self/status"))
}

/// An empty vector with room for `count` pointers, its memory already resident, so that filling
/// it later does not change the process's resident memory.
fn resident_vec(count: usize) -> Vec<*mut u8> {
    let mut blocks = Vec::new();
    blocks.resize(count, ptr::null_mut());
    blocks.clear();
    blocks
}

/// Allocates `count` blocks, writing each so that its memory is really used.
fn allocate_blocks(allocator: Allocator, count: usize) -> io::Result<Vec<*mut u8>> {
    let mut blocks = resident_vec(count);
    fill_blocks(allocator, &mut blocks, count)?;
    Ok(blocks)
}

/// Appends `count` new blocks to `blocks`, writing each.
fn fill_blocks(allocator: Allocator, blocks: &mut Vec<*mut u8>, count: usize) -> io::Result<()> {
    for _ in 0..count {
        let block = allocator.malloc(BLOCK_SIZE);
        if block.is_null() {
            return Err(io::Error::other("out of memory"));
        }
        // SAFETY: the block is BLOCK_SIZE bytes long and ours.
        unsafe { block.write_bytes(1, BLOCK_SIZE) };
        blocks.push(block);
    }
    Ok(())
}

/// Frees every block for which `free_it` says so, and forgets it.
fn free_blocks(allocator: Allocator, blocks: &mut Vec<*mut u8>, free_it: impl Fn(usize) -> bool) {
    let mut index = 0;
    blocks.retain(|&block| {
        let keep = !free_it(index);
        index += 1;
        if !keep {
            // SAFETY: every pointer in `blocks` came from `allocator` and is freed only here,
            // once, as it leaves the vector.
            unsafe { allocator.free(block) };
        }
        keep
    });
}

// ANCHOR: workload
/// The rows of one allocator's column: resident memory above the start, in MiB, after each step.
fn workload(allocator: Allocator) -> io::Result<Vec<(&'static str, f64)>> {
    let mut blocks = resident_vec(BLOCKS);
    let start = resident_kib()?;
    let mut rows = Vec::new();
    let mut report = |step: &'static str| -> io::Result<()> {
        rows.push((step, (resident_kib()? as f64 - start as f64) / 1024.0));
        Ok(())
    };

    // One thread: the fragmentation of Listing 1.1.3-4.
    fill_blocks(allocator, &mut blocks, BLOCKS)?;
    report("2^22 blocks of 100 bytes, MiB")?;
    free_blocks(allocator, &mut blocks, |index| index % KEEP_ONE_IN != 0);
    report("all but every 64th freed")?;
    allocator.give_back()?;
    report("  then asked to give back")?;
    free_blocks(allocator, &mut blocks, |_| true);
    report("the rest freed")?;
    allocator.give_back()?;
    report("  then asked to give back")?;

    // Many threads, all at once: each allocates its share, frees all but every 64th block, and
    // exits. The survivors are freed later by the main thread, as a cache or a queue would.
    let barrier = Barrier::new(THREADS);
    let survivors = thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| -> io::Result<Vec<usize>> {
                    // Start together, so that every thread is allocating while the others are.
                    barrier.wait();
                    let mut blocks = allocate_blocks(allocator, BLOCKS / THREADS)?;
                    free_blocks(allocator, &mut blocks, |index| index % KEEP_ONE_IN != 0);
                    // Raw pointers cannot cross threads; their addresses can.
                    Ok(blocks.into_iter().map(|block| block as usize).collect())
                })
            })
            .collect();
        let mut survivors = Vec::new();
        for worker in workers {
            let blocks = worker
                .join()
                .map_err(|_| io::Error::other("a worker thread panicked"))??;
            survivors.extend(blocks);
        }
        Ok::<_, io::Error>(survivors)
    })?;
    let mut survivors: Vec<*mut u8> = survivors.into_iter().map(|a| a as *mut u8).collect();
    free_blocks(allocator, &mut survivors, |_| true);
    // Only the figure after asking is reported: before it, mimalloc's figure depends on how the
    // threads' exits and its purge delay happened to interleave.
    allocator.give_back()?;
    report("8 threads: same, all freed, give back")?;
    Ok(rows)
}
// ANCHOR_END: workload

fn main() -> io::Result<()> {
    let args: Vec<String> = env::args().collect();
    if let [_, flag, name] = args.as_slice()
        && flag == "--allocator"
    {
        let allocator = Allocator::ALL
            .into_iter()
            .find(|allocator| allocator.name() == name)
            .ok_or_else(|| io::Error::other(format!("unknown allocator {name}")))?;
        for (step, mib) in workload(allocator)? {
            println!("{step}\t{mib:.2}");
        }
        return Ok(());
    }

    // ANCHOR: runs
    // The parent: one child per column. The second column is glibc limited to one arena, with
    // the environment variable that glibc reads at start-up (see mallopt(3), M_ARENA_MAX).
    let runs = [
        ("glibc", Allocator::Glibc, None),
        ("1 arena", Allocator::Glibc, Some(("MALLOC_ARENA_MAX", "1"))),
        ("jemalloc", Allocator::Jemalloc, None),
        ("mimalloc", Allocator::Mimalloc, None),
    ];
    // ANCHOR_END: runs
    let mut columns = Vec::new();
    for (label, allocator, environment) in runs {
        let mut command = Command::new(env::current_exe()?);
        command.args(["--allocator", allocator.name()]);
        command.env_remove("MALLOC_ARENA_MAX");
        if let Some((variable, value)) = environment {
            command.env(variable, value);
        }
        let output = command.output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!(
                "the {label} run failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        columns.push(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    print!("{:<38}", "resident memory, above the start");
    for (label, _, _) in runs {
        print!(" {label:>8}");
    }
    println!();
    // Resident memory moves by a few hundred KiB from run to run. Rounded like this, the table
    // repeats on every run of the same build on the same machine, and still says what happened.
    let parsed: Vec<Vec<(&str, f64)>> = columns
        .iter()
        .map(|column| {
            column
                .lines()
                .filter_map(|line| line.split_once('\t'))
                .filter_map(|(step, mib)| Some((step, mib.parse().ok()?)))
                .collect()
        })
        .collect();
    let peaks: Vec<f64> = parsed
        .iter()
        .map(|column| column.first().map_or(f64::NAN, |&(_, mib)| mib))
        .collect();
    for (row, &(step, _)) in parsed[0].iter().enumerate() {
        print!("{step:<38}");
        for (column, peak) in parsed.iter().zip(&peaks) {
            let mib = column.get(row).map_or(f64::NAN, |&(_, mib)| mib);
            if row == 0 {
                // The peak, to the nearest 16 MiB.
                print!(" {:>8.0}", (mib / 16.0).round() * 16.0);
            } else {
                // Every later step as a share of that allocator's own peak, to the nearest 10%.
                print!(" {:>7.0}%", (mib / peak * 10.0).round() * 10.0);
            }
        }
        println!();
        if row == 0 {
            println!("then, resident as a share of that peak:");
        }
    }
    Ok(())
}
