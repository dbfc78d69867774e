//! What "done" means for Exercise 2.1.6-1.
use exercise_2_1_6_01::{FrameCodec, FrameError};
use tokio_util::bytes::{Bytes, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

fn encode_all(codec: &mut FrameCodec, payloads: &[&[u8]]) -> BytesMut {
    let mut wire = BytesMut::new();
    for payload in payloads {
        codec
            .encode(Bytes::copy_from_slice(payload), &mut wire)
            .unwrap();
    }
    wire
}

#[test]
fn the_wire_format_is_a_big_endian_length_then_the_payload() {
    let wire = encode_all(&mut FrameCodec { max_frame: 64 }, &[b"hi", b""]);
    assert_eq!(&wire[..], &[0, 0, 0, 2, b'h', b'i', 0, 0, 0, 0]);
}

#[test]
fn decodes_what_it_encodes_split_at_every_boundary() {
    let payloads: [&[u8]; 4] = [
        b"GET key",
        b"",
        b"a longer payload with spaces",
        b"\x00\xff\x00",
    ];
    let mut codec = FrameCodec { max_frame: 64 };
    let wire = encode_all(&mut codec, &payloads);
    for split in 0..=wire.len() {
        let mut buffer = BytesMut::new();
        let mut decoded = Vec::new();
        for part in [&wire[..split], &wire[split..]] {
            buffer.extend_from_slice(part);
            while let Some(frame) = codec.decode(&mut buffer).unwrap() {
                decoded.push(frame);
            }
        }
        let decoded: Vec<&[u8]> = decoded.iter().map(|frame| &frame[..]).collect();
        assert_eq!(decoded, payloads, "split at byte {split}");
        assert!(buffer.is_empty());
    }
}

#[test]
fn a_partial_frame_is_not_consumed() {
    let mut codec = FrameCodec { max_frame: 64 };
    let mut buffer = BytesMut::from(&[0u8, 0, 0, 5, b'a', b'b'][..]);
    assert!(codec.decode(&mut buffer).unwrap().is_none());
    assert_eq!(
        buffer.len(),
        6,
        "bytes of an incomplete frame stay in the buffer"
    );
}

#[test]
fn an_oversized_length_is_rejected_from_the_header_alone() {
    let mut codec = FrameCodec { max_frame: 1024 };
    let mut buffer = BytesMut::from(&[0xffu8, 0xff, 0xff, 0xff][..]);
    match codec.decode(&mut buffer) {
        Err(FrameError::TooLarge { length, max }) => {
            assert_eq!((length, max), (u32::MAX as usize, 1024));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(
        buffer.capacity() < 1024 * 1024,
        "must not reserve room for a hostile length"
    );
}

#[test]
fn refuses_to_send_an_oversized_payload() {
    let mut codec = FrameCodec { max_frame: 4 };
    let mut wire = BytesMut::new();
    let result = codec.encode(Bytes::from_static(b"too long"), &mut wire);
    assert!(matches!(
        result,
        Err(FrameError::TooLarge { length: 8, max: 4 })
    ));
    assert!(wire.is_empty(), "nothing half-written");
}
