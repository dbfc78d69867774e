//! What "done" means for Exercise 1.1.7-1.
use exercise_1_1_7_01::{Block, RangeError, blocks_covering};
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn cover(first: &str, last: &str) -> Vec<String> {
    blocks_covering(ip(first), ip(last))
        .unwrap()
        .iter()
        .map(Block::to_string)
        .collect()
}

#[test]
fn a_single_address_is_a_slash_32_or_128() {
    assert_eq!(cover("10.0.0.7", "10.0.0.7"), ["10.0.0.7/32"]);
    assert_eq!(cover("::1", "::1"), ["::1/128"]);
}

#[test]
fn an_aligned_range_is_one_block() {
    assert_eq!(cover("10.0.0.0", "10.0.0.255"), ["10.0.0.0/24"]);
    assert_eq!(cover("fd00::", "fd00::ffff"), ["fd00::/112"]);
}

#[test]
fn an_unaligned_range_takes_several_blocks() {
    assert_eq!(
        cover("10.0.0.1", "10.0.0.6"),
        ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]
    );
    assert_eq!(
        cover("192.168.0.0", "192.168.2.255"),
        ["192.168.0.0/23", "192.168.2.0/24"]
    );
    assert_eq!(
        cover("fd00::1", "fd00::6"),
        ["fd00::1/128", "fd00::2/127", "fd00::4/127", "fd00::6/128"]
    );
}

#[test]
fn the_ends_of_the_address_space_do_not_overflow() {
    assert_eq!(cover("0.0.0.0", "255.255.255.255"), ["0.0.0.0/0"]);
    assert_eq!(
        cover("255.255.255.253", "255.255.255.255"),
        ["255.255.255.253/32", "255.255.255.254/31"]
    );
    assert_eq!(
        cover("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ["::/0"]
    );
    assert_eq!(
        cover("::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").len(),
        128,
        "one block for each of the 128 bits"
    );
}

#[test]
fn bad_ranges_are_errors() {
    assert_eq!(
        blocks_covering(ip("10.0.0.9"), ip("10.0.0.1")),
        Err(RangeError::Backwards {
            first: ip("10.0.0.9"),
            last: ip("10.0.0.1")
        })
    );
    assert_eq!(
        blocks_covering(ip("10.0.0.1"), ip("::1")),
        Err(RangeError::MixedFamilies {
            first: ip("10.0.0.1"),
            last: ip("::1")
        })
    );
}

fn to_bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_bits()),
        IpAddr::V6(v6) => v6.to_bits(),
    }
}

/// Two ends of a range of the same family, in order.
fn range() -> impl Strategy<Value = (IpAddr, IpAddr)> {
    prop_oneof![
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| (
            IpAddr::V4(Ipv4Addr::from_bits(a.min(b))),
            IpAddr::V4(Ipv4Addr::from_bits(a.max(b)))
        )),
        (any::<u128>(), any::<u128>()).prop_map(|(a, b)| (
            IpAddr::V6(Ipv6Addr::from_bits(a.min(b))),
            IpAddr::V6(Ipv6Addr::from_bits(a.max(b)))
        )),
    ]
}

proptest! {
    /// The blocks are aligned, follow each other with no gap or overlap, start at `first`, end
    /// at `last`, and no two neighbours could be merged into one larger block.
    #[test]
    fn the_blocks_tile_the_range_exactly((first, last) in range()) {
        let blocks = blocks_covering(first, last).unwrap();
        let width: u32 = if first.is_ipv4() { 32 } else { 128 };
        let mut expected_start = to_bits(first);
        let mut previous: Option<(u128, u32)> = None;
        for (index, block) in blocks.iter().enumerate() {
            prop_assert_eq!(block.network.is_ipv4(), first.is_ipv4());
            let start = to_bits(block.network);
            let host_bits = width - u32::from(block.prefix_len);
            let size_minus_one = u128::MAX.checked_shr(128 - host_bits).unwrap_or(0);
            prop_assert_eq!(start, expected_start, "block {} leaves a gap or overlaps", index);
            prop_assert_eq!(start & size_minus_one, 0, "{} is not aligned", block);
            if let Some((previous_start, previous_bits)) = previous {
                let siblings = previous_bits == host_bits
                    && host_bits < width
                    && previous_start.trailing_zeros() > host_bits;
                prop_assert!(!siblings, "the block before {} could merge with it", block);
            }
            previous = Some((start, host_bits));
            let block_last = start + size_minus_one;
            if index + 1 == blocks.len() {
                prop_assert_eq!(block_last, to_bits(last));
            } else {
                expected_start = block_last + 1;
            }
        }
    }
}
