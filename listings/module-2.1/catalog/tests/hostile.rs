//! Clients that misbehave on purpose must not take the service down. Each test runs an
//! attack, shows that a normal request still succeeds within a bound meanwhile, and that the
//! server closes the attacker's connection.

mod common;

use catalog::Limits;
use catalog::store::SqliteStore;
use common::{client, read_until_closed, start_for_attacks, start_with};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// Reads until `end` has arrived; returns everything read.
async fn read_until(stream: &mut TcpStream, end: &[u8], within: Duration) -> Vec<u8> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut byte = [0u8; 1];
        while !received.ends_with(end) {
            match stream.read(&mut byte).await {
                Ok(0) | Err(_) => break,
                Ok(_) => received.push(byte[0]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no {end:?} within {within:?}");
    received
}

async fn normal_request_succeeds(url: String, within: Duration) {
    let started = Instant::now();
    let response = tokio::time::timeout(within, client().get(url).send())
        .await
        .unwrap_or_else(|_| panic!("a normal request took longer than {within:?}"))
        .expect("normal request succeeded");
    assert!(response.status().is_success());
    assert!(started.elapsed() < within);
}

// ANCHOR: slowloris_test
#[tokio::test]
async fn slowloris_is_cut_off_by_the_header_read_timeout() {
    let server = start_for_attacks().await; // header read timeout: 500 ms
    let mut attacker = TcpStream::connect(server.addr).await.unwrap();
    let dribble = tokio::spawn(async move {
        // One byte every 100 ms: the 33-byte head would take 3.3 s to arrive.
        for byte in b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" {
            if attacker.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        attacker
    });
    normal_request_succeeds(server.url("/health"), Duration::from_secs(5)).await;
    let mut attacker = dribble.await.unwrap();
    let reply = read_until_closed(&mut attacker, Duration::from_secs(5)).await;
    assert!(
        !reply.starts_with(b"HTTP/1.1 200"),
        "the slow request was never served"
    );
    server.stop().await.unwrap();
}
// ANCHOR_END: slowloris_test

// ANCHOR: slow_body_test
#[tokio::test]
async fn a_body_that_never_ends_gets_a_408_and_is_closed() {
    let server = start_for_attacks().await; // request timeout: 800 ms
    let mut attacker = TcpStream::connect(server.addr).await.unwrap();
    attacker
        .write_all(
            b"POST /products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{\"sku\": \"A",
        )
        .await
        .unwrap();
    normal_request_succeeds(server.url("/health"), Duration::from_secs(5)).await;
    let reply = read_until_closed(&mut attacker, Duration::from_secs(10)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("\"request_timeout\""), "{reply}");
    server.stop().await.unwrap();
}
// ANCHOR_END: slow_body_test

// ANCHOR: write_timeout_test
#[tokio::test]
async fn a_client_that_never_reads_is_cut_off_by_the_write_timeout() {
    let server = start_for_attacks().await; // write timeout: 500 ms
    let mut attacker = TcpStream::connect(server.addr).await.unwrap();
    // Pipelined requests for the largest response there is, and not one byte read back: the
    // responses fill the attacker's receive buffer, then the server's send buffer.
    let pipeline = tokio::spawn(async move {
        let request = b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
        for _ in 0..100_000 {
            if attacker.write_all(request).await.is_err() {
                break; // the server has closed the connection
            }
        }
        attacker
    });
    let started = Instant::now();
    while server.open_connections() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "never connected"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The connection, and its permit, must go away: the server's write stalls, and the write
    // timeout ends it half a second later.
    while server.open_connections() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "a client that never reads still holds its connection"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _attacker = pipeline.await.unwrap();
    normal_request_succeeds(server.url("/health"), Duration::from_secs(5)).await;
    server.stop().await.unwrap();
}
// ANCHOR_END: write_timeout_test

/// Each connection is a descriptor on both ends, in this one process: raise the soft limit.
fn enough_descriptors_for_a_crowd() {
    let (soft, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
    if soft < 8192 {
        rlimit::setrlimit(rlimit::Resource::NOFILE, hard.min(8192), hard).unwrap();
    }
}

/// A server with the production defaults: a 10 s header read timeout and 1,024 connections.
async fn start_with_production_limits() -> catalog::RunningServer {
    enough_descriptors_for_a_crowd();
    let server_limits = Limits {
        drain_delay: Duration::ZERO,
        ..Limits::default()
    };
    assert_eq!(server_limits.max_connections, 1024);
    let store = Arc::new(SqliteStore::open(":memory:").unwrap());
    start_with(store, server_limits).await
}

/// `n` connections that send nothing.
async fn idle_clients(addr: std::net::SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut idle = Vec::with_capacity(n);
    for _ in 0..n {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    idle
}

/// `n` connections that send one byte of a request head every 200 ms: 6 s for the head.
async fn slowloris_clients(addr: std::net::SocketAddr, n: usize) -> Vec<JoinHandle<()>> {
    let mut slow = Vec::with_capacity(n);
    for _ in 0..n {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        slow.push(tokio::spawn(async move {
            for byte in b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }));
    }
    slow
}

// ANCHOR: crowd_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_health_check_gets_through_idle_clients_then_slow_ones() {
    let server = start_with_production_limits().await;
    let mut idle = idle_clients(server.addr, 2000).await;
    let slow = slowloris_clients(server.addr, 50).await;
    // Every slot is taken by a client that has sent no complete request. Without eviction
    // this request would wait for the header read timeout: 10 s.
    normal_request_succeeds(server.url("/health"), Duration::from_secs(1)).await;
    assert!(server.open_connections() <= 1024);
    // The connections that never sent a byte went first, the oldest first.
    read_until_closed(&mut idle[0], Duration::from_secs(1)).await;
    slow.iter().for_each(JoinHandle::abort);
    server.stop().await.unwrap();
}
// ANCHOR_END: crowd_test

/// The same crowd in the other order. Slow heads first means the oldest connections have read
/// part of a head, which hyper's graceful shutdown does not close until the header read
/// timeout; the accept loop closes such connections outright, and prefers the never-used ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_health_check_gets_through_slow_clients_then_idle_ones() {
    let server = start_with_production_limits().await;
    let slow = slowloris_clients(server.addr, 50).await;
    let mut idle = idle_clients(server.addr, 2000).await;
    normal_request_succeeds(server.url("/health"), Duration::from_secs(1)).await;
    assert!(server.open_connections() <= 1024);
    read_until_closed(&mut idle[0], Duration::from_secs(1)).await;
    slow.iter().for_each(JoinHandle::abort);
    server.stop().await.unwrap();
}

// ANCHOR: heads_test
/// More connections than slots, each with one byte of a head: nothing is fresh or idle, and
/// every one of them has something in hyper's read buffer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_health_check_gets_through_a_crowd_of_one_byte_heads() {
    let server = start_with_production_limits().await;
    let mut heads = Vec::new();
    for _ in 0..1100 {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(b"G").await.unwrap();
        heads.push(stream);
    }
    normal_request_succeeds(server.url("/health"), Duration::from_secs(1)).await;
    assert!(server.open_connections() <= 1024);
    // Every connection past the limit, the health check's included, closed one head: 1,101
    // accepted, 1,024 slots.
    let started = Instant::now();
    while closed(&mut heads) < 1101 - 1024 {
        assert!(started.elapsed() < Duration::from_secs(2), "too few closed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await.unwrap();
}
// ANCHOR_END: heads_test

/// How many of `streams` the server has closed (end of file, or reset).
fn closed(streams: &mut [TcpStream]) -> usize {
    let mut buffer = [0u8; 64];
    streams
        .iter_mut()
        .filter(|stream| match stream.try_read(&mut buffer) {
            Ok(0) => true,
            Ok(_) => false,
            Err(error) => error.kind() != std::io::ErrorKind::WouldBlock,
        })
        .count()
}

/// A GET on a new connection: `None` when the connection is refused.
async fn get_on_new_connection(addr: std::net::SocketAddr, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let reply = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    Some(String::from_utf8_lossy(&reply).into_owned())
}

// ANCHOR: shutdown_test
#[tokio::test]
async fn shutdown_fails_ready_then_stops_accepting_then_lets_requests_finish() {
    let drain_delay = Duration::from_millis(1000);
    let limits = Limits {
        drain_delay,
        ..common::attack_limits()
    };
    let store = Arc::new(SqliteStore::open(":memory:").unwrap());
    let mut server = start_with(store, limits).await;
    let body = br#"{"sku":"LATE-1","name":"Late","price_cents":1,"stock":1}"#;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    // `Expect: 100-continue` makes hyper answer "100 Continue" when the handler starts reading
    // the body: proof that the request is in flight, without guessing with a sleep.
    let head = format!(
        "POST /products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Expect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let interim = read_until(&mut stream, b"\r\n\r\n", Duration::from_secs(10)).await;
    assert!(interim.starts_with(b"HTTP/1.1 100"), "{interim:?}");

    server.begin_shutdown();
    let began = Instant::now();
    // 1. /ready fails at once (as soon as the server task has seen the signal), while new
    //    connections are still accepted and served.
    let ready = loop {
        let ready = get_on_new_connection(server.addr, "/ready").await.unwrap();
        if !ready.starts_with("HTTP/1.1 200") || began.elapsed() > Duration::from_millis(500) {
            break ready;
        }
    };
    assert!(ready.starts_with("HTTP/1.1 503"), "{ready}");
    assert!(ready.contains("shutting_down"), "{ready}");
    let health = get_on_new_connection(server.addr, "/health").await.unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        began.elapsed() < drain_delay,
        "checked within the drain delay"
    );

    // 2. After the drain delay the listener closes: new connections are refused.
    while get_on_new_connection(server.addr, "/health")
        .await
        .is_some()
    {
        assert!(began.elapsed() < Duration::from_secs(10), "still accepting");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        began.elapsed() >= drain_delay,
        "refused only after the drain delay"
    );
    assert!(!server.has_stopped(), "a request is still in flight");

    // 3. The request in flight finishes, and then the server stops.
    stream.write_all(body).await.unwrap();
    let reply = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    assert!(
        reply.starts_with(b"HTTP/1.1 201"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    server.stop().await.unwrap();
}
// ANCHOR_END: shutdown_test

/// Every slot busy, and one more client waiting in the accept loop for one: the signal must be
/// seen at once all the same, not when a slot frees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_begins_at_once_when_every_slot_is_busy() {
    let store = Arc::new(common::GatedStore::default());
    let limits = Limits {
        max_connections: 2,
        drain_delay: Duration::from_secs(3),
        ..common::limits()
    };
    let state = catalog::AppState::new(store.clone(), &catalog::AppOptions::default()).unwrap();
    let lifecycle = state.lifecycle.clone();
    let mut server =
        catalog::RunningServer::start(catalog::build_app(state), lifecycle.clone(), limits)
            .await
            .unwrap();
    // Two connections, each with a GET held in the store: both slots busy, nothing to evict.
    let mut busy = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream
            .write_all(b"GET /products/1 HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        busy.push(stream);
    }
    store.wait_for_entered(2).await;
    // A third is accepted and waits for a slot, its readiness check already sent.
    let mut waiting = TcpStream::connect(server.addr).await.unwrap();
    waiting
        .write_all(b"GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    server.begin_shutdown();
    let began = Instant::now();
    while !lifecycle.is_draining() {
        assert!(
            began.elapsed() < Duration::from_secs(2),
            "the shutdown signal waited for a free slot"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // When the stuck requests finish, the waiting client gets its slot, and the answer is no.
    store.open_gate();
    let reply = read_until_closed(&mut waiting, Duration::from_secs(2)).await;
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(reply.contains("shutting_down"), "{reply}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_too() {
    let server = start_for_attacks().await; // header read timeout: 500 ms
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer).await.unwrap();
    assert!(buffer[..n].starts_with(b"HTTP/1.1 200"));
    // The response is complete and the connection is kept alive; now send nothing. The
    // header read timeout also runs while hyper waits for the next request.
    read_until_closed(&mut stream, Duration::from_secs(10)).await;
    server.stop().await.unwrap();
}
