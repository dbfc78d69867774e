//! What "done" means for Exercise 1.1-12. Every test scans listeners it starts on 127.0.0.1.
use exercise_1_1_12::{PortState, probe, scan};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const TIMEOUT: Duration = Duration::from_millis(300);

fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind((LOOPBACK, 0)).expect("bind a loopback listener");
    let port = listener.local_addr().expect("local address").port();
    (listener, port)
}

/// A port with no listener: bound, read back, released.
fn closed_port() -> u16 {
    listener().1
}

/// A listener with a backlog of 0 that never accepts, its queue filled: Linux drops further SYNs
/// without an answer, as a firewall that drops them does. Keep the returned values alive.
fn filtered_port() -> (socket2::Socket, Vec<TcpStream>, u16) {
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
    let target = SocketAddr::new(LOOPBACK, port);
    let fillers: Vec<TcpStream> = (0..3)
        .filter_map(|_| TcpStream::connect_timeout(&target, Duration::from_millis(100)).ok())
        .collect();
    assert!(
        !fillers.is_empty(),
        "the queue took at least one connection"
    );
    (socket, fillers, port)
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
    let port = closed_port();
    assert_eq!(
        probe(SocketAddr::new(LOOPBACK, port), TIMEOUT),
        PortState::Closed
    );
}

#[test]
fn a_full_accept_queue_is_filtered_within_the_timeout() {
    let (_socket, _fillers, port) = filtered_port();
    let started = Instant::now();
    assert_eq!(
        probe(SocketAddr::new(LOOPBACK, port), TIMEOUT),
        PortState::Filtered
    );
    assert!(started.elapsed() < TIMEOUT * 3, "{:?}", started.elapsed());
}

#[test]
fn scan_finds_exactly_the_listeners_in_the_order_given() {
    let (_a, open_a) = listener();
    let (_b, open_b) = listener();
    let closed = closed_port();
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
    let filtered: Vec<_> = (0..4).map(|_| filtered_port()).collect();
    let ports: Vec<u16> = filtered.iter().map(|(_, _, port)| *port).collect();
    let started = Instant::now();
    let results = scan(LOOPBACK, &ports, TIMEOUT, 4);
    let elapsed = started.elapsed();
    assert!(
        results
            .iter()
            .all(|&(_, state)| state == PortState::Filtered),
        "{results:?}"
    );
    // One after the other would take four timeouts; four threads take about one.
    assert!(elapsed < TIMEOUT * 3, "{elapsed:?}");
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
