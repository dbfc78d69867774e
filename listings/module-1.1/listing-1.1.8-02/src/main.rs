//! A listener with a tiny backlog that never calls `accept`: how many clients get in, what
//! happens to the others, and what the kernel reports about the queue.
use socket2::{Domain, Protocol, Socket, Type};
use std::fs;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const BACKLOG: i32 = 2;
const CLIENTS: usize = 5;
/// Long enough for any connection on loopback, much shorter than the one second after which
/// a client sends its first retransmitted SYN.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(250);

// ANCHOR: listen
/// A listening socket built step by step, as `TcpListener::bind` does in one call, but with
/// the backlog chosen here instead of the standard library's 128.
fn listen_with_backlog(address: SocketAddr, backlog: i32) -> io::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    // Let a restarted server bind while old connections are in TIME_WAIT (see below).
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(backlog)?;
    Ok(socket.into())
}
// ANCHOR_END: listen

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = listen_with_backlog(SocketAddr::from(([127, 0, 0, 1], 0)), BACKLOG)?;
    let address = listener.local_addr()?;
    println!("listening on {address} with a backlog of {BACKLOG}; nobody calls accept");

    let mut connected = Vec::new();
    for client in 1..=CLIENTS {
        let started = Instant::now();
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(stream) => {
                println!(
                    "client {client}: connected in {}",
                    millis(started.elapsed())
                );
                connected.push(stream);
            }
            Err(error) => println!(
                "client {client}: {error} after {}",
                millis(started.elapsed())
            ),
        }
    }
    println!(
        "accept queue of the listener: {} connections",
        accept_queue(address.port())?
    );

    let mut accepted = 0;
    while accept_queue(address.port())? > 0 {
        accept_within(&listener, CONNECT_TIMEOUT)?;
        accepted += 1;
    }
    println!("the server accepts {accepted}; the queue is empty again");
    let started = Instant::now();
    let _late = TcpStream::connect_timeout(&address, CONNECT_TIMEOUT)?;
    println!(
        "client {}: connected in {}",
        CLIENTS + 1,
        millis(started.elapsed())
    );
    Ok(())
}
// ANCHOR_END: main

/// Microseconds for the quick cases, milliseconds for the slow ones.
fn millis(duration: Duration) -> String {
    if duration < Duration::from_millis(1) {
        format!("{} µs", duration.as_micros())
    } else {
        format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
    }
}

/// How many established connections wait in the accept queue of the listener on `port`.
/// For a listening socket, `/proc/net/tcp` reports that number in its receive-queue column.
fn accept_queue(port: u16) -> io::Result<usize> {
    const LISTEN: &str = "0A";
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
        if local_port == Some(Ok(port)) && *state == LISTEN {
            let receive_queue = queues
                .split_once(':')
                .map(|(_, rx)| usize::from_str_radix(rx, 16));
            if let Some(Ok(length)) = receive_queue {
                return Ok(length);
            }
        }
    }
    Err(io::Error::other(format!(
        "no listener on port {port} in /proc/net/tcp"
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
