//! CIDR blocks for IPv4 and IPv6: parse `10.0.0.0/30` or `fd00::/126`, do the subnet arithmetic
//! (netmask, broadcast, first and last host, how many addresses), and walk the addresses in order.
//!
//! One type serves both families. An IPv4 address is a 32-bit number and an IPv6 address a
//! 128-bit one, so every computation is done on a `u128` together with the family's width, and
//! the result is turned back into an address of the family it came from.
use std::fmt;
use std::iter::FusedIterator;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use thiserror::Error;

/// A block of addresses: the ones whose first `prefix_len` bits equal those of `network`.
///
/// A `Cidr` always holds the block's own network address (its host bits are zero), so two
/// values that describe the same block are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    network: IpAddr,
    prefix_len: u8,
}

// ANCHOR: error
/// Why a string or an address and prefix length do not describe a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CidrError {
    #[error("`{0}` has no `/`: write a block as address/prefix, like 10.0.0.0/24")]
    MissingSlash(String),
    #[error("`{0}` is not an IPv4 or IPv6 address")]
    BadAddress(String),
    #[error("`{0}` is not a prefix length: expected a number of bits")]
    BadPrefix(String),
    #[error("prefix /{prefix_len} is longer than the {width} bits of the address")]
    PrefixTooLong { prefix_len: u8, width: u8 },
    #[error("{address}/{prefix_len} has host bits set: the block that contains it is {block}")]
    HostBitsSet {
        address: IpAddr,
        prefix_len: u8,
        block: Cidr,
    },
}
// ANCHOR_END: error

// ANCHOR: bits
/// The number of bits in an address of this family: 32 or 128.
fn width(address: IpAddr) -> u8 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

fn to_bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_bits()),
        IpAddr::V6(v6) => v6.to_bits(),
    }
}

/// Turns a number back into an address of the same family as `like`.
fn from_bits(bits: u128, like: IpAddr) -> IpAddr {
    match like {
        // Every IPv4 computation stays below 2^32, so the conversion cannot fail; if a bug ever
        // broke that, saturating would give a wrong address that the tests would catch.
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from_bits(u32::try_from(bits).unwrap_or(u32::MAX))),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from_bits(bits)),
    }
}

/// The host part of a block: `host_bits` ones at the low end. Written so that 128 host bits
/// (the whole IPv6 space) do not overflow the shift.
fn host_mask(host_bits: u8) -> u128 {
    u128::MAX
        .checked_shr(128 - u32::from(host_bits))
        .unwrap_or(0)
}
// ANCHOR_END: bits

impl Cidr {
    /// The block `network/prefix_len`. Fails if the prefix is longer than the address, or if
    /// `network` has host bits set (`10.0.0.1/30`): that is usually a typo, or an interface
    /// address where a block was meant. Use [`Cidr::containing`] to round down on purpose.
    pub fn new(network: IpAddr, prefix_len: u8) -> Result<Cidr, CidrError> {
        let block = Cidr::containing(network, prefix_len)?;
        if block.network == network {
            Ok(block)
        } else {
            Err(CidrError::HostBitsSet {
                address: network,
                prefix_len,
                block,
            })
        }
    }

    /// The block of length `prefix_len` that contains `address`: `10.0.0.1` and 30 give
    /// `10.0.0.0/30`. This is how `ip addr` output such as `127.0.0.1/8` is read.
    pub fn containing(address: IpAddr, prefix_len: u8) -> Result<Cidr, CidrError> {
        let width = width(address);
        if prefix_len > width {
            return Err(CidrError::PrefixTooLong { prefix_len, width });
        }
        let host_bits = width - prefix_len;
        let network = from_bits(to_bits(address) & !host_mask(host_bits), address);
        Ok(Cidr {
            network,
            prefix_len,
        })
    }

    pub fn network(&self) -> IpAddr {
        self.network
    }

    pub fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    pub fn is_ipv4(&self) -> bool {
        self.network.is_ipv4()
    }

    /// How many low bits are free to number the addresses inside the block.
    pub fn host_bits(&self) -> u8 {
        width(self.network) - self.prefix_len
    }

    // ANCHOR: arithmetic
    /// The prefix as an address: `/30` is `255.255.255.252`, `/64` is `ffff:ffff:ffff:ffff::`.
    pub fn netmask(&self) -> IpAddr {
        let all_ones = host_mask(width(self.network));
        from_bits(all_ones & !host_mask(self.host_bits()), self.network)
    }

    /// The highest address in the block: the network with every host bit set.
    pub fn last_address(&self) -> IpAddr {
        from_bits(
            to_bits(self.network) | host_mask(self.host_bits()),
            self.network,
        )
    }

    /// The IPv4 broadcast address, which reaches every host on the subnet. IPv6 has no
    /// broadcast (RFC 4291 uses multicast instead), and a /31 or /32 has no room for one
    /// (RFC 3021), so those return `None`.
    pub fn broadcast(&self) -> Option<IpAddr> {
        (self.is_ipv4() && self.prefix_len <= 30).then(|| self.last_address())
    }

    /// The first address a host may be given. The network address itself is reserved in both
    /// families (in IPv6 it is the Subnet-Router anycast address), except in the point-to-point
    /// /31 and /127 blocks and the single-address /32 and /128, where every address is a host.
    pub fn first_host(&self) -> IpAddr {
        if self.host_bits() <= 1 {
            self.network
        } else {
            from_bits(to_bits(self.network) + 1, self.network)
        }
    }

    /// The last address a host may be given: below the broadcast address in IPv4, the last
    /// address of the block in IPv6.
    pub fn last_host(&self) -> IpAddr {
        match self.broadcast() {
            Some(broadcast) => from_bits(to_bits(broadcast) - 1, self.network),
            None => self.last_address(),
        }
    }

    /// How many addresses the block holds: 2 to the power of the host bits. `None` only for
    /// `::/0`, whose 2^128 addresses are one more than a `u128` can count.
    pub fn address_count(&self) -> Option<u128> {
        1u128.checked_shl(u32::from(self.host_bits()))
    }

    /// How many addresses can be given to hosts, from `first_host` to `last_host`.
    pub fn host_count(&self) -> u128 {
        to_bits(self.last_host()) - to_bits(self.first_host()) + 1
    }

    /// Whether `address` is inside the block. An address of the other family never is.
    pub fn contains(&self, address: IpAddr) -> bool {
        width(address) == width(self.network)
            && to_bits(address) & !host_mask(self.host_bits()) == to_bits(self.network)
    }
    // ANCHOR_END: arithmetic

    /// Every address of the block, from the network address to the last one, in order.
    pub fn addresses(&self) -> Addresses {
        Addresses::between(self.network, self.last_address())
    }

    /// The addresses that can be given to hosts, from `first_host` to `last_host`.
    pub fn hosts(&self) -> Addresses {
        Addresses::between(self.first_host(), self.last_host())
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let (address, prefix) = text
            .split_once('/')
            .ok_or_else(|| CidrError::MissingSlash(text.to_owned()))?;
        let address: IpAddr = address
            .parse()
            .map_err(|_| CidrError::BadAddress(address.to_owned()))?;
        // `u8::from_str` accepts "+8"; a prefix is digits only.
        if prefix.is_empty() || !prefix.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(CidrError::BadPrefix(prefix.to_owned()));
        }
        let prefix_len: u8 = prefix
            .parse()
            .map_err(|_| CidrError::BadPrefix(prefix.to_owned()))?;
        Cidr::new(address, prefix_len)
    }
}

impl fmt::Display for Cidr {
    /// `network/prefix`, with IPv6 in its shortest form (RFC 5952): `fd00::/126`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.network, self.prefix_len)
    }
}

// ANCHOR: iterator
/// The addresses from one address to another, both included, in increasing order.
///
/// It keeps the remaining range as two numbers and never materialises a list, so walking a
/// /8 costs no memory, and it stops after the last address without computing one past it
/// (which would overflow at `255.255.255.255` or `ffff:...:ffff`).
#[derive(Clone, Debug)]
pub struct Addresses {
    next: u128,
    last: u128,
    like: IpAddr,
    exhausted: bool,
}

impl Addresses {
    fn between(first: IpAddr, last: IpAddr) -> Addresses {
        Addresses {
            next: to_bits(first),
            last: to_bits(last),
            like: first,
            exhausted: false,
        }
    }
}

impl Iterator for Addresses {
    type Item = IpAddr;

    fn next(&mut self) -> Option<IpAddr> {
        if self.exhausted {
            return None;
        }
        let current = self.next;
        if current == self.last {
            self.exhausted = true;
        } else {
            self.next += 1;
        }
        Some(from_bits(current, self.like))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.exhausted {
            return (0, Some(0));
        }
        match usize::try_from(self.last - self.next)
            .ok()
            .and_then(|n| n.checked_add(1))
        {
            Some(remaining) => (remaining, Some(remaining)),
            None => (usize::MAX, None),
        }
    }
}

impl FusedIterator for Addresses {}
// ANCHOR_END: iterator

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> Cidr {
        text.parse().unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_slash_30_has_two_hosts_between_network_and_broadcast() {
        let block = cidr("10.0.0.0/30");
        assert_eq!(block.netmask(), ip("255.255.255.252"));
        assert_eq!(block.network(), ip("10.0.0.0"));
        assert_eq!(block.broadcast(), Some(ip("10.0.0.3")));
        assert_eq!(block.first_host(), ip("10.0.0.1"));
        assert_eq!(block.last_host(), ip("10.0.0.2"));
        assert_eq!(block.address_count(), Some(4));
        assert_eq!(block.host_count(), 2);
        let all: Vec<IpAddr> = block.addresses().collect();
        assert_eq!(
            all,
            ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"].map(ip)
        );
    }

    #[test]
    fn point_to_point_and_single_address_blocks_are_all_hosts() {
        let link = cidr("192.0.2.4/31");
        assert_eq!(link.broadcast(), None);
        assert_eq!(
            link.hosts().collect::<Vec<_>>(),
            [ip("192.0.2.4"), ip("192.0.2.5")]
        );
        let single = cidr("192.0.2.9/32");
        assert_eq!(single.host_count(), 1);
        assert_eq!(single.addresses().collect::<Vec<_>>(), [ip("192.0.2.9")]);
        let link6 = cidr("fd00::/127");
        assert_eq!(link6.host_count(), 2);
        assert_eq!(cidr("::1/128").first_host(), ip("::1"));
    }

    #[test]
    fn ipv6_has_no_broadcast_and_its_last_address_is_a_host() {
        let block = cidr("fd00::/126");
        assert_eq!(
            block.netmask(),
            ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc")
        );
        assert_eq!(block.broadcast(), None);
        assert_eq!(block.first_host(), ip("fd00::1"));
        assert_eq!(block.last_host(), ip("fd00::3"));
        assert_eq!(block.host_count(), 3);
        assert_eq!(block.to_string(), "fd00::/126");
    }

    #[test]
    fn the_whole_of_each_space() {
        let v4 = cidr("0.0.0.0/0");
        assert_eq!(v4.address_count(), Some(1 << 32));
        assert_eq!(v4.netmask(), ip("0.0.0.0"));
        assert_eq!(v4.last_address(), ip("255.255.255.255"));
        let v6 = cidr("::/0");
        assert_eq!(v6.address_count(), None, "2^128 does not fit in a u128");
        assert_eq!(v6.host_count(), u128::MAX);
        assert!(v6.contains(ip("2001:db8::1")));
        assert!(!v6.contains(ip("10.0.0.1")), "families never mix");
    }

    #[test]
    fn iteration_stops_at_the_top_of_the_address_space() {
        let top4 = cidr("255.255.255.252/30");
        assert_eq!(top4.addresses().last(), Some(ip("255.255.255.255")));
        let top6 = cidr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127");
        let mut addresses = top6.addresses();
        assert_eq!(addresses.size_hint(), (2, Some(2)));
        assert_eq!(
            addresses.nth(1),
            Some(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        );
        assert_eq!(addresses.next(), None);
        assert_eq!(addresses.next(), None);
    }

    #[test]
    fn loopback_is_a_slash_8() {
        let loopback = Cidr::containing(ip("127.0.0.1"), 8).unwrap();
        assert_eq!(loopback.to_string(), "127.0.0.0/8");
        assert!(loopback.contains(ip("127.255.255.254")));
        assert!(!loopback.contains(ip("128.0.0.1")));
        assert_eq!(loopback.host_count(), 16_777_214);
    }

    #[test]
    fn bad_input_is_an_error_that_says_what_is_wrong() {
        let error = |text: &str| text.parse::<Cidr>().unwrap_err();
        assert_eq!(
            error("10.0.0.0"),
            CidrError::MissingSlash("10.0.0.0".into())
        );
        assert_eq!(error("10.0.0/8"), CidrError::BadAddress("10.0.0".into()));
        assert_eq!(error("10.0.0.0/"), CidrError::BadPrefix("".into()));
        assert_eq!(error("10.0.0.0/+8"), CidrError::BadPrefix("+8".into()));
        assert_eq!(error("10.0.0.0/300"), CidrError::BadPrefix("300".into()));
        assert_eq!(
            error("10.0.0.0/33"),
            CidrError::PrefixTooLong {
                prefix_len: 33,
                width: 32
            }
        );
        assert_eq!(
            error("fd00::/129"),
            CidrError::PrefixTooLong {
                prefix_len: 129,
                width: 128
            }
        );
        assert_eq!(
            error("10.0.0.1/30").to_string(),
            "10.0.0.1/30 has host bits set: the block that contains it is 10.0.0.0/30"
        );
    }
}
