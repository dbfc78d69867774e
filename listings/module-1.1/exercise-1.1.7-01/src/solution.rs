use crate::{Block, RangeError};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ANCHOR: solution
pub fn blocks_covering(first: IpAddr, last: IpAddr) -> Result<Vec<Block>, RangeError> {
    let width: u32 = match (first, last) {
        (IpAddr::V4(_), IpAddr::V4(_)) => 32,
        (IpAddr::V6(_), IpAddr::V6(_)) => 128,
        _ => return Err(RangeError::MixedFamilies { first, last }),
    };
    let (mut start, end) = (to_bits(first), to_bits(last));
    if start > end {
        return Err(RangeError::Backwards { first, last });
    }
    let mut blocks = Vec::new();
    loop {
        // A block of 2^k addresses must start at a multiple of 2^k: the trailing zeros of
        // `start` say how large a block may start here (all of them, when `start` is 0).
        let aligned = start.trailing_zeros().min(width);
        // And it must not run past `end`: 2^k may be at most the count of addresses left,
        // which is 2^128 (one more than a u128 holds) only for the whole IPv6 space.
        let fits = match (end - start).checked_add(1) {
            Some(left) => left.ilog2(),
            None => 128,
        };
        let host_bits = aligned.min(fits);
        blocks.push(Block {
            network: from_bits(start, first),
            // `host_bits <= width <= 128`, so the prefix length fits in a u8.
            prefix_len: u8::try_from(width - host_bits).unwrap_or(0),
        });
        let block_last = start + low_ones(host_bits);
        if block_last == end {
            return Ok(blocks);
        }
        start = block_last + 1;
    }
}

/// A number whose low `bits` bits are ones: the last offset inside a block of 2^bits.
fn low_ones(bits: u32) -> u128 {
    u128::MAX.checked_shr(128 - bits).unwrap_or(0)
}
// ANCHOR_END: solution

fn to_bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_bits()),
        IpAddr::V6(v6) => v6.to_bits(),
    }
}

fn from_bits(bits: u128, like: IpAddr) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from_bits(u32::try_from(bits).unwrap_or(u32::MAX))),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from_bits(bits)),
    }
}
