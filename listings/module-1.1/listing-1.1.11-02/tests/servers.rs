//! Both servers under load and with a message too large for one write.
use listing_1_1_11_02::{CLIENT_TIMEOUT, echo_load, limits, mio_echo, tokio_echo};
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

fn start_mio() -> (
    SocketAddr,
    Arc<AtomicBool>,
    thread::JoinHandle<std::io::Result<mio_echo::Served>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    (
        address,
        stop,
        thread::spawn(move || mio_echo::serve(listener, flag)),
    )
}

fn start_tokio() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    // The runtime lives as long as the test process; the test binary's exit ends it.
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let _ = runtime.block_on(tokio_echo::serve(listener, Arc::default()));
    });
    address
}

/// Sends `message`, closes the sending side, and reads everything that comes back.
fn round_trip(address: SocketAddr, message: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect_timeout(&address, CLIENT_TIMEOUT).unwrap();
    stream.set_read_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(CLIENT_TIMEOUT)).unwrap();
    let reader = {
        let mut stream = stream.try_clone().unwrap();
        thread::spawn(move || {
            let mut echoed = Vec::new();
            stream.read_to_end(&mut echoed).unwrap();
            echoed
        })
    };
    stream.write_all(message).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    reader.join().unwrap()
}

#[test]
fn mio_serves_many_clients_at_once() {
    limits::raise_open_files_limit().unwrap();
    let (address, stop, server) = start_mio();
    assert_eq!(echo_load(address, 300).unwrap(), 300);
    stop.store(true, Ordering::Relaxed);
    assert_eq!(server.join().unwrap().unwrap().accepted, 300);
}

#[test]
fn mio_echoes_a_message_larger_than_the_socket_buffers() {
    let (address, stop, server) = start_mio();
    let message: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(round_trip(address, &message), message);
    stop.store(true, Ordering::Relaxed);
    server.join().unwrap().unwrap();
}

#[test]
fn tokio_serves_many_clients_at_once() {
    limits::raise_open_files_limit().unwrap();
    let address = start_tokio();
    assert_eq!(echo_load(address, 300).unwrap(), 300);
}

#[test]
fn tokio_echoes_a_message_larger_than_the_socket_buffers() {
    let address = start_tokio();
    let message: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(round_trip(address, &message), message);
}
