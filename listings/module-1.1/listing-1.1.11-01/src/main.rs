//! What a blocking read, a non-blocking read and epoll each do with a socket that has nothing
//! to read yet, and then the readiness events mio reports, one step at a time.
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const LISTENER: Token = Token(0);
const CONNECTION: Token = Token(1);
/// How long each `poll` may wait: long enough for anything on loopback.
const POLL_TIMEOUT: Duration = Duration::from_millis(100);

// ANCHOR: blocking
/// A connected pair of standard-library sockets, to compare the two kinds of read.
fn blocking_and_non_blocking() -> io::Result<()> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let _client = std::net::TcpStream::connect_timeout(&listener.local_addr()?, POLL_TIMEOUT)?;
    let (mut server, _) = listener.accept()?; // the client is already in the accept queue
    let mut buffer = [0u8; 64];

    server.set_read_timeout(Some(Duration::from_millis(100)))?;
    let started = Instant::now();
    let result = server.read(&mut buffer);
    println!(
        "blocking read:     waited {:.1?}, then {}",
        started.elapsed(),
        outcome(result)
    );

    server.set_nonblocking(true)?;
    let started = Instant::now();
    let result = server.read(&mut buffer);
    println!(
        "non-blocking read: returned after {:.1?}: {}",
        started.elapsed(),
        outcome(result)
    );
    Ok(())
}
// ANCHOR_END: blocking

// ANCHOR: main
fn main() -> io::Result<()> {
    blocking_and_non_blocking()?;

    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(16);
    let mut listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;

    println!("\n1. nothing has happened yet");
    wait(&mut poll, &mut events)?;

    println!("2. a client connects");
    let mut client = std::net::TcpStream::connect_timeout(&listener.local_addr()?, POLL_TIMEOUT)?;
    wait(&mut poll, &mut events)?;
    let (mut connection, _) = listener.accept()?;
    println!(
        "   accept: a connection; accept again: {}",
        outcome(listener.accept().map(|_| 0))
    );
    poll.registry()
        .register(&mut connection, CONNECTION, Interest::READABLE)?;

    println!("3. the client sends 5 bytes");
    client.write_all(b"hello")?;
    wait(&mut poll, &mut events)?;
    println!("   read: {}", outcome(connection.read(&mut [0u8; 3])));

    println!("4. two bytes are still unread, and nothing new arrives");
    wait(&mut poll, &mut events)?;
    println!(
        "   read: {}; read again: {}",
        outcome(connection.read(&mut [0u8; 3])),
        outcome(connection.read(&mut [0u8; 3]))
    );

    println!("5. the client sends 5 more bytes, then closes");
    client.write_all(b"world")?;
    drop(client);
    wait(&mut poll, &mut events)?;
    drain(&mut connection)?;
    Ok(())
}
// ANCHOR_END: main

// ANCHOR: wait
/// One call to `poll`, and the events it returned.
fn wait(poll: &mut Poll, events: &mut Events) -> io::Result<()> {
    let started = Instant::now();
    poll.poll(events, Some(POLL_TIMEOUT))?;
    if events.is_empty() {
        println!(
            "   poll: no events; it returned after its timeout, {:.0?}",
            started.elapsed()
        );
    }
    for event in events.iter() {
        let source = if event.token() == LISTENER {
            "listener"
        } else {
            "connection"
        };
        let mut what = Vec::new();
        if event.is_readable() {
            what.push("readable");
        }
        if event.is_read_closed() {
            what.push("read side closed");
        }
        println!("   poll: {source} {}", what.join(", "));
    }
    Ok(())
}
// ANCHOR_END: wait

// ANCHOR: drain
/// Reads until the socket says `WouldBlock` or the stream ends. With edge-triggered readiness,
/// stopping any earlier can leave bytes that no future event will announce.
fn drain(connection: &mut TcpStream) -> io::Result<()> {
    let mut buffer = [0u8; 3];
    loop {
        match connection.read(&mut buffer) {
            Ok(0) => {
                println!("   read: 0 bytes, the end of the stream");
                return Ok(());
            }
            Ok(n) => println!(
                "   read: {n} bytes {:?}",
                String::from_utf8_lossy(&buffer[..n])
            ),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                println!("   read: WouldBlock");
                return Ok(());
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}
// ANCHOR_END: drain

fn outcome(result: io::Result<usize>) -> String {
    match result {
        Ok(n) => format!("{n} bytes"),
        Err(e) if e.kind() == ErrorKind::WouldBlock => "WouldBlock".to_string(),
        Err(e) => e.to_string(),
    }
}
