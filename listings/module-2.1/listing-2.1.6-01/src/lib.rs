//! `kv`: a small key-value server that speaks a line protocol over TCP.
//!
//! It is built the way a production server is: a typed codec turns bytes into requests
//! (`codec`), one task per connection talks to a single store task through a bounded queue
//! (`store`), and the accept loop (`server`) limits connections, times out idle clients and
//! shuts down gracefully when its cancellation token fires.

pub mod codec;
pub mod server;
pub mod store;
