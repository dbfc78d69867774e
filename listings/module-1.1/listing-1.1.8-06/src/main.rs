//! What TIME_WAIT costs and the two socket options that deal with it. A server that closes a
//! connection first leaves it in TIME_WAIT, and a restarted server cannot bind the port unless
//! both the old and the new listener set SO_REUSEADDR. A client that sets SO_LINGER to zero
//! aborts its connection with a reset and leaves nothing behind.
use socket2::{Domain, Protocol, SockRef, Socket, Type};
use std::fs;
use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

/// A listener on `address`, with or without SO_REUSEADDR. (`TcpListener::bind` always sets it
/// on Unix; socket2 lets you leave it off, to see what it does.)
fn listener(address: SocketAddr, reuse_address: bool) -> io::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket.set_reuse_address(reuse_address)?;
    socket.bind(&address.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

// ANCHOR: restart
/// Runs a server that closes a connection first, stops it, and starts a new one on the same
/// port while the old connection is in TIME_WAIT. Returns the old connection's state and the
/// outcome of the new bind.
fn restart(old_reuses: bool, new_reuses: bool) -> io::Result<(String, String)> {
    let old = listener(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), old_reuses)?;
    let address = old.local_addr()?;
    let mut client = TcpStream::connect_timeout(&address, TIMEOUT)?;
    let (server_side, _) = accept_within(&old, TIMEOUT)?;
    drop(server_side); // the server closes first...
    client.set_read_timeout(Some(TIMEOUT))?;
    client.read_to_end(&mut Vec::new())?; // ...the client sees end of stream...
    drop(client); // ...and closes too.
    drop(old); // The old server is gone; only its closed connection remains.

    let states: Vec<String> = settled_sockets_on_port(address.port())?
        .iter()
        // The old server's side only: on a loaded machine the client's side can still be on its
        // way out, and an unrelated socket elsewhere may have this number as its remote port.
        .filter(|socket| socket.local.port() == address.port())
        .map(|socket| format!("{} -> {} {}", socket.local, socket.remote, socket.state))
        .collect();
    let outcome = match listener(address, new_reuses) {
        Ok(_) => "bound".to_owned(),
        Err(error) => error.to_string(),
    };
    Ok((states.join(", "), outcome))
}
// ANCHOR_END: restart

// ANCHOR: main
fn main() -> io::Result<()> {
    println!("restarting a server whose last connection is in TIME_WAIT (SO_REUSEADDR on or off)");
    println!(
        "  {:<11} {:<11} {:<44} binding the port again",
        "old server", "new server", "what the old server left"
    );
    for (old_reuses, new_reuses) in [(false, false), (false, true), (true, true)] {
        let (left, outcome) = restart(old_reuses, new_reuses)?;
        let [old, new] = [old_reuses, new_reuses].map(|on| if on { "on" } else { "off" });
        println!("  {old:<11} {new:<11} {left:<44} {outcome}");
    }

    println!("closing with SO_LINGER set to 0");
    let server = listener(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), true)?;
    let address = server.local_addr()?;
    let client = TcpStream::connect_timeout(&address, TIMEOUT)?;
    let (mut server_side, _) = accept_within(&server, TIMEOUT)?;
    SockRef::from(&client).set_linger(Some(Duration::ZERO))?;
    drop(client); // sends RST instead of FIN, and forgets the connection at once
    server_side.set_read_timeout(Some(TIMEOUT))?;
    match server_side.read(&mut [0u8; 16]) {
        Ok(bytes) => println!("  the server read {bytes} bytes"),
        Err(error) => println!("  the server's read fails: {error}"),
    }
    drop(server_side);
    let left = settled_sockets_on_port(address.port())?
        .iter()
        .filter(|socket| socket.remote.port() != 0) // leave out the listener itself
        .count();
    println!("  sockets of this connection left in /proc/net/tcp: {left}");
    Ok(())
}
// ANCHOR_END: main

/// One line of `/proc/net/tcp`: a socket's two addresses and its state.
struct ProcSocket {
    local: SocketAddrV4,
    remote: SocketAddrV4,
    state: &'static str,
}

/// The names of the states, indexed by the number the kernel prints (include/net/tcp_states.h).
const STATES: [&str; 13] = [
    "UNKNOWN",
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT1",
    "FIN_WAIT2",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "CLOSING",
    "NEW_SYN_RECV",
];

fn parse_line(line: &str) -> Option<ProcSocket> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let state = usize::from_str_radix(fields.get(3)?, 16).ok()?;
    Some(ProcSocket {
        local: parse_address(fields.get(1)?)?,
        remote: parse_address(fields.get(2)?)?,
        state: STATES.get(state).copied().unwrap_or("UNKNOWN"),
    })
}

/// `0100007F:9C41` is 127.0.0.1 port 40001: the address is one 32-bit number in the
/// machine's byte order, the port an ordinary number, both in hexadecimal.
fn parse_address(text: &str) -> Option<SocketAddrV4> {
    let (address, port) = text.split_once(':')?;
    let address = u32::from_str_radix(address, 16).ok()?;
    let port = u16::from_str_radix(port, 16).ok()?;
    Some(SocketAddrV4::new(
        Ipv4Addr::from(address.to_ne_bytes()),
        port,
    ))
}

/// The sockets with `port` at either end, once none is in a state that lasts only until the
/// other side's next segment arrives.
fn settled_sockets_on_port(port: u16) -> io::Result<Vec<ProcSocket>> {
    const PASSING: [&str; 6] = [
        "SYN_SENT",
        "SYN_RECV",
        "NEW_SYN_RECV",
        "FIN_WAIT1",
        "LAST_ACK",
        "CLOSING",
    ];
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let sockets: Vec<ProcSocket> = fs::read_to_string("/proc/net/tcp")?
            .lines()
            .skip(1)
            .filter_map(parse_line)
            .filter(|socket| socket.local.port() == port || socket.remote.port() == port)
            .collect();
        let settled = !sockets.iter().any(|socket| PASSING.contains(&socket.state));
        if settled || Instant::now() >= deadline {
            return Ok(sockets);
        }
        thread::sleep(Duration::from_millis(1));
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
