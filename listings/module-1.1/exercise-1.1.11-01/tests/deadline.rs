//! What "done" means for Exercise 1.1.11-1.
use exercise_1_1_11_01::{LineError, read_line_before};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const SETUP_TIMEOUT: Duration = Duration::from_secs(5);

/// A connected pair: (the server's side, which the function reads, and the client's side).
fn pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client =
        TcpStream::connect_timeout(&listener.local_addr().unwrap(), SETUP_TIMEOUT).unwrap();
    client.set_write_timeout(Some(SETUP_TIMEOUT)).unwrap();
    // The connection is already in the accept queue, so this accept returns at once.
    let (server, _) = listener.accept().unwrap();
    (server, client)
}

/// Sends `bytes` one at a time, `gap` apart, from another thread.
fn drip(mut client: TcpStream, bytes: &'static [u8], gap: Duration) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for byte in bytes {
            if client.write_all(&[*byte]).is_err() {
                return; // the reader gave up and closed: stop
            }
            thread::sleep(gap);
        }
    })
}

#[test]
fn a_line_sent_at_once_is_returned_whole() {
    let (mut server, mut client) = pair();
    client.write_all(b"PING\n").unwrap();
    let line =
        read_line_before(&mut server, Instant::now() + Duration::from_secs(2), 1024).unwrap();
    assert_eq!(line, b"PING\n");
}

#[test]
fn a_slow_but_timely_line_is_returned() {
    let (mut server, client) = pair();
    let sender = drip(client, b"slow\n", Duration::from_millis(20));
    let line =
        read_line_before(&mut server, Instant::now() + Duration::from_secs(2), 1024).unwrap();
    assert_eq!(line, b"slow\n");
    sender.join().unwrap();
}

#[test]
fn a_drip_fed_line_cannot_outlast_the_deadline() {
    let (mut server, client) = pair();
    // One byte every 50 ms: each read waits much less than any per-read timeout would allow.
    let sender = drip(
        client,
        b"this line takes a whole second to arrive\n",
        Duration::from_millis(50),
    );
    let started = Instant::now();
    let result = read_line_before(&mut server, started + Duration::from_millis(300), 1024);
    assert!(matches!(result, Err(LineError::TimedOut)), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "took {:?}",
        started.elapsed()
    );
    drop(server);
    sender.join().unwrap();
}

#[test]
fn a_silent_peer_times_out_at_the_deadline() {
    let (mut server, _client) = pair();
    let started = Instant::now();
    let result = read_line_before(&mut server, started + Duration::from_millis(200), 1024);
    assert!(matches!(result, Err(LineError::TimedOut)), "{result:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(190) && elapsed < Duration::from_millis(600),
        "took {elapsed:?}"
    );
}

#[test]
fn a_deadline_in_the_past_fails_without_waiting() {
    let (mut server, mut client) = pair();
    client.write_all(b"too late\n").unwrap();
    let result = read_line_before(&mut server, Instant::now() - Duration::from_millis(1), 1024);
    assert!(matches!(result, Err(LineError::TimedOut)), "{result:?}");
}

#[test]
fn an_endless_line_is_refused() {
    let (mut server, mut client) = pair();
    let writer = thread::spawn(move || {
        let _ = client.write_all(&[b'x'; 10_000]);
        client
    });
    let result = read_line_before(&mut server, Instant::now() + Duration::from_secs(2), 1024);
    assert!(
        matches!(result, Err(LineError::TooLong(1024))),
        "{result:?}"
    );
    drop(writer.join().unwrap());
}

#[test]
fn a_close_before_the_newline_is_reported() {
    let (mut server, mut client) = pair();
    client.write_all(b"half a li").unwrap();
    drop(client);
    let result = read_line_before(&mut server, Instant::now() + Duration::from_secs(2), 1024);
    assert!(matches!(result, Err(LineError::Closed)), "{result:?}");
}
