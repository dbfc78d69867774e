//! Both servers run out of descriptors while a client waits to be accepted, keep running, and
//! serve the client once descriptors are free again.
//!
//! This file is a test binary of its own, so a process of its own: lowering the open-files limit
//! and filling the descriptor table here affects no other test. It holds a single test, so that
//! nothing else in this process competes for the descriptors either.
use listing_1_1_11_02::{mio_echo, tokio_echo};
use nix::sys::resource::{Resource, getrlimit, setrlimit};
use std::fs::File;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The soft limit for this process while the test runs: low, so that filling it is quick.
const LOW_LIMIT: u64 = 256;
const TIMEOUT: Duration = Duration::from_secs(5);

/// Opens `/dev/null` until the kernel refuses with EMFILE, then gives back one descriptor, so
/// that exactly one more socket can be made. The files are closed when the vector is dropped.
fn fill_descriptor_table() -> Vec<File> {
    let mut files = Vec::new();
    loop {
        match File::open("/dev/null") {
            Ok(file) => files.push(file),
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(nix::libc::EMFILE), "{e}");
                break;
            }
        }
    }
    files.pop();
    files
}

/// Sends a line and reads its echo, or fails after `timeout`.
fn echo_once(stream: &mut TcpStream, line: &[u8], timeout: Duration) -> io::Result<Vec<u8>> {
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.write_all(line)?;
    let mut echoed = vec![0; line.len()];
    stream.read_exact(&mut echoed)?;
    Ok(echoed)
}

/// Connects a client while no descriptor is left for the server's `accept`, checks that the
/// server does not answer while starved and does once the descriptors are back, and that a new
/// client is served afterwards. `accept_errors`, when the server can be asked while it runs,
/// reads its count of failed accepts.
fn starve_and_recover(address: SocketAddr, accept_errors: Option<&dyn Fn() -> usize>) {
    // The server is up and serving before the table is filled.
    let mut warm_up = TcpStream::connect_timeout(&address, TIMEOUT).unwrap();
    assert_eq!(
        echo_once(&mut warm_up, b"warm\n", TIMEOUT).unwrap(),
        b"warm\n"
    );
    // Close it and wait for the server's end of the stream, which the server sends when it
    // closes its side: after that, the server holds no descriptor for this connection, and
    // cannot free one later for the starved `accept` below.
    warm_up.shutdown(Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    warm_up.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{rest:?}");
    drop(warm_up);

    let filler = fill_descriptor_table();
    // The handshake is the kernel's job, so the client connects although the server cannot
    // accept: the connection waits in the listener's queue.
    let mut starved = TcpStream::connect_timeout(&address, TIMEOUT).unwrap();
    let waited = echo_once(&mut starved, b"ping\n", Duration::from_millis(300));
    assert!(
        matches!(&waited, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "while the server is starved the client must wait unanswered (a reset means the server gave up): {waited:?}"
    );
    if let Some(accept_errors) = accept_errors {
        let deadline = Instant::now() + TIMEOUT;
        while accept_errors() == 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        assert!(accept_errors() >= 1, "the server never saw EMFILE");
    }

    drop(filler);
    // The line was already sent; the echo comes once a retried accept succeeds.
    let mut echoed = vec![0; 5];
    starved.set_read_timeout(Some(TIMEOUT)).unwrap();
    starved.read_exact(&mut echoed).unwrap();
    assert_eq!(echoed, b"ping\n");

    let mut fresh = TcpStream::connect_timeout(&address, TIMEOUT).unwrap();
    assert_eq!(
        echo_once(&mut fresh, b"again\n", TIMEOUT).unwrap(),
        b"again\n"
    );
}

#[test]
fn both_servers_survive_running_out_of_descriptors() {
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    setrlimit(Resource::RLIMIT_NOFILE, LOW_LIMIT.min(soft), hard).unwrap();

    // mio: the loop cannot wait for an event (the queue is not new), so it must retry on a timer.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let server = thread::spawn({
        let stop = Arc::clone(&stop);
        move || mio_echo::serve(listener, stop)
    });
    // The mio server reports its count of failed accepts when it stops.
    starve_and_recover(address, None);
    stop.store(true, Ordering::Relaxed);
    let served = server.join().unwrap().unwrap();
    assert!(served.accept_errors >= 1, "{served:?}");
    assert_eq!(served.accepted, 3, "{served:?}");

    // Tokio: the accept loop sleeps and tries again.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let accept_errors = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = thread::spawn({
        let accept_errors = Arc::clone(&accept_errors);
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let serving = tokio::spawn(tokio_echo::serve(listener, accept_errors));
                let _ = stopped.await;
                serving.abort();
            });
        }
    });
    starve_and_recover(address, Some(&|| accept_errors.load(Ordering::Relaxed)));
    let _ = stop.send(());
    server.join().unwrap();

    setrlimit(Resource::RLIMIT_NOFILE, soft, hard).unwrap();
}
