//! Every address in 127.0.0.0/8 reaches this machine, each is a separate address with its own
//! ports, and the IPv6 loopback address `::1` is separate from all of them.
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: main
fn main() -> io::Result<()> {
    // Take a free port on 127.0.0.1, then listen on the same port at three more addresses of
    // 127.0.0.0/8. A port belongs to an address, so none of these binds conflicts.
    let first = TcpListener::bind("127.0.0.1:0")?;
    let port = first.local_addr()?.port();
    let mut listeners = vec![first];
    for address in [
        Ipv4Addr::new(127, 0, 0, 2),
        Ipv4Addr::new(127, 1, 2, 3),
        Ipv4Addr::new(127, 255, 255, 254),
    ] {
        listeners.push(TcpListener::bind(SocketAddr::from((address, port)))?);
    }
    // IPv6 has exactly one loopback address. Let the kernel choose its port.
    listeners.push(TcpListener::bind(SocketAddr::from((
        Ipv6Addr::LOCALHOST,
        0,
    )))?);

    for listener in &listeners {
        let server = listener.local_addr()?;
        let client = TcpStream::connect_timeout(&server, TIMEOUT)?;
        let (_accepted, peer) = accept_within(listener, TIMEOUT)?;
        let loopback = server.ip().is_loopback() && client.local_addr()?.ip().is_loopback();
        println!("{server:<22} accepted {peer:<18} both loopback: {loopback}");
    }

    // Nothing listens on these, although the port is open on 127.0.0.1.
    for address in [
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3)),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    ] {
        let target = SocketAddr::new(address, port);
        match TcpStream::connect_timeout(&target, TIMEOUT) {
            Ok(_) => println!("{target:<22} connected (something else listens there)"),
            Err(error) => println!("{target:<22} {error}"),
        }
    }
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
