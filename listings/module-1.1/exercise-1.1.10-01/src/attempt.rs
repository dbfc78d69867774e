// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.10-1`.
#![allow(unused_variables, unused_imports)]

use crate::MAX_CHUNK;
use std::io::{self, Write};

// ANCHOR: starter
/// Writes `pieces` as a chunked body and returns the number of payload bytes sent.
///
/// - Each chunk is its size in hexadecimal, `\r\n`, its bytes, and `\r\n`.
/// - A chunk of size 0 ends the body, so an empty piece must not become a chunk.
/// - A piece longer than `MAX_CHUNK` goes out as several chunks of at most `MAX_CHUNK` bytes.
/// - The body ends with the last chunk, `0\r\n`, and the empty line that ends the (empty)
///   trailer section, `\r\n`.
/// - Errors from `writer` are returned, not hidden.
pub fn write_chunked<I, P>(writer: &mut impl Write, pieces: I) -> io::Result<u64>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    todo!("write each non-empty piece as one or more chunks, then the last chunk")
}
// ANCHOR_END: starter
