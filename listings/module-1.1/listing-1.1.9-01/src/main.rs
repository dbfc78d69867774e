//! UDP in four experiments on loopback: datagrams keep their boundaries, a short buffer cuts a
//! datagram, a full receive buffer drops datagrams, and a port without a listener answers with
//! an error that arrives only on the next call.
use socket2::SockRef;
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

/// Every receive in this listing gives up after this long: UDP never tells you that nothing
/// is coming, so a receive without a timeout can wait forever.
const RECEIVE_TIMEOUT: Duration = Duration::from_millis(200);

// ANCHOR: main
fn main() -> io::Result<()> {
    let receiver = bind_loopback()?;
    let sender = bind_loopback()?;
    let to = receiver.local_addr()?;

    println!("1. three send_to calls, three recv_from calls");
    for message in ["one", "two two", "three three three"] {
        sender.send_to(message.as_bytes(), to)?;
    }
    let mut buffer = [0u8; 1500];
    for _ in 0..3 {
        let (length, from) = receiver.recv_from(&mut buffer)?;
        let text = String::from_utf8_lossy(&buffer[..length]);
        println!("   {length:>2} bytes from {from}: {text:?}");
    }

    println!("2. a 100-byte datagram read into a 16-byte buffer");
    sender.send_to(&[b'x'; 100], to)?;
    let mut small = [0u8; 16];
    let (length, _) = receiver.recv_from(&mut small)?;
    println!("   recv_from returned {length} bytes");
    match receiver.recv_from(&mut small) {
        Ok((length, _)) => println!("   the next recv_from returned {length} more bytes"),
        Err(error) => println!("   the next recv_from: {error}; the other 84 bytes are gone"),
    }

    println!("3. 200 datagrams of 1,000 bytes to a receiver that does not read yet");
    SockRef::from(&receiver).set_recv_buffer_size(16 * 1024)?;
    for _ in 0..200 {
        sender.send_to(&[0u8; 1000], to)?;
    }
    let mut received = 0;
    while receiver.recv_from(&mut buffer).is_ok() {
        received += 1;
    }
    println!("   200 sends succeeded; received {received}, the kernel dropped the rest");

    println!("4. a datagram to a port where nobody listens");
    let closed_port = bind_loopback()?.local_addr()?; // bound, then dropped: now closed
    sender.connect(closed_port)?;
    let sent = sender.send(b"anyone there?")?;
    println!("   send: {sent} bytes sent, no error");
    match sender.recv(&mut buffer) {
        Ok(length) => println!("   recv: {length} bytes"),
        Err(error) => println!("   recv: {error}"),
    }
    Ok(())
}
// ANCHOR_END: main

fn bind_loopback() -> io::Result<UdpSocket> {
    let socket = UdpSocket::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_read_timeout(Some(RECEIVE_TIMEOUT))?;
    Ok(socket)
}
