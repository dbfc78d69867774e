//! A thousand clients, all connected at once, against two one-thread servers.
use listing_1_1_11_02::{echo_load, limits, mio_echo, thread_count, tokio_echo};
use std::error::Error;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Instant;

const CLIENTS: usize = 1000;

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    // 1,000 clients and 1,000 server sides are 2,000 descriptors, above a common soft limit of 1,024.
    let limit = limits::raise_open_files_limit()?;
    if limit < 2 * CLIENTS as u64 + 64 {
        return Err(
            format!("the open-files limit ({limit}) is too low for {CLIENTS} clients").into(),
        );
    }
    println!("open-files limit raised to the hard limit");

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let server = thread::spawn({
        let stop = Arc::clone(&stop);
        move || mio_echo::serve(listener, stop)
    });
    let started = Instant::now();
    let intact = echo_load(address, CLIENTS)?;
    let threads = thread_count()?;
    stop.store(true, Ordering::Relaxed);
    let served = server.join().map_err(|_| "the mio server panicked")??;
    println!(
        "mio:   {intact} of {CLIENTS} echoes intact, {} connections accepted, {threads} threads in the process, {:.0?}",
        served.accepted,
        started.elapsed()
    );

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = thread::spawn(move || -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let accept_errors = Arc::default();
            let serving = tokio::spawn(tokio_echo::serve(listener, accept_errors));
            let _ = stopped.await;
            serving.abort(); // the connection tasks end when the runtime is dropped
        });
        Ok(())
    });
    let started = Instant::now();
    let intact = echo_load(address, CLIENTS)?;
    let threads = thread_count()?;
    let _ = stop.send(());
    server.join().map_err(|_| "the Tokio server panicked")??;
    println!(
        "tokio: {intact} of {CLIENTS} echoes intact, {threads} threads in the process, {:.0?}",
        started.elapsed()
    );
    Ok(())
}
// ANCHOR_END: main
