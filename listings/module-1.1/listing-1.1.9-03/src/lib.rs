//! Happy Eyeballs (RFC 8305): connecting to a name that has several addresses without waiting
//! for a dead one.
//!
//! A resolver returns a list, usually IPv6 addresses first (RFC 6724). A client that tries them
//! one after another waits for the whole connect timeout of every address that drops its SYNs
//! before it tries the next. Happy Eyeballs starts the first attempt, and if it has not
//! connected within a short delay (250 ms is the RFC's recommendation) starts the next one
//! beside it, alternating address families; the first attempt to connect wins and the others
//! are cancelled. A refused attempt starts the next one at once.
//!
//! `testbed` makes the addresses to try on loopback: a listener, a closed port, and a port that
//! drops SYNs like a black-holed route.
pub mod testbed;

use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until, timeout};

/// RFC 8305, section 5: the recommended Connection Attempt Delay.
pub const ATTEMPT_DELAY: Duration = Duration::from_millis(250);

/// What happened to one address, and when, counted from the start of the connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: Duration,
    pub address: SocketAddr,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Started,
    Failed(io::ErrorKind),
    TimedOut,
    Connected,
    /// Still connecting when another attempt won: dropped, which closes its socket.
    Cancelled,
}

/// A connection, and how it was reached.
#[derive(Debug)]
pub struct Connected {
    pub stream: TcpStream,
    pub address: SocketAddr,
    pub trace: Vec<Event>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("no addresses to connect to")]
    NoAddresses,
    #[error("no address answered within {deadline:?}")]
    Deadline {
        deadline: Duration,
        trace: Vec<Event>,
    },
    #[error("every address failed")]
    AllFailed { trace: Vec<Event> },
}

// ANCHOR: interleave
/// Orders the addresses as RFC 8305 (section 4) asks: the resolver's first family first, then
/// alternating families, each family in the order the resolver gave. A name with ten IPv6
/// addresses that all fail then costs one attempt delay before the first IPv4 one, not ten.
pub fn interleave(addresses: &[SocketAddr]) -> Vec<SocketAddr> {
    let Some(first) = addresses.first() else {
        return Vec::new();
    };
    let (mut preferred, mut other): (Vec<SocketAddr>, Vec<SocketAddr>) = addresses
        .iter()
        .copied()
        .partition(|address| address.is_ipv6() == first.is_ipv6());
    preferred.reverse();
    other.reverse();
    let mut ordered = Vec::with_capacity(addresses.len());
    while !preferred.is_empty() || !other.is_empty() {
        ordered.extend(preferred.pop());
        ordered.extend(other.pop());
    }
    ordered
}
// ANCHOR_END: interleave

// ANCHOR: race
/// Connects to the first of `addresses` that answers, starting a new attempt every
/// `attempt_delay` (or as soon as one fails) while the earlier ones continue, and gives up
/// after `deadline` in all.
pub async fn connect_racing(
    addresses: &[SocketAddr],
    attempt_delay: Duration,
    deadline: Duration,
) -> Result<Connected, ConnectError> {
    let order = interleave(addresses);
    if order.is_empty() {
        return Err(ConnectError::NoAddresses);
    }
    let started = Instant::now();
    let give_up = started + deadline;
    let mut trace = Vec::new();
    let mut attempts = JoinSet::new();
    let mut next = order.iter().copied();
    let mut next_start = started;

    loop {
        if Instant::now() >= next_start
            && let Some(address) = next.next()
        {
            trace.push(event(started, address, What::Started));
            // Each attempt is a task; dropping the JoinSet aborts whatever is still running.
            attempts.spawn(async move { (address, TcpStream::connect(address).await) });
            next_start = Instant::now() + attempt_delay;
        }
        let more_to_start = next.len() > 0;
        tokio::select! {
            finished = attempts.join_next(), if !attempts.is_empty() => {
                match finished {
                    Some(Ok((address, Ok(stream)))) => {
                        trace.push(event(started, address, What::Connected));
                        for address in running(&trace) {
                            trace.push(event(started, address, What::Cancelled));
                        }
                        return Ok(Connected { stream, address, trace });
                    }
                    Some(Ok((address, Err(error)))) => {
                        trace.push(event(started, address, What::Failed(error.kind())));
                        next_start = Instant::now(); // a refusal is an answer: try the next now
                    }
                    // A connect task does not panic; if one did, the others carry on.
                    Some(Err(_)) | None => {}
                }
                if attempts.is_empty() && !more_to_start {
                    return Err(ConnectError::AllFailed { trace });
                }
            }
            () = sleep_until(next_start), if more_to_start => {}
            () = sleep_until(give_up) => {
                for address in running(&trace) {
                    trace.push(event(started, address, What::TimedOut));
                }
                return Err(ConnectError::Deadline { deadline, trace });
            }
        }
    }
}
// ANCHOR_END: race

/// The addresses whose attempt has started and not yet ended, from the trace.
fn running(trace: &[Event]) -> Vec<SocketAddr> {
    let mut running: Vec<SocketAddr> = Vec::new();
    for event in trace {
        match event.what {
            What::Started => running.push(event.address),
            _ => running.retain(|address| *address != event.address),
        }
    }
    running
}

/// What most clients do when they are not told otherwise: each address in turn, each with its
/// own timeout, the next only after the previous one has failed.
pub async fn connect_sequential(
    addresses: &[SocketAddr],
    per_attempt: Duration,
) -> Result<Connected, ConnectError> {
    if addresses.is_empty() {
        return Err(ConnectError::NoAddresses);
    }
    let started = Instant::now();
    let mut trace = Vec::new();
    for &address in addresses {
        trace.push(event(started, address, What::Started));
        match timeout(per_attempt, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => {
                trace.push(event(started, address, What::Connected));
                return Ok(Connected {
                    stream,
                    address,
                    trace,
                });
            }
            Ok(Err(error)) => trace.push(event(started, address, What::Failed(error.kind()))),
            Err(_) => trace.push(event(started, address, What::TimedOut)),
        }
    }
    Err(ConnectError::AllFailed { trace })
}

fn event(started: Instant, address: SocketAddr, what: What) -> Event {
    Event {
        at: started.elapsed(),
        address,
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(list: &[&str]) -> Vec<SocketAddr> {
        list.iter()
            .map(|text| text.parse().expect("a socket address"))
            .collect()
    }

    #[test]
    fn families_alternate_starting_with_the_first_one_given() {
        let given = addresses(&[
            "[2001:db8::1]:443",
            "[2001:db8::2]:443",
            "[2001:db8::3]:443",
            "192.0.2.1:443",
            "192.0.2.2:443",
        ]);
        let expected = addresses(&[
            "[2001:db8::1]:443",
            "192.0.2.1:443",
            "[2001:db8::2]:443",
            "192.0.2.2:443",
            "[2001:db8::3]:443",
        ]);
        assert_eq!(interleave(&given), expected);
        let v4_first = addresses(&["192.0.2.1:443", "[2001:db8::1]:443", "192.0.2.2:443"]);
        assert_eq!(
            interleave(&v4_first),
            addresses(&["192.0.2.1:443", "[2001:db8::1]:443", "192.0.2.2:443"])
        );
        assert!(interleave(&[]).is_empty());
    }

    #[test]
    fn the_running_attempts_are_read_from_the_trace() {
        let [a, b, c] = [
            "[::1]:1".parse().expect("valid"),
            "127.0.0.1:1".parse().expect("valid"),
            "127.0.0.2:1".parse().expect("valid"),
        ];
        let at = Duration::ZERO;
        let trace = [
            Event {
                at,
                address: a,
                what: What::Started,
            },
            Event {
                at,
                address: b,
                what: What::Started,
            },
            Event {
                at,
                address: b,
                what: What::Failed(io::ErrorKind::ConnectionRefused),
            },
            Event {
                at,
                address: c,
                what: What::Started,
            },
        ];
        assert_eq!(running(&trace), [a, c]);
    }
}
