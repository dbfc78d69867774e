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
/// regard to ASCII case, as DNS compares names), type and class (RFC 5452, section 9.1). Both
/// must hold exactly one question; whatever follows it (an EDNS record in the request, the
/// answers in the answer) is not compared.
fn answers_the_question(request: &[u8], answer: &[u8]) -> bool {
    let one_question = |message: &[u8]| message.get(4..6) == Some(&[0, 1][..]);
    if !one_question(request) || !one_question(answer) {
        return false;
    }
    let (Some(asked), Some(echoed)) = (first_question(request), first_question(answer)) else {
        return false;
    };
    // The last four bytes are the type and the class, compared exactly; the rest is the name.
    // Its length bytes are below 64, where ASCII has no letters, so ignoring case spares them.
    let (name, type_and_class) = asked.split_at(asked.len() - 4);
    let (echoed_name, echoed_type_and_class) = echoed.split_at(echoed.len() - 4);
    name.eq_ignore_ascii_case(echoed_name) && type_and_class == echoed_type_and_class
}

/// The bytes of a message's first question, which starts right after the 12-byte header: a
/// name, as labels each prefixed by its length and ending with the empty label, then the type
/// and the class. It is the first name in the message, so there is nothing earlier for a
/// compression pointer to point to: a pointer, or any other label type, makes it malformed.
fn first_question(message: &[u8]) -> Option<&[u8]> {
    const HEADER: usize = 12;
    let mut at = HEADER;
    loop {
        let length = usize::from(*message.get(at)?);
        if length == 0 {
            break;
        }
        if length > 63 {
            return None;
        }
        at += 1 + length;
    }
    // The empty label, then two bytes of type and two of class.
    message.get(HEADER..at + 1 + 4)
}
// ANCHOR_END: exchange

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer to `request` with one A record, as a server writes it: the question repeated,
    /// then the record, whose name is a pointer back to the question's.
    fn answer_to(request: &[u8]) -> Vec<u8> {
        let question = first_question(request).expect("a question").to_vec();
        let mut answer = request[..12].to_vec();
        answer[2] |= 0x80; // QR
        answer[6..12].copy_from_slice(&[0, 1, 0, 0, 0, 0]); // one answer, nothing else
        answer.extend_from_slice(&question);
        answer.extend_from_slice(&[0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]);
        answer
    }

    /// `request` with an EDNS(0) OPT record in its additional section, as most resolvers send.
    fn with_edns(mut request: Vec<u8>) -> Vec<u8> {
        request[11] = 1; // ARCOUNT
        // Root name, type OPT (41), a 1,232-byte buffer in the class, no flags, no options.
        request.extend_from_slice(&[0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]);
        request
    }

    #[test]
    fn the_question_is_matched_whatever_follows_it() {
        let request = build_query(7, "www.example.test", RecordType::A).unwrap();
        assert!(answers_the_question(&request, &answer_to(&request)));
        let with_opt = with_edns(request);
        assert!(answers_the_question(&with_opt, &answer_to(&with_opt)));
    }

    #[test]
    fn the_name_is_matched_without_regard_to_case_and_nothing_else_is() {
        let request = build_query(7, "www.example.test", RecordType::A).unwrap();
        let shouted = build_query(7, "WWW.Example.TEST", RecordType::A).unwrap();
        assert!(answers_the_question(&request, &answer_to(&shouted)));
        let other_type = build_query(7, "www.example.test", RecordType::AAAA).unwrap();
        assert!(!answers_the_question(&request, &answer_to(&other_type)));
        let other_name = build_query(7, "www.example.tesu", RecordType::A).unwrap();
        assert!(!answers_the_question(&request, &answer_to(&other_name)));
        let longer = build_query(7, "www.example.test.x", RecordType::A).unwrap();
        assert!(!answers_the_question(&request, &answer_to(&longer)));
    }

    #[test]
    fn a_malformed_question_matches_nothing() {
        let request = build_query(7, "www.example.test", RecordType::A).unwrap();
        let mut pointer = answer_to(&request);
        pointer.splice(12..12 + 18, [0xC0, 12]); // the name replaced by a pointer to itself
        assert!(!answers_the_question(&request, &pointer));
        for cut in 12..request.len() {
            assert!(!answers_the_question(&request, &request[..cut]), "{cut}");
        }
    }
}
