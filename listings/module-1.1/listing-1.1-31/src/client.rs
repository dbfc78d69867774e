//! Sending a query and waiting for its answer over UDP.
use crate::DnsError;
use crate::message::{Message, RecordType, build_query, parse_message};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

/// The largest answer a plain DNS server sends over UDP (RFC 1035). Larger ones need EDNS(0)
/// or TCP.
const MAX_UDP_ANSWER: usize = 512;

// ANCHOR: query
/// Asks `server` for the records of one type for `name`, and waits at most `timeout` for the
/// answer.
pub fn query(
    server: SocketAddr,
    id: u16,
    name: &str,
    record_type: RecordType,
    timeout: Duration,
) -> Result<Message, DnsError> {
    let request = build_query(id, name, record_type)?;
    let answer = parse_message(&exchange(server, &request, timeout)?)?;
    if answer.header.truncated {
        return Err(DnsError::TruncatedAnswer);
    }
    Ok(answer)
}
// ANCHOR_END: query

// ANCHOR: exchange
/// Sends `request` in one datagram and returns the first datagram that answers it: one that
/// comes from `server`, has the response bit set and carries the request's ID.
pub fn exchange(
    server: SocketAddr,
    request: &[u8],
    timeout: Duration,
) -> Result<Vec<u8>, DnsError> {
    let local = match server {
        SocketAddr::V4(_) => SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        SocketAddr::V6(_) => SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
    };
    let socket = UdpSocket::bind(local)?;
    // `connect` on UDP sends no packet: it fixes the peer, so that `recv` drops datagrams from
    // anyone else and an ICMP "port unreachable" comes back as an error.
    socket.connect(server)?;
    socket.send(request)?;

    let deadline = Instant::now() + timeout;
    let mut buffer = [0u8; MAX_UDP_ANSWER];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(DnsError::Timeout(timeout));
        }
        socket.set_read_timeout(Some(left))?;
        let length = match socket.recv(&mut buffer) {
            Ok(length) => length,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(DnsError::Timeout(timeout));
            }
            Err(e) => return Err(e.into()),
        };
        let answer = &buffer[..length];
        // Anything else is ignored, not an error: a late answer to an earlier query, or a
        // forgery that guessed the port but not the ID.
        let same_id = answer.get(..2) == request.get(..2);
        let is_response = answer.get(2).is_some_and(|flags| flags & 0x80 != 0);
        if same_id && is_response {
            return Ok(answer.to_vec());
        }
    }
}
// ANCHOR_END: exchange
