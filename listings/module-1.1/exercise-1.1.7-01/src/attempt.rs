// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.7-1`.
#![allow(unused_variables, unused_imports)]

use crate::{Block, RangeError};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ANCHOR: starter
/// The fewest CIDR blocks whose union is exactly the addresses from `first` to `last`
/// (both included), in increasing order.
///
/// - `10.0.0.1` to `10.0.0.6` is `10.0.0.1/32`, `10.0.0.2/31`, `10.0.0.4/31`, `10.0.0.6/32`.
/// - Works for IPv4 and IPv6; the two ends must be of the same family, and `first <= last`.
/// - Must not overflow at the ends of the address space: `0.0.0.0` to `255.255.255.255`
///   is `0.0.0.0/0`, and `::` to `ffff:...:ffff` is `::/0`.
pub fn blocks_covering(first: IpAddr, last: IpAddr) -> Result<Vec<Block>, RangeError> {
    todo!("start at `first`; take the largest aligned block that does not pass `last`; repeat")
}
// ANCHOR_END: starter
