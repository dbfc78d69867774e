//! An echo server on mio: one thread, one `Poll`, and a table of connections.
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::collections::HashMap;
use std::io::{self, ErrorKind, Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const LISTENER: Token = Token(0);
/// More connections than this are closed as soon as they are accepted.
pub const MAX_CONNECTIONS: usize = 10_000;
/// The loop wakes at least this often to check whether it should stop.
const TICK: Duration = Duration::from_millis(50);

/// A connection and the bytes read from it that are not yet written back.
struct Connection {
    stream: TcpStream,
    unsent: Vec<u8>,
}

// ANCHOR: event_loop
/// Serves until `stop` is set. Returns how many connections it accepted.
pub fn serve(listener: std::net::TcpListener, stop: Arc<AtomicBool>) -> io::Result<usize> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(1024);
    let mut connections: HashMap<Token, Connection> = HashMap::new();
    let (mut next_token, mut accepted) = (1, 0);

    while !stop.load(Ordering::Relaxed) {
        poll.poll(&mut events, Some(TICK))?;
        for event in events.iter() {
            if event.token() == LISTENER {
                // Edge-triggered: accept until WouldBlock, or later clients wait unannounced.
                loop {
                    let (mut stream, _) = match listener.accept() {
                        Ok(accepted) => accepted,
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) => return Err(e),
                    };
                    accepted += 1;
                    if connections.len() >= MAX_CONNECTIONS {
                        continue; // dropping the stream closes it
                    }
                    let token = Token(next_token);
                    next_token += 1;
                    poll.registry()
                        .register(&mut stream, token, Interest::READABLE)?;
                    connections.insert(
                        token,
                        Connection {
                            stream,
                            unsent: Vec::new(),
                        },
                    );
                }
                continue;
            }
            let Some(connection) = connections.get_mut(&event.token()) else {
                continue;
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
    Ok(accepted)
}
// ANCHOR_END: event_loop

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
