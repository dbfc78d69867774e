//! Lowers this process's open-files limit to 64, opens sockets until the kernel refuses, and
//! shows what happens to a client that connects while the server has no descriptor left.
use nix::sys::resource::{Resource, getrlimit, setrlimit};
use std::io;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::time::Duration;

const LIMIT: u64 = 64;

// ANCHOR: main
fn main() -> io::Result<()> {
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).map_err(io::Error::from)?;
    // Lowering the soft limit is always allowed; the hard limit stays where it was.
    setrlimit(Resource::RLIMIT_NOFILE, LIMIT, hard).map_err(io::Error::from)?;
    println!("soft limit on open files set to {LIMIT}");

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let mut held = Vec::new();
    let error = loop {
        match TcpStream::connect_timeout(&address, Duration::from_secs(1)) {
            Ok(stream) => held.push(stream),
            Err(error) => break error,
        }
    };
    let highest = held.last().map_or(-1, |stream| stream.as_raw_fd());
    println!("connected until: {error}");
    println!("highest descriptor number in use: {highest}");

    // Each connect above also left a connection in the listener's accept queue, and accept
    // needs a descriptor of its own.
    println!(
        "accept with no descriptor left: {}",
        describe(listener.accept())
    );
    held.pop(); // close one client: its descriptor number is free again
    println!(
        "after closing one client, accept: {}",
        describe(listener.accept())
    );
    Ok(())
}
// ANCHOR_END: main

fn describe(result: io::Result<(TcpStream, std::net::SocketAddr)>) -> String {
    match result {
        Ok((stream, _)) => format!("a connection, on descriptor {}", stream.as_raw_fd()),
        Err(error) => error.to_string(),
    }
}
