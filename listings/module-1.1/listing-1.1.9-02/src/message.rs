//! The DNS message format of RFC 1035, section 4: a 12-byte header, then the question,
//! answer, authority and additional sections.
use crate::DnsError;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The type of a resource record, a 16-bit number on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordType(pub u16);

impl RecordType {
    pub const A: Self = Self(1);
    pub const NS: Self = Self(2);
    pub const CNAME: Self = Self(5);
    pub const SOA: Self = Self(6);
    pub const AAAA: Self = Self(28);
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::A => f.pad("A"),
            Self::NS => f.pad("NS"),
            Self::CNAME => f.pad("CNAME"),
            Self::SOA => f.pad("SOA"),
            Self::AAAA => f.pad("AAAA"),
            Self(other) => f.pad(&format!("TYPE{other}")),
        }
    }
}

/// The only class in use today: the Internet.
const CLASS_IN: u16 = 1;

// ANCHOR: header
/// The fixed 12-byte header that starts every message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Chosen by the client and copied into the answer, to pair them up.
    pub id: u16,
    /// QR: false in a query, true in a response.
    pub is_response: bool,
    /// AA: the answer comes from a server that owns the zone, not from a cache.
    pub authoritative: bool,
    /// TC: the answer was cut to fit the datagram.
    pub truncated: bool,
    /// RD: the client asks the server to resolve the name fully on its behalf.
    pub recursion_desired: bool,
    /// RA: the server is willing to do that.
    pub recursion_available: bool,
    /// 0 no error, 1 format error, 2 server failure, 3 no such name, 5 refused.
    pub response_code: u8,
    pub question_count: u16,
    pub answer_count: u16,
    pub authority_count: u16,
    pub additional_count: u16,
}
// ANCHOR_END: header

/// What the client asks: a name and a record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub name: String,
    pub record_type: RecordType,
}

/// The data of a record, decoded for the types this client knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rdata {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    Cname(String),
    Ns(String),
    Soa {
        primary: String,
        serial: u32,
        negative_ttl: u32,
    },
    Other(Vec<u8>),
}

impl fmt::Display for Rdata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::A(address) => write!(f, "{address}"),
            Self::Aaaa(address) => write!(f, "{address}"),
            Self::Cname(name) | Self::Ns(name) => f.write_str(name),
            Self::Soa {
                primary,
                serial,
                negative_ttl,
            } => {
                write!(f, "{primary} serial {serial} negative-ttl {negative_ttl}")
            }
            Self::Other(bytes) => write!(f, "({} bytes)", bytes.len()),
        }
    }
}

/// A resource record: a name, its type, how long it may be cached, and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub record_type: RecordType,
    pub ttl: u32,
    pub data: Rdata,
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, ttl, kind) = (&self.name, self.ttl, self.record_type);
        write!(f, "{name:<20} {ttl:>5} IN {kind:<5} {}", self.data)
    }
}

/// A whole message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub header: Header,
    pub questions: Vec<Question>,
    pub answers: Vec<Record>,
    pub authority: Vec<Record>,
    pub additional: Vec<Record>,
}

// ANCHOR: build
/// Builds a query for one name and type, with "recursion desired" set, as a stub resolver
/// sends it.
pub fn build_query(id: u16, name: &str, record_type: RecordType) -> Result<Vec<u8>, DnsError> {
    let mut message = Vec::with_capacity(12 + name.len() + 6);
    message.extend_from_slice(&id.to_be_bytes());
    message.extend_from_slice(&0x0100u16.to_be_bytes()); // flags: only RD set
    message.extend_from_slice(&1u16.to_be_bytes()); // one question
    message.extend_from_slice(&[0; 6]); // no answer, authority or additional records
    encode_name(name, &mut message)?;
    message.extend_from_slice(&record_type.0.to_be_bytes());
    message.extend_from_slice(&CLASS_IN.to_be_bytes());
    Ok(message)
}

/// Writes `www.example.test` as `3 www 7 example 4 test 0`: each label after its length, and
/// a zero-length label for the root at the end.
fn encode_name(name: &str, out: &mut Vec<u8>) -> Result<(), DnsError> {
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    let start = out.len();
    if !trimmed.is_empty() {
        for label in trimmed.split('.') {
            match label.len() {
                0 => return Err(DnsError::EmptyLabel(name.to_string())),
                1..=63 => {}
                _ => return Err(DnsError::LabelTooLong(label.to_string())),
            }
            out.push(label.len() as u8);
            out.extend_from_slice(label.as_bytes());
        }
    }
    out.push(0);
    if out.len() - start > 255 {
        return Err(DnsError::NameTooLong(name.to_string()));
    }
    Ok(())
}
// ANCHOR_END: build

/// Parses a whole message. Every length and every pointer is checked against the bytes
/// that actually arrived: this is input from the network.
pub fn parse_message(bytes: &[u8]) -> Result<Message, DnsError> {
    let mut reader = Reader { bytes, position: 0 };
    let header = reader.header()?;
    let questions = (0..header.question_count)
        .map(|_| {
            let name = reader.name()?;
            let record_type = RecordType(reader.u16()?);
            let _class = reader.u16()?;
            Ok(Question { name, record_type })
        })
        .collect::<Result<_, DnsError>>()?;
    let mut records = |count| {
        (0..count)
            .map(|_| reader.record())
            .collect::<Result<Vec<_>, _>>()
    };
    let answers = records(header.answer_count)?;
    let authority = records(header.authority_count)?;
    let additional = records(header.additional_count)?;
    Ok(Message {
        header,
        questions,
        answers,
        authority,
        additional,
    })
}

/// A cursor over a received message.
struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl Reader<'_> {
    fn take(&mut self, count: usize) -> Result<&[u8], DnsError> {
        let end = self.position + count;
        let slice = self
            .bytes
            .get(self.position..end)
            .ok_or(DnsError::Truncated(self.bytes.len()))?;
        self.position = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16, DnsError> {
        let bytes = self.take(2)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self) -> Result<u32, DnsError> {
        let bytes = self.take(4)?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn header(&mut self) -> Result<Header, DnsError> {
        let id = self.u16()?;
        let flags = self.u16()?;
        let bit = |n: u16| flags & (1 << n) != 0;
        Ok(Header {
            id,
            is_response: bit(15),
            authoritative: bit(10),
            truncated: bit(9),
            recursion_desired: bit(8),
            recursion_available: bit(7),
            response_code: (flags & 0x000F) as u8,
            question_count: self.u16()?,
            answer_count: self.u16()?,
            authority_count: self.u16()?,
            additional_count: self.u16()?,
        })
    }

    // ANCHOR: name
    /// Reads a name at the cursor. A length byte with its top two bits set (`11xxxxxx`) is a
    /// pointer instead: its other 14 bits give the offset, from the start of the message,
    /// where the rest of the name is written.
    fn name(&mut self) -> Result<String, DnsError> {
        let mut labels: Vec<String> = Vec::new();
        let mut position = self.position;
        // Where the part of the name being read begins: the name itself, then each jump.
        let mut part_start = position;
        // Where the cursor continues once the name is read: after the first pointer, if any.
        let mut resume_at = None;
        loop {
            let length = *self
                .bytes
                .get(position)
                .ok_or(DnsError::Truncated(self.bytes.len()))?;
            match length & 0xC0 {
                0x00 if length == 0 => {
                    position += 1;
                    break;
                }
                0x00 => {
                    let start = position + 1;
                    let end = start + usize::from(length);
                    let label = self
                        .bytes
                        .get(start..end)
                        .ok_or(DnsError::Truncated(self.bytes.len()))?;
                    labels.push(String::from_utf8_lossy(label).into_owned());
                    position = end;
                }
                0xC0 => {
                    let low = *self
                        .bytes
                        .get(position + 1)
                        .ok_or(DnsError::Truncated(self.bytes.len()))?;
                    let target = usize::from(u16::from_be_bytes([length & 0x3F, low]));
                    // A pointer must lead to before the part that contains it. Each jump then
                    // moves strictly towards the start of the message, so a malicious message
                    // cannot send the parser round a loop.
                    if target >= part_start {
                        return Err(DnsError::BadPointer {
                            at: position,
                            target,
                        });
                    }
                    resume_at.get_or_insert(position + 2);
                    part_start = target;
                    position = target;
                }
                _ => return Err(DnsError::BadLabelType(length)),
            }
        }
        self.position = resume_at.unwrap_or(position);
        let name = labels.join(".") + ".";
        if name.len() > 255 {
            return Err(DnsError::NameTooLong(name));
        }
        Ok(name)
    }
    // ANCHOR_END: name

    // ANCHOR: record
    fn record(&mut self) -> Result<Record, DnsError> {
        let name = self.name()?;
        let record_type = RecordType(self.u16()?);
        let _class = self.u16()?;
        let ttl = self.u32()?;
        let data_length = usize::from(self.u16()?);
        let data_end = self.position + data_length;
        if data_end > self.bytes.len() {
            return Err(DnsError::Truncated(self.bytes.len()));
        }
        let data = match record_type {
            RecordType::A if data_length == 4 => {
                let b = self.take(4)?;
                Rdata::A(Ipv4Addr::new(b[0], b[1], b[2], b[3]))
            }
            RecordType::AAAA if data_length == 16 => {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(self.take(16)?);
                Rdata::Aaaa(Ipv6Addr::from(octets))
            }
            // Names inside the data may be compressed too, pointing anywhere before them.
            RecordType::CNAME => Rdata::Cname(self.name()?),
            RecordType::NS => Rdata::Ns(self.name()?),
            RecordType::SOA => {
                let primary = self.name()?;
                let _mailbox = self.name()?;
                let serial = self.u32()?;
                let _refresh_retry_expire = self.take(12)?;
                let negative_ttl = self.u32()?;
                Rdata::Soa {
                    primary,
                    serial,
                    negative_ttl,
                }
            }
            _ => Rdata::Other(self.take(data_length)?.to_vec()),
        };
        // Trust the declared length, not what the decoder consumed, to find the next record.
        self.position = data_end;
        Ok(Record {
            name,
            record_type,
            ttl,
            data,
        })
    }
    // ANCHOR_END: record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_matches_the_bytes_of_rfc_1035() {
        let query = build_query(0xBEEF, "www.example.test", RecordType::A).unwrap();
        let mut expected = vec![0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        expected.extend_from_slice(b"\x03www\x07example\x04test\x00");
        expected.extend_from_slice(&[0, 1, 0, 1]);
        assert_eq!(query, expected);
    }

    #[test]
    fn a_trailing_dot_changes_nothing() {
        let with_dot = build_query(1, "example.test.", RecordType::A).unwrap();
        assert_eq!(
            with_dot,
            build_query(1, "example.test", RecordType::A).unwrap()
        );
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(matches!(
            build_query(1, "a..b", RecordType::A),
            Err(DnsError::EmptyLabel(_))
        ));
        let long_label = "x".repeat(64);
        assert!(matches!(
            build_query(1, &long_label, RecordType::A),
            Err(DnsError::LabelTooLong(_))
        ));
        let long_name = vec!["x".repeat(63); 5].join(".");
        assert!(matches!(
            build_query(1, &long_name, RecordType::A),
            Err(DnsError::NameTooLong(_))
        ));
    }

    /// A response written byte by byte: the answer's name is a pointer to offset 12, where
    /// the question's name starts, and the CNAME target ends in a pointer to "example.test".
    fn compressed_response() -> Vec<u8> {
        let mut bytes = vec![0x12, 0x34, 0x85, 0x00, 0, 1, 0, 2, 0, 0, 0, 0];
        bytes.extend_from_slice(b"\x03api\x07example\x04test\x00\x00\x05\x00\x01");
        // api.example.test CNAME www.example.test, TTL 300
        bytes.extend_from_slice(&[0xC0, 12, 0, 5, 0, 1, 0, 0, 0x01, 0x2C, 0, 6]);
        bytes.extend_from_slice(b"\x03www\xC0\x10");
        // www.example.test A 192.0.2.10, TTL 60; its name is a pointer to the CNAME's data
        let www_at = 12 + 22 + 12;
        bytes.extend_from_slice(&[0xC0, www_at, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]);
        bytes
    }

    #[test]
    fn compression_pointers_are_followed() {
        let message = parse_message(&compressed_response()).unwrap();
        assert!(message.header.is_response && message.header.authoritative);
        assert_eq!(message.questions[0].name, "api.example.test.");
        assert_eq!(message.answers[0].name, "api.example.test.");
        assert_eq!(
            message.answers[0].data,
            Rdata::Cname("www.example.test.".into())
        );
        assert_eq!(message.answers[1].name, "www.example.test.");
        assert_eq!(
            message.answers[1].data,
            Rdata::A(Ipv4Addr::new(192, 0, 2, 10))
        );
        assert_eq!(message.answers[1].ttl, 60);
    }

    #[test]
    fn a_pointer_to_itself_is_an_error_not_a_hang() {
        let mut bytes = compressed_response();
        bytes[12 + 22] = 0xC0;
        bytes[12 + 22 + 1] = 12 + 22; // the answer's name now points at itself
        assert!(matches!(
            parse_message(&bytes),
            Err(DnsError::BadPointer { .. })
        ));
    }

    #[test]
    fn a_pointer_back_to_the_start_of_its_own_name_is_an_error_not_a_hang() {
        // At offset 12, the question's name: the label "a", then a pointer back to offset 12.
        let mut bytes = vec![0, 1, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        bytes.extend_from_slice(&[1, b'a', 0xC0, 12, 0, 1, 0, 1]);
        assert!(matches!(
            parse_message(&bytes),
            Err(DnsError::BadPointer { .. })
        ));
    }

    #[test]
    fn every_cut_of_a_message_is_an_error_not_a_panic() {
        let bytes = compressed_response();
        for length in 0..bytes.len() {
            assert!(parse_message(&bytes[..length]).is_err(), "cut at {length}");
        }
    }
}
