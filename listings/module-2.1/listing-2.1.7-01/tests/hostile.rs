//! Hostile input: each request in the table must be refused with the right status, both by the
//! parser alone and by the running server.
use listing_2_1_7_01::app;
use listing_2_1_7_01::parser::{Limits, Parser, Status};
use listing_2_1_7_01::server::{self, Config};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

// ANCHOR: table
/// (what it tries, the raw request, the status it must get)
const HOSTILE: &[(&str, &str, u16)] = &[
    ("bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n", 400),
    (
        "obs-fold continuation",
        "GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n",
        400,
    ),
    (
        "space before the colon",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        400,
    ),
    (
        "NUL in a header value",
        "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n",
        400,
    ),
    (
        "two Content-Lengths",
        "POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        400,
    ),
    (
        "Content-Length list",
        "POST /echo HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\na",
        400,
    ),
    (
        "CL and chunked (smuggling)",
        "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "negative Content-Length",
        "POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        400,
    ),
    (
        "overflowing Content-Length",
        "POST /echo HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        400,
    ),
    (
        "Content-Length over the limit",
        "POST /echo HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n",
        413,
    ),
    (
        "huge chunk size",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n",
        413,
    ),
    (
        "overflowing chunk size",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\n",
        400,
    ),
    (
        "negative chunk size",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
        400,
    ),
    (
        "chunk data without CRLF",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
        400,
    ),
    (
        "lone CR in a chunk extension",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a\rb\r\nx\r\n0\r\n\r\n",
        400,
    ),
    (
        "lone CR before a chunk extension",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r;a\r\nx\r\n0\r\n\r\n",
        400,
    ),
    (
        "form feed before a chunk extension",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\x0c;a\r\nx\r\n0\r\n\r\n",
        400,
    ),
    (
        "form feed before a Content-Length",
        "POST /echo HTTP/1.1\r\nContent-Length: \x0c1\r\n\r\na",
        400,
    ),
    (
        "unknown transfer coding",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        501,
    ),
    (
        "chunked not the final coding",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "a coding without chunked",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        400,
    ),
    (
        "only empty list elements",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: , ,\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "chunked twice",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "no-break space after chunked",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\u{a0}\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "chunked in HTTP/1.0",
        "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    (
        "HTTP/2.0 on the request line",
        "GET / HTTP/2.0\r\n\r\n",
        505,
    ),
    (
        "absolute path missing",
        "GET index.html HTTP/1.1\r\n\r\n",
        400,
    ),
    (
        "too many header fields",
        "GET / HTTP/1.1\r\n<65 fields>\r\n",
        431,
    ),
    (
        "header block over 8 KiB",
        "GET / HTTP/1.1\r\nX-Big: <9000 bytes>\r\n\r\n",
        431,
    ),
];
// ANCHOR_END: table

/// Expands the two placeholders, which would make the table unreadable if spelled out.
fn expand(raw: &str) -> Vec<u8> {
    let fields: String = (0..65).map(|i| format!("X-{i}: v\r\n")).collect();
    raw.replace("<65 fields>", &fields)
        .replace("<9000 bytes>", &"a".repeat(9000))
        .into_bytes()
}

#[test]
fn the_parser_refuses_each_hostile_request() {
    for (what, raw, status) in HOSTILE {
        let result = Parser::new(Limits::default()).feed(&expand(raw));
        match result {
            Err(error) => assert_eq!(error.status(), *status, "{what}: {error}"),
            Ok(Status::Partial) => panic!("{what}: parser is still waiting for more bytes"),
            Ok(Status::Complete(request)) => panic!("{what}: accepted as {request:?}"),
        }
    }
}

#[tokio::test]
async fn the_server_answers_each_hostile_request_and_closes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = CancellationToken::new();
    let handler: server::Handler = Arc::new(app::route);
    tokio::spawn(server::serve(
        listener,
        Config::default(),
        handler,
        shutdown.clone(),
    ));
    for (what, raw, status) in HOSTILE {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(&expand(raw)).await.unwrap();
        let mut reply = Vec::new();
        timeout(Duration::from_secs(5), stream.read_to_end(&mut reply))
            .await
            .unwrap()
            .unwrap();
        let reply = String::from_utf8_lossy(&reply);
        assert!(
            reply.starts_with(&format!("HTTP/1.1 {status} ")),
            "{what}: got {reply:?}"
        );
        assert!(
            reply.contains("Connection: close\r\n"),
            "{what}: must close"
        );
    }
    shutdown.cancel();
}
