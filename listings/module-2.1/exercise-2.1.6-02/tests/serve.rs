//! What "done" means for Exercise 2.1.6-2.
use exercise_2_1_6_02::{Limits, serve};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(5);

fn limits(max_connections: usize) -> Limits {
    Limits {
        max_connections,
        idle_timeout: Duration::from_secs(3),
        max_line: 1024,
        grace: Duration::from_secs(2),
    }
}

async fn start(
    limits: Limits,
) -> (
    SocketAddr,
    CancellationToken,
    JoinHandle<std::io::Result<u64>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let token = CancellationToken::new();
    let server = tokio::spawn(serve(listener, limits, token.clone()));
    (addr, token, server)
}

async fn ask(stream: &mut BufReader<TcpStream>, line: &str) -> String {
    stream
        .get_mut()
        .write_all(format!("{line}\n").as_bytes())
        .await
        .unwrap();
    let mut reply = String::new();
    timeout(WAIT, stream.read_line(&mut reply))
        .await
        .unwrap()
        .unwrap();
    reply
}

/// Like `ask`, but a refused connection (BUSY, then closed or reset) is `None`, not a panic.
async fn try_ask(stream: &mut BufReader<TcpStream>, line: &str) -> Option<String> {
    let request = format!("{line}\n");
    stream.get_mut().write_all(request.as_bytes()).await.ok()?;
    let mut reply = String::new();
    timeout(WAIT, stream.read_line(&mut reply))
        .await
        .ok()?
        .ok()?;
    Some(reply)
}

async fn connect(addr: SocketAddr) -> BufReader<TcpStream> {
    BufReader::new(TcpStream::connect(addr).await.unwrap())
}

/// A server allowing 4 connections that closes a connection after `idle` without a full line.
async fn start_with_idle_timeout(
    idle: Duration,
) -> (
    SocketAddr,
    CancellationToken,
    JoinHandle<std::io::Result<u64>>,
) {
    let limits = Limits {
        idle_timeout: idle,
        ..limits(4)
    };
    start(limits).await
}

/// A client that sends part of a line (no newline) and then nothing.
async fn send_partial_line(addr: SocketAddr, partial: &[u8]) -> TcpStream {
    let mut client = TcpStream::connect(addr).await.unwrap();
    client.write_all(partial).await.unwrap();
    client
}

#[tokio::test]
async fn answers_each_line_in_upper_case() {
    let (addr, _token, _server) = start(limits(4)).await;
    let mut client = connect(addr).await;
    assert_eq!(ask(&mut client, "hello").await, "HELLO\n");
    assert_eq!(ask(&mut client, "Tokio 1").await, "TOKIO 1\n");
}

#[tokio::test]
async fn a_line_over_the_limit_is_refused_and_the_connection_closed() {
    let (addr, _token, _server) = start(Limits {
        max_line: 64,
        ..limits(4)
    })
    .await;
    let mut client = connect(addr).await;
    let longest = "a".repeat(64);
    assert_eq!(
        ask(&mut client, &longest).await,
        longest.to_uppercase() + "\n"
    );
    // 200 bytes and no newline: a server that buffered until the newline would still be waiting
    // (and would close after the 3 s idle timeout without a word).
    let mut client = send_partial_line(addr, &[b'x'; 200]).await;
    let mut reply = String::new();
    timeout(WAIT, client.read_to_string(&mut reply))
        .await
        .expect("the server must answer and close, not wait for the newline")
        .unwrap();
    assert_eq!(reply, "ERR line too long\n");
}

#[tokio::test]
async fn a_client_over_the_limit_is_told_busy_and_closed() {
    let (addr, _token, _server) = start(limits(1)).await;
    let mut first = connect(addr).await;
    assert_eq!(ask(&mut first, "one").await, "ONE\n");
    let mut second = TcpStream::connect(addr).await.unwrap();
    let mut reply = String::new();
    timeout(WAIT, second.read_to_string(&mut reply))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reply, "BUSY\n");
    assert_eq!(ask(&mut first, "still here").await, "STILL HERE\n");
    drop(first);
    // The slot is free again once the first client has gone.
    // Retry for up to 10 s: on a loaded machine the server may take a while to see the close.
    let mut third = None;
    for _ in 0..500 {
        let mut candidate = connect(addr).await;
        if try_ask(&mut candidate, "three").await.as_deref() == Some("THREE\n") {
            third = Some(candidate);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(third.is_some(), "a freed slot must be reused");
}

#[tokio::test]
async fn an_idle_client_is_disconnected() {
    let (addr, _token, _server) = start_with_idle_timeout(Duration::from_millis(200)).await;
    let mut client = send_partial_line(addr, b"no newline").await;
    let mut rest = Vec::new();
    let read = timeout(WAIT, client.read_to_end(&mut rest)).await;
    assert!(read.is_ok(), "the server must close an idle connection");
    assert!(rest.is_empty());
}

#[tokio::test]
async fn shutdown_closes_idle_connections_stops_accepting_and_returns() {
    let (addr, token, server) = start(limits(4)).await;
    let mut a = connect(addr).await;
    let mut b = connect(addr).await;
    assert_eq!(ask(&mut a, "a").await, "A\n");
    assert_eq!(ask(&mut b, "b").await, "B\n");
    token.cancel();
    let served = timeout(WAIT, server)
        .await
        .expect("serve must return")
        .unwrap()
        .unwrap();
    assert_eq!(served, 2);
    let mut rest = Vec::new();
    timeout(WAIT, a.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the listener must be closed"
    );
}

#[tokio::test]
async fn shutdown_waits_at_most_the_grace_period() {
    // This client never sends a newline and has a long idle timeout, but shutdown still ends it.
    let (addr, token, server) = start_with_idle_timeout(Duration::from_secs(60)).await;
    let _client = send_partial_line(addr, b"half a li").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    token.cancel();
    let served = timeout(WAIT, server)
        .await
        .expect("serve must not wait 60 s")
        .unwrap()
        .unwrap();
    assert_eq!(served, 1);
}
