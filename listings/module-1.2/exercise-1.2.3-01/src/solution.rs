use crate::{RouteTable, bit};
use std::net::Ipv4Addr;

// ANCHOR: solution
impl RouteTable {
    pub fn longest_prefix_match(&self, address: Ipv4Addr) -> Option<&str> {
        let address = u32::from(address);
        let mut node = &self.root;
        // A default route (0.0.0.0/0) lives at the root itself.
        let mut best = node.next_hop.as_deref();
        for i in 0..32 {
            match &node.children[bit(address, i)] {
                Some(child) => node = child,
                None => break,
            }
            if let Some(hop) = node.next_hop.as_deref() {
                best = Some(hop); // deeper means longer prefix means more specific
            }
        }
        best
    }
}
// ANCHOR_END: solution
