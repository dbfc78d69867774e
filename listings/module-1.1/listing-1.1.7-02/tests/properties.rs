//! Properties that must hold for every block, checked on thousands of random ones.
use listing_1_1_7_02::Cidr;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn to_bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_bits()),
        IpAddr::V6(v6) => v6.to_bits(),
    }
}

/// Any address of either family, with a prefix length that fits it.
fn address_and_prefix() -> impl Strategy<Value = (IpAddr, u8)> {
    prop_oneof![
        (any::<u32>(), 0..=32u8)
            .prop_map(|(bits, prefix)| (IpAddr::V4(Ipv4Addr::from_bits(bits)), prefix)),
        (any::<u128>(), 0..=128u8)
            .prop_map(|(bits, prefix)| (IpAddr::V6(Ipv6Addr::from_bits(bits)), prefix)),
    ]
}

/// Blocks small enough to walk address by address (at most 1024 addresses).
fn small_block() -> impl Strategy<Value = Cidr> {
    address_and_prefix()
        .prop_map(|(address, _)| address)
        .prop_flat_map(|address| {
            let width: u8 = if address.is_ipv4() { 32 } else { 128 };
            ((width - 10)..=width)
                .prop_map(move |prefix| Cidr::containing(address, prefix).unwrap())
        })
}

// ANCHOR: properties
proptest! {
    /// Printing a block and parsing the text gives the same block back.
    #[test]
    fn display_then_parse_round_trips((address, prefix) in address_and_prefix()) {
        let block = Cidr::containing(address, prefix).unwrap();
        prop_assert_eq!(block.to_string().parse::<Cidr>(), Ok(block));
    }

    /// The block made from an address contains it, between its first and last address.
    #[test]
    fn a_block_contains_the_address_it_was_made_from((address, prefix) in address_and_prefix()) {
        let block = Cidr::containing(address, prefix).unwrap();
        prop_assert!(block.contains(address));
        prop_assert!(to_bits(block.network()) <= to_bits(address));
        prop_assert!(to_bits(address) <= to_bits(block.last_address()));
    }

    /// A netmask is `prefix_len` ones followed by zeros.
    #[test]
    fn the_netmask_is_ones_then_zeros((address, prefix) in address_and_prefix()) {
        let mask = to_bits(Cidr::containing(address, prefix).unwrap().netmask());
        let width: u32 = if address.is_ipv4() { 32 } else { 128 };
        prop_assert_eq!(mask.count_ones(), u32::from(prefix));
        prop_assert_eq!(mask.trailing_zeros().min(width), width - u32::from(prefix));
    }

    /// Strict parsing accepts exactly the addresses whose host bits are all zero.
    #[test]
    fn parsing_rejects_host_bits((address, prefix) in address_and_prefix()) {
        let parsed = format!("{address}/{prefix}").parse::<Cidr>();
        let is_network = Cidr::containing(address, prefix).unwrap().network() == address;
        prop_assert_eq!(parsed.is_ok(), is_network);
    }

    /// Walking a block visits `address_count` consecutive addresses, all inside it, from the
    /// network address to the last address.
    #[test]
    fn iteration_visits_every_address_once_in_order(block in small_block()) {
        let addresses: Vec<IpAddr> = block.addresses().collect();
        prop_assert_eq!(Some(addresses.len() as u128), block.address_count());
        prop_assert_eq!(addresses.first(), Some(&block.network()));
        prop_assert_eq!(addresses.last(), Some(&block.last_address()));
        for pair in addresses.windows(2) {
            prop_assert_eq!(to_bits(pair[0]) + 1, to_bits(pair[1]));
        }
        prop_assert!(addresses.iter().all(|&address| block.contains(address)));
    }

    /// The hosts are a run of the addresses, and there are `host_count` of them.
    #[test]
    fn hosts_are_addresses_of_the_block(block in small_block()) {
        let hosts: Vec<IpAddr> = block.hosts().collect();
        prop_assert_eq!(hosts.len() as u128, block.host_count());
        prop_assert!(hosts.iter().all(|&host| block.contains(host)));
        prop_assert!(block.address_count().unwrap() - block.host_count() <= 2);
    }

    /// Splitting a block into its two halves (one bit longer) puts every address of the
    /// block in exactly one half.
    #[test]
    fn the_two_halves_of_a_block_partition_it((address, prefix) in address_and_prefix()) {
        let block = Cidr::containing(address, prefix).unwrap();
        prop_assume!(block.host_bits() > 0);
        let lower = Cidr::new(block.network(), prefix + 1).unwrap();
        let upper = Cidr::containing(block.last_address(), prefix + 1).unwrap();
        prop_assert_ne!(lower, upper);
        prop_assert!(lower.contains(address) != upper.contains(address));
        // Checked, because the two halves of ::/0 hold 2^128 addresses between them.
        let together = lower
            .address_count()
            .zip(upper.address_count())
            .and_then(|(a, b)| a.checked_add(b));
        prop_assert_eq!(together, block.address_count());
    }
}
// ANCHOR_END: properties
