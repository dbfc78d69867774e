// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.12-1`.
#![allow(unused_variables, unused_imports)]

use crate::PortState;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// ANCHOR: starter
/// Tries one TCP connection to `target`, waiting at most `timeout`.
///
/// - `Open` if the connection is made (close it again at once);
/// - `Closed` if it is refused (`std::io::ErrorKind::ConnectionRefused`);
/// - `Filtered` for a timeout or any other error.
pub fn probe(target: SocketAddr, timeout: Duration) -> PortState {
    todo!("TcpStream::connect_timeout, then map the outcome to a state")
}

/// Probes every port of `ports` on `address`, with at most `threads` threads at once (at least
/// one, even if `threads` is 0, and never more than there are ports).
///
/// Returns one `(port, state)` per port, in the order of `ports`, whatever order the probes
/// finished in.
pub fn scan(
    address: IpAddr,
    ports: &[u16],
    timeout: Duration,
    threads: usize,
) -> Vec<(u16, PortState)> {
    todo!("threads that take the next index from a shared counter, then put the results in order")
}
// ANCHOR_END: starter
