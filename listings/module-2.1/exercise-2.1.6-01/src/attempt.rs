// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.6-1`.
#![allow(unused_variables, unused_imports)]

use crate::{FrameCodec, FrameError, HEADER};
use tokio_util::bytes::{Buf, BufMut, Bytes, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

// ANCHOR: starter
impl Decoder for FrameCodec {
    type Item = Bytes;
    type Error = FrameError;

    /// Returns `Ok(None)` until a whole frame is in `src`, then removes it from `src` and
    /// returns its payload. Rejects an oversized length as soon as the 4 header bytes are in,
    /// without waiting for (or buffering) the payload. Reserve room for the rest of a frame you
    /// know the size of, so that the next read fills it in one go.
    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Bytes>, FrameError> {
        todo!("peek at the length, check it, wait for the payload, split it off")
    }
}

impl Encoder<Bytes> for FrameCodec {
    type Error = FrameError;

    /// Writes the length prefix and the payload; refuses a payload over the limit.
    fn encode(&mut self, payload: Bytes, dst: &mut BytesMut) -> Result<(), FrameError> {
        todo!("check the length, then put_u32 and extend_from_slice")
    }
}
// ANCHOR_END: starter
