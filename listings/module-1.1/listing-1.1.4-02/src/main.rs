//! Listing 1.1.4-2: maps a file into memory with `mmap` and counts the page faults of reading it,
//! first with the file on disk only, then with the file in the kernel's page cache.
use memmap2::{Advice, Mmap};
use nix::fcntl::{PosixFadviseAdvice, posix_fadvise};
use nix::sys::resource::{UsageWho, getrusage};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PAGE: usize = 4096;
const PAGES: usize = 4096;

fn faults() -> io::Result<(i64, i64)> {
    let usage = getrusage(UsageWho::RUSAGE_SELF)?;
    Ok((usage.minor_page_faults(), usage.major_page_faults()))
}

/// What one run of `work` did: its result, its minor and major faults, and how long it took.
struct Measured<T> {
    result: T,
    minor: i64,
    major: i64,
    took: Duration,
}

fn measure<T>(work: impl FnOnce() -> io::Result<T>) -> io::Result<Measured<T>> {
    let (minor_before, major_before) = faults()?;
    let started = Instant::now();
    let result = work()?;
    let took = started.elapsed();
    let (minor_after, major_after) = faults()?;
    Ok(Measured {
        result,
        minor: minor_after - minor_before,
        major: major_after - major_before,
        took,
    })
}

/// Writes a file of `PAGES` pages of text lines, and makes sure it is on disk.
fn write_file(path: &Path) -> io::Result<()> {
    let mut file = BufWriter::new(File::create(path)?);
    let line: &[u8; 32] = b"thirty-two bytes, one per line.\n";
    for _ in 0..PAGES * PAGE / line.len() {
        file.write_all(line)?;
    }
    file.into_inner()
        .map_err(|error| error.into_error())?
        .sync_all()
}

/// Asks the kernel to drop the file's pages from the page cache, so that the next read must go
/// to the disk. It works only for pages that are clean (written back) and mapped by nobody.
fn evict_from_page_cache(path: &Path) -> io::Result<()> {
    let file = File::open(path)?;
    posix_fadvise(&file, 0, 0, PosixFadviseAdvice::POSIX_FADV_DONTNEED)?;
    Ok(())
}

// ANCHOR: count
/// Maps the file and counts its lines by reading every byte of the mapping.
fn count_lines_mapped(path: &Path, advice: Advice) -> io::Result<usize> {
    let file = File::open(path)?;
    // SAFETY: nobody truncates or writes the file while it is mapped; that would change the
    // bytes under the slice (or end the program with SIGBUS).
    let mapped = unsafe { Mmap::map(&file)? };
    mapped.advise(advice)?;
    // From here on, `mapped` is a `&[u8]`: reading it is reading the file.
    Ok(mapped.iter().filter(|&&byte| byte == b'\n').count())
}
// ANCHOR_END: count

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn main() -> io::Result<()> {
    let file =
        TempFile(std::env::temp_dir().join(format!("listing-1-1-4-02-{}", std::process::id())));
    write_file(&file.0)?;
    println!("a file of {PAGES} pages (16 MiB), mapped, and every byte read to count its lines");
    println!(
        "{:<40} {:>6} {:>6} {:>6} {:>9}",
        "", "lines", "minor", "major", "time"
    );
    let report = |what: &str, run: Measured<usize>| {
        // How far read-ahead has got when a fault arrives decides how many neighbours the kernel
        // can map with it, so the minor count moves by a few from run to run: round it.
        let minor = (run.minor + 8) / 16 * 16;
        let ms = run.took.as_secs_f64() * 1e3;
        println!(
            "{what:<40} {:>6} {minor:>6} {:>6} {ms:>6.1} ms",
            run.result, run.major
        );
    };

    // Fault in this program's own code for counting and timing before anything is measured.
    measure(|| count_lines_mapped(&file.0, Advice::Normal))?;
    evict_from_page_cache(&file.0)?;
    report(
        "on disk only, no read-ahead",
        measure(|| count_lines_mapped(&file.0, Advice::Random))?,
    );
    // The pass above left every page in the cache, but now and then the kernel drops one again
    // before it is reused; one more pass puts it back, so the row shows the cache alone.
    measure(|| count_lines_mapped(&file.0, Advice::Random))?;
    report(
        "in the page cache",
        measure(|| count_lines_mapped(&file.0, Advice::Random))?,
    );
    evict_from_page_cache(&file.0)?;
    report(
        "on disk only, with read-ahead",
        measure(|| count_lines_mapped(&file.0, Advice::Normal))?,
    );
    println!("(minor faults rounded to a multiple of 16)");
    Ok(())
}
