//! An HTTP/1.1 client written from RFC 9112 with the standard library alone: it writes a
//! request on a `TcpStream`, reads the status line and headers, finds where the body ends
//! (Content-Length, chunked encoding, or the end of the connection), and keeps the connection
//! open for the next request when the server allows it.
//!
//! `server` starts a real HTTP server (hyper) on loopback, so that the client is tested against
//! an implementation it did not write.
pub mod client;
pub mod server;

pub use client::{BodyFraming, Connection, Response, read_response, write_request};

use thiserror::Error;

/// Everything that can go wrong between a request and its response.
#[derive(Debug, Error)]
pub enum HttpError {
    #[error("the response head is longer than {0} bytes")]
    HeadTooLong(usize),
    #[error("the response body is longer than {0} bytes")]
    BodyTooLong(usize),
    #[error("malformed response: {0}")]
    Malformed(String),
    #[error("the connection closed before a complete response arrived")]
    ClosedEarly,
    #[error("timed out waiting for the server")]
    Timeout,
    #[error("network error: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for HttpError {
    fn from(error: std::io::Error) -> Self {
        use std::io::ErrorKind::{TimedOut, UnexpectedEof, WouldBlock};
        match error.kind() {
            // A read timeout shows up as WouldBlock on Linux and TimedOut elsewhere.
            WouldBlock | TimedOut => Self::Timeout,
            UnexpectedEof => Self::ClosedEarly,
            _ => Self::Io(error),
        }
    }
}
