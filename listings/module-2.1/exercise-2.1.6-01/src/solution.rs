use crate::{FrameCodec, FrameError, HEADER};
use tokio_util::bytes::{Buf, BufMut, Bytes, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

// ANCHOR: solution
impl Decoder for FrameCodec {
    type Item = Bytes;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Bytes>, FrameError> {
        let Some(header) = src.get(..HEADER) else {
            return Ok(None); // not even the length yet
        };
        let mut prefix = [0u8; HEADER];
        prefix.copy_from_slice(header);
        // u32 always fits in usize on the 32- and 64-bit targets Tokio supports.
        let length = u32::from_be_bytes(prefix) as usize;
        if length > self.max_frame {
            return Err(FrameError::TooLarge {
                length,
                max: self.max_frame,
            });
        }
        if src.len() < HEADER + length {
            src.reserve(HEADER + length - src.len());
            return Ok(None);
        }
        src.advance(HEADER);
        Ok(Some(src.split_to(length).freeze()))
    }
}

impl Encoder<Bytes> for FrameCodec {
    type Error = FrameError;

    fn encode(&mut self, payload: Bytes, dst: &mut BytesMut) -> Result<(), FrameError> {
        let length = payload.len();
        let too_large = FrameError::TooLarge {
            length,
            max: self.max_frame,
        };
        if length > self.max_frame {
            return Err(too_large);
        }
        let prefix = u32::try_from(length).map_err(|_| too_large)?;
        dst.reserve(HEADER + length);
        dst.put_u32(prefix);
        dst.extend_from_slice(&payload);
        Ok(())
    }
}
// ANCHOR_END: solution
