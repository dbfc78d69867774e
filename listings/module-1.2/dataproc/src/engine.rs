//! Three ways to compute the same [`Partial`]: a reader thread feeding workers over bounded
//! channels (the pipeline), rayon's fold and reduce over a memory-mapped file, and a plain loop
//! over lines that serves as the reference the other two are tested against.

use crate::chunk::{Chunk, ChunkReader};
use crate::parse::{Malformed, parse_line};
use crate::stats::{ChunkLines, Partial};
use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use rayon::prelude::*;
use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where the time went, for `--stats`. Worker times are summed over the workers.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageTimes {
    /// Time the reader spent in `read` calls.
    pub read: Duration,
    /// Time the reader spent blocked on a full channel: the workers were behind.
    pub send_blocked: Duration,
    /// Time workers spent parsing and counting.
    pub parse: Duration,
    /// Time workers spent waiting for a chunk: the reader was behind.
    pub recv_waiting: Duration,
    /// Time spent merging the workers' partial results.
    pub merge: Duration,
    /// Time spent turning the merged counts into the report (line numbers, top-K, percentiles),
    /// on one thread after the engine has finished; set by [`crate::analyse_file`].
    pub finish: Duration,
    /// Chunks processed.
    pub chunks: u64,
}

/// Why an engine stopped.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("read failed")]
    Read(#[from] io::Error),
    #[error("a worker thread panicked")]
    WorkerPanicked,
    #[error("cannot start the thread pool")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
}

// ANCHOR: pipeline
/// Reads `source` on the calling thread and parses on `threads` workers.
///
/// Two channels connect them: a bounded one carries full chunks to the workers, so a reader that
/// runs ahead blocks instead of filling memory (backpressure), and an unbounded one carries
/// emptied buffers back to the reader, so that after the first few chunks no chunk allocates.
/// The number of buffers is bounded anyway: at most `queue` in the channel, one per worker and one
/// in the reader's hands. A line longer than `max_line` is malformed (see [`crate::chunk::MAX_LINE`]).
pub fn pipeline<R: Read>(
    source: R,
    threads: usize,
    chunk_size: usize,
    max_line: usize,
    progress: &AtomicU64,
) -> Result<(Partial, StageTimes), EngineError> {
    let threads = threads.max(1);
    let queue = 2 * threads;
    let (chunk_tx, chunk_rx) = bounded::<Chunk>(queue);
    let (free_tx, free_rx) = unbounded::<Vec<u8>>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (chunks, free) = (chunk_rx.clone(), free_tx.clone());
                scope.spawn(move || worker(chunks, free, max_line, progress))
            })
            .collect();
        drop(chunk_rx); // if every worker died, `send` fails instead of blocking forever

        let mut times = StageTimes::default();
        let read_result = read_chunks(
            source, chunk_size, max_line, &chunk_tx, &free_rx, &mut times,
        );
        drop(chunk_tx); // the workers' loops end when the channel is empty and closed

        // Join every worker before looking at any result: a handle dropped unjoined would make
        // `scope` itself panic if that worker panicked too.
        let joined: Vec<_> = workers.into_iter().map(|handle| handle.join()).collect();
        let mut partials = Vec::with_capacity(threads);
        for result in joined {
            let (partial, parse, waiting) = result.map_err(|_| EngineError::WorkerPanicked)?;
            times.parse += parse;
            times.recv_waiting += waiting;
            partials.push(partial);
        }
        read_result?;
        let started = Instant::now();
        let merged = partials
            .into_iter()
            .reduce(Partial::merge)
            .unwrap_or_default();
        times.merge = started.elapsed();
        times.chunks = merged.chunks.len() as u64;
        Ok((merged, times))
    })
}
// ANCHOR_END: pipeline

// ANCHOR: reader
fn read_chunks<R: Read>(
    source: R,
    chunk_size: usize,
    max_line: usize,
    chunks: &Sender<Chunk>,
    free: &Receiver<Vec<u8>>,
    times: &mut StageTimes,
) -> io::Result<()> {
    let mut reader = ChunkReader::new(source, chunk_size, max_line);
    loop {
        let buffer = free
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(chunk_size));
        let started = Instant::now();
        let Some(chunk) = reader.next_chunk(buffer)? else {
            return Ok(());
        };
        let read_done = Instant::now();
        times.read += read_done - started;
        if chunks.send(chunk).is_err() {
            return Ok(()); // no worker left; joining them reports why
        }
        times.send_blocked += read_done.elapsed();
    }
}
// ANCHOR_END: reader

// ANCHOR: worker
/// One worker: its own `Partial`, no lock, no shared counter on the hot path.
fn worker(
    chunks: Receiver<Chunk>,
    free: Sender<Vec<u8>>,
    max_line: usize,
    progress: &AtomicU64,
) -> (Partial, Duration, Duration) {
    let mut partial = Partial::default();
    let (mut parsing, mut waiting) = (Duration::ZERO, Duration::ZERO);
    let mut wait_started = Instant::now();
    while let Ok(chunk) = chunks.recv() {
        let started = Instant::now();
        waiting += started - wait_started;
        if chunk.skipped > 0 {
            partial.add_skipped_line(chunk.seq); // one line over the limit, never read whole
        } else {
            partial.add_chunk(chunk.seq, &chunk.data, max_line);
        }
        // Once per chunk, not per line.
        progress.fetch_add(chunk.data.len() as u64 + chunk.skipped, Ordering::Relaxed);
        let _ = free.send(chunk.data); // the reader may be gone already; then the buffer is dropped
        wait_started = Instant::now();
        parsing += wait_started - started;
    }
    (partial, parsing, waiting)
}
// ANCHOR_END: worker

// ANCHOR: rayon
/// The same analysis with rayon: cut `data` into pieces at newlines, let rayon's work-stealing pool
/// fold each piece into a `Partial` (one per task it splits off), then reduce the partials pairwise.
/// The file is mapped, not read, so a line over `max_line` costs no memory: `add_chunk` finds it
/// by its length.
pub fn rayon(
    data: &[u8],
    threads: usize,
    piece_size: usize,
    max_line: usize,
    progress: &AtomicU64,
) -> Result<(Partial, StageTimes), EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let pieces = split_at_newlines(data, piece_size);
    let started = Instant::now();
    let merged = pool.install(|| {
        pieces
            .par_iter()
            .enumerate()
            .fold(Partial::default, |mut partial, (seq, piece)| {
                partial.add_chunk(seq as u64, piece, max_line);
                progress.fetch_add(piece.len() as u64, Ordering::Relaxed);
                partial
            })
            .reduce(Partial::default, Partial::merge)
    });
    let times = StageTimes {
        parse: started.elapsed(),
        chunks: pieces.len() as u64,
        ..StageTimes::default()
    };
    Ok((merged, times))
}

/// Pieces of about `piece_size` bytes, each ending just after a newline (except the last).
pub fn split_at_newlines(data: &[u8], piece_size: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(data.len() / piece_size.max(1) + 1);
    let mut rest = data;
    while !rest.is_empty() {
        let cut = match rest
            .get(piece_size.max(1)..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
        {
            Some(offset) => piece_size.max(1) + offset + 1,
            None => rest.len(),
        };
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    pieces
}
// ANCHOR_END: rayon

// ANCHOR: sequential
/// The reference: one line at a time, one map, no chunks, its own line numbering. Slow and
/// obviously right, which is what the property test needs to compare the fast engines with.
pub fn sequential<R: BufRead>(
    mut source: R,
    max_line: usize,
    progress: &AtomicU64,
) -> Result<(Partial, StageTimes), EngineError> {
    let started = Instant::now();
    let mut partial = Partial::default();
    let mut lines = ChunkLines::default(); // the whole input is "chunk 0"
    let mut line = Vec::new();
    loop {
        let (read, too_long) = read_line_capped(&mut source, &mut line, max_line)?;
        if read == 0 {
            break;
        }
        progress.fetch_add(read, Ordering::Relaxed);
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let parsed = if too_long {
            Err(Malformed::TooLong)
        } else {
            parse_line(text)
        };
        match parsed {
            Ok(record) => {
                partial.add_record(&record);
                lines.lines += 1;
            }
            Err(reason) => partial.add_malformed(&mut lines, reason),
        }
    }
    partial.chunks.push(lines);
    let times = StageTimes {
        parse: started.elapsed(),
        chunks: 1,
        ..StageTimes::default()
    };
    Ok((partial, times))
}

/// `read_until(b'\n')` that keeps at most `max_line` bytes of a line (plus its newline): past
/// that, it empties `line` and only consumes bytes up to the next newline. Returns the bytes
/// consumed (0 at the end of the input) and whether the line was over the limit.
fn read_line_capped<R: BufRead>(
    source: &mut R,
    line: &mut Vec<u8>,
    max_line: usize,
) -> io::Result<(u64, bool)> {
    line.clear();
    let (mut consumed, mut too_long) = (0, false);
    loop {
        let available = match source.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok((consumed, too_long)); // end of input, perhaps mid-line
        }
        let newline = memchr::memchr(b'\n', available);
        let (text, used) = match newline {
            Some(at) => (at, at + 1),
            None => (available.len(), available.len()),
        };
        if !too_long && line.len() + text > max_line {
            too_long = true;
            line.clear();
        }
        if !too_long {
            line.extend_from_slice(&available[..used]);
        }
        source.consume(used);
        consumed += used as u64;
        if newline.is_some() {
            return Ok((consumed, too_long));
        }
    }
}
// ANCHOR_END: sequential
