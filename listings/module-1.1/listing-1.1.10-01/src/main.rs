//! Starts hyper on loopback, sends it one request by hand and shows the raw response, then
//! sends five requests on one kept-alive connection with the hand-written client.
use listing_1_1_10_01::server::HttpServer;
use listing_1_1_10_01::{BodyFraming, Connection, Response};
use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let server = HttpServer::start()?;
    let address = server.address();
    println!("hyper is listening on {address}");

    // One request written by hand, and everything the server sends back until it closes.
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    let request = format!("GET /chunked HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    println!("\nthe raw response to GET /chunked, with each CRLF shown as \\r\\n:");
    for line in String::from_utf8_lossy(&raw).split_inclusive("\r\n") {
        println!("  {}", line.replace("\r\n", "\\r\\n"));
    }

    // Five requests on one connection, through the client library.
    println!("\nfive requests on one connection:");
    let mut connection = Connection::open(address, TIMEOUT)?;
    let local = connection.local_addr()?;
    for (method, path, body) in [
        ("GET", "/hello", &b""[..]),
        ("POST", "/echo", b"ping"),
        ("GET", "/chunked", b""),
        ("GET", "/missing", b""),
        ("GET", "/close", b""),
    ] {
        let response = connection.send(method, path, body)?;
        println!(
            "  {method:<4} {path:<8} from {local}: {}",
            describe(&response)
        );
    }
    match connection.send("GET", "/hello", b"") {
        Ok(response) => println!("  a sixth request: {}", describe(&response)),
        Err(error) => println!("  a sixth request on the same connection: {error}"),
    }
    println!(
        "\nthe server accepted {} TCP connections",
        server.connections()
    );
    Ok(())
}
// ANCHOR_END: main

fn describe(response: &Response) -> String {
    let framing = match response.framing {
        BodyFraming::Empty => "no body".to_string(),
        BodyFraming::ContentLength(length) => format!("Content-Length {length}"),
        BodyFraming::Chunked => "chunked".to_string(),
        BodyFraming::UntilClose => "until close".to_string(),
    };
    format!(
        "{} {}, {framing}, body {:?}, keep-alive {}",
        response.status,
        response.reason,
        String::from_utf8_lossy(&response.body),
        response.keep_alive()
    )
}
