use crate::PortState;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// ANCHOR: solution
pub fn probe(target: SocketAddr, timeout: Duration) -> PortState {
    match TcpStream::connect_timeout(&target, timeout) {
        // Dropping the stream closes the connection at once.
        Ok(_stream) => PortState::Open,
        Err(error) if error.kind() == ErrorKind::ConnectionRefused => PortState::Closed,
        Err(_) => PortState::Filtered,
    }
}

pub fn scan(
    address: IpAddr,
    ports: &[u16],
    timeout: Duration,
    threads: usize,
) -> Vec<(u16, PortState)> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, ports.len().max(1));
    // Each thread returns (index, state) pairs; the index puts them back in order.
    let mut found: Vec<(usize, PortState)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&port) = ports.get(index) else {
                            return mine;
                        };
                        mine.push((index, probe(SocketAddr::new(address, port), timeout)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // `probe` does not panic; if a thread did, its ports are missing and the test says so.
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    found.sort_by_key(|&(index, _)| index);
    found
        .into_iter()
        .map(|(index, state)| (ports[index], state))
        .collect()
}
// ANCHOR_END: solution
