use crate::MAX_CHUNK;
use std::io::{self, Write};

// ANCHOR: solution
pub fn write_chunked<I, P>(writer: &mut impl Write, pieces: I) -> io::Result<u64>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    let mut sent = 0u64;
    for piece in pieces {
        // `chunks` yields nothing for an empty piece, so no chunk of size 0 goes out early.
        for chunk in piece.as_ref().chunks(MAX_CHUNK) {
            // Size line, data and CRLF in one buffer: one write per chunk.
            let mut frame = Vec::with_capacity(chunk.len() + 8);
            write!(frame, "{:x}\r\n", chunk.len())?;
            frame.extend_from_slice(chunk);
            frame.extend_from_slice(b"\r\n");
            writer.write_all(&frame)?;
            sent += chunk.len() as u64;
        }
    }
    writer.write_all(b"0\r\n\r\n")?;
    writer.flush()?;
    Ok(sent)
}
// ANCHOR_END: solution
