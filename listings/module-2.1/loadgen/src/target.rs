//! The URL to load, and the rule that it must be this machine.
//!
//! A load generator is a traffic cannon. This book points it only at loopback (127.0.0.0/8 and
//! ::1), the same rule as the port scanner of Module 1.1 but without an override: a load test of
//! somebody else's machine is an attack, whatever it is called. The check runs before anything
//! is sent. A host name other than `localhost` is refused without being looked up, and
//! `localhost` is not looked up either: it means 127.0.0.1 and ::1, as RFC 6761 section 6.3 asks
//! of name resolution, and as curl has done without asking the resolver since 7.78.0. So not
//! even a DNS query leaves the machine.

use hyper::Uri;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Why a URL cannot be a target.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TargetError {
    #[error("not a URL: {0}")]
    Syntax(String),
    #[error("the URL needs a scheme and a host, e.g. http://127.0.0.1:3000/")]
    Incomplete,
    #[error("{0}:// is not supported: loadgen speaks plain HTTP/1.1 (http://)")]
    Scheme(String),
    #[error(
        "{0} is not a loopback address: loadgen only sends load to this machine \
         (127.0.0.0/8, ::1 or localhost)"
    )]
    NotLoopback(String),
    #[error(
        "the URL carries user information ({0}@): loadgen does not send it; for credentials \
         use -H 'Authorization: ...'"
    )]
    Userinfo(String),
}

/// A checked target: where to connect, and what to put in the request line and `Host`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The URL as given.
    pub url: String,
    /// Loopback addresses to try, in order: one for an IP literal, two for `localhost`. A run
    /// uses the first that accepts a connection (a server may listen on 127.0.0.1 or on ::1
    /// only) and keeps using it.
    pub addrs: Vec<SocketAddr>,
    /// `Host` header value (`127.0.0.1:3000`).
    pub authority: String,
    /// Origin-form request target (`/products/1?x=y`).
    pub path_and_query: String,
}

impl Target {
    /// Parses `url` and refuses anything that is not plain HTTP to this machine.
    pub fn parse(url: &str) -> Result<Target, TargetError> {
        let uri: Uri = url.parse().map_err(|error: hyper::http::uri::InvalidUri| {
            TargetError::Syntax(error.to_string())
        })?;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(TargetError::Incomplete);
        };
        if scheme != "http" {
            return Err(TargetError::Scheme(scheme.to_string()));
        }
        // `http://user:secret@host/`: the authority would go into `Host` as it is.
        if let Some((userinfo, _)) = authority.as_str().rsplit_once('@') {
            return Err(TargetError::Userinfo(userinfo.to_string()));
        }
        let host = authority.host();
        let port = authority.port_u16().unwrap_or(80);
        // `[::1]` keeps its brackets in the authority; the address inside does not.
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        let addrs = match literal.parse::<IpAddr>() {
            Ok(ip) if is_loopback(ip) => vec![SocketAddr::new(ip, port)],
            Ok(_) => return Err(TargetError::NotLoopback(host.to_string())),
            Err(_) if host.eq_ignore_ascii_case("localhost") => vec![
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                SocketAddr::from((Ipv6Addr::LOCALHOST, port)),
            ],
            // Any other name could resolve anywhere: refuse it without asking DNS.
            Err(_) => return Err(TargetError::NotLoopback(host.to_string())),
        };
        let path_and_query = uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.as_str().to_string());
        Ok(Target {
            url: url.to_string(),
            addrs,
            authority: authority.as_str().to_string(),
            path_and_query,
        })
    }
}

/// 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv4-mapped IPv6 address.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls_are_accepted() {
        let target = Target::parse("http://127.0.0.1:3000/products/1?x=y").unwrap();
        assert_eq!(target.addrs, ["127.0.0.1:3000".parse().unwrap()]);
        assert_eq!(target.authority, "127.0.0.1:3000");
        assert_eq!(target.path_and_query, "/products/1?x=y");
        assert_eq!(
            Target::parse("http://127.8.9.10").unwrap().path_and_query,
            "/"
        );
        assert_eq!(
            Target::parse("http://[::1]:8080/").unwrap().addrs,
            ["[::1]:8080".parse().unwrap()]
        );
        assert!(Target::parse("http://[::ffff:127.0.0.1]:80/").is_ok());
    }

    #[test]
    fn localhost_is_both_loopback_addresses_without_a_lookup() {
        let target = Target::parse("http://LocalHost:3000/").unwrap();
        let expected: [SocketAddr; 2] =
            ["127.0.0.1:3000", "[::1]:3000"].map(|a| a.parse().unwrap());
        assert_eq!(target.addrs, expected);
        assert_eq!(target.authority, "LocalHost:3000");
    }

    #[test]
    fn everything_else_is_refused_before_any_lookup() {
        let refused = |url: &str| Target::parse(url).unwrap_err();
        assert_eq!(
            refused("http://10.0.0.5/"),
            TargetError::NotLoopback("10.0.0.5".into())
        );
        assert_eq!(
            refused("http://192.168.1.1:8080/"),
            TargetError::NotLoopback("192.168.1.1".into())
        );
        assert_eq!(
            refused("http://[2001:db8::1]/"),
            TargetError::NotLoopback("[2001:db8::1]".into())
        );
        assert_eq!(
            refused("http://example.com/"),
            TargetError::NotLoopback("example.com".into())
        );
        assert_eq!(
            refused("http://localhost.example.com/"),
            TargetError::NotLoopback("localhost.example.com".into())
        );
        assert_eq!(
            refused("https://127.0.0.1/"),
            TargetError::Scheme("https".into())
        );
        assert_eq!(refused("/just/a/path"), TargetError::Incomplete);
        assert_eq!(
            refused("http://admin:secret@127.0.0.1:3000/"),
            TargetError::Userinfo("admin:secret".into())
        );
        assert!(matches!(
            refused("http://exa mple/"),
            TargetError::Syntax(_)
        ));
    }
}
