//! Black-box tests: a real server on a loopback port, driven by real TCP clients.
use futures_util::{SinkExt, StreamExt};
use listing_2_1_6_01::server::{self, Config, Report};
use listing_2_1_6_01::store::Store;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_util::codec::{Framed, LinesCodec};
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(5);

struct Running {
    addr: SocketAddr,
    shutdown: CancellationToken,
    server: JoinHandle<std::io::Result<Report>>,
}

async fn start(config: Config) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(server::run(
        listener,
        Store::spawn(16),
        config,
        shutdown.clone(),
    ));
    Running {
        addr,
        shutdown,
        server,
    }
}

async fn client(addr: SocketAddr) -> Framed<TcpStream, LinesCodec> {
    Framed::new(TcpStream::connect(addr).await.unwrap(), LinesCodec::new())
}

/// The next line the server sends; panics if none comes within `WAIT`.
async fn next_line(client: &mut Framed<TcpStream, LinesCodec>) -> String {
    timeout(WAIT, client.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap()
}

async fn ask(client: &mut Framed<TcpStream, LinesCodec>, line: &str) -> String {
    client.send(line).await.unwrap();
    next_line(client).await
}

/// Writes `bytes` on a fresh connection, then reads until the server closes it.
async fn send_raw_and_read_to_close(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut raw = TcpStream::connect(addr).await.unwrap();
    raw.write_all(bytes).await.unwrap();
    let mut reply = String::new();
    timeout(WAIT, raw.read_to_string(&mut reply))
        .await
        .unwrap()
        .unwrap();
    reply
}

#[tokio::test]
async fn sets_gets_and_deletes() {
    let running = start(Config::default()).await;
    let mut c = client(running.addr).await;
    assert_eq!(ask(&mut c, "SET k v w").await, "OK");
    assert_eq!(ask(&mut c, "GET k").await, "VALUE v w");
    assert_eq!(ask(&mut c, "DEL k").await, "OK");
    assert_eq!(ask(&mut c, "GET k").await, "NOT_FOUND");
    assert_eq!(ask(&mut c, "NOPE").await, "ERR unknown command");
    assert_eq!(
        ask(&mut c, "GET k").await,
        "NOT_FOUND",
        "a bad line does not end the connection"
    );
}

#[tokio::test]
async fn an_oversized_line_gets_an_error_and_the_connection_closes() {
    let running = start(Config {
        max_line: 16,
        ..Config::default()
    })
    .await;
    let reply = send_raw_and_read_to_close(running.addr, &[b'a'; 100]).await;
    assert_eq!(reply, "ERR line longer than 16 bytes\n");
}

#[tokio::test]
async fn an_idle_client_is_told_and_disconnected() {
    let idle_timeout = Duration::from_millis(200);
    let running = start(Config {
        idle_timeout,
        ..Config::default()
    })
    .await;
    let reply = send_raw_and_read_to_close(running.addr, b"GET half-a-li").await; // and then nothing
    assert_eq!(reply, "ERR idle timeout\n");
}

#[tokio::test]
async fn clients_over_the_limit_wait_for_a_slot() {
    let running = start(Config {
        max_connections: 1,
        ..Config::default()
    })
    .await;
    let mut first = client(running.addr).await;
    assert_eq!(ask(&mut first, "SET k 1").await, "OK");
    let mut second = client(running.addr).await;
    second.send("GET k").await.unwrap();
    let early = timeout(Duration::from_millis(300), second.next()).await;
    assert!(
        early.is_err(),
        "the second client must not be served while the first is connected"
    );
    drop(first);
    assert_eq!(next_line(&mut second).await, "VALUE 1");
}

#[tokio::test]
async fn shutdown_tells_open_connections_and_stops_accepting() {
    let running = start(Config::default()).await;
    let mut c = client(running.addr).await;
    assert_eq!(ask(&mut c, "SET k 1").await, "OK");
    running.shutdown.cancel();
    assert_eq!(next_line(&mut c).await, "ERR shutting down");
    let report = timeout(WAIT, running.server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        report,
        Report {
            accepted: 1,
            failed: 0,
            abandoned: 0
        }
    );
    assert!(
        TcpStream::connect(running.addr).await.is_err(),
        "the listener must be closed"
    );
}

#[tokio::test]
async fn a_client_that_never_reads_is_cut_off_by_the_write_timeout() {
    // One slot: a second client is served only once the stuck connection has ended, which
    // lets the test wait for that event instead of sleeping for a guessed time.
    let config = Config {
        max_connections: 1,
        write_timeout: Duration::from_millis(200),
        ..Config::default()
    };
    let running = start(config).await;
    let mut raw = TcpStream::connect(running.addr).await.unwrap();
    let big = "x".repeat(3000);
    raw.write_all(format!("SET big {big}\n").as_bytes())
        .await
        .unwrap();
    // Ask for the big value over and over, and never read a byte of the answers.
    let requests = "GET big\n".repeat(20_000);
    let _ = timeout(WAIT, raw.write_all(requests.as_bytes())).await;
    // A generous deadline: on a loaded machine, filling the buffers can take a while.
    let mut second = client(running.addr).await;
    second.send("GET big").await.unwrap();
    let answer = timeout(Duration::from_secs(60), second.next()).await;
    assert!(
        matches!(answer, Ok(Some(Ok(ref line))) if line.starts_with("VALUE ")),
        "the second client is served once the stuck one is cut off: {answer:?}"
    );
    running.shutdown.cancel();
    let report = timeout(WAIT, running.server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        report.failed, 1,
        "the stuck connection ends with a write timeout"
    );
    drop(raw);
}
