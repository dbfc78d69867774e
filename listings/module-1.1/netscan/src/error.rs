//! The ways a scan request can be wrong, as one typed error.
//!
//! Everything a user types goes through a parser that returns one of these, so that the command
//! line can print one clear line and exit non-zero instead of panicking. Network failures of a
//! single port are not errors: they are results (closed, filtered), see `scan`.

use std::net::IpAddr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("malformed target `{input}`: {reason}")]
    BadTarget { input: String, reason: String },
    #[error("malformed port list `{input}`: {reason}")]
    BadPorts { input: String, reason: String },
    #[error("cannot resolve host `{host}`: {reason}")]
    Unresolvable { host: String, reason: String },
    #[error(
        "{address} is outside loopback and the private ranges: scan it only if you are \
         authorised to, and say so with --i-am-authorized"
    )]
    NotAuthorized { address: IpAddr },
    #[error("the targets expand to {count} addresses, more than the limit of {limit}")]
    TooManyAddresses { count: u128, limit: usize },
    #[error("{0}")]
    BadOption(String),
}

pub type Result<T> = std::result::Result<T, Error>;
