//! Follows one TCP connection from `listen` to TIME_WAIT. After each step it prints the state
//! the kernel reports for each of this program's sockets, read from `/proc/net/tcp` and picked
//! out by this program's own ports, so other connections on the machine do not show.
use std::fs;
use std::io::{self, Read};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: main
fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let server_port = listener.local_addr()?.port();
    println!("listening on {}", listener.local_addr()?);
    let mut table = Table::new(server_port);
    table.row("listen", None)?;

    let client = TcpStream::connect_timeout(&listener.local_addr()?, TIMEOUT)?;
    let client_port = client.local_addr()?.port();
    table.row("client connects, no accept yet", Some(client_port))?;

    let (mut server, _) = accept_within(&listener, TIMEOUT)?;
    table.row("server accepts", Some(client_port))?;

    // The client says it will send nothing more: its kernel sends a FIN.
    client.shutdown(Shutdown::Write)?;
    table.row("client shuts down writing (FIN)", Some(client_port))?;

    // The server reads the end of the stream, then closes: its kernel sends a FIN too.
    server.set_read_timeout(Some(TIMEOUT))?;
    let mut rest = Vec::new();
    server.read_to_end(&mut rest)?;
    drop(server);
    table.row("server reads EOF and closes", Some(client_port))?;

    drop(client);
    drop(listener);
    table.row("client and listener close", Some(client_port))?;

    let time_wait = sockets_on_port(server_port)?
        .into_iter()
        .find(|socket| socket.state == "TIME_WAIT");
    if let Some(socket) = time_wait {
        println!(
            "{} -> {} stays in TIME_WAIT for another {:.1} s",
            socket.local,
            socket.remote,
            socket.timer.as_secs_f64()
        );
    }
    Ok(())
}
// ANCHOR_END: main

/// Prints one row per step: the state of the listener, the client and the server side.
struct Table {
    server_port: u16,
}

impl Table {
    fn new(server_port: u16) -> Table {
        println!("{:<33} {:<12} {:<12} server", "step", "listener", "client");
        Table { server_port }
    }

    fn row(&mut self, step: &str, client_port: Option<u16>) -> io::Result<()> {
        let sockets = settled_sockets_on_port(self.server_port)?;
        let state_of = |local: u16, remote: Option<u16>| {
            sockets
                .iter()
                .find(|socket| socket.local.port() == local && Some(socket.remote.port()) == remote)
                .map_or("-", |socket| socket.state)
        };
        let listener = state_of(self.server_port, Some(0));
        let (client, server) = match client_port {
            Some(port) => (
                state_of(port, Some(self.server_port)),
                state_of(self.server_port, Some(port)),
            ),
            None => ("-", "-"),
        };
        println!("{step:<33} {listener:<12} {client:<12} {server}");
        Ok(())
    }
}

// ANCHOR: proc
/// One line of `/proc/net/tcp`: a socket's two addresses, its state, and for a socket in
/// TIME_WAIT, the time until the kernel forgets it.
struct ProcSocket {
    local: SocketAddrV4,
    remote: SocketAddrV4,
    state: &'static str,
    timer: Duration,
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

/// Parses a line such as
/// `0: 0100007F:9C41 0100007F:D2F4 06 00000000:00000000 03:00001770 00000000 ...`.
fn parse_line(line: &str) -> Option<ProcSocket> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let state = usize::from_str_radix(fields.get(3)?, 16).ok()?;
    // The timer field is `kind:ticks`, in ticks of 1/100 s.
    let (_, ticks) = fields.get(5)?.split_once(':')?;
    Some(ProcSocket {
        local: parse_address(fields.get(1)?)?,
        remote: parse_address(fields.get(2)?)?,
        state: STATES.get(state).copied().unwrap_or("UNKNOWN"),
        timer: Duration::from_millis(u64::from_str_radix(ticks, 16).ok()? * 10),
    })
}

/// `0100007F:9C41` is 127.0.0.1 port 40001. The kernel prints the address as one 32-bit
/// number in the machine's byte order, and the port as an ordinary number.
fn parse_address(text: &str) -> Option<SocketAddrV4> {
    let (address, port) = text.split_once(':')?;
    let address = u32::from_str_radix(address, 16).ok()?;
    let port = u16::from_str_radix(port, 16).ok()?;
    Some(SocketAddrV4::new(
        Ipv4Addr::from(address.to_ne_bytes()),
        port,
    ))
}

/// This program's sockets: those with `port` at either end.
fn sockets_on_port(port: u16) -> io::Result<Vec<ProcSocket>> {
    let table = fs::read_to_string("/proc/net/tcp")?;
    Ok(table
        .lines()
        .skip(1) // the header
        .filter_map(parse_line)
        .filter(|socket| socket.local.port() == port || socket.remote.port() == port)
        .collect())
}
// ANCHOR_END: proc

/// The sockets on `port`, once none of them is in a state that lasts only until the other
/// side's next segment arrives. On loopback that takes microseconds, but it happens in the
/// kernel, not in this program, so a snapshot taken at once could catch it half done.
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
        let sockets = sockets_on_port(port)?;
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
