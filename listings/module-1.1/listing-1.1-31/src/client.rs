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
/// comes from `server`, has the response bit set, carries the request's ID and repeats its
/// question.
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
        // forgery that guessed the port and the ID but answers another question.
        let same_id = answer.get(..2) == request.get(..2);
        let is_response = answer.get(2).is_some_and(|flags| flags & 0x80 != 0);
        if same_id && is_response && answers_the_question(request, answer) {
            return Ok(answer.to_vec());
        }
    }
}

/// Whether `answer` repeats the single question of `request`: the same name (compared without
/// regard to ASCII case, as DNS compares names), type and class (RFC 5452, section 9.1). The
/// question is the first name of either message, so it cannot be a compression pointer, and
/// the bytes can be compared as they are.
fn answers_the_question(request: &[u8], answer: &[u8]) -> bool {
    const HEADER: usize = 12;
    let Some(question) = request.get(HEADER..) else {
        return false;
    };
    let question_count = |message: &[u8]| message.get(4..6).map(|n| [n[0], n[1]]);
    if question_count(answer) != Some(1u16.to_be_bytes()) {
        return false;
    }
    let Some(echoed) = answer.get(HEADER..HEADER + question.len()) else {
        return false;
    };
    // The last four bytes are the type and the class, compared exactly; the rest is the name.
    let (name, type_and_class) = question.split_at(question.len().saturating_sub(4));
    let (echoed_name, echoed_type_and_class) = echoed.split_at(name.len());
    name.eq_ignore_ascii_case(echoed_name) && type_and_class == echoed_type_and_class
}
// ANCHOR_END: exchange
