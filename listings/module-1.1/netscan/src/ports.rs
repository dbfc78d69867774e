//! Port lists: `22,80,8000-8100`, `-` for all of 1-65535, and the top-N list of `services`.
//!
//! The result is always sorted and free of duplicates, so the scan never probes a port twice and
//! the report lists ports in order whatever order the user typed them in.

use crate::error::{Error, Result};
use crate::services;

/// Parses a port specification. Port 0 is refused: it is not a port a service can listen on
/// (binding to it asks the kernel to pick one), so a scan of it would be a typo.
pub fn parse_ports(input: &str) -> Result<Vec<u16>> {
    let bad = |reason: String| Error::BadPorts {
        input: input.to_owned(),
        reason,
    };
    let trimmed = input.trim();
    if trimmed == "-" || trimmed.eq_ignore_ascii_case("all") {
        return Ok((1..=u16::MAX).collect());
    }
    let mut ports = Vec::new();
    for item in trimmed.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(bad("an empty item (two commas, or a trailing comma)".into()));
        }
        match item.split_once('-') {
            Some((start, end)) => {
                let start = parse_port(start).map_err(&bad)?;
                let end = parse_port(end).map_err(&bad)?;
                if start > end {
                    return Err(bad(format!("the range {start}-{end} is empty")));
                }
                ports.extend(start..=end);
            }
            None => ports.push(parse_port(item).map_err(&bad)?),
        }
    }
    ports.sort_unstable();
    ports.dedup();
    Ok(ports)
}

fn parse_port(text: &str) -> std::result::Result<u16, String> {
    let text = text.trim();
    let number: u64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a port number"))?;
    match u16::try_from(number) {
        Ok(0) => Err("port 0 cannot be scanned: ports run from 1 to 65535".into()),
        Ok(port) => Ok(port),
        Err(_) => Err(format!(
            "port {number} is too large: ports run from 1 to 65535"
        )),
    }
}

/// The `count` most common ports of the built-in list, sorted by number.
pub fn top_ports(count: usize) -> Result<Vec<u16>> {
    let available = services::COMMON.len();
    if count == 0 || count > available {
        return Err(Error::BadOption(format!(
            "--top-ports takes a number from 1 to {available}, not {count}"
        )));
    }
    let mut ports: Vec<u16> = services::COMMON[..count]
        .iter()
        .map(|service| service.port)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges_are_merged_sorted_and_deduplicated() {
        let ports = parse_ports("443, 80,8000-8002,80").expect("valid");
        assert_eq!(ports, [80, 443, 8000, 8001, 8002]);
    }

    #[test]
    fn all_ports() {
        let ports = parse_ports("-").expect("valid");
        assert_eq!(ports.len(), 65_535);
        assert_eq!(ports.first(), Some(&1));
        assert_eq!(ports.last(), Some(&65_535));
    }

    #[test]
    fn port_zero_and_too_large_are_refused() {
        let zero = parse_ports("0").expect_err("port 0").to_string();
        assert!(zero.contains("port 0"), "{zero}");
        let large = parse_ports("70000").expect_err("too large").to_string();
        assert!(large.contains("70000 is too large"), "{large}");
        assert!(parse_ports("1-70000").is_err());
    }

    #[test]
    fn the_largest_port_is_65535_and_one_more_is_refused() {
        assert_eq!(parse_ports("65535").expect("the last port"), [65_535]);
        assert_eq!(parse_ports("65534-65535").expect("valid").len(), 2);
        let over = parse_ports("65536")
            .expect_err("one past the end")
            .to_string();
        assert!(over.contains("65536 is too large"), "{over}");
        assert!(parse_ports("65530-65536").is_err());
        assert!(parse_ports("1-65536").is_err());
    }

    #[test]
    fn empty_ranges_and_garbage_are_refused() {
        let empty = parse_ports("100-10").expect_err("empty").to_string();
        assert!(empty.contains("100-10 is empty"), "{empty}");
        assert!(parse_ports("").is_err());
        assert!(parse_ports("80,,81").is_err());
        assert!(parse_ports("http").is_err());
        assert!(parse_ports("-5").is_err());
    }

    #[test]
    fn top_ports_come_from_the_list() {
        let ports = top_ports(3).expect("valid");
        assert_eq!(ports.len(), 3);
        assert!(ports.contains(&80) && ports.contains(&443));
        assert!(top_ports(0).is_err());
        assert!(top_ports(services::COMMON.len() + 1).is_err());
    }
}
