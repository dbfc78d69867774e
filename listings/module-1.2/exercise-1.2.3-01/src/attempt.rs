// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.3-1`.
#![allow(unused_variables, unused_imports)]

use crate::{RouteTable, bit};
use std::net::Ipv4Addr;

// ANCHOR: starter
impl RouteTable {
    /// The next hop of the most specific route containing `address`, or `None` if no route
    /// does. Walk down the trie along the address's bits, remembering the last node that had
    /// a next hop; stop when the path runs out or after 32 bits.
    pub fn longest_prefix_match(&self, address: Ipv4Addr) -> Option<&str> {
        todo!("walk the bits of u32::from(address), remembering the deepest next_hop seen")
    }
}
// ANCHOR_END: starter
