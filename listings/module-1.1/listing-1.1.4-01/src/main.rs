//! Listing 1.1.4-1: counts the page faults the kernel handles while a program first reads, then
//! writes, then writes again a freshly allocated buffer; then does the same with a buffer for
//! which it asks the kernel for transparent huge pages.
use nix::errno::Errno;
use nix::sys::mman::{MapFlags, MmapAdvise, ProtFlags, madvise, mmap_anonymous, munmap};
use nix::sys::resource::{UsageWho, getrusage};
use std::ffi::c_void;
use std::fs;
use std::hint::black_box;
use std::io;
use std::num::NonZeroUsize;
use std::ptr::NonNull;
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

// ANCHOR: huge
/// A private anonymous mapping for which the kernel was asked to use 2 MiB pages
/// (`madvise(MADV_HUGEPAGE)`), unmapped on drop.
struct HugePageBuffer {
    start: NonNull<c_void>,
    len: usize,
    /// False on a kernel built without transparent huge pages, which refuses the advice.
    advised: bool,
}

impl HugePageBuffer {
    fn new(len: NonZeroUsize) -> io::Result<Self> {
        // SAFETY: a new anonymous mapping overlaps nothing the program already uses.
        let start = unsafe {
            mmap_anonymous(
                None,
                len,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_PRIVATE,
            )?
        };
        let mut buffer = HugePageBuffer {
            start,
            len: len.get(),
            advised: false,
        };
        // SAFETY: the range is exactly the mapping just made; the advice changes no contents.
        match unsafe { madvise(buffer.start, buffer.len, MmapAdvise::MADV_HUGEPAGE) } {
            Ok(()) => buffer.advised = true,
            // A kernel without transparent huge pages does not know the advice. The buffer is
            // still usable, with small pages, which is worth measuring too.
            Err(Errno::EINVAL) => {}
            Err(error) => return Err(error.into()),
        }
        Ok(buffer)
    }

    fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: the mapping is `len` bytes, readable and writable, and only this value uses it.
        unsafe { std::slice::from_raw_parts_mut(self.start.as_ptr().cast(), self.len) }
    }
}

impl Drop for HugePageBuffer {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours and nothing borrows it any more. A failure would leave the
        // mapping in place until exit, which is harmless here.
        let _ = unsafe { munmap(self.start, self.len) };
    }
}

/// One transparent huge page setting, the chosen value in brackets: `enabled` says which
/// regions get huge pages, `defrag` how hard a fault tries to find 2 MiB of free memory.
fn huge_page_setting(name: &str) -> String {
    fs::read_to_string(format!("/sys/kernel/mm/transparent_hugepage/{name}")).map_or_else(
        |_| "not available".to_owned(),
        |mode| mode.trim().to_owned(),
    )
}

/// Anonymous memory backed by huge pages in this whole process, in MiB.
fn anon_huge_pages_mib() -> io::Result<u64> {
    let rollup = fs::read_to_string("/proc/self/smaps_rollup")?;
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("AnonHugePages:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib / 1024)
        .ok_or_else(|| io::Error::other("no AnonHugePages in /proc/self/smaps_rollup"))
}
// ANCHOR_END: huge

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

    // The same steps on a buffer that asks for huge pages. Whether it gets them depends on the
    // kernel's setting: with `never` the counts stay as above, with `always` even the first
    // buffer would have had most of its memory in huge pages.
    println!("transparent huge pages: {}", huge_page_setting("enabled"));
    println!("huge page defrag: {}", huge_page_setting("defrag"));
    let len = NonZeroUsize::new(PAGES * PAGE).ok_or_else(|| io::Error::other("empty buffer"))?;
    let mut huge = HugePageBuffer::new(len)?;
    if huge.advised {
        println!("the same 64 MiB from mmap, after madvise(MADV_HUGEPAGE):");
    } else {
        println!("the same 64 MiB from mmap (this kernel refused MADV_HUGEPAGE):");
    }
    let read = measure(|| read_every_page(huge.as_mut_slice()))?;
    report("read one byte in every page", &read);
    black_box(read.result);
    report(
        "write one byte in every page",
        &measure(|| write_every_page(huge.as_mut_slice(), 1))?,
    );
    report(
        "write them again",
        &measure(|| write_every_page(huge.as_mut_slice(), 2))?,
    );
    println!(
        "AnonHugePages of the process: {} MiB",
        anon_huge_pages_mib()?
    );
    drop(huge);
    Ok(())
}
// ANCHOR_END: main
