//! Cutting a stream of bytes into chunks of whole lines.
//!
//! A chunk ends at the last newline that fits; the bytes after it (the start of a line that the
//! chunk would have cut in two) are carried over to the front of the next chunk. Memory stays
//! bounded by the chunk size times the number of chunks in flight, whatever the size of the file.

use std::io::{self, Read};

/// A line may be longer than a chunk (the chunk then grows), but not longer than this: a file
/// without newlines is not a log, and reading it whole would defeat the point of chunking.
pub const MAX_LINE: usize = 64 << 20;

/// The most one `read` call asks for.
const READ_STEP: usize = 1 << 20;

// ANCHOR: chunk
/// Whole lines from the file, and the chunk's position among the others.
#[derive(Debug)]
pub struct Chunk {
    pub seq: u64,
    pub data: Vec<u8>,
}

/// Reads `source` in chunks of about `chunk_size` bytes, each ending with `\n` except perhaps
/// the last one of the file.
pub struct ChunkReader<R> {
    source: R,
    chunk_size: usize,
    carry: Vec<u8>,
    next_seq: u64,
    at_eof: bool,
}
// ANCHOR_END: chunk

impl<R: Read> ChunkReader<R> {
    pub fn new(source: R, chunk_size: usize) -> Self {
        ChunkReader {
            source,
            chunk_size: chunk_size.max(1),
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
        loop {
            self.fill(&mut buffer, want)?;
            if self.at_eof {
                if buffer.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.emit(buffer))); // may end without a newline
            }
            if let Some(last_newline) = memchr::memrchr(b'\n', &buffer) {
                self.carry.extend_from_slice(&buffer[last_newline + 1..]);
                buffer.truncate(last_newline + 1);
                return Ok(Some(self.emit(buffer)));
            }
            // Not one whole line yet: a line longer than a chunk. Read on.
            if buffer.len() > MAX_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "a line longer than {} MiB: this is not a log file",
                        MAX_LINE >> 20
                    ),
                ));
            }
            want = buffer.len() + self.chunk_size;
        }
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
        Chunk { seq, data }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks_of(input: &[u8], size: usize) -> Vec<Vec<u8>> {
        let mut reader = ChunkReader::new(input, size);
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
}
