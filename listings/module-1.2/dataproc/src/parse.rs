//! The line parser: one access-log line in, borrowed fields out.
//!
//! It works on byte slices and never allocates: a worker calls it millions of times, and every
//! `String` it built would be a trip to the allocator. The fields it returns point into the
//! chunk the line came from.

use crate::time::{self, HourKey};

// ANCHOR: record
/// The fields of one access-log line that `dataproc` aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// The client address: IPv4, IPv6 or a host name, exactly as logged.
    pub client: &'a [u8],
    /// The request target (`/index.html?x=1`), or `-` when the request line was `-`.
    pub path: &'a [u8],
    /// The HTTP method, or `-` when the request line was `-`.
    pub method: &'a [u8],
    /// The status code, 100 to 599.
    pub status: u16,
    /// The size of the response body; `-` (no body) counts as 0.
    pub size: u64,
    /// The hour the request was logged, in UTC.
    pub hour: HourKey,
}
// ANCHOR_END: record

/// Why a line is malformed. The report only counts malformed lines; `--stats` shows how many
/// failed for each reason, and the tests assert the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    Empty,
    Client,
    Identity,
    Timestamp,
    Request,
    Status,
    Size,
    Trailing,
    /// Longer than the line limit ([`crate::chunk::MAX_LINE`]), so never parsed: the engines
    /// decide this where they find the line, [`parse_line`] never returns it.
    TooLong,
}

impl Malformed {
    /// Every reason, in declaration order, so that `reason as usize` indexes this array (checked
    /// when the crate compiles, below).
    pub const ALL: [Malformed; 9] = [
        Malformed::Empty,
        Malformed::Client,
        Malformed::Identity,
        Malformed::Timestamp,
        Malformed::Request,
        Malformed::Status,
        Malformed::Size,
        Malformed::Trailing,
        Malformed::TooLong,
    ];

    /// Whether no variant is declared after this one. The match is exhaustive, so a new variant
    /// does not compile until it is placed here, and the check below then makes `ALL` list it.
    const fn is_last_declared(self) -> bool {
        match self {
            Malformed::TooLong => true,
            Malformed::Empty
            | Malformed::Client
            | Malformed::Identity
            | Malformed::Timestamp
            | Malformed::Request
            | Malformed::Status
            | Malformed::Size
            | Malformed::Trailing => false,
        }
    }

    /// The name `--stats` prints.
    pub fn name(self) -> &'static str {
        match self {
            Malformed::Empty => "empty",
            Malformed::Client => "client",
            Malformed::Identity => "identity",
            Malformed::Timestamp => "timestamp",
            Malformed::Request => "request",
            Malformed::Status => "status",
            Malformed::Size => "size",
            Malformed::Trailing => "trailing",
            Malformed::TooLong => "too long",
        }
    }
}

// Checked at compile time: `reason as usize` is a valid index of `ALL` for every reason, so
// `MalformedReasons` (an array of `ALL.len()` counts) cannot be indexed past its end. Each entry
// sits at its own discriminant, and the last entry is the last variant declared, so `ALL` holds
// every discriminant from 0 up.
const _: () = {
    let mut at = 0;
    while at < Malformed::ALL.len() {
        assert!(
            Malformed::ALL[at] as usize == at,
            "Malformed::ALL must list every reason in declaration order"
        );
        at += 1;
    }
    assert!(
        Malformed::ALL[Malformed::ALL.len() - 1].is_last_declared(),
        "Malformed::ALL must end with the last reason declared"
    );
};

// ANCHOR: parse_line
/// Parses one line of Common Log Format, optionally followed by the two quoted fields of Combined
/// Log Format (referer and user agent). A trailing `\r` (a CRLF line ending) is ignored.
///
/// ```text
/// 203.0.113.9 - alice [25/Nov/2026:14:03:59 +0100] "GET /a HTTP/1.1" 200 512 "-" "curl/8.5"
/// ```
pub fn parse_line(line: &[u8]) -> Result<Record<'_>, Malformed> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Err(Malformed::Empty);
    }
    let mut rest = line;
    let client = word(&mut rest).ok_or(Malformed::Client)?;
    expect_space(&mut rest).ok_or(Malformed::Identity)?;
    word(&mut rest).ok_or(Malformed::Identity)?; // RFC 1413 identity, almost always `-`
    expect_space(&mut rest).ok_or(Malformed::Identity)?;
    word(&mut rest).ok_or(Malformed::Identity)?; // the authenticated user
    expect_space(&mut rest).ok_or(Malformed::Timestamp)?;
    let stamp = bracketed(&mut rest).ok_or(Malformed::Timestamp)?;
    let hour = time::parse_clf_hour(stamp).ok_or(Malformed::Timestamp)?;
    expect_space(&mut rest).ok_or(Malformed::Request)?;
    let request = quoted(&mut rest).ok_or(Malformed::Request)?;
    let (method, path) = split_request(request).ok_or(Malformed::Request)?;
    expect_space(&mut rest).ok_or(Malformed::Status)?;
    let status = parse_status(word(&mut rest).ok_or(Malformed::Status)?)?;
    expect_space(&mut rest).ok_or(Malformed::Size)?;
    let size = parse_size(word(&mut rest).ok_or(Malformed::Size)?)?;
    if !rest.is_empty() {
        // Combined Log Format: ` "referer" "user agent"`, nothing else.
        for _ in 0..2 {
            expect_space(&mut rest).ok_or(Malformed::Trailing)?;
            quoted(&mut rest).ok_or(Malformed::Trailing)?;
        }
        if !rest.is_empty() {
            return Err(Malformed::Trailing);
        }
    }
    Ok(Record {
        client,
        path,
        method,
        status,
        size,
        hour,
    })
}
// ANCHOR_END: parse_line

// ANCHOR: helpers
/// Takes the bytes up to the next space (or the end); `None` if there are none.
fn word<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let end = memchr::memchr(b' ', rest).unwrap_or(rest.len());
    let (field, tail) = rest.split_at(end);
    *rest = tail;
    (!field.is_empty()).then_some(field)
}

/// Takes `[...]` and returns what is inside.
fn bracketed<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let inner = rest.strip_prefix(b"[")?;
    let end = memchr::memchr(b']', inner)?;
    *rest = &inner[end + 1..];
    Some(&inner[..end])
}

/// Takes `"..."`, where a backslash escapes the next byte (`\"` is a quote inside the field, as
/// Apache writes it), and returns what is inside, escapes left as they are.
fn quoted<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let inner = rest.strip_prefix(b"\"")?;
    let mut at = 0;
    loop {
        let next = at + memchr::memchr2(b'"', b'\\', &inner[at..])?;
        if inner[next] == b'\\' {
            at = next + 2; // skip the escaped byte, whatever it is
            if at > inner.len() {
                return None;
            }
        } else {
            *rest = &inner[next + 1..];
            return Some(&inner[..next]);
        }
    }
}

fn expect_space(rest: &mut &[u8]) -> Option<()> {
    *rest = rest.strip_prefix(b" ")?;
    Some(())
}
// ANCHOR_END: helpers

/// `GET /path HTTP/1.1` gives (`GET`, `/path`); HTTP/0.9's `GET /path` too. A lone `-` is what
/// servers log when a client connected and sent no request line (status 408, typically).
fn split_request(request: &[u8]) -> Option<(&[u8], &[u8])> {
    if request == b"-" {
        return Some((b"-", b"-"));
    }
    let mut rest = request;
    let method = word(&mut rest)?;
    expect_space(&mut rest)?;
    let path = word(&mut rest)?;
    if !method.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    Some((method, path))
}

fn parse_status(field: &[u8]) -> Result<u16, Malformed> {
    match field {
        [a @ b'1'..=b'5', b @ b'0'..=b'9', c @ b'0'..=b'9'] => {
            Ok(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => Err(Malformed::Status),
    }
}

fn parse_size(field: &[u8]) -> Result<u64, Malformed> {
    if field == b"-" {
        return Ok(0);
    }
    // At most 19 digits: always fits in a u64, so no overflow check per digit.
    if field.is_empty() || field.len() > 19 || !field.iter().all(u8::is_ascii_digit) {
        return Err(Malformed::Size);
    }
    Ok(field.iter().fold(0, |n, d| n * 10 + u64::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::format_hour;

    fn hour_of(line: &str) -> String {
        format_hour(parse_line(line.as_bytes()).expect("parses").hour)
    }

    #[test]
    fn common_log_format() {
        let line = br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;
        let record = parse_line(line).expect("parses");
        assert_eq!(record.client, b"127.0.0.1");
        assert_eq!(record.method, b"GET");
        assert_eq!(record.path, b"/apache_pb.gif");
        assert_eq!(record.status, 200);
        assert_eq!(record.size, 2326);
        // 13:55 at UTC-7 is 20:55 UTC.
        assert_eq!(format_hour(record.hour), "2000-10-10T20");
    }

    #[test]
    fn combined_log_format() {
        let line = br#"10.1.2.3 - - [25/Nov/2026:14:03:59 +0000] "POST /api/orders?id=7 HTTP/2.0" 201 48 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)""#;
        let record = parse_line(line).expect("parses");
        assert_eq!(record.path, b"/api/orders?id=7");
        assert_eq!(record.status, 201);
        assert_eq!(format_hour(record.hour), "2026-11-25T14");
    }

    #[test]
    fn ipv6_clients() {
        let line = br#"2001:db8::1 - - [25/Nov/2026:14:03:59 +0000] "GET / HTTP/1.1" 200 1"#;
        assert_eq!(parse_line(line).expect("parses").client, b"2001:db8::1");
        let mapped = br#"::ffff:192.0.2.1 - - [25/Nov/2026:14:03:59 +0000] "GET / HTTP/1.1" 200 1"#;
        assert_eq!(
            parse_line(mapped).expect("parses").client,
            b"::ffff:192.0.2.1"
        );
    }

    #[test]
    fn escaped_quotes_inside_quoted_fields() {
        let line = br#"10.0.0.1 - - [25/Nov/2026:14:03:59 +0000] "GET /q?s=\"x\" HTTP/1.1" 200 5 "-" "agent \"quoted\" \\ end""#;
        let record = parse_line(line).expect("parses");
        assert_eq!(record.path, br#"/q?s=\"x\""#);
        // An escape at the very end leaves the field unterminated.
        let open = br#"10.0.0.1 - - [25/Nov/2026:14:03:59 +0000] "GET / HTTP/1.1\"#;
        assert_eq!(parse_line(open), Err(Malformed::Request));
    }

    #[test]
    fn timezone_offsets_move_the_hour_and_the_day() {
        // (stamp as written, UTC hour it belongs to)
        let cases = [
            ("01/Jan/2026:00:30:00 +0100", "2025-12-31T23"),
            ("31/Dec/2025:22:00:00 -0230", "2026-01-01T00"),
            ("29/Feb/2024:23:59:60 +0000", "2024-02-29T23"),
            ("01/Mar/2024:05:00:00 +0530", "2024-02-29T23"),
        ];
        for (stamp, hour) in cases {
            let line = format!(r#"a - - [{stamp}] "GET / HTTP/1.1" 200 1"#);
            assert_eq!(hour_of(&line), hour, "{stamp}");
        }
    }

    #[test]
    fn odd_timestamps_are_malformed() {
        for stamp in [
            "29/Feb/2025:10:00:00 +0000", // not a leap year
            "31/Apr/2026:10:00:00 +0000",
            "10/Foo/2026:10:00:00 +0000",
            "10/Oct/2026:24:00:00 +0000",
            "10/Oct/2026:10:60:00 +0000",
            "10/Oct/2026:10:00:00 0000",
            "10/Oct/2026:10:00:00 +2400",
            "10/Oct/2026 10:00:00 +0000",
            "1/Oct/2026:10:00:00 +0000",
            "",
        ] {
            let line = format!(r#"a - - [{stamp}] "GET / HTTP/1.1" 200 1"#);
            assert_eq!(
                parse_line(line.as_bytes()),
                Err(Malformed::Timestamp),
                "{stamp}"
            );
        }
    }

    #[test]
    fn request_line_dash_and_http09() {
        let dash = parse_line(br#"a - - [10/Oct/2026:10:00:00 +0000] "-" 408 -"#).expect("parses");
        assert_eq!(
            (dash.method, dash.path, dash.size),
            (&b"-"[..], &b"-"[..], 0)
        );
        let old =
            parse_line(br#"a - - [10/Oct/2026:10:00:00 +0000] "GET /old" 200 3"#).expect("parses");
        assert_eq!(old.path, b"/old");
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let line = b"a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3\r";
        assert_eq!(parse_line(line).expect("parses").size, 3);
    }

    #[test]
    fn malformed_lines_say_why() {
        let cases: [(&[u8], Malformed); 9] = [
            (b"", Malformed::Empty),
            (b"\r", Malformed::Empty),
            (b"just-a-host", Malformed::Identity),
            (
                b"a - - 10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3",
                Malformed::Timestamp,
            ),
            (
                b"a - - [10/Oct/2026:10:00:00 +0000] GET / HTTP/1.1 200 3",
                Malformed::Request,
            ),
            (
                b"a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 2x0 3",
                Malformed::Status,
            ),
            (
                b"a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 -3",
                Malformed::Size,
            ),
            (
                b"a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3 extra",
                Malformed::Trailing,
            ),
            (b"\xff\xfe\x00garbage", Malformed::Identity),
        ];
        for (line, why) in cases {
            assert_eq!(
                parse_line(line),
                Err(why),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn sizes_and_statuses_at_the_edges() {
        assert_eq!(parse_size(b"18446744073709551615"), Err(Malformed::Size)); // 20 digits
        assert_eq!(
            parse_size(b"9999999999999999999"),
            Ok(9_999_999_999_999_999_999)
        );
        assert_eq!(parse_status(b"600"), Err(Malformed::Status));
        assert_eq!(parse_status(b"099"), Err(Malformed::Status));
        assert_eq!(parse_status(b"599"), Ok(599));
    }
}
