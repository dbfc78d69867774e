//! Clients that misbehave on purpose must not take the service down. Each test runs an
//! attack, shows that a normal request still succeeds within a bound meanwhile, and that the
//! server closes the attacker's connection.

mod common;

use catalog::Limits;
use catalog::store::SqliteStore;
use common::{
    ATTACK_REQUEST_TIMEOUT, attack_limits, client, start_for_attacks, start_with_timeout,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection; returns what it sent.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Vec<u8> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server did not close the connection within {within:?}"
    );
    received
}

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
        .expect("normal request finished in time")
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

// ANCHOR: idle_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_idle_connections_do_not_lock_others_out() {
    // 2000 client sockets plus 1000 server sockets, in one process.
    rlimit::increase_nofile_limit(8192).unwrap();
    let limits = Limits {
        header_read_timeout: Duration::from_millis(1000),
        max_connections: 1000,
        ..attack_limits()
    };
    let store = Arc::new(SqliteStore::open(":memory:").unwrap());
    let server = start_with_timeout(store, limits, ATTACK_REQUEST_TIMEOUT).await;

    let mut idle = Vec::new();
    for _ in 0..2000 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // The first 1000 hold every slot; the rest wait in the backlog, ahead of us. Each wave
    // is closed by the header read timeout, so we get in after about two of them (2 s).
    normal_request_succeeds(server.url("/health"), Duration::from_secs(10)).await;
    let first = &mut idle[0];
    read_until_closed(first, Duration::from_secs(5)).await;
    let last = idle.last_mut().unwrap();
    read_until_closed(last, Duration::from_secs(5)).await;
    server.stop().await.unwrap();
}
// ANCHOR_END: idle_test

// ANCHOR: shutdown_test
#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let mut server = start_for_attacks().await;
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

    server.begin_shutdown(); // the handler is waiting for the body
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(server.addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "new connections still accepted after shutdown began"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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

// ANCHOR: keepalive_test
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
// ANCHOR_END: keepalive_test
