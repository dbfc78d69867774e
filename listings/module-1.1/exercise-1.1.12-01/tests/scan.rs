//! What "done" means for Exercise 1.1.12-1. Every test scans listeners it starts on 127.0.0.1.
use exercise_1_1_12_01::{PortState, probe, scan};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const TIMEOUT: Duration = Duration::from_millis(300);

fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind((LOOPBACK, 0)).expect("bind a loopback listener");
    let port = listener.local_addr().expect("local address").port();
    (listener, port)
}

/// A port with no listener that stays closed while the returned socket lives: the socket is
/// bound but never listens, so a connection to it is refused, and since it does not set
/// SO_REUSEADDR, no other socket (another test's listener, or a connection's ephemeral port,
/// which could otherwise meet itself) can take the port meanwhile. A port bound and released
/// instead could be handed to a listener of a test running in parallel, or of another program.
fn closed_port() -> (socket2::Socket, u16) {
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket
        .bind(&SocketAddr::new(LOOPBACK, 0).into())
        .expect("bind");
    let port = socket
        .local_addr()
        .ok()
        .and_then(|address| address.as_socket())
        .expect("port")
        .port();
    (socket, port)
}

/// A listener with a backlog of 0 that never accepts, its queue filled: Linux drops further SYNs
/// without an answer, as a firewall that drops them does. Keep the returned values alive.
fn filtered_port() -> (socket2::Socket, TcpStream, u16) {
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket
        .bind(&SocketAddr::new(LOOPBACK, 0).into())
        .expect("bind");
    socket.listen(0).expect("listen");
    let port = socket
        .local_addr()
        .ok()
        .and_then(|address| address.as_socket())
        .expect("port")
        .port();
    // With a backlog of 0 the queue holds one connection. The queue is empty, so this one is
    // answered at once; the generous timeout is only for a machine too busy to run us.
    let target = SocketAddr::new(LOOPBACK, port);
    let filler = TcpStream::connect_timeout(&target, Duration::from_secs(5))
        .expect("the empty queue takes one connection");
    (socket, filler, port)
}

#[test]
fn a_listener_is_open() {
    let (_listener, port) = listener();
    assert_eq!(
        probe(SocketAddr::new(LOOPBACK, port), TIMEOUT),
        PortState::Open
    );
}

#[test]
fn a_released_port_is_closed() {
    let (_socket, port) = closed_port();
    assert_eq!(
        probe(SocketAddr::new(LOOPBACK, port), TIMEOUT),
        PortState::Closed
    );
}

#[test]
fn a_full_accept_queue_is_filtered_within_the_timeout() {
    let (_socket, _filler, port) = filtered_port();
    let started = Instant::now();
    assert_eq!(
        probe(SocketAddr::new(LOOPBACK, port), TIMEOUT),
        PortState::Filtered
    );
    // Without a timeout, connect would retry its SYN for about two minutes; the slack is for a
    // loaded machine, not for the probe.
    assert!(
        started.elapsed() < TIMEOUT + Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn scan_finds_exactly_the_listeners_in_the_order_given() {
    let (_a, open_a) = listener();
    let (_b, open_b) = listener();
    let (_closed_socket, closed) = closed_port();
    let ports = [open_b, closed, open_a];
    let results = scan(LOOPBACK, &ports, TIMEOUT, 2);
    assert_eq!(
        results,
        [
            (open_b, PortState::Open),
            (closed, PortState::Closed),
            (open_a, PortState::Open)
        ]
    );
}

#[test]
fn scan_probes_in_parallel() {
    // A longer timeout than the other tests, so that the gap between "one timeout" and "four"
    // (1 s against 4 s) is much wider than a busy machine's scheduling delays.
    let timeout = Duration::from_secs(1);
    let filtered: Vec<_> = (0..4).map(|_| filtered_port()).collect();
    let ports: Vec<u16> = filtered.iter().map(|(_, _, port)| *port).collect();
    let started = Instant::now();
    let results = scan(LOOPBACK, &ports, timeout, 4);
    let elapsed = started.elapsed();
    assert!(
        results
            .iter()
            .all(|&(_, state)| state == PortState::Filtered),
        "{results:?}"
    );
    // One after the other would take four timeouts; four threads take about one.
    assert!(elapsed >= timeout, "{elapsed:?}");
    assert!(elapsed < timeout * 5 / 2, "{elapsed:?}");
}

#[test]
fn no_ports_and_no_threads_are_not_errors() {
    assert_eq!(scan(LOOPBACK, &[], TIMEOUT, 4), []);
    let (_listener, port) = listener();
    assert_eq!(
        scan(LOOPBACK, &[port], TIMEOUT, 0),
        [(port, PortState::Open)]
    );
}
