//! Two echo servers that each serve many connections from one thread: one written directly on
//! mio's readiness events, one on Tokio, which runs the same kind of event loop underneath.
pub mod accept_errors;
pub mod limits;
pub mod mio_echo;
pub mod tokio_echo;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Every client connect, read and write gives up after this long.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

// ANCHOR: load
/// Opens `clients` connections to `address` and keeps them all open at once, sends one line on
/// each, then reads every echo back. Returns how many came back intact.
pub fn echo_load(address: SocketAddr, clients: usize) -> io::Result<usize> {
    let mut streams = Vec::with_capacity(clients);
    for number in 0..clients {
        let mut stream = TcpStream::connect_timeout(&address, CLIENT_TIMEOUT)?;
        stream.set_read_timeout(Some(CLIENT_TIMEOUT))?;
        stream.set_write_timeout(Some(CLIENT_TIMEOUT))?;
        stream.write_all(format!("client {number}\n").as_bytes())?;
        streams.push(stream);
    }
    let mut intact = 0;
    for (number, stream) in streams.iter_mut().enumerate() {
        let expected = format!("client {number}\n");
        let mut echoed = vec![0u8; expected.len()];
        stream.read_exact(&mut echoed)?;
        intact += usize::from(echoed == expected.as_bytes());
    }
    Ok(intact)
}
// ANCHOR_END: load

/// The number of threads in this process, from `/proc/self/status`.
pub fn thread_count() -> io::Result<usize> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
        .ok_or_else(|| io::Error::other("no Threads line in /proc/self/status"))
}
