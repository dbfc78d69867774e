//! A DNS client written from RFC 1035 with the standard library alone: it builds a query in
//! the wire format, sends it in one UDP datagram, and parses the answer, following the
//! compression pointers that servers use to shorten repeated names.
//!
//! `server` starts a real DNS server (hickory-server) on loopback with a zone given as text,
//! so that the client is tested against an implementation it did not write.
pub mod client;
pub mod message;
pub mod server;

pub use client::query;
pub use message::{
    Header, Message, Question, Rdata, Record, RecordType, build_query, parse_message,
};

use thiserror::Error;

/// Everything that can go wrong between a name and its answer.
#[derive(Debug, Error)]
pub enum DnsError {
    #[error("the name {0:?} has an empty label")]
    EmptyLabel(String),
    #[error("the label {0:?} is longer than 63 bytes")]
    LabelTooLong(String),
    #[error("the name {0:?} is longer than 255 bytes in the wire format")]
    NameTooLong(String),
    #[error("the message ends at byte {0}, in the middle of a field")]
    Truncated(usize),
    #[error("the compression pointer at byte {at} points to {target}, which is not before it")]
    BadPointer { at: usize, target: usize },
    #[error("the label type {0:#04x} is not defined")]
    BadLabelType(u8),
    #[error("the server set TC: the answer did not fit in a datagram, ask again over TCP")]
    TruncatedAnswer,
    #[error("no answer within {0:?}")]
    Timeout(std::time::Duration),
    #[error("network error: {0}")]
    Io(#[from] std::io::Error),
}
