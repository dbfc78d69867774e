//! Targets: addresses, CIDR blocks and host names, given as separate arguments or comma lists,
//! turned into the list of addresses to scan; and the rule about which addresses may be scanned.
//!
//! Parsing and resolving are separate steps so that a typo is reported before any packet is sent,
//! and every address is checked against the authorisation rule before the first connection.
//! Names under `.invalid` are refused without asking a resolver, as RFC 6761 section 6.4 asks:
//! that keeps the "unresolvable host" path testable without leaving the machine.

use crate::error::{Error, Result};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// More addresses than this is almost always a mistyped prefix (`/8` for `/24`); the limit keeps
/// the address list, which is built in memory, small.
pub const MAX_ADDRESSES: usize = 65_536;

/// How long one name may take to resolve before the scan gives up on it.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// One item of the target list, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Address(IpAddr),
    Block { network: IpAddr, prefix_len: u8 },
    Host(String),
}

/// Parses one item: `127.0.0.1`, `::1`, `10.0.0.0/30`, `localhost`.
pub fn parse_target(input: &str) -> Result<Target> {
    let bad = |reason: &str| Error::BadTarget {
        input: input.to_owned(),
        reason: reason.to_owned(),
    };
    let text = input.trim();
    if text.is_empty() {
        return Err(bad("empty target"));
    }
    if let Some((address, prefix)) = text.split_once('/') {
        let address: IpAddr = address
            .parse()
            .map_err(|_| bad("the part before `/` is not an IPv4 or IPv6 address"))?;
        let prefix_len: u8 = prefix
            .parse()
            .map_err(|_| bad("the part after `/` is not a prefix length"))?;
        let width = width(address);
        if prefix_len > width {
            return Err(bad(&format!(
                "prefix /{prefix_len} is longer than the {width} bits of the address"
            )));
        }
        let mask = network_mask(prefix_len, width);
        if to_bits(address) & !mask != 0 {
            return Err(bad(
                "host bits are set after the prefix: give the block's first address",
            ));
        }
        return Ok(Target::Block {
            network: address,
            prefix_len,
        });
    }
    if let Ok(address) = text.parse::<IpAddr>() {
        return Ok(Target::Address(address));
    }
    if is_host_name(text) {
        return Ok(Target::Host(text.to_ascii_lowercase()));
    }
    Err(bad("not an address, a CIDR block or a host name"))
}

/// Parses every argument, each of which may be a comma-separated list.
pub fn parse_targets<S: AsRef<str>>(arguments: &[S]) -> Result<Vec<Target>> {
    arguments
        .iter()
        .flat_map(|argument| argument.as_ref().split(','))
        .map(parse_target)
        .collect()
}

/// Letters, digits, hyphens and dots, in labels of 1 to 63 characters (RFC 1123).
fn is_host_name(text: &str) -> bool {
    text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

fn width(address: IpAddr) -> u8 {
    if address.is_ipv4() { 32 } else { 128 }
}

fn to_bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_bits()),
        IpAddr::V6(v6) => v6.to_bits(),
    }
}

/// The network part as a mask over `width` bits; written so that /0 does not overflow.
fn network_mask(prefix_len: u8, width: u8) -> u128 {
    let all = u128::MAX >> (128 - u32::from(width));
    let host = all.checked_shr(u32::from(prefix_len)).unwrap_or(0);
    all & !host
}

/// Every address of a block, in order (network and broadcast included, as nmap does).
fn block_addresses(network: IpAddr, prefix_len: u8) -> Result<Vec<IpAddr>> {
    let host_bits = width(network) - prefix_len;
    let count = 1u128.checked_shl(u32::from(host_bits)).unwrap_or(u128::MAX);
    if count > MAX_ADDRESSES as u128 {
        return Err(Error::TooManyAddresses {
            count,
            limit: MAX_ADDRESSES,
        });
    }
    let start = to_bits(network);
    Ok((0..count)
        .map(|offset| match network {
            // The block fits in 32 bits (prefix checked above), so the sum does too.
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from_bits((start + offset) as u32)),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from_bits(start + offset)),
        })
        .collect())
}

/// Resolves a host name with the system resolver (`/etc/hosts`, then DNS), under a timeout.
pub async fn resolve(host: &str) -> Result<Vec<IpAddr>> {
    let unresolvable = |reason: &str| Error::Unresolvable {
        host: host.to_owned(),
        reason: reason.to_owned(),
    };
    if host == "invalid" || host.ends_with(".invalid") {
        return Err(unresolvable("`.invalid` names never resolve (RFC 6761)"));
    }
    let lookup = tokio::net::lookup_host((host, 0));
    let found = tokio::time::timeout(RESOLVE_TIMEOUT, lookup)
        .await
        .map_err(|_| unresolvable("the resolver did not answer in time"))?
        .map_err(|error| unresolvable(&error.to_string()))?;
    let mut addresses: Vec<IpAddr> = found.map(|socket| socket.ip()).collect();
    addresses.dedup();
    if addresses.is_empty() {
        return Err(unresolvable("no addresses"));
    }
    Ok(addresses)
}

/// Turns the targets into the addresses to scan, in the order given, without duplicates.
pub async fn expand(targets: &[Target]) -> Result<Vec<IpAddr>> {
    let mut addresses = Vec::new();
    for target in targets {
        match target {
            Target::Address(address) => addresses.push(*address),
            Target::Block {
                network,
                prefix_len,
            } => addresses.extend(block_addresses(*network, *prefix_len)?),
            Target::Host(host) => addresses.extend(resolve(host).await?),
        }
        if addresses.len() > MAX_ADDRESSES {
            return Err(Error::TooManyAddresses {
                count: addresses.len() as u128,
                limit: MAX_ADDRESSES,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    addresses.retain(|address| seen.insert(*address));
    Ok(addresses)
}

// ANCHOR: private
/// Loopback and private addresses: the ones a user may scan without saying they are authorised.
/// Loopback is this machine; the private ranges (RFC 1918, and IPv6 unique local addresses,
/// RFC 4193) are usually the user's own network. Anything else belongs to someone else.
pub fn is_local_or_private(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4.is_loopback() || v4.is_private();
            }
            v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}
// ANCHOR_END: private

pub fn is_loopback(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

// ANCHOR: authorisation
/// Refuses the first address outside loopback and the private ranges, unless authorised.
pub fn check_authorised(addresses: &[IpAddr], authorised: bool) -> Result<()> {
    if authorised {
        return Ok(());
    }
    match addresses
        .iter()
        .find(|address| !is_local_or_private(**address))
    {
        Some(address) => Err(Error::NotAuthorized { address: *address }),
        None => Ok(()),
    }
}
// ANCHOR_END: authorisation

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    #[test]
    fn addresses_blocks_and_names() {
        assert_eq!(
            parse_target("127.0.0.1").expect("v4"),
            Target::Address(ip("127.0.0.1"))
        );
        assert_eq!(parse_target("::1").expect("v6"), Target::Address(ip("::1")));
        assert_eq!(
            parse_target("127.0.0.0/30").expect("block"),
            Target::Block {
                network: ip("127.0.0.0"),
                prefix_len: 30
            }
        );
        assert_eq!(
            parse_target("LocalHost").expect("name"),
            Target::Host("localhost".into())
        );
    }

    #[test]
    fn malformed_blocks_say_what_is_wrong() {
        let cases = [
            ("127.0.0.0/33", "longer than the 32 bits"),
            ("127.0.0.1/30", "host bits"),
            ("127.0.0/24", "not an IPv4 or IPv6 address"),
            ("127.0.0.0/x", "not a prefix length"),
            ("bad_name!", "not an address"),
            ("", "empty"),
        ];
        for (input, expected) in cases {
            let message = parse_target(input).expect_err(input).to_string();
            assert!(message.contains(expected), "{input}: {message}");
        }
    }

    #[tokio::test]
    async fn blocks_expand_in_order_without_duplicates() {
        let targets = parse_targets(&["127.0.0.0/30,127.0.0.1", "::1/128"]).expect("valid");
        let addresses = expand(&targets).await.expect("expands");
        let expected: Vec<IpAddr> = ["127.0.0.0", "127.0.0.1", "127.0.0.2", "127.0.0.3", "::1"]
            .map(ip)
            .to_vec();
        assert_eq!(addresses, expected);
    }

    #[tokio::test]
    async fn too_large_blocks_are_refused() {
        let targets = parse_targets(&["10.0.0.0/8"]).expect("valid");
        assert!(matches!(
            expand(&targets).await,
            Err(Error::TooManyAddresses { .. })
        ));
    }

    #[tokio::test]
    async fn invalid_names_fail_without_a_resolver() {
        let error = resolve("no-such-host.invalid")
            .await
            .expect_err("never resolves");
        assert!(error.to_string().contains("cannot resolve host"), "{error}");
    }

    #[test]
    fn only_loopback_and_private_ranges_are_allowed_by_default() {
        for allowed in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "::1",
            "fd00::1",
        ] {
            assert!(is_local_or_private(ip(allowed)), "{allowed}");
        }
        // Documentation ranges (RFC 5737, RFC 3849): never scanned, only classified.
        for refused in ["192.0.2.1", "198.51.100.7", "172.32.0.1", "2001:db8::1"] {
            assert!(!is_local_or_private(ip(refused)), "{refused}");
        }
        let error = check_authorised(&[ip("127.0.0.1"), ip("192.0.2.1")], false)
            .expect_err("not authorised");
        assert!(error.to_string().contains("--i-am-authorized"), "{error}");
        assert!(check_authorised(&[ip("192.0.2.1")], true).is_ok());
    }
}
