//! One client talks to one server over loopback, and the program prints what each layer of the
//! TCP/IP model shows it: an interface, addresses, ports, and a stream of bytes.
use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

/// No step of this program should take more than a moment on loopback; give up long before a
/// reader would wonder whether it hangs.
const TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: main
fn main() -> io::Result<()> {
    // Link layer: the kernel sends loopback traffic through the `lo` interface, whose MTU is
    // the largest packet it carries in one piece.
    let mtu = fs::read_to_string("/sys/class/net/lo/mtu").unwrap_or_else(|_| "unknown".into());
    println!("link        interface lo, MTU {} bytes", mtu.trim());

    // Internet and transport layers: an address and a port. Port 0 lets the kernel pick one.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("server      listening on {}", listener.local_addr()?);

    let mut client = TcpStream::connect_timeout(&listener.local_addr()?, TIMEOUT)?;
    client.set_read_timeout(Some(TIMEOUT))?;
    client.set_write_timeout(Some(TIMEOUT))?;
    println!(
        "client      {} -> {}",
        client.local_addr()?,
        client.peer_addr()?
    );

    let (mut server, peer) = accept_within(&listener, TIMEOUT)?;
    server.set_read_timeout(Some(TIMEOUT))?;
    server.set_write_timeout(Some(TIMEOUT))?;
    println!("server      {} <- {peer}", server.local_addr()?);

    // Application layer: the bytes of an HTTP request, written in three pieces.
    let pieces = ["GET ", "/hello ", "HTTP/1.1\r\n\r\n"];
    for piece in pieces {
        client.write_all(piece.as_bytes())?;
    }
    let sizes: Vec<String> = pieces.iter().map(|piece| piece.len().to_string()).collect();
    println!(
        "client      wrote {} times: {} bytes",
        pieces.len(),
        sizes.join(" + ")
    );

    // Wait until every byte has arrived, then read once: TCP hands over what is there, with
    // no trace of where one write ended and the next began.
    let expected: usize = pieces.iter().map(|piece| piece.len()).sum();
    wait_until_readable(&server, expected)?;
    let mut request = [0u8; 512];
    let received = server.read(&mut request)?;
    println!(
        "server      read {received} bytes in 1 read: {:?}",
        String::from_utf8_lossy(&request[..received])
    );

    server.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")?;
    server.shutdown(Shutdown::Write)?;
    let mut response = String::new();
    client.read_to_string(&mut response)?;
    println!("client      read {response:?}, then end of stream");
    Ok(())
}
// ANCHOR_END: main

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

/// Waits until at least `bytes` bytes are waiting to be read, looking with `peek`, which
/// copies data without taking it off the socket.
fn wait_until_readable(stream: &TcpStream, bytes: usize) -> io::Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    let mut buffer = vec![0u8; bytes];
    while stream.peek(&mut buffer)? < bytes {
        if Instant::now() >= deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the request did not arrive",
            ));
        }
        thread::sleep(Duration::from_millis(1));
    }
    Ok(())
}
