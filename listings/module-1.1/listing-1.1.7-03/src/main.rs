//! Ports on loopback: where the kernel takes a port from when you ask for port 0, what happens
//! when a port is taken, how one listening port serves many connections, and what a port with
//! no listener answers.
use std::collections::HashSet;
use std::fs;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: main
fn main() -> io::Result<()> {
    let (low, high) = ephemeral_port_range()?;
    println!("ephemeral ports: {low} to {high} (/proc/sys/net/ipv4/ip_local_port_range)");
    let unprivileged = read_number("/proc/sys/net/ipv4/ip_unprivileged_port_start")?;
    println!("ports below {unprivileged} need privilege to bind (ip_unprivileged_port_start)");

    // Port 0 means "any free port": the kernel picks one from the ephemeral range.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let server = listener.local_addr()?;
    let in_range = (low..=high).contains(&server.port());
    println!("bound port 0, the kernel chose {server} (in the ephemeral range: {in_range})");

    // One address and port can have only one listener.
    match TcpListener::bind(server) {
        Ok(_) => println!("binding {server} again: succeeded (unexpected)"),
        Err(error) => println!("binding {server} again: {error}"),
    }

    // Many connections share the listening port; the four-tuple tells them apart.
    println!("three clients connect to {server}:");
    let mut clients = Vec::new();
    let mut four_tuples = HashSet::new();
    for _ in 0..3 {
        let client = TcpStream::connect_timeout(&server, TIMEOUT)?;
        let (accepted, peer) = accept_within(&listener, TIMEOUT)?;
        let tuple = (peer, accepted.local_addr()?);
        println!("  server socket {} <- {}", tuple.1, tuple.0);
        four_tuples.insert(tuple);
        clients.push((client, accepted));
    }
    println!("  distinct four-tuples: {}", four_tuples.len());
    let client_ports_in_range = clients
        .iter()
        .map(|(client, _)| client.local_addr())
        .collect::<io::Result<Vec<_>>>()?
        .iter()
        .all(|address| (low..=high).contains(&address.port()));
    println!("  client ports from the ephemeral range: {client_ports_in_range}");

    // A port nobody listens on: the kernel answers the connection attempt with a reset.
    let closed = {
        let probe = TcpListener::bind("127.0.0.1:0")?;
        probe.local_addr()?
        // `probe` is dropped here, so the port is free again and nothing listens on it.
    };
    match TcpStream::connect_timeout(&closed, TIMEOUT) {
        Ok(_) => println!("connecting to {closed}: connected (unexpected)"),
        Err(error) => println!("connecting to {closed}: {error}"),
    }
    Ok(())
}
// ANCHOR_END: main

/// The range the kernel takes ports from when a program does not choose one.
fn ephemeral_port_range() -> io::Result<(u16, u16)> {
    let text = fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")?;
    let mut numbers = text.split_whitespace().map(str::parse::<u16>);
    match (numbers.next(), numbers.next()) {
        (Some(Ok(low)), Some(Ok(high))) => Ok((low, high)),
        _ => Err(io::Error::other(format!("unexpected port range {text:?}"))),
    }
}

fn read_number(path: &str) -> io::Result<u32> {
    let text = fs::read_to_string(path)?;
    text.trim()
        .parse()
        .map_err(|_| io::Error::other(format!("{path}: not a number: {text:?}")))
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
