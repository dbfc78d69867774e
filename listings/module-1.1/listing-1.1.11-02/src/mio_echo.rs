//! An echo server on mio: one thread, one `Poll`, and a table of connections.
use crate::accept_errors::{AfterAcceptError, after_accept_error};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::collections::HashMap;
use std::io::{self, ErrorKind, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const LISTENER: Token = Token(0);
/// More connections than this are closed as soon as they are accepted.
pub const MAX_CONNECTIONS: usize = 10_000;
/// The loop wakes at least this often to check whether it should stop.
const TICK: Duration = Duration::from_millis(50);
/// How long to wait before accepting again after running out of descriptors or memory.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What a run of the server did, for its caller to report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// Connections accepted, including any closed at once for being over the limit.
    pub accepted: usize,
    /// Rounds of accepting that stopped on an error (`EMFILE` and the like).
    pub accept_errors: usize,
}

/// A connection and the bytes read from it that are not yet written back.
struct Connection {
    stream: TcpStream,
    unsent: Vec<u8>,
}

// ANCHOR: event_loop
/// Serves until `stop` is set.
pub fn serve(listener: std::net::TcpListener, stop: Arc<AtomicBool>) -> io::Result<Served> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(1024);
    let mut connections: HashMap<Token, Connection> = HashMap::new();
    let mut next_token = 1;
    let mut served = Served::default();
    // Set after an accept failed for want of descriptors or memory: when to try again.
    let mut retry_accept_at: Option<Instant> = None;

    while !stop.load(Ordering::Relaxed) {
        let wait = retry_accept_at.map_or(TICK, |at| {
            at.saturating_duration_since(Instant::now()).min(TICK)
        });
        poll.poll(&mut events, Some(wait))?;
        let retry_due = retry_accept_at.is_some_and(|at| Instant::now() >= at);
        let listener_ready = events.iter().any(|event| event.token() == LISTENER);
        if retry_due || (listener_ready && retry_accept_at.is_none()) {
            retry_accept_at = None;
            let accepted = accept_ready(&listener, &poll, &mut connections, &mut next_token);
            served.accepted += accepted.count;
            if let Some(error) = accepted.failed {
                // The connections are still queued, and with edge-triggered readiness no new
                // event will say so: come back after a pause instead of spinning on the error.
                served.accept_errors += 1;
                eprintln!("mio echo: accept failed ({error}); trying again in {ACCEPT_BACKOFF:?}");
                retry_accept_at = Some(Instant::now() + ACCEPT_BACKOFF);
            }
        }
        for event in events.iter() {
            let Some(connection) = connections.get_mut(&event.token()) else {
                continue; // the listener, or a connection closed earlier in this batch
            };
            let open = serve_ready(connection).unwrap_or(false);
            if !open {
                if let Some(mut gone) = connections.remove(&event.token()) {
                    poll.registry().deregister(&mut gone.stream)?;
                }
            } else {
                // Ask for WRITABLE only while there is something waiting to be written.
                let interest = if connection.unsent.is_empty() {
                    Interest::READABLE
                } else {
                    Interest::READABLE | Interest::WRITABLE
                };
                poll.registry()
                    .reregister(&mut connection.stream, event.token(), interest)?;
            }
        }
    }
    Ok(served)
}
// ANCHOR_END: event_loop

// ANCHOR: accept
/// What one round of accepting did.
struct Accepted {
    count: usize,
    /// Set when accepting stopped on an error rather than on an empty queue.
    failed: Option<io::Error>,
}

/// Accepts until the queue is empty (edge-triggered: or later clients wait unannounced). A
/// failed `accept` is not a reason to stop serving the connections already open: an error
/// that concerns one connection is skipped, and any other, usually running out of descriptors
/// or memory, ends this round, to be retried after a pause (see `accept_errors`).
fn accept_ready(
    listener: &TcpListener,
    poll: &Poll,
    connections: &mut HashMap<Token, Connection>,
    next_token: &mut usize,
) -> Accepted {
    let mut count = 0;
    loop {
        let mut stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => match after_accept_error(&e) {
                AfterAcceptError::AcceptAgain => continue,
                AfterAcceptError::BackOff => {
                    return Accepted {
                        count,
                        failed: Some(e),
                    };
                }
            },
        };
        count += 1;
        if connections.len() >= MAX_CONNECTIONS {
            continue; // dropping the stream closes it
        }
        let token = Token(*next_token);
        *next_token += 1;
        // A connection that cannot be registered is closed; the others carry on.
        if poll
            .registry()
            .register(&mut stream, token, Interest::READABLE)
            .is_ok()
        {
            connections.insert(
                token,
                Connection {
                    stream,
                    unsent: Vec::new(),
                },
            );
        }
    }
    Accepted {
        count,
        failed: None,
    }
}
// ANCHOR_END: accept

// ANCHOR: serve_ready
/// Reads everything available, then writes back as much as the socket takes. Returns whether
/// the connection stays open.
fn serve_ready(connection: &mut Connection) -> io::Result<bool> {
    let mut buffer = [0u8; 4096];
    let mut open = true;
    loop {
        match connection.stream.read(&mut buffer) {
            Ok(0) => {
                open = false;
                break;
            }
            Ok(n) => connection.unsent.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    while !connection.unsent.is_empty() {
        match connection.stream.write(&connection.unsent) {
            Ok(n) => drop(connection.unsent.drain(..n)),
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(open || !connection.unsent.is_empty())
}
// ANCHOR_END: serve_ready
