//! A zero-copy parser for HTTP/1.1 request lines.
//!
//! A [`RequestLine`] holds `&str` slices of the caller's buffer instead of copies, so parsing
//! allocates nothing. The lifetime `'buf` ties every slice to that buffer: the compiler will not
//! let a `RequestLine` outlive the bytes it points into.

use std::fmt;

// ANCHOR: types
/// The three parts of `GET /products?page=2 HTTP/1.1`, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLine<'buf> {
    pub method: &'buf str,
    pub target: &'buf str,
    pub version: &'buf str,
}

impl<'buf> RequestLine<'buf> {
    /// The path without its query string. The result borrows from the same buffer, not from
    /// `self`, so it stays valid after the `RequestLine` is gone.
    pub fn path(&self) -> &'buf str {
        match self.target.split_once('?') {
            Some((path, _query)) => path,
            None => self.target,
        }
    }
}
// ANCHOR_END: types

/// Why a request line was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The line did not have exactly three space-separated parts.
    WrongShape,
    /// The method was not an uppercase token.
    BadMethod,
    /// The target did not start with `/`.
    BadTarget,
    /// The version was not `HTTP/1.0` or `HTTP/1.1`.
    BadVersion,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self {
            ParseError::WrongShape => "expected `METHOD TARGET VERSION`",
            ParseError::BadMethod => "the method must be an uppercase token",
            ParseError::BadTarget => "the target must start with `/`",
            ParseError::BadVersion => "only HTTP/1.0 and HTTP/1.1 are supported",
        };
        f.write_str(reason)
    }
}

impl std::error::Error for ParseError {}

// ANCHOR: parse
/// Parses one request line (without its CRLF). Every slice in the result points into `line`.
pub fn parse_request_line(line: &str) -> Result<RequestLine<'_>, ParseError> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ParseError::WrongShape);
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ParseError::BadMethod);
    }
    if !target.starts_with('/') {
        return Err(ParseError::BadTarget);
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(ParseError::BadVersion);
    }
    Ok(RequestLine {
        method,
        target,
        version,
    })
}
// ANCHOR_END: parse

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_parts() {
        let line = parse_request_line("GET /products?page=2 HTTP/1.1");
        assert_eq!(
            line,
            Ok(RequestLine {
                method: "GET",
                target: "/products?page=2",
                version: "HTTP/1.1",
            })
        );
    }

    #[test]
    fn the_slices_point_into_the_input() {
        let input = String::from("POST /orders HTTP/1.1");
        let line = parse_request_line(&input).expect("valid line");
        let start = input.as_ptr() as usize;
        assert_eq!(line.method.as_ptr() as usize, start);
        assert_eq!(line.target.as_ptr() as usize, start + 5);
        assert_eq!(line.version.as_ptr() as usize, start + 13);
    }

    #[test]
    fn path_drops_the_query() {
        let line = parse_request_line("GET /a/b?x=1&y=2 HTTP/1.0").expect("valid line");
        assert_eq!(line.path(), "/a/b");
    }

    #[test]
    fn rejects_malformed_lines() {
        assert_eq!(parse_request_line(""), Err(ParseError::WrongShape));
        assert_eq!(
            parse_request_line("GET / HTTP/1.1 extra"),
            Err(ParseError::WrongShape)
        );
        assert_eq!(
            parse_request_line("get / HTTP/1.1"),
            Err(ParseError::BadMethod)
        );
        assert_eq!(
            parse_request_line("GET products HTTP/1.1"),
            Err(ParseError::BadTarget)
        );
        assert_eq!(
            parse_request_line("GET / HTTP/2"),
            Err(ParseError::BadVersion)
        );
    }
}
