//! External sorting: sort the lines of a file that may be much larger than the memory you are
//! allowed to use. Phase 1 reads as many lines as fit in the budget, sorts them in memory and
//! writes them out as a sorted *run*; phase 2 merges all runs at once with a min-heap that holds
//! one line per run. Lines are compared as bytes, like `LC_ALL=C sort`.
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SortError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot create a temporary directory in {path}: {source}")]
    TempDir { path: PathBuf, source: io::Error },
    #[error("the memory budget must be at least 64 KiB, got {0} bytes")]
    BudgetTooSmall(usize),
    #[error(
        "the memory budget must be at most 4 GiB - 1 byte (a run's line offsets are u32), \
         got {0} bytes"
    )]
    BudgetTooLarge(usize),
    #[error("line {line} is {len} bytes long, more than a run's u32 offsets can address")]
    LineTooLong { line: u64, len: usize },
}

/// What a sort did, for the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub lines: u64,
    pub bytes: u64,
    pub runs: usize,
}

/// Smallest budget accepted: below this the per-run read buffers dominate.
pub const MIN_BUDGET: usize = 64 * 1024;

/// Largest budget accepted: a run's lines are addressed by `u32` offsets into one buffer, so
/// the buffer must stay below 4 GiB. A bigger budget would wrap the offsets and sort garbage.
pub const MAX_BUDGET: usize = u32::MAX as usize;

/// Refuses a budget that is too small to work with or too large for the run's offsets. Call
/// it before creating any output, so that a bad budget leaves nothing behind.
pub fn check_budget(budget: usize) -> Result<(), SortError> {
    if budget < MIN_BUDGET {
        return Err(SortError::BudgetTooSmall(budget));
    }
    if budget > MAX_BUDGET {
        return Err(SortError::BudgetTooLarge(budget));
    }
    Ok(())
}

// ANCHOR: chunk
/// One run's worth of lines in a single buffer, plus (start, end) offsets: 8 bytes per line
/// of bookkeeping instead of a 24-byte `Vec` header and a separate allocation per line. The
/// price of 4-byte offsets is a 4 GiB ceiling on a run, which `check_budget` enforces.
struct Chunk {
    data: Vec<u8>,
    spans: Vec<(u32, u32)>,
}

impl Chunk {
    fn memory(&self) -> usize {
        self.data.len() + self.spans.len() * size_of::<(u32, u32)>()
    }

    /// Appends a line; `None`, and nothing appended, if its end would not fit in a `u32`
    /// (a single line of 4 GiB or more: the budget keeps every other run below that).
    fn push(&mut self, line: &[u8]) -> Option<()> {
        let (start, end) = span(self.data.len(), line.len())?;
        self.data.extend_from_slice(line);
        self.spans.push((start, end));
        Some(())
    }

    /// Sorts the lines and writes them, newline-terminated, to `path`.
    fn write_sorted(&mut self, path: &Path) -> io::Result<()> {
        let data = &self.data;
        let line = |&(s, e): &(u32, u32)| &data[s as usize..e as usize];
        self.spans.sort_unstable_by(|a, b| line(a).cmp(line(b)));
        let mut out = BufWriter::with_capacity(64 * 1024, File::create(path)?);
        for span in &self.spans {
            out.write_all(line(span))?;
            out.write_all(b"\n")?;
        }
        // No fsync: a run is scratch data, worthless after a crash.
        out.flush()?;
        self.data.clear();
        self.spans.clear();
        Ok(())
    }
}
// ANCHOR_END: chunk

/// The `u32` offsets of a line of `len` bytes that starts at byte `start` of a chunk, or `None`
/// if they do not fit: a checked conversion where `as u32` would silently wrap.
fn span(start: usize, len: usize) -> Option<(u32, u32)> {
    let end = start.checked_add(len)?;
    Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

/// Reads one line without its newline into `line`; false at end of input.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    if reader.read_until(b'\n', line)? == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(true)
}

// ANCHOR: runs
/// Phase 1: cut `input` into sorted runs of at most `budget` bytes each (a single line longer
/// than the budget gets a run of its own) and returns their paths.
fn write_runs(
    input: &mut impl BufRead,
    budget: usize,
    dir: &Path,
    stats: &mut Stats,
) -> Result<Vec<PathBuf>, SortError> {
    // Keep 1/8 of the budget for the read buffer the caller holds; the chunk gets the rest.
    let chunk_budget = budget - budget / 8;
    let mut chunk = Chunk {
        data: Vec::with_capacity(chunk_budget),
        spans: Vec::new(),
    };
    let mut runs = Vec::new();
    let mut line = Vec::new();
    let read_error = |source| SortError::Read {
        path: PathBuf::from("input"),
        source,
    };
    loop {
        let more = read_line(input, &mut line).map_err(read_error)?;
        let full = chunk.memory() + line.len() + 8 > chunk_budget && !chunk.spans.is_empty();
        if (full || !more) && !chunk.spans.is_empty() {
            let path = dir.join(format!("run-{:05}", runs.len()));
            chunk
                .write_sorted(&path)
                .map_err(|source| SortError::Write {
                    path: path.clone(),
                    source,
                })?;
            runs.push(path);
        }
        if !more {
            return Ok(runs);
        }
        stats.lines += 1;
        stats.bytes += line.len() as u64 + 1;
        chunk.push(&line).ok_or(SortError::LineTooLong {
            line: stats.lines,
            len: line.len(),
        })?;
    }
}
// ANCHOR_END: runs

// ANCHOR: merge
/// Phase 2: k-way merge. The heap holds the smallest unread line of every run, tagged with
/// the run it came from; `Reverse` turns std's max-heap into a min-heap. Each pop yields the
/// next output line, and one read from the same run refills the heap. O(N log k) compares.
fn merge_runs(runs: &[PathBuf], budget: usize, output: &mut impl Write) -> Result<(), SortError> {
    let buffer = (budget / 2 / runs.len().max(1)).clamp(4 * 1024, 1024 * 1024);
    let mut readers = Vec::with_capacity(runs.len());
    for path in runs {
        let file = File::open(path).map_err(|source| SortError::Read {
            path: path.clone(),
            source,
        })?;
        readers.push((BufReader::with_capacity(buffer, file), path));
    }
    let mut heap = BinaryHeap::with_capacity(runs.len());
    let mut refill = |run: usize, heap: &mut BinaryHeap<Reverse<(Vec<u8>, usize)>>, mut line| {
        let (reader, path) = &mut readers[run];
        match read_line(reader, &mut line) {
            Ok(true) => {
                heap.push(Reverse((line, run)));
                Ok(())
            }
            Ok(false) => Ok(()), // this run is finished
            Err(source) => Err(SortError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    };
    for run in 0..runs.len() {
        refill(run, &mut heap, Vec::new())?;
    }
    let write_error = |source| SortError::Write {
        path: PathBuf::from("output"),
        source,
    };
    while let Some(Reverse((line, run))) = heap.pop() {
        output.write_all(&line).map_err(write_error)?;
        output.write_all(b"\n").map_err(write_error)?;
        refill(run, &mut heap, line)?; // reuse the line's allocation for the next one
    }
    Ok(())
}
// ANCHOR_END: merge

// ANCHOR: sort_file
/// Sorts the lines of `input` into `output` using about `budget` bytes of memory for lines,
/// with the runs in a fresh directory under `temp_parent` that is removed afterwards, even
/// on error (the `TempDir` guard deletes it when dropped).
pub fn sort_stream(
    input: impl Read,
    output: impl Write,
    budget: usize,
    temp_parent: &Path,
) -> Result<Stats, SortError> {
    check_budget(budget)?;
    let dir = tempfile::Builder::new()
        .prefix("extsort-")
        .tempdir_in(temp_parent)
        .map_err(|source| SortError::TempDir {
            path: temp_parent.to_path_buf(),
            source,
        })?;
    let mut stats = Stats::default();
    let mut input = BufReader::with_capacity(budget / 8, input);
    let runs = write_runs(&mut input, budget, dir.path(), &mut stats)?;
    stats.runs = runs.len();
    let mut output = BufWriter::with_capacity(64 * 1024, output);
    merge_runs(&runs, budget, &mut output)?;
    output.flush().map_err(|source| SortError::Write {
        path: PathBuf::from("output"),
        source,
    })?;
    Ok(stats)
}
// ANCHOR_END: sort_file

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sort_bytes(input: &[u8], budget: usize) -> (Vec<u8>, Stats) {
        let mut output = Vec::new();
        let stats = sort_stream(input, &mut output, budget, &std::env::temp_dir())
            .expect("sorting in memory cannot fail");
        (output, stats)
    }

    /// The reference: split, sort in memory, join, as `sort` prints it.
    fn expected(input: &[u8]) -> Vec<u8> {
        let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
        if input.last() == Some(&b'\n') || input.is_empty() {
            lines.pop();
        }
        lines.sort();
        lines
            .iter()
            .flat_map(|l| l.iter().copied().chain([b'\n']))
            .collect()
    }

    #[test]
    fn many_runs_merge_into_one_sorted_output() {
        let input: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{:08}\n", (i * 7919) % 20_000).into_bytes())
            .collect();
        let (output, stats) = sort_bytes(&input, MIN_BUDGET);
        assert!(stats.runs > 2, "expected several runs, got {}", stats.runs);
        assert_eq!(stats.lines, 20_000);
        assert_eq!(output, expected(&input));
    }

    #[test]
    fn edge_cases() {
        assert_eq!(sort_bytes(b"", MIN_BUDGET).0, b"");
        assert_eq!(sort_bytes(b"b\na", MIN_BUDGET).0, b"a\nb\n"); // no final newline
        assert_eq!(sort_bytes(b"\n\nx\n", MIN_BUDGET).0, b"\n\nx\n"); // empty lines sort first
        let long = vec![b'z'; 3 * MIN_BUDGET]; // one line longer than the budget
        let mut input = long.clone();
        input.extend_from_slice(b"\na\n");
        let (output, stats) = sort_bytes(&input, MIN_BUDGET);
        assert_eq!(stats.runs, 2);
        assert_eq!(output, expected(&input));
    }

    #[test]
    fn a_tiny_budget_is_refused() {
        let result = sort_stream(&b"a\n"[..], Vec::new(), 100, &std::env::temp_dir());
        assert!(matches!(result, Err(SortError::BudgetTooSmall(100))));
    }

    #[test]
    fn a_budget_the_offsets_cannot_address_is_refused() {
        assert!(check_budget(MAX_BUDGET).is_ok());
        let too_large = MAX_BUDGET + 1; // 4 GiB: an offset of 2^32 would wrap to 0
        let result = sort_stream(&b"a\n"[..], Vec::new(), too_large, &std::env::temp_dir());
        assert!(matches!(result, Err(SortError::BudgetTooLarge(b)) if b == too_large));
    }

    #[test]
    fn offsets_past_u32_are_refused_not_wrapped() {
        let last = u32::MAX as usize;
        assert_eq!(span(10, 5), Some((10, 15)));
        assert_eq!(span(last - 5, 5), Some((u32::MAX - 5, u32::MAX)));
        assert_eq!(span(last - 5, 6), None, "the end would wrap to 0");
        assert_eq!(span(last + 1, 0), None, "the start would wrap to 0");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn matches_an_in_memory_sort(
            lines in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..200), 0..3000)
        ) {
            let input: Vec<u8> = lines
                .iter()
                .flat_map(|l| l.iter().copied().filter(|&b| b != b'\n').chain([b'\n']))
                .collect();
            let (output, _) = sort_bytes(&input, MIN_BUDGET);
            prop_assert_eq!(output, expected(&input));
        }
    }
}
