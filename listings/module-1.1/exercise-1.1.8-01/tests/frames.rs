//! What "done" means for Exercise 1.1.8-1.
use exercise_1_1_8_01::{FrameError, MAX_FRAME_LEN, read_frame, write_frame};
use std::io::{self, Cursor, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(5);

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_frame(&mut bytes, payload).unwrap();
    bytes
}

/// A connected pair of loopback sockets with timeouts.
fn socket_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect_timeout(&listener.local_addr().unwrap(), TIMEOUT).unwrap();
    // `accept` has no timeout: ask a non-blocking listener until a deadline instead.
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let server = loop {
        match listener.accept() {
            Ok((server, _)) => break server,
            Err(error) if error.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(1));
            }
            Err(error) => panic!("no connection to accept: {error}"),
        }
    };
    server.set_nonblocking(false).unwrap();
    for stream in [&client, &server] {
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    }
    (client, server)
}

#[test]
fn a_frame_is_a_big_endian_length_then_the_payload() {
    assert_eq!(frame(b"hi"), [0, 0, 0, 2, b'h', b'i']);
    assert_eq!(frame(b""), [0, 0, 0, 0]);
}

#[test]
fn frames_cross_a_real_tcp_connection_intact() {
    let (mut client, mut server) = socket_pair();
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let sent = vec![b"hello".to_vec(), Vec::new(), big, b"last".to_vec()];
    let to_send = sent.clone();
    let writer = thread::spawn(move || {
        for payload in &to_send {
            write_frame(&mut client, payload).unwrap();
        }
        // Dropping the stream closes it: the reader sees a clean end after the last frame.
    });
    for expected in &sent {
        let received = read_frame(&mut server)
            .unwrap()
            .expect("a frame, not the end");
        assert_eq!(&received, expected);
    }
    assert!(read_frame(&mut server).unwrap().is_none());
    writer.join().unwrap();
}

/// Hands out at most one byte per read, and fails every other read with `Interrupted`, as a
/// slow network and a signal handler can.
struct Trickle {
    inner: Cursor<Vec<u8>>,
    interrupt: bool,
}

impl Read for Trickle {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::Error::from(ErrorKind::Interrupted));
        }
        let end = buffer.len().min(1);
        self.inner.read(&mut buffer[..end])
    }
}

#[test]
fn short_and_interrupted_reads_are_retried() {
    let mut bytes = frame(b"one");
    bytes.extend(frame(b"two"));
    let mut reader = Trickle {
        inner: Cursor::new(bytes),
        interrupt: false,
    };
    assert_eq!(read_frame(&mut reader).unwrap(), Some(b"one".to_vec()));
    assert_eq!(read_frame(&mut reader).unwrap(), Some(b"two".to_vec()));
    assert_eq!(read_frame(&mut reader).unwrap(), None);
}

#[test]
fn an_empty_stream_is_a_clean_end() {
    assert!(read_frame(&mut Cursor::new(Vec::new())).unwrap().is_none());
}

#[test]
fn a_stream_that_ends_inside_a_frame_is_truncated() {
    let inside_the_prefix = vec![0, 0];
    let inside_the_payload = frame(b"hello")[..7].to_vec();
    for bytes in [inside_the_prefix, inside_the_payload] {
        let outcome = read_frame(&mut Cursor::new(bytes));
        assert!(matches!(outcome, Err(FrameError::Truncated)), "{outcome:?}");
    }
}

#[test]
fn a_frame_over_the_limit_is_refused_before_its_payload_is_read() {
    // Only the prefix is there: refusing must not wait for, or allocate, 4 GiB of payload.
    let outcome = read_frame(&mut Cursor::new(vec![0xFF, 0xFF, 0xFF, 0xFF]));
    assert!(
        matches!(outcome, Err(FrameError::TooLong { len: 0xFFFF_FFFF })),
        "{outcome:?}"
    );
    let just_over = (MAX_FRAME_LEN as u32 + 1).to_be_bytes().to_vec();
    assert!(matches!(
        read_frame(&mut Cursor::new(just_over)),
        Err(FrameError::TooLong { .. })
    ));
}

#[test]
fn writing_a_frame_over_the_limit_writes_nothing() {
    let mut written = Vec::new();
    let outcome = write_frame(&mut written, &vec![0; MAX_FRAME_LEN + 1]);
    assert!(
        matches!(outcome, Err(FrameError::TooLong { .. })),
        "{outcome:?}"
    );
    assert!(written.is_empty());
    assert!(write_frame(&mut written, &vec![0; MAX_FRAME_LEN]).is_ok());
}

/// Records the size of every `write` call.
#[derive(Default)]
struct CountingWriter {
    calls: Vec<usize>,
}

impl Write for CountingWriter {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        self.calls.push(buffer.len());
        Ok(buffer.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_frame_is_handed_over_in_one_write() {
    let mut writer = CountingWriter::default();
    write_frame(&mut writer, b"twelve bytes").unwrap();
    assert_eq!(
        writer.calls,
        [16],
        "prefix and payload in separate writes let Nagle's algorithm delay the payload"
    );
}

#[test]
fn a_read_timeout_is_an_io_error_not_a_hang() {
    let (mut client, mut server) = socket_pair();
    server
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // Half a frame, and then silence while the connection stays open.
    client.write_all(&frame(b"hello")[..6]).unwrap();
    let started = Instant::now();
    let outcome = read_frame(&mut server);
    assert!(started.elapsed() < Duration::from_secs(3));
    match outcome {
        Err(FrameError::Io(error)) => assert!(
            matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "{error}"
        ),
        other => panic!("expected a timeout, got {other:?}"),
    }
    drop(client);
}
