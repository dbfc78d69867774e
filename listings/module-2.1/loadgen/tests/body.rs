//! Response bodies are read and dropped frame by frame: an endless one costs time, not memory.
//! In a file of its own, so that no other test's allocations are in the peak it measures.
use loadgen::{Arrival, Config, RequestTemplate, Target, run};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers every request with a chunked body that never ends, 64 KiB a chunk,
/// and counts what it wrote.
async fn endless_server() -> (Target, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&written);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                let mut head = [0u8; 1024];
                let _ = stream.read(&mut head).await; // one small GET: good enough here
                let start = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                if stream.write_all(start.as_bytes()).await.is_err() {
                    return;
                }
                let mut chunk = b"10000\r\n".to_vec();
                chunk.extend(std::iter::repeat_n(b'x', 0x10000));
                chunk.extend(b"\r\n");
                while stream.write_all(&chunk).await.is_ok() {
                    counter.fetch_add(0x10000, Ordering::Relaxed);
                }
            });
        }
    });
    (Target::parse(&url).unwrap(), written)
}

fn config(target: Target, timeout: Duration, max_body: Option<u64>) -> Config {
    Config {
        target,
        rate: 10.0,
        duration: Duration::from_millis(100), // one request
        arrival: Arrival::Uniform,
        seed: 1,
        connections: 1,
        max_outstanding: 1,
        timeout,
        max_body,
        request: RequestTemplate::default(),
    }
}

/// The process's peak resident memory so far, in bytes (VmHWM in /proc/self/status).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_body_costs_time_not_memory() {
    let (target, written) = endless_server().await;
    let before = peak_rss();
    let report = run(&config(target, Duration::from_millis(1500), None))
        .await
        .unwrap();
    let grown = peak_rss().saturating_sub(before);
    let body = written.load(Ordering::Relaxed);
    assert_eq!((report.sent, report.timeouts), (1, 1), "{report}");
    // Buffering the body would make the peak grow by about as much as went through.
    assert!(
        body > 64 << 20,
        "only {body} bytes went through: too slow to tell"
    );
    assert!(
        grown < body / 4,
        "peak memory grew by {grown} bytes for a {body}-byte body"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_an_error_at_once() {
    let (target, _written) = endless_server().await;
    let started = std::time::Instant::now();
    let report = run(&config(target, Duration::from_secs(5), Some(1 << 20)))
        .await
        .unwrap();
    assert_eq!(
        (report.sent, report.errors, report.timeouts),
        (1, 1, 0),
        "{report}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "it waited for the timeout"
    );
}
