use crate::{FrameError, MAX_FRAME_LEN};
use std::io::{ErrorKind, Read, Write};

// ANCHOR: solution
pub fn write_frame(writer: &mut impl Write, payload: &[u8]) -> Result<(), FrameError> {
    let too_long = || FrameError::TooLong {
        len: payload.len() as u64,
    };
    if payload.len() > MAX_FRAME_LEN {
        return Err(too_long());
    }
    let len = u32::try_from(payload.len()).map_err(|_| too_long())?;
    // One buffer, one write: the prefix and the payload leave together.
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(payload);
    writer.write_all(&frame)?;
    Ok(())
}

pub fn read_frame(reader: &mut impl Read) -> Result<Option<Vec<u8>>, FrameError> {
    // `read_exact` cannot tell "no frame at all" from "half a prefix", so fill the prefix by
    // hand: zero bytes before the first one is a clean end of stream.
    let mut prefix = [0u8; 4];
    let mut filled = 0;
    while filled < prefix.len() {
        match reader.read(&mut prefix[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(bytes) => filled += bytes,
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(error) => return Err(error.into()),
        }
    }
    let announced = u32::from_be_bytes(prefix);
    let len = usize::try_from(announced)
        .ok()
        .filter(|&len| len <= MAX_FRAME_LEN)
        .ok_or(FrameError::TooLong {
            len: u64::from(announced),
        })?;
    let mut payload = vec![0u8; len];
    // `read_exact` retries short and interrupted reads, and reports a stream that ends too
    // early as `UnexpectedEof`.
    reader
        .read_exact(&mut payload)
        .map_err(|error| match error.kind() {
            ErrorKind::UnexpectedEof => FrameError::Truncated,
            _ => FrameError::Io(error),
        })?;
    Ok(Some(payload))
}
// ANCHOR_END: solution
