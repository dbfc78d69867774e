//! Flow control, observed: a receiver that does not read, a sender that writes as fast as the
//! kernel lets it. The sender stops when the buffers on both sides are full, and goes on as
//! soon as the receiver reads.
use socket2::{Domain, Protocol, Socket, Type};
use std::fs;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);
/// The buffer size this program asks for on both sides. Fixing it turns off the kernel's
/// automatic tuning, which would otherwise grow the buffers while the program runs.
const BUFFER: usize = 64 * 1024;
const CHUNK: usize = 16 * 1024;
/// An upper bound on what the sender tries, so the loop ends even if nothing pushes back.
const MAX_BYTES: usize = 64 * 1024 * 1024;

// ANCHOR: main
fn main() -> io::Result<()> {
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    let listener = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    // Set before `listen`: accepted sockets inherit it.
    listener.set_recv_buffer_size(BUFFER)?;
    listener.bind(&loopback.into())?;
    listener.listen(16)?;
    let listener: TcpListener = listener.into();
    let server_address = listener.local_addr()?;

    let sender = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    sender.set_send_buffer_size(BUFFER)?;
    sender.connect_timeout(&server_address.into(), TIMEOUT)?;
    let mut sender: TcpStream = sender.into();
    let (mut receiver, _) = accept_within(&listener, TIMEOUT)?;
    println!(
        "asked for {} KiB buffers, got: receive {} KiB, send {} KiB",
        BUFFER / 1024,
        socket2::SockRef::from(&receiver).recv_buffer_size()? / 1024,
        socket2::SockRef::from(&sender).send_buffer_size()? / 1024,
    );

    // The receiver reads nothing. The sender writes until the kernel refuses more.
    let written = write_until_full(&mut sender)?;
    let waiting = receive_queue(server_address.port())?;
    println!("the sender's write would block after {written} bytes:");
    println!("  {waiting:>7} bytes wait in the receiver's buffer, unread");
    println!(
        "  {:>7} bytes wait in the sender's buffer, not yet delivered",
        written - waiting
    );

    // The receiver reads everything; the window opens and the sender can go on.
    receiver.set_read_timeout(Some(TIMEOUT))?;
    let mut buffer = vec![0u8; CHUNK];
    let mut read = 0;
    while read < written {
        read += receiver.read(&mut buffer)?;
    }
    let more = sender.write(&buffer)?;
    println!("the receiver reads all {read} bytes; the sender's next write takes {more} bytes");
    Ok(())
}
// ANCHOR_END: main

/// Writes without blocking until the kernel answers "would block", twice: once when the
/// buffers first fill, and again after a pause, because acknowledgements still on their way
/// can make a little more room. Returns how many bytes the kernel accepted.
fn write_until_full(stream: &mut TcpStream) -> io::Result<usize> {
    stream.set_nonblocking(true)?;
    let chunk = [b'x'; CHUNK];
    let mut written = 0;
    let mut blocked_twice = false;
    while written < MAX_BYTES {
        match stream.write(&chunk) {
            Ok(bytes) => written += bytes,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                if blocked_twice {
                    break;
                }
                blocked_twice = true;
                thread::sleep(Duration::from_millis(50));
            }
            Err(error) => return Err(error),
        }
    }
    stream.set_nonblocking(false)?;
    Ok(written)
}

/// The bytes that have arrived on the connection whose local port is `port` and that nobody
/// has read yet: the receive-queue column of `/proc/net/tcp`.
fn receive_queue(port: u16) -> io::Result<usize> {
    const ESTABLISHED: &str = "01";
    let table = fs::read_to_string("/proc/net/tcp")?;
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(local), Some(state), Some(queues)) =
            (fields.get(1), fields.get(3), fields.get(4))
        else {
            continue;
        };
        let local_port = local
            .split_once(':')
            .map(|(_, port)| u16::from_str_radix(port, 16));
        if local_port == Some(Ok(port)) && *state == ESTABLISHED {
            let receive_queue = queues
                .split_once(':')
                .map(|(_, rx)| usize::from_str_radix(rx, 16));
            if let Some(Ok(length)) = receive_queue {
                return Ok(length);
            }
        }
    }
    Err(io::Error::other(format!(
        "no connection on port {port} in /proc/net/tcp"
    )))
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
