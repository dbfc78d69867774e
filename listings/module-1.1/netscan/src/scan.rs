//! The TCP connect scan: one full handshake attempt per (address, port), many at once.
//!
//! A connect scan needs no privileges: the kernel does the handshake, and the answer tells the
//! port's state. A SYN-ACK means a listener (open); a RST means no listener (closed); silence or
//! an ICMP "unreachable" means something in the way dropped or refused the packet (filtered). Silence is the only
//! ambiguous answer, so only filtered ports are retried.
//!
//! A fixed pool of worker tasks does the attempts (see `scan` for why not a task per port), and
//! a semaphore sized from the open-files limit (see `limits`) bounds the sockets open at once.
//! Each socket is given SO_LINGER 0 before it connects (unless `ScanConfig::reset_on_close` is
//! off): closing a connection to an open port then sends a RST instead of a FIN, so the scanner
//! keeps no socket in TIME_WAIT for it. Only open ports are concerned: a closed port ends the
//! attempt with the target's RST and a filtered one is abandoned in SYN_SENT, and neither state
//! leads to TIME_WAIT. `bench/time-wait.sh` measures the difference.

use crate::probe::{self, Identity};
use socket2::{Domain, Protocol, Socket, Type};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// What a port turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PortState {
    Open,
    Closed,
    Filtered,
}

impl std::fmt::Display for PortState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PortState::Open => "open",
            PortState::Closed => "closed",
            PortState::Filtered => "filtered",
        })
    }
}

/// The result for one port, with the evidence for its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortResult {
    pub address: IpAddr,
    pub port: u16,
    pub state: PortState,
    /// Why: `connected`, `conn-refused`, `no-response`, `host-unreachable`...
    pub reason: String,
    /// Filled in for open ports when service detection is on.
    pub identity: Option<Identity>,
}

#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// How long one connection attempt may wait for an answer.
    pub timeout: Duration,
    /// Extra attempts for a port that gave no answer.
    pub retries: u32,
    /// Worker tasks, each with at most one attempt in flight.
    pub concurrency: usize,
    /// Sockets open at once, at most: the descriptors `limits` found for the scan.
    pub max_sockets: usize,
    /// New attempts per second; `None` for as fast as the concurrency allows.
    pub rate: Option<u32>,
    /// Banner and probe timeout; `None` turns service detection off.
    pub detect: Option<Duration>,
    /// Close connections to open ports with a RST (SO_LINGER 0) rather than a FIN, so that they
    /// leave nothing in TIME_WAIT on this machine.
    pub reset_on_close: bool,
}

/// Counters the progress display reads while the scan runs.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU64,
    pub open: AtomicU64,
}

/// How one attempt ended, before retries are decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Closed(&'static str),
    Filtered(String),
    /// A failure of this machine (no descriptors, no local ports), not an answer from the
    /// target: worth trying again after a pause, without counting it as a retry.
    Local(String),
}

// ANCHOR: classify
/// Classifies a failed connect by its error. Refused is an answer (RST); unreachable errors come
/// from ICMP messages a router or the host sent; EMFILE and EADDRNOTAVAIL are our own limits.
pub fn classify(error: &io::Error) -> Verdict {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => Verdict::Closed("conn-refused"),
        io::ErrorKind::ConnectionReset => Verdict::Closed("reset"),
        io::ErrorKind::TimedOut => Verdict::Filtered("no-response".into()),
        io::ErrorKind::HostUnreachable => Verdict::Filtered("host-unreachable".into()),
        io::ErrorKind::NetworkUnreachable => Verdict::Filtered("net-unreachable".into()),
        io::ErrorKind::PermissionDenied => Verdict::Filtered("admin-prohibited".into()),
        io::ErrorKind::AddrNotAvailable | io::ErrorKind::OutOfMemory => {
            Verdict::Local(error.to_string())
        }
        _ if is_out_of_descriptors(error) => Verdict::Local(error.to_string()),
        _ => Verdict::Filtered(format!("error: {error}")),
    }
}
// ANCHOR_END: classify

fn is_out_of_descriptors(error: &io::Error) -> bool {
    // EMFILE (24), ENFILE (23) and ENOBUFS (105) on Linux; other systems fall through to the
    // generic case, which is still reported with its message.
    matches!(error.raw_os_error(), Some(23 | 24 | 105))
}

// ANCHOR: socket
/// A non-blocking TCP socket for `target`, with SO_LINGER 0 if `reset_on_close`.
fn new_socket(target: SocketAddr, reset_on_close: bool) -> io::Result<Socket> {
    // SOCK_NONBLOCK at creation saves the two fcntl calls of set_nonblocking on every port.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    let socket = Socket::new(
        Domain::for_address(target),
        Type::STREAM.nonblocking(),
        Some(Protocol::TCP),
    )?;
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    let socket = {
        let socket = Socket::new(
            Domain::for_address(target),
            Type::STREAM,
            Some(Protocol::TCP),
        )?;
        socket.set_nonblocking(true)?;
        socket
    };
    if reset_on_close {
        // Closing then aborts: a RST, no FIN exchange, no TIME_WAIT for a port that was open.
        socket.set_linger(Some(Duration::ZERO))?;
    }
    Ok(socket)
}
// ANCHOR_END: socket

// ANCHOR: connect
/// One attempt, bounded by `timeout`. A timeout becomes an `io::Error` of kind `TimedOut` so
/// that `classify` sees every outcome the same way.
///
/// The first `connect()` is made here, before Tokio knows the socket: when the answer is already
/// there (on loopback a refusal usually is, because the kernel handles the SYN and the RST
/// within the system call) the attempt ends without registering with epoll, which is most of the
/// cost of a closed port. Only a handshake still in progress is handed to Tokio to wait on.
pub async fn connect(
    target: SocketAddr,
    timeout: Duration,
    reset_on_close: bool,
) -> io::Result<TcpStream> {
    let socket = new_socket(target, reset_on_close)?;
    match socket.connect(&target.into()) {
        Ok(()) => {}
        Err(error) if error.raw_os_error() == Some(libc::EINPROGRESS) => {
            // On loopback the kernel has often handled the SYN and the RST by now: asking for
            // the socket's error costs one system call and saves registering it with epoll.
            if let Some(error) = socket.take_error()? {
                return Err(error);
            }
        }
        Err(error) => return Err(error),
    }
    let stream = TcpStream::from_std(socket.into())?;
    match tokio::time::timeout(timeout, stream.writable()).await {
        Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "no answer in time")),
        Ok(Err(error)) => Err(error),
        Ok(Ok(())) => match stream.take_error()? {
            Some(error) => Err(error),
            // Writable and no error means the handshake finished; peer_addr confirms it.
            None => stream.peer_addr().map(|_| stream),
        },
    }
}
// ANCHOR_END: connect

fn is_self_connection(stream: &TcpStream) -> bool {
    matches!((stream.local_addr(), stream.peer_addr()), (Ok(local), Ok(peer)) if local == peer)
}

/// Closes a connection with a reset, whatever it was opened with: for connections that were
/// only a probe, such as one the scanner made with itself.
fn abort(stream: TcpStream) {
    // If the option cannot be set, the close is an ordinary one, which is still correct.
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// How many times a local failure is retried (with a short pause) before it is reported.
const LOCAL_RETRIES: u32 = 50;
const LOCAL_PAUSE: Duration = Duration::from_millis(20);

// ANCHOR: scan_port
/// Scans one port: connect, retry on silence, identify if open.
pub async fn scan_port(target: SocketAddr, config: &ScanConfig) -> PortResult {
    let mut retries_left = config.retries;
    let mut local_left = LOCAL_RETRIES;
    let result = |state, reason: String, identity| PortResult {
        address: target.ip(),
        port: target.port(),
        state,
        reason,
        identity,
    };
    loop {
        let error = match connect(target, config.timeout, config.reset_on_close).await {
            // Connecting from an ephemeral port to the same port number on loopback can meet
            // itself (TCP simultaneous open): a connection, but no listener. That port is closed.
            Ok(stream) if is_self_connection(&stream) => {
                abort(stream);
                return result(PortState::Closed, "self-connect".into(), None);
            }
            Ok(mut stream) => {
                // On loopback, two of our own sockets can also meet each other: one connecting
                // from port A to B while another connects from B to A. Both look open. A real
                // listener accepts a second connection; such a phantom does not happen twice.
                // The first socket is closed before the second opens, so that a worker never
                // holds more than the one descriptor its permit pays for, and it is reset
                // whatever `reset_on_close` says: it may be a connection with ourselves.
                if target.ip().is_loopback() {
                    abort(stream);
                    stream = match connect(target, config.timeout, config.reset_on_close).await {
                        Ok(again) if !is_self_connection(&again) => again,
                        Ok(again) => {
                            abort(again);
                            return result(PortState::Closed, "simultaneous-open".into(), None);
                        }
                        Err(_) => {
                            return result(PortState::Closed, "simultaneous-open".into(), None);
                        }
                    };
                }
                let identity = match config.detect {
                    Some(timeout) => {
                        Some(probe::identify(&mut stream, target.port(), timeout).await)
                    }
                    None => None,
                };
                return result(PortState::Open, "connected".into(), identity);
            }
            Err(error) => error,
        };
        match classify(&error) {
            Verdict::Closed(reason) => return result(PortState::Closed, reason.into(), None),
            Verdict::Local(_) if local_left > 0 => {
                local_left -= 1;
                tokio::time::sleep(LOCAL_PAUSE).await;
            }
            Verdict::Local(reason) => {
                return result(PortState::Filtered, format!("local error: {reason}"), None);
            }
            Verdict::Filtered(reason) => {
                if retries_left == 0 {
                    return result(PortState::Filtered, reason, None);
                }
                retries_left -= 1;
            }
        }
    }
}
// ANCHOR_END: scan_port

/// Scans every port of every address. Results come back sorted by address (in the order given)
/// and port, whatever order the attempts finished in.
///
/// A fixed pool of `concurrency` worker tasks takes the next (address, port) from a shared
/// counter, rather than one task per port: on loopback most attempts end inside the first
/// `connect()`, and then spawning, scheduling and waking a task per port adds about half again
/// to the CPU time of each port (`examples/workers.rs` keeps that design, and
/// `bench/workers.sh` measures both).
/// A worker holds a permit of the semaphore while its socket is open, so the sockets open at once
/// never exceed the descriptors `limits` found, however many workers were asked for.
pub async fn scan(
    addresses: &[IpAddr],
    ports: &[u16],
    config: &ScanConfig,
    progress: Arc<Progress>,
) -> Vec<PortResult> {
    let total = addresses.len() * ports.len();
    let workers = config.concurrency.clamp(1, total.max(1));
    let shared = Arc::new(Shared {
        addresses: addresses.to_vec(),
        ports: ports.to_vec(),
        next: AtomicUsize::new(0),
        sockets: Semaphore::new(config.max_sockets.max(1)),
        pacer: config
            .rate
            .filter(|&rate| rate > 0)
            .map(|rate| tokio::sync::Mutex::new(Pacer::new(rate))),
        config: config.clone(),
        progress,
    });
    let mut tasks = JoinSet::new();
    for _ in 0..workers {
        tasks.spawn(worker(Arc::clone(&shared)));
    }
    let mut results = Vec::with_capacity(total);
    while let Some(finished) = tasks.join_next().await {
        // A worker only fails if it panicked, which scan_port does not do; losing its results
        // is better than losing the scan.
        if let Ok(mut found) = finished {
            results.append(&mut found);
        }
    }
    let order: std::collections::HashMap<IpAddr, usize> =
        addresses.iter().enumerate().map(|(i, a)| (*a, i)).collect();
    results.sort_by_key(|r| (order.get(&r.address).copied(), r.port));
    results
}

struct Shared {
    addresses: Vec<IpAddr>,
    ports: Vec<u16>,
    next: AtomicUsize,
    sockets: Semaphore,
    pacer: Option<tokio::sync::Mutex<Pacer>>,
    config: ScanConfig,
    progress: Arc<Progress>,
}

// ANCHOR: worker
async fn worker(shared: Arc<Shared>) -> Vec<PortResult> {
    let mut results = Vec::new();
    let total = shared.addresses.len() * shared.ports.len();
    loop {
        let index = shared.next.fetch_add(1, Ordering::Relaxed);
        if index >= total {
            return results;
        }
        let target = SocketAddr::new(
            shared.addresses[index / shared.ports.len()],
            shared.ports[index % shared.ports.len()],
        );
        if let Some(pacer) = &shared.pacer {
            pacer.lock().await.wait().await;
        }
        let Ok(_permit) = shared.sockets.acquire().await else {
            return results; // the semaphore is never closed; this only satisfies the type
        };
        let result = scan_port(target, &shared.config).await;
        shared.progress.done.fetch_add(1, Ordering::Relaxed);
        if result.state == PortState::Open {
            shared.progress.open.fetch_add(1, Ordering::Relaxed);
        }
        results.push(result);
    }
}
// ANCHOR_END: worker

/// Spaces out new attempts to a rate. Tokio's timer ticks in milliseconds, so above 1000 per
/// second several attempts are let through per tick.
struct Pacer {
    interval: tokio::time::Interval,
    per_tick: u32,
    left_in_tick: u32,
}

impl Pacer {
    fn new(rate: u32) -> Pacer {
        let period = Duration::from_secs(1)
            .checked_div(rate)
            .unwrap_or(Duration::from_secs(1))
            .max(Duration::from_millis(1));
        let per_tick = (u128::from(rate) * period.as_micros()).div_ceil(1_000_000);
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Pacer {
            interval,
            per_tick: u32::try_from(per_tick).unwrap_or(u32::MAX).max(1),
            left_in_tick: 0,
        }
    }

    async fn wait(&mut self) {
        if self.left_in_tick == 0 {
            self.interval.tick().await;
            self.left_in_tick = self.per_tick;
        }
        self.left_in_tick -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified_with_a_reason() {
        let of = |kind| classify(&io::Error::from(kind));
        assert_eq!(
            of(io::ErrorKind::ConnectionRefused),
            Verdict::Closed("conn-refused")
        );
        assert_eq!(
            of(io::ErrorKind::TimedOut),
            Verdict::Filtered("no-response".into())
        );
        assert_eq!(
            of(io::ErrorKind::HostUnreachable),
            Verdict::Filtered("host-unreachable".into())
        );
        assert!(matches!(
            of(io::ErrorKind::AddrNotAvailable),
            Verdict::Local(_)
        ));
        assert!(matches!(
            classify(&io::Error::from_raw_os_error(24)),
            Verdict::Local(_)
        ));
    }

    #[test]
    fn the_pacer_lets_several_attempts_through_per_millisecond_tick() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            assert_eq!(Pacer::new(100).per_tick, 1);
            assert_eq!(Pacer::new(1000).per_tick, 1);
            assert_eq!(Pacer::new(5000).per_tick, 5);
        });
    }

    #[tokio::test]
    async fn a_paced_scan_takes_as_long_as_the_rate_says() {
        // 20 attempts at 200 per second: the first goes at once, the last 95 ms later.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        let config = ScanConfig {
            timeout: Duration::from_secs(1),
            retries: 0,
            concurrency: 4,
            max_sockets: 4,
            rate: Some(200),
            detect: None,
            reset_on_close: true,
        };
        let addresses: Vec<IpAddr> = (1..=20).map(|i| IpAddr::from([127, 0, 0, i])).collect();
        let started = std::time::Instant::now();
        let results = scan(&addresses, &[closed.port()], &config, Arc::default()).await;
        assert_eq!(results.len(), 20);
        assert!(
            started.elapsed() >= Duration::from_millis(90),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn an_open_and_a_closed_port_on_loopback() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let open = listener.local_addr().expect("address");
        // Bind and drop to find a port with no listener (a race with other tests is possible
        // but would only make the port open, which the assertion would show).
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        let config = ScanConfig {
            timeout: Duration::from_secs(1),
            retries: 0,
            concurrency: 4,
            max_sockets: 2,
            rate: Some(100),
            detect: None,
            reset_on_close: true,
        };
        let progress = Arc::new(Progress::default());
        let results = scan(
            &[open.ip()],
            &[open.port(), closed.port()],
            &config,
            Arc::clone(&progress),
        )
        .await;
        let state = |port| results.iter().find(|r| r.port == port).map(|r| r.state);
        assert_eq!(state(open.port()), Some(PortState::Open));
        assert_eq!(state(closed.port()), Some(PortState::Closed));
        assert_eq!(progress.done.load(Ordering::Relaxed), 2);
        assert_eq!(progress.open.load(Ordering::Relaxed), 1);
    }
}
