//! The server, driven over loopback by hyper's client and by raw sockets.
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper_util::rt::TokioIo;
use listing_2_1_7_01::app;
use listing_2_1_7_01::server::{self, Config, Handler};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(5);
type Body = BoxBody<Bytes, Infallible>;

async fn start(
    config: Config,
) -> (
    SocketAddr,
    CancellationToken,
    JoinHandle<std::io::Result<()>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = CancellationToken::new();
    let handler: Handler = Arc::new(app::route);
    let server = tokio::spawn(server::serve(listener, config, handler, shutdown.clone()));
    (addr, shutdown, server)
}

/// One hyper client connection; requests sent through it reuse the same TCP connection.
async fn hyper_client(addr: SocketAddr) -> hyper::client::conn::http1::SendRequest<Body> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    sender
}

fn request(method: &str, path: &str, body: Body) -> hyper::Request<Body> {
    hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .body(body)
        .unwrap()
}

async fn send(
    sender: &mut hyper::client::conn::http1::SendRequest<Body>,
    request: hyper::Request<Body>,
) -> (u16, Bytes) {
    let response = timeout(WAIT, sender.send_request(request))
        .await
        .unwrap()
        .unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body)
}

#[tokio::test]
async fn hyper_gets_posts_and_reuses_the_connection() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    let mut client = hyper_client(addr).await;
    let (status, body) = send(&mut client, request("GET", "/", Full::default().boxed())).await;
    assert_eq!((status, &body[..]), (200, &b"hello from tinyhttp\n"[..]));
    let echo = Full::new(Bytes::from_static(b"ping")).boxed();
    let (status, body) = send(&mut client, request("POST", "/echo", echo)).await;
    assert_eq!((status, &body[..]), (200, &b"ping"[..]));
    let (status, _) = send(
        &mut client,
        request("GET", "/missing", Full::default().boxed()),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(&mut client, request("DELETE", "/", Full::default().boxed())).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn hyper_sends_a_streamed_body_chunked() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    let mut client = hyper_client(addr).await;
    let parts = ["chunked ", "body ", "in three parts"]
        .map(|p| Ok(Frame::data(Bytes::from_static(p.as_bytes()))));
    // A stream has no known length, so hyper uses Transfer-Encoding: chunked.
    let body = StreamBody::new(futures_util::stream::iter(parts)).boxed();
    let (status, echoed) = send(&mut client, request("POST", "/echo", body)).await;
    assert_eq!(
        (status, &echoed[..]),
        (200, &b"chunked body in three parts"[..])
    );
}

async fn raw_exchange(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut reply = Vec::new();
    timeout(WAIT, stream.read_to_end(&mut reply))
        .await
        .unwrap()
        .unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test]
async fn pipelined_requests_get_responses_in_order_and_close_is_honoured() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    let reply = raw_exchange(
        addr,
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    )
    .await;
    assert_eq!(reply.matches("HTTP/1.1 200 OK").count(), 2, "{reply}");
    assert!(reply.ends_with("Connection: close\r\n\r\nok"), "{reply}");
}

#[tokio::test]
async fn empty_elements_of_a_transfer_encoding_list_are_ignored() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    for codings in ["chunked,", ", chunked"] {
        let request = format!(
            "POST /echo HTTP/1.1\r\nTransfer-Encoding: {codings}\r\nConnection: close\r\n\r\n\
             2\r\nok\r\n0\r\n\r\n"
        );
        let reply = raw_exchange(addr, request.as_bytes()).await;
        assert!(
            reply.starts_with("HTTP/1.1 200 OK\r\n"),
            "{codings:?}: {reply}"
        );
        assert!(reply.ends_with("\r\n\r\nok"), "{codings:?}: {reply}");
    }
}

#[tokio::test]
async fn http_1_0_closes_after_one_response() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    let reply = raw_exchange(addr, b"GET / HTTP/1.0\r\n\r\n").await;
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n") && reply.contains("Connection: close"));
}

#[tokio::test]
async fn a_slow_drip_request_gets_408() {
    let config = Config {
        read_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let (addr, _shutdown, _server) = start(config).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // One byte every 50 ms: each read succeeds, but the request never completes in time.
    let mut reply = Vec::new();
    for byte in b"GET / HTTP/1.1\r\nX-Slow: ".iter().cycle().take(40) {
        if stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = timeout(WAIT, stream.read_to_end(&mut reply)).await.unwrap();
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 408 Request Timeout"));
}

#[tokio::test]
async fn an_idle_connection_is_closed_without_a_response() {
    let config = Config {
        idle_timeout: Duration::from_millis(200),
        ..Config::default()
    };
    let (addr, _shutdown, _server) = start(config).await;
    let reply = raw_exchange(addr, b"").await;
    assert_eq!(reply, "");
}

#[tokio::test]
async fn shutdown_closes_idle_keep_alive_connections_and_returns() {
    let (addr, shutdown, server) = start(Config::default()).await;
    let mut client = hyper_client(addr).await;
    let (status, _) = send(&mut client, request("GET", "/", Full::default().boxed())).await;
    assert_eq!(status, 200);
    shutdown.cancel();
    timeout(WAIT, server)
        .await
        .expect("serve must return")
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the listener must be closed"
    );
}

#[tokio::test]
async fn a_refused_request_with_its_body_still_arriving_gets_its_response() {
    let (addr, _shutdown, _server) = start(Config::default()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The head is refused with 413 at once; the body keeps coming after the response.
    let mut request = b"POST /echo HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n".to_vec();
    request.extend(std::iter::repeat_n(b'a', 256 * 1024));
    let _ = timeout(WAIT, stream.write_all(&request)).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut reply = Vec::new();
    // The server drains the rest before closing, so the client sees a clean end of stream.
    timeout(WAIT, stream.read_to_end(&mut reply))
        .await
        .expect("the server closes the connection")
        .expect("a clean close, not a reset");
    assert!(
        String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 413 Content Too Large\r\n"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
}
