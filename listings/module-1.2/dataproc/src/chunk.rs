//! Cutting a stream of bytes into chunks of whole lines.
//!
//! A chunk ends at the last newline that fits; the bytes after it (the start of a line that the
//! chunk would have cut in two) are carried over to the front of the next chunk. Memory stays
//! bounded by the chunk size times the number of chunks in flight, whatever the size of the file.

use std::io::{self, Read};

/// The longest line `dataproc` reads, not counting its `\n`. A longer line is no log entry: every
/// engine counts it as one malformed line and skips it. A line may be longer than a chunk (the
/// chunk then grows), but never past this, so a file without newlines cannot make the reader
/// hold it whole.
pub const MAX_LINE: usize = 64 << 20;

/// The most one `read` call asks for.
const READ_STEP: usize = 1 << 20;

/// Whole lines from the file, and the chunk's position among the others.
#[derive(Debug)]
pub struct Chunk {
    pub seq: u64,
    /// Whole lines; empty when the chunk stands for one over-long line.
    pub data: Vec<u8>,
    /// Zero, or the length (newline included) of a line longer than the limit that the reader
    /// skipped: the chunk is then that one malformed line.
    pub skipped: u64,
}

/// Reads `source` in chunks of about `chunk_size` bytes, each ending with `\n` except perhaps
/// the last one of the file.
pub struct ChunkReader<R> {
    source: R,
    chunk_size: usize,
    max_line: usize,
    carry: Vec<u8>,
    next_seq: u64,
    at_eof: bool,
}

impl<R: Read> ChunkReader<R> {
    /// `max_line` is normally [`MAX_LINE`]; tests lower it.
    pub fn new(source: R, chunk_size: usize, max_line: usize) -> Self {
        ChunkReader {
            source,
            chunk_size: chunk_size.max(1),
            max_line,
            carry: Vec::new(),
            next_seq: 0,
            at_eof: false,
        }
    }

    // ANCHOR: next_chunk
    /// Fills `buffer` (emptied first: pass a used one back to avoid a new allocation) with the
    /// next chunk, or returns `None` at the end of the input.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> io::Result<Option<Chunk>> {
        buffer.clear();
        buffer.append(&mut self.carry); // the partial line the previous chunk left behind
        let mut want = self.chunk_size;
        let mut scanned = 0; // `buffer[..scanned]` is known to hold no newline
        loop {
            self.fill(&mut buffer, want)?;
            if self.at_eof {
                if buffer.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.emit(buffer))); // may end without a newline
            }
            if let Some(offset) = memchr::memrchr(b'\n', &buffer[scanned..]) {
                let last_newline = scanned + offset;
                self.carry.extend_from_slice(&buffer[last_newline + 1..]);
                buffer.truncate(last_newline + 1);
                return Ok(Some(self.emit(buffer)));
            }
            // Not one whole line yet: a line longer than a chunk. Read on, up to the limit.
            if buffer.len() > self.max_line {
                return self.skip_line(buffer).map(Some);
            }
            scanned = buffer.len();
            want = buffer.len() + self.chunk_size;
        }
    }

    /// `buffer` holds the start of a line already longer than the limit: drop it, read on one
    /// chunk at a time up to the line's newline (or the end of the input), and return a chunk
    /// that stands for that one line.
    fn skip_line(&mut self, mut buffer: Vec<u8>) -> io::Result<Chunk> {
        let mut skipped = buffer.len() as u64;
        loop {
            buffer.clear();
            self.fill(&mut buffer, self.chunk_size)?;
            if let Some(newline) = memchr::memchr(b'\n', &buffer) {
                skipped += newline as u64 + 1;
                self.carry.extend_from_slice(&buffer[newline + 1..]);
                break;
            }
            skipped += buffer.len() as u64;
            if self.at_eof {
                break;
            }
        }
        buffer.clear();
        let mut chunk = self.emit(buffer);
        chunk.skipped = skipped;
        Ok(chunk)
    }
    // ANCHOR_END: next_chunk

    /// Reads until `buffer` holds `want` bytes or the input ends, at most [`READ_STEP`] bytes
    /// per `read`, so that a huge `--chunk-size` on a small file zeroes only what it reads.
    fn fill(&mut self, buffer: &mut Vec<u8>, want: usize) -> io::Result<()> {
        while buffer.len() < want && !self.at_eof {
            let start = buffer.len();
            buffer.resize(want.min(start + READ_STEP), 0);
            match self.source.read(&mut buffer[start..]) {
                Ok(0) => {
                    buffer.truncate(start);
                    self.at_eof = true;
                }
                Ok(n) => buffer.truncate(start + n),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => buffer.truncate(start),
                Err(error) => {
                    buffer.truncate(start);
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    fn emit(&mut self, data: Vec<u8>) -> Chunk {
        let seq = self.next_seq;
        self.next_seq += 1;
        Chunk {
            seq,
            data,
            skipped: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks_of(input: &[u8], size: usize) -> Vec<Vec<u8>> {
        let mut reader = ChunkReader::new(input, size, MAX_LINE);
        let mut out = Vec::new();
        while let Some(chunk) = reader
            .next_chunk(Vec::new())
            .expect("in-memory reads do not fail")
        {
            assert_eq!(chunk.seq, out.len() as u64);
            out.push(chunk.data);
        }
        out
    }

    #[test]
    fn chunks_end_on_newlines_and_lose_nothing() {
        let input = b"one\ntwo\nthree\nfour\nfive";
        for size in 1..=input.len() + 2 {
            let chunks = chunks_of(input, size);
            assert_eq!(chunks.concat(), input, "chunk size {size}");
            for chunk in &chunks[..chunks.len() - 1] {
                assert_eq!(chunk.last(), Some(&b'\n'), "chunk size {size}");
            }
        }
    }

    #[test]
    fn empty_input_gives_no_chunks() {
        assert!(chunks_of(b"", 4).is_empty());
    }

    #[test]
    fn a_line_longer_than_a_chunk_grows_the_chunk() {
        assert_eq!(
            chunks_of(b"abcdefghij\nk\n", 3),
            [&b"abcdefghij\n"[..], b"k\n"]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_with_bounded_memory() {
        let input = b"ab\n0123456789\ncd\nefghijklmn";
        for size in 1..=input.len() + 2 {
            let mut reader = ChunkReader::new(&input[..], size, 4);
            let (mut kept, mut skipped) = (0, Vec::new());
            while let Some(chunk) = reader.next_chunk(Vec::new()).expect("in memory") {
                // Never more than the limit plus about two chunks in memory.
                assert!(chunk.data.len() <= 4 + 2 * size, "chunk size {size}");
                if chunk.skipped > 0 {
                    assert!(chunk.data.is_empty(), "chunk size {size}");
                    skipped.push(chunk.skipped);
                }
                kept += chunk.data.len();
            }
            assert_eq!(kept + skipped.iter().sum::<u64>() as usize, input.len());
            if size <= 4 {
                // Small chunks: the reader skips both long lines (the last has no newline).
                assert_eq!(skipped, [11, 10], "chunk size {size}");
            }
        }
    }
}
