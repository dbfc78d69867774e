//! What "done" means for Exercise 1.1.10-1.
use exercise_1_1_10_01::{MAX_CHUNK, write_chunked};
use std::io::{self, Write};

fn encode<P: AsRef<[u8]>>(pieces: Vec<P>) -> (Vec<u8>, u64) {
    let mut out = Vec::new();
    let sent = write_chunked(&mut out, pieces).unwrap();
    (out, sent)
}

/// A strict decoder, written from RFC 9112: returns the chunk sizes and the body.
fn decode(mut bytes: &[u8]) -> (Vec<usize>, Vec<u8>) {
    let (mut sizes, mut body) = (Vec::new(), Vec::new());
    loop {
        let end = bytes
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a size line ends with CRLF");
        let size = usize::from_str_radix(std::str::from_utf8(&bytes[..end]).unwrap(), 16)
            .expect("a hex size");
        bytes = &bytes[end + 2..];
        if size == 0 {
            assert_eq!(
                bytes, b"\r\n",
                "the last chunk is followed by one empty line and nothing else"
            );
            return (sizes, body);
        }
        sizes.push(size);
        body.extend_from_slice(&bytes[..size]);
        assert_eq!(
            &bytes[size..size + 2],
            b"\r\n",
            "a chunk's data ends with CRLF"
        );
        bytes = &bytes[size + 2..];
    }
}

#[test]
fn two_pieces_make_two_chunks_and_the_last_chunk() {
    let (out, sent) = encode(vec!["Wiki", "pedia"]);
    assert_eq!(out, b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n");
    assert_eq!(sent, 9);
}

#[test]
fn sizes_are_hexadecimal() {
    let (out, _) = encode(vec![[b'a'; 26]]);
    assert!(
        out.starts_with(b"1a\r\n") || out.starts_with(b"1A\r\n"),
        "{:?}",
        String::from_utf8_lossy(&out[..4])
    );
}

#[test]
fn no_pieces_is_an_empty_body() {
    let (out, sent) = encode(Vec::<&[u8]>::new());
    assert_eq!(out, b"0\r\n\r\n");
    assert_eq!(sent, 0);
}

#[test]
fn an_empty_piece_does_not_end_the_body_early() {
    let (out, sent) = encode(vec!["one ", "", "two"]);
    let (sizes, body) = decode(&out);
    assert_eq!(sizes, [4, 3]);
    assert_eq!(body, b"one two");
    assert_eq!(sent, 7);
}

#[test]
fn a_large_piece_is_split_into_chunks_of_at_most_max_chunk() {
    let piece: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let (out, sent) = encode(vec![piece.clone()]);
    let (sizes, body) = decode(&out);
    assert_eq!(sizes, [MAX_CHUNK, MAX_CHUNK, 20_000 - 2 * MAX_CHUNK]);
    assert_eq!(body, piece);
    assert_eq!(sent, 20_000);
}

#[test]
fn binary_data_with_crlf_inside_survives() {
    let (out, _) = encode(vec![&b"\r\n0\r\n\r\n"[..]]);
    assert_eq!(decode(&out).1, b"\r\n0\r\n\r\n");
}

/// A writer that fails once it has taken `room` bytes, like a connection the peer reset.
struct Failing {
    room: usize,
}

impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(io::Error::new(io::ErrorKind::ConnectionReset, "reset"));
        }
        let taken = buf.len().min(self.room);
        self.room -= taken;
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_write_error_is_returned() {
    let result = write_chunked(
        &mut Failing { room: 10 },
        ["a long enough piece", "and more"],
    );
    assert_eq!(result.unwrap_err().kind(), io::ErrorKind::ConnectionReset);
}
