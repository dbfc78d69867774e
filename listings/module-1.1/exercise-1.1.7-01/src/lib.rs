//! Exercise 1.1.7-1: turn a range of addresses, such as `10.0.0.1` to `10.0.0.6`, into the
//! fewest CIDR blocks that cover exactly that range. Firewalls, cloud security groups and route
//! tables take blocks, not ranges, so this conversion comes up whenever someone hands you a
//! range.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.7-1
//! ```
use std::fmt;
use std::net::IpAddr;
use thiserror::Error;

/// A CIDR block: the addresses whose first `prefix_len` bits equal those of `network`, whose
/// host bits are all zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub network: IpAddr,
    pub prefix_len: u8,
}

impl fmt::Display for Block {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.network, self.prefix_len)
    }
}

/// Why a range cannot be covered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RangeError {
    #[error("{first} and {last} are not of the same family")]
    MixedFamilies { first: IpAddr, last: IpAddr },
    #[error("the range is backwards: {first} comes after {last}")]
    Backwards { first: IpAddr, last: IpAddr },
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::blocks_covering;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::blocks_covering;
