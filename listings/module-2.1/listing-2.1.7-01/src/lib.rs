//! `tinyhttp`: an HTTP/1.1 server written from the socket up, to see every decision a real one
//! makes.
//!
//! - `parser` turns bytes into requests. It is pure (no I/O) and incremental: feed it whatever
//!   the socket returned and it answers `Partial`, `Complete` or an error that maps to a status.
//! - `response` serialises responses.
//! - `server` owns the sockets: keep-alive, timeouts, connection limit, graceful shutdown.
//! - `app` is the small set of routes the examples and tests serve.

pub mod app;
pub mod parser;
pub mod response;
pub mod server;
