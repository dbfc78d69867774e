//! The hand-written client against hyper, an HTTP implementation it shares no code with, and
//! against a listener that never answers. Everything runs on loopback.
use listing_1_1_10_01::server::HttpServer;
use listing_1_1_10_01::{BodyFraming, Connection, HttpError};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

fn server() -> HttpServer {
    HttpServer::start().expect("hyper starts")
}

#[test]
fn a_get_gets_status_headers_and_a_sized_body() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    let response = connection.send("GET", "/hello", b"").unwrap();
    assert_eq!((response.status, response.reason.as_str()), (200, "OK"));
    assert_eq!(response.header("Content-Length"), Some("17"));
    assert_eq!(response.framing, BodyFraming::ContentLength(17));
    assert_eq!(response.body, b"hello from hyper\n");
}

#[test]
fn a_body_of_unknown_length_arrives_chunked_and_whole() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    let response = connection.send("GET", "/chunked", b"").unwrap();
    assert_eq!(response.framing, BodyFraming::Chunked);
    assert_eq!(response.body, b"first second third.");
}

#[test]
fn a_large_body_goes_out_and_comes_back_intact() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let response = connection.send("POST", "/echo", &body).unwrap();
    assert_eq!(response.body, body);
}

#[test]
fn fifty_requests_share_one_connection() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    for _ in 0..50 {
        let response = connection.send("GET", "/hello", b"").unwrap();
        assert!(response.keep_alive());
    }
    assert_eq!(server.connections(), 1);
}

#[test]
fn a_head_response_ends_after_its_head() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    let started = Instant::now();
    let response = connection.send("HEAD", "/hello", b"").unwrap();
    assert_eq!(response.framing, BodyFraming::Empty);
    assert!(response.body.is_empty());
    assert!(
        started.elapsed() < TIMEOUT,
        "the client waited for a body that never comes"
    );
    // The connection is still in step: the next response is read from the right place.
    assert_eq!(
        connection.send("GET", "/hello", b"").unwrap().body,
        b"hello from hyper\n"
    );
}

#[test]
fn an_unknown_path_is_a_404_and_the_connection_stays_usable() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    assert_eq!(connection.send("GET", "/nowhere", b"").unwrap().status, 404);
    assert_eq!(connection.send("GET", "/hello", b"").unwrap().status, 200);
}

#[test]
fn after_connection_close_the_next_request_fails() {
    let server = server();
    let mut connection = Connection::open(server.address(), TIMEOUT).unwrap();
    let response = connection.send("GET", "/close", b"").unwrap();
    assert!(!response.keep_alive());
    assert!(connection.send("GET", "/hello", b"").is_err());
}

#[test]
fn a_server_that_never_answers_is_a_timeout() {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut connection =
        Connection::open(silent.local_addr().unwrap(), Duration::from_millis(200)).unwrap();
    let started = Instant::now();
    let result = connection.send("GET", "/", b"");
    assert!(matches!(result, Err(HttpError::Timeout)), "{result:?}");
    assert!(started.elapsed() < TIMEOUT);
}

#[test]
fn a_server_that_trickles_its_response_is_cut_off_at_the_deadline() {
    // Every byte comes well within a per-read timeout, but the response as a whole, 140 bytes
    // one every 50 ms, would take seven seconds: only a deadline for the whole exchange stops
    // it.
    let trickler = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = trickler.local_addr().unwrap();
    let server = thread::spawn(move || {
        let (mut stream, _) = trickler.accept().unwrap();
        let mut request = [0u8; 1024];
        let _ = stream.read(&mut request);
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}",
            "x".repeat(100)
        );
        assert_eq!(
            response.len(),
            140,
            "the length the comment above works with"
        );
        for byte in response.as_bytes() {
            // The client hangs up at its deadline, and then a write fails: stop there.
            if stream.write_all(&[*byte]).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
    });
    let mut connection = Connection::open(address, Duration::from_millis(400)).unwrap();
    let started = Instant::now();
    let result = connection.send("GET", "/", b"");
    let waited = started.elapsed();
    assert!(matches!(result, Err(HttpError::Timeout)), "{result:?}");
    assert!(
        waited < Duration::from_millis(1500),
        "the deadline did not bound the exchange: {waited:?}"
    );
    drop(connection);
    server.join().unwrap();
}
