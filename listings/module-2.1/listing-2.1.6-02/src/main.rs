//! A server task writes 16 KiB chunks to a client that never reads. Each `write_all` returns
//! at once while the kernel has buffer space; then one write waits, and a write timeout ends it.

use std::io;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpSocket;
use tokio::time::timeout;

const CHUNK: usize = 16 * 1024;
const WRITE_TIMEOUT: Duration = Duration::from_millis(500);
/// Fixed buffer sizes turn off the kernel's autotuning, so the run is repeatable.
const BUFFER: u32 = 64 * 1024;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener_socket = TcpSocket::new_v4()?;
    listener_socket.set_send_buffer_size(BUFFER)?; // accepted sockets inherit it
    listener_socket.bind("127.0.0.1:0".parse().map_err(io::Error::other)?)?;
    let granted_send = listener_socket.send_buffer_size()? / 1024;
    let listener = listener_socket.listen(16)?;

    let client_socket = TcpSocket::new_v4()?;
    client_socket.set_recv_buffer_size(BUFFER)?;
    println!(
        "asked for {} KiB buffers; the kernel granted send {} KiB, receive {} KiB",
        BUFFER / 1024,
        granted_send,
        client_socket.recv_buffer_size()? / 1024
    );
    let client = client_socket.connect(listener.local_addr()?).await?; // never reads
    let (mut server_side, _) = listener.accept().await?;

    let chunk = vec![b'x'; CHUNK];
    let mut written = 0usize;
    loop {
        let started = Instant::now();
        match timeout(WRITE_TIMEOUT, server_side.write_all(&chunk)).await {
            Ok(result) => result?,
            Err(_elapsed) => {
                println!(
                    "write #{} waited {:.1?}: gave up",
                    written / CHUNK + 1,
                    started.elapsed()
                );
                break;
            }
        }
        written += CHUNK;
    }
    let kib = written / 1024;
    println!(
        "buffered before the first stall: {kib} KiB in {} writes",
        written / CHUNK
    );
    drop(client);
    Ok(())
}
// ANCHOR_END: main
