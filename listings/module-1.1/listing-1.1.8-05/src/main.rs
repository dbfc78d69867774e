//! Measures request latency on loopback when each request is written in two small pieces: with
//! Nagle's algorithm on (the default), with TCP_NODELAY, and with the request written at once.
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

/// Requests per measurement; the median is reported. Linux acknowledges the first segments of
/// a new connection at once ("quick ACK" mode), so the first request or two are fast either
/// way, and the median is what a long-lived connection sees.
const ROUNDS: usize = 20;
const HEADER: &[u8] = b"LEN 10    ";
const BODY: &[u8] = b"0123456789";
const REPLY: &[u8] = b"OK        ";
const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Clone, Copy)]
enum Writes {
    /// `write(header)` then `write(body)`, as code that streams a message often does.
    HeaderThenBody,
    /// Header and body copied into one buffer and written with one call.
    Together,
}

// ANCHOR: client
/// Sends `ROUNDS` requests on one connection and returns the median time from the first byte
/// written to the last byte of the reply read.
fn median_latency(nodelay: bool, writes: Writes) -> io::Result<Duration> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = thread::spawn(move || serve(&listener));

    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    stream.set_nodelay(nodelay)?;
    let together = [HEADER, BODY].concat();
    let mut reply = [0u8; REPLY.len()];
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        match writes {
            Writes::HeaderThenBody => {
                stream.write_all(HEADER)?;
                stream.write_all(BODY)?;
            }
            Writes::Together => stream.write_all(&together)?,
        }
        stream.read_exact(&mut reply)?;
        samples.push(started.elapsed());
    }
    drop(stream); // the server sees end of stream and returns
    server
        .join()
        .map_err(|_| io::Error::other("the server thread panicked"))??;
    samples.sort_unstable();
    Ok(samples[ROUNDS / 2])
}
// ANCHOR_END: client

// ANCHOR: server
/// Answers each request once all of it has arrived, as any server does that must parse a
/// whole request before it can reply.
fn serve(listener: &TcpListener) -> io::Result<()> {
    let (mut stream, _) = accept_within(listener, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut request = [0u8; HEADER.len() + BODY.len()];
    loop {
        match stream.read_exact(&mut request) {
            Ok(()) => stream.write_all(REPLY)?,
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(error) => return Err(error),
        }
    }
}
// ANCHOR_END: server

fn main() -> io::Result<()> {
    println!(
        "median of {ROUNDS} requests: a {}-byte header and a {}-byte body, a {}-byte reply",
        HEADER.len(),
        BODY.len(),
        REPLY.len()
    );
    let nagle = median_latency(false, Writes::HeaderThenBody)?;
    let nodelay = median_latency(true, Writes::HeaderThenBody)?;
    let together = median_latency(false, Writes::Together)?;
    for (label, latency) in [
        ("two writes, Nagle on (the default)", nagle),
        ("two writes, TCP_NODELAY", nodelay),
        ("one write, Nagle on", together),
    ] {
        println!("  {label:<36} {:>9}", human(latency));
    }
    let ratio = nagle.as_secs_f64() / nodelay.as_secs_f64();
    println!("two small writes with Nagle on are {ratio:.0}x slower than with TCP_NODELAY");
    Ok(())
}

fn human(duration: Duration) -> String {
    if duration < Duration::from_millis(1) {
        format!("{:.1} µs", duration.as_secs_f64() * 1e6)
    } else {
        format!("{:.1} ms", duration.as_secs_f64() * 1e3)
    }
}

/// Accepts one connection, or fails with `TimedOut`. `TcpListener::accept` has no timeout of
/// its own, so this asks a non-blocking listener every millisecond until the deadline.
fn accept_within(listener: &TcpListener, timeout: Duration) -> io::Result<(TcpStream, SocketAddr)> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + timeout;
    loop {
        match listener.accept() {
            Ok((stream, peer)) => {
                stream.set_nonblocking(false)?;
                return Ok((stream, peer));
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "no connection arrived",
                    ));
                }
                thread::sleep(Duration::from_millis(1));
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_write_per_request_is_fast() {
        let latency = median_latency(false, Writes::Together).unwrap();
        assert!(latency < Duration::from_millis(10), "{latency:?}");
    }

    #[test]
    fn two_small_writes_wait_for_the_delayed_ack_unless_nodelay_is_set() {
        let nagle = median_latency(false, Writes::HeaderThenBody).unwrap();
        let nodelay = median_latency(true, Writes::HeaderThenBody).unwrap();
        // Linux delays an acknowledgement by at least 40 ms; allow for coarser timers elsewhere.
        assert!(nagle > Duration::from_millis(20), "{nagle:?}");
        assert!(nodelay < Duration::from_millis(10), "{nodelay:?}");
    }
}
