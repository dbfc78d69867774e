//! Happy Eyeballs against a sequential connect, on loopback addresses that listen, refuse or
//! drop SYNs. Timing bounds are generous: they tell "one attempt delay" from "one connect
//! timeout", which differ by a factor of eight, not fine differences.
use listing_1_1_9_03::testbed::{Part, localhost_pair};
use listing_1_1_9_03::{ConnectError, What, connect_racing, connect_sequential};
use std::net::SocketAddr;
use std::time::Duration;

const DELAY: Duration = Duration::from_millis(250);
const PER_ATTEMPT: Duration = Duration::from_secs(2);
const DEADLINE: Duration = Duration::from_secs(5);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn addresses(ipv6: Part, ipv4: Part) -> (Vec<SocketAddr>, impl Sized) {
    let endpoints = localhost_pair(ipv6, ipv4).expect("two loopback endpoints");
    let addresses = endpoints.iter().map(|endpoint| endpoint.address).collect();
    (addresses, endpoints)
}

#[test]
fn a_black_holed_first_address_costs_one_attempt_delay_not_a_timeout() {
    let (addresses, _keep) = addresses(Part::BlackHole, Part::Listening);
    let connected = runtime()
        .block_on(connect_racing(&addresses, DELAY, DEADLINE))
        .expect("connects to 127.0.0.1");
    assert_eq!(connected.address, addresses[1]);
    let second_started = connected
        .trace
        .iter()
        .find(|event| event.address == addresses[1] && event.what == What::Started)
        .expect("a second attempt")
        .at;
    assert!(
        second_started >= DELAY,
        "started too early: {second_started:?}"
    );
    assert!(
        second_started < PER_ATTEMPT,
        "waited as long as a timeout: {second_started:?}"
    );
    let last = connected.trace.last().expect("events");
    assert_eq!((last.address, &last.what), (addresses[0], &What::Cancelled));
}

#[test]
fn a_sequential_connect_waits_out_the_black_hole() {
    let (addresses, _keep) = addresses(Part::BlackHole, Part::Listening);
    let connected = runtime()
        .block_on(connect_sequential(&addresses, PER_ATTEMPT))
        .expect("connects to 127.0.0.1 in the end");
    assert_eq!(connected.address, addresses[1]);
    let at = connected.trace.last().expect("events").at;
    assert!(at >= PER_ATTEMPT, "{at:?}");
    assert_eq!(connected.trace[1].what, What::TimedOut);
}

#[test]
fn a_refusal_starts_the_next_attempt_at_once() {
    let (addresses, _keep) = addresses(Part::Refusing, Part::Listening);
    let connected = runtime()
        .block_on(connect_racing(&addresses, Duration::from_secs(3), DEADLINE))
        .expect("connects to 127.0.0.1");
    assert_eq!(connected.address, addresses[1]);
    let whats: Vec<_> = connected
        .trace
        .iter()
        .map(|e| (e.address, e.what.clone()))
        .collect();
    assert_eq!(
        whats,
        [
            (addresses[0], What::Started),
            (
                addresses[0],
                What::Failed(std::io::ErrorKind::ConnectionRefused)
            ),
            (addresses[1], What::Started),
            (addresses[1], What::Connected),
        ]
    );
    // With a 3 s delay, anything but "at once" would show.
    assert!(
        connected.trace[3].at < Duration::from_secs(2),
        "{:?}",
        connected.trace
    );
}

#[test]
fn when_both_answer_the_first_family_wins_with_one_attempt() {
    let (addresses, _keep) = addresses(Part::Listening, Part::Listening);
    let connected = runtime()
        .block_on(connect_racing(&addresses, Duration::from_secs(3), DEADLINE))
        .expect("connects");
    assert_eq!(connected.address, addresses[0]);
    assert_eq!(connected.trace.len(), 2, "{:?}", connected.trace);
}

#[test]
fn when_every_address_is_black_holed_the_deadline_ends_it() {
    let (addresses, _keep) = addresses(Part::BlackHole, Part::BlackHole);
    let deadline = Duration::from_millis(800);
    let started = std::time::Instant::now();
    let result = runtime().block_on(connect_racing(&addresses, DELAY, deadline));
    let waited = started.elapsed();
    match result {
        Err(ConnectError::Deadline { trace, .. }) => {
            let timed_out = trace.iter().filter(|e| e.what == What::TimedOut).count();
            assert_eq!(timed_out, 2, "{trace:?}");
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
    assert!(waited >= deadline, "{waited:?}");
    assert!(waited < deadline + Duration::from_secs(2), "{waited:?}");
}

#[test]
fn when_every_address_refuses_the_error_says_so() {
    let (addresses, _keep) = addresses(Part::Refusing, Part::Refusing);
    let result = runtime().block_on(connect_racing(&addresses, DELAY, DEADLINE));
    match result {
        Err(ConnectError::AllFailed { trace }) => assert_eq!(trace.len(), 4, "{trace:?}"),
        other => panic!("expected every attempt to fail, got {other:?}"),
    }
}

#[test]
fn no_addresses_is_an_error_not_a_hang() {
    let result = runtime().block_on(connect_racing(&[], DELAY, DEADLINE));
    assert!(matches!(result, Err(ConnectError::NoAddresses)));
}
