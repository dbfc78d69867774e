//! Exercise 1.2.3-1: a routing table as a binary trie, one level per bit of the address.
//!
//! `insert` is written; `longest_prefix_match` is yours, in `src/attempt.rs`. The tests in
//! `tests/` say what "done" means. They run against `src/solution.rs` by default and against
//! your attempt when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.2.3-1
//! ```
use std::net::Ipv4Addr;

#[derive(Debug, Default)]
pub(crate) struct Node {
    /// `children[0]` for a 0 bit, `children[1]` for a 1 bit.
    pub(crate) children: [Option<Box<Node>>; 2],
    /// Set if a route's prefix ends exactly here.
    pub(crate) next_hop: Option<String>,
}

/// Routes such as `10.0.0.0/8 -> core`: a prefix, its length in bits, and where to send packets.
#[derive(Debug, Default)]
pub struct RouteTable {
    pub(crate) root: Node,
}

/// Bit `i` of the address, counting from the most significant (bit 0 is the top bit).
pub(crate) fn bit(address: u32, i: u8) -> usize {
    ((address >> (31 - u32::from(i))) & 1) as usize
}

impl RouteTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces the route for `prefix/len`. Bits of `prefix` past `len` are ignored.
    /// Panics if `len > 32`: a prefix length comes from configuration, so validate it there.
    pub fn insert(&mut self, prefix: Ipv4Addr, len: u8, next_hop: &str) {
        assert!(len <= 32, "an IPv4 prefix has at most 32 bits");
        let address = u32::from(prefix);
        let mut node = &mut self.root;
        for i in 0..len {
            node = node.children[bit(address, i)].get_or_insert_with(Box::default);
        }
        node.next_hop = Some(next_hop.to_string());
    }
}

#[cfg(feature = "attempt")]
mod attempt;

#[cfg(not(feature = "attempt"))]
mod solution;
