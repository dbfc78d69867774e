//! An incremental HTTP/1.1 request parser (RFC 9112), with no I/O in it.
//!
//! Feed it bytes as they arrive; it keeps what it has not used yet. It is strict on purpose:
//! anything two parsers could read differently (a bare LF, a folded header, two lengths, a
//! length next to chunked encoding) is an error, because request smuggling lives in exactly
//! those differences.

/// Limits a client cannot push us past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Request line plus headers (and, for chunked bodies, trailers), in bytes.
    pub max_head_bytes: usize,
    /// Number of header fields.
    pub max_headers: usize,
    /// Decoded body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head_bytes: 8 * 1024,
            max_headers: 64,
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// The longest chunk-size line we accept, extensions included.
const MAX_CHUNK_LINE: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

// ANCHOR: request
/// A complete request. Header names keep the case they were sent in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub version: Version,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What one call to `Parser::feed` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Not a whole request yet: read more bytes and feed them.
    Partial,
    /// A whole request; any bytes after it stay in the parser for the next one.
    Complete(Request),
}

/// Why a request was refused; `status` says which response it deserves.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("malformed request line")]
    RequestLine,
    #[error("unsupported HTTP version")]
    Version,
    #[error("malformed header field")]
    HeaderField,
    #[error("line ends in LF without CR")]
    BareLf,
    #[error("obsolete line folding")]
    ObsFold,
    #[error("request head larger than {0} bytes")]
    HeadTooLarge(usize),
    #[error("more than {0} header fields")]
    TooManyHeaders(usize),
    #[error("invalid Content-Length")]
    ContentLength,
    #[error("ambiguous message framing")]
    AmbiguousFraming,
    #[error("unsupported transfer coding")]
    TransferCoding,
    #[error("chunked is not the final transfer coding")]
    ChunkedNotFinal,
    #[error("malformed chunk")]
    Chunk,
    #[error("body larger than {0} bytes")]
    BodyTooLarge(usize),
}

impl ParseError {
    /// The status code of the response this error deserves.
    pub fn status(&self) -> u16 {
        match self {
            ParseError::HeadTooLarge(_) | ParseError::TooManyHeaders(_) => 431,
            ParseError::BodyTooLarge(_) => 413,
            ParseError::TransferCoding => 501, // RFC 9112 section 6.1: a coding we do not know
            ParseError::Version => 505,
            _ => 400,
        }
    }
}
// ANCHOR_END: request

impl Request {
    /// The first header with this name, compared without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after this request.
    pub fn keep_alive(&self) -> bool {
        let has = |token: &str| {
            self.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
                .flat_map(|(_, v)| v.split(','))
                .any(|t| trim_ows(t).eq_ignore_ascii_case(token))
        };
        match self.version {
            Version::Http11 => !has("close"),
            Version::Http10 => has("keep-alive"),
        }
    }
}

// ANCHOR: state
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Looking for the empty line that ends the head.
    Head,
    /// A Content-Length body with this many bytes still to come.
    Body { remaining: usize },
    /// Expecting a chunk-size line.
    ChunkSize,
    /// Inside a chunk's data.
    ChunkData { remaining: usize },
    /// Expecting the CRLF after a chunk's data.
    ChunkDataEnd,
    /// After the last chunk: trailer fields until an empty line.
    Trailers { bytes: usize },
}

/// The incremental parser. One per connection; it carries pipelined bytes between requests.
#[derive(Debug)]
pub struct Parser {
    limits: Limits,
    buf: Vec<u8>,
    /// Bytes of `buf` that belong to the current request and have been used.
    pos: usize,
    /// In `Head`: how far we have looked for the end of the head, and where the line started.
    scanned: usize,
    line_start: usize,
    state: State,
    request: Option<Request>,
    failed: Option<ParseError>,
}
// ANCHOR_END: state

enum Framing {
    Length(usize),
    Chunked,
}

impl Parser {
    pub fn new(limits: Limits) -> Self {
        Parser {
            limits,
            buf: Vec::new(),
            pos: 0,
            scanned: 0,
            line_start: 0,
            state: State::Head,
            request: None,
            failed: None,
        }
    }

    /// Whether some bytes of a next request are already here (so the client is mid-request).
    pub fn has_buffered(&self) -> bool {
        self.buf.len() > self.pos || self.state != State::Head
    }

    // ANCHOR: feed
    /// Appends `bytes` and parses as far as they allow. Feed an empty slice after a `Complete`
    /// to look for a pipelined request already buffered. After an error the parser stays failed:
    /// the connection must be closed, since we no longer know where the next request starts.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Status, ParseError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        self.buf.extend_from_slice(bytes);
        self.advance()
            .inspect_err(|error| self.failed = Some(error.clone()))
    }

    fn advance(&mut self) -> Result<Status, ParseError> {
        loop {
            match self.state {
                State::Head => {
                    let Some(head_end) = self.find_head_end()? else {
                        return Ok(Status::Partial);
                    };
                    let head = parse_head(&self.buf[self.pos..head_end], &self.limits)?;
                    self.pos = head_end;
                    let framing = framing(&head, &self.limits)?;
                    self.request = Some(head);
                    self.state = match framing {
                        Framing::Length(0) => return Ok(self.finish()),
                        Framing::Length(remaining) => State::Body { remaining },
                        Framing::Chunked => State::ChunkSize,
                    };
                }
                State::Body { remaining } => {
                    let left = self.take_body(remaining);
                    if left > 0 {
                        self.state = State::Body { remaining: left };
                        return Ok(Status::Partial);
                    }
                    return Ok(self.finish());
                }
                State::ChunkSize => {
                    let Some(length) =
                        find_line(&self.buf[self.pos..], MAX_CHUNK_LINE, ParseError::Chunk)?
                    else {
                        return Ok(Status::Partial);
                    };
                    let size = parse_chunk_size(&self.buf[self.pos..self.pos + length])?;
                    self.pos += length + 2;
                    let body_so_far = self.request.as_ref().map_or(0, |r| r.body.len());
                    let max = self.limits.max_body_bytes;
                    // Refuse a huge chunk from its size line, before any of its data arrives.
                    if body_so_far
                        .checked_add(size)
                        .is_none_or(|total| total > max)
                    {
                        return Err(ParseError::BodyTooLarge(max));
                    }
                    self.state = if size == 0 {
                        State::Trailers { bytes: 0 }
                    } else {
                        State::ChunkData { remaining: size }
                    };
                }
                State::ChunkData { remaining } => {
                    let left = self.take_body(remaining);
                    if left > 0 {
                        self.state = State::ChunkData { remaining: left };
                        return Ok(Status::Partial);
                    }
                    self.state = State::ChunkDataEnd;
                }
                State::ChunkDataEnd => {
                    let Some(end) = self.buf.get(self.pos..self.pos + 2) else {
                        if self.buf.len() > self.pos && self.buf[self.pos] != b'\r' {
                            return Err(ParseError::Chunk);
                        }
                        return Ok(Status::Partial);
                    };
                    if end != b"\r\n" {
                        return Err(ParseError::Chunk);
                    }
                    self.pos += 2;
                    self.state = State::ChunkSize;
                }
                State::Trailers { bytes } => {
                    let max = self.limits.max_head_bytes;
                    let too_large = ParseError::HeadTooLarge(max);
                    let Some(length) = find_line(&self.buf[self.pos..], max, too_large.clone())?
                    else {
                        return Ok(Status::Partial);
                    };
                    if length == 0 {
                        self.pos += 2;
                        return Ok(self.finish());
                    }
                    // Trailers are parsed for validity and then dropped: nothing here uses them.
                    parse_field(&self.buf[self.pos..self.pos + length])?;
                    let bytes = bytes + length + 2;
                    if bytes > max {
                        return Err(too_large);
                    }
                    self.pos += length + 2;
                    self.state = State::Trailers { bytes };
                }
            }
        }
    }
    // ANCHOR_END: feed

    /// Moves up to `remaining` buffered bytes into the body; returns how many are still to come.
    fn take_body(&mut self, remaining: usize) -> usize {
        let take = remaining.min(self.buf.len() - self.pos);
        if let Some(request) = self.request.as_mut() {
            request
                .body
                .extend_from_slice(&self.buf[self.pos..self.pos + take]);
        }
        self.pos += take;
        remaining - take
    }

    /// Hands out the finished request and forgets its bytes, keeping any that follow.
    fn finish(&mut self) -> Status {
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.scanned = 0;
        self.line_start = 0;
        self.state = State::Head;
        match self.request.take() {
            Some(request) => Status::Complete(request),
            None => Status::Partial, // unreachable: every state after Head has a request
        }
    }

    /// Finds the end of the head (just past its empty line), checking line endings on the way.
    fn find_head_end(&mut self) -> Result<Option<usize>, ParseError> {
        // RFC 9112 section 2.2: ignore empty lines before a request line.
        if self.scanned == self.pos {
            while self.buf[self.pos..].starts_with(b"\r\n") {
                self.pos += 2;
            }
            self.buf.drain(..self.pos);
            self.pos = 0;
            self.scanned = 0;
            self.line_start = 0;
        }
        let max = self.limits.max_head_bytes;
        while self.scanned < self.buf.len() {
            if self.scanned - self.pos >= max {
                return Err(ParseError::HeadTooLarge(max));
            }
            let index = self.scanned;
            self.scanned += 1;
            if self.buf[index] != b'\n' {
                continue;
            }
            if index == self.pos || self.buf[index - 1] != b'\r' {
                return Err(ParseError::BareLf);
            }
            let empty_line = index - 1 == self.line_start;
            self.line_start = index + 1;
            if empty_line && index - 1 == self.pos {
                // A CRLF before the request line whose CR and LF came in separate reads: skip
                // it as above. Without this the empty "head" would reach `parse_head`.
                self.pos = index + 1;
                continue;
            }
            if empty_line {
                return Ok(Some(index + 1));
            }
        }
        Ok(None)
    }
}

/// Length of the line at the start of `buf` (without its CRLF), `None` if its LF has not
/// arrived, `too_long` if it runs past `max` bytes.
fn find_line(buf: &[u8], max: usize, too_long: ParseError) -> Result<Option<usize>, ParseError> {
    let window = &buf[..buf.len().min(max + 2)];
    match window.iter().position(|&b| b == b'\n') {
        Some(0) => Err(ParseError::BareLf),
        Some(index) if buf[index - 1] != b'\r' => Err(ParseError::BareLf),
        Some(index) => Ok(Some(index - 1)),
        None if buf.len() >= max + 2 => Err(too_long),
        None => Ok(None),
    }
}

// ANCHOR: head
/// Parses a head: the request line and header fields, ending with the empty line.
fn parse_head(head: &[u8], limits: &Limits) -> Result<Request, ParseError> {
    // `find_head_end` checked that every LF follows a CR, so splitting on LF is enough.
    let head = &head[..head.len() - 4]; // the final CRLF CRLF
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().ok_or(ParseError::RequestLine)?;
    let (method, target, version) = parse_request_line(request_line)?;
    let mut headers = Vec::new();
    for line in lines {
        if headers.len() == limits.max_headers {
            return Err(ParseError::TooManyHeaders(limits.max_headers));
        }
        headers.push(parse_field(line)?);
    }
    Ok(Request {
        method,
        target,
        version,
        headers,
        body: Vec::new(),
    })
}

fn parse_request_line(line: &[u8]) -> Result<(String, String, Version), ParseError> {
    let mut parts = line.splitn(3, |&b| b == b' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(ParseError::RequestLine);
    };
    if !is_token(method) || !is_target(target) {
        return Err(ParseError::RequestLine);
    }
    let version = match version {
        b"HTTP/1.1" => Version::Http11,
        b"HTTP/1.0" => Version::Http10,
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            return Err(ParseError::Version);
        }
        _ => return Err(ParseError::RequestLine),
    };
    Ok((ascii(method)?, ascii(target)?, version))
}

/// Parses `name: value`. The name must be a token right up to the colon; the value may not
/// contain control characters (a stray CR included).
fn parse_field(line: &[u8]) -> Result<(String, String), ParseError> {
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return Err(ParseError::ObsFold);
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(ParseError::HeaderField)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if !is_token(name) {
        return Err(ParseError::HeaderField); // this also refuses "Name : value"
    }
    // Optional whitespace is SP and HTAB only (RFC 9110 section 5.6.3). `trim_ascii` would also
    // strip a form feed, which another parser may keep as part of the value.
    let start = value
        .iter()
        .position(|&b| !is_ows(b))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| !is_ows(b))
        .map_or(start, |i| i + 1);
    let value = &value[start..end];
    if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(ParseError::HeaderField);
    }
    let value = String::from_utf8(value.to_vec()).map_err(|_| ParseError::HeaderField)?;
    Ok((ascii(name)?, value))
}
// ANCHOR_END: head

// ANCHOR: framing
/// Decides how the body is delimited (RFC 9112 section 6.3), refusing anything ambiguous.
fn framing(request: &Request, limits: &Limits) -> Result<Framing, ParseError> {
    let named = |name: &str| -> Vec<&str> {
        let fields = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        fields.map(|(_, v)| v.as_str()).collect()
    };
    let lengths = named("content-length");
    let codings = named("transfer-encoding");
    if !codings.is_empty() {
        // Both headers: the classic request-smuggling setup. Never guess which one wins.
        if !lengths.is_empty() || request.version == Version::Http10 {
            return Err(ParseError::AmbiguousFraming);
        }
        // A list may have empty elements (`chunked,`, `, chunked`), which a recipient must
        // ignore (RFC 9110 section 5.6.1.2). Each header line is bounded, so is their number.
        let all: Vec<&str> = codings
            .iter()
            .flat_map(|v| v.split(','))
            .map(trim_ows)
            .filter(|coding| !coding.is_empty())
            .collect();
        let is_chunked = |coding: &&str| coding.eq_ignore_ascii_case("chunked");
        return match all.as_slice() {
            [only] if is_chunked(only) => Ok(Framing::Chunked),
            // Chunked last and nowhere else: the body is framed, but we cannot undo the codings
            // before it (gzip, say).
            [before @ .., last] if is_chunked(last) && !before.iter().any(is_chunked) => {
                Err(ParseError::TransferCoding)
            }
            // Chunked missing or not last (RFC 9112 section 6.3 says 400), or applied twice,
            // which section 6.1 forbids: the length of the body cannot be known.
            _ => Err(ParseError::ChunkedNotFinal),
        };
    }
    match lengths.as_slice() {
        [] => Ok(Framing::Length(0)),
        [value] => {
            let length = parse_decimal(value).ok_or(ParseError::ContentLength)?;
            if length > limits.max_body_bytes {
                return Err(ParseError::BodyTooLarge(limits.max_body_bytes));
            }
            Ok(Framing::Length(length))
        }
        // Two Content-Length fields: even equal ones are refused, which is simpler and safe.
        _ => Err(ParseError::AmbiguousFraming),
    }
}

/// `1*DIGIT` and nothing else: no sign, no spaces, no commas, no overflow.
fn parse_decimal(value: &str) -> Option<usize> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.bytes().try_fold(0usize, |n, b| {
        n.checked_mul(10)?.checked_add(usize::from(b - b'0'))
    })
}

/// `1*HEXDIG [ ";" extensions ]`, with overflow checked.
fn parse_chunk_size(line: &[u8]) -> Result<usize, ParseError> {
    let digits = match line.iter().position(|&b| b == b';') {
        Some(semicolon) => {
            // Extensions are ignored, but a control byte in them (a lone CR, say) is a line
            // end to some parsers: refuse it rather than read the line differently.
            let extensions = &line[semicolon..];
            if extensions
                .iter()
                .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
            {
                return Err(ParseError::Chunk);
            }
            // Only SP and HTAB may come before the `;` (BWS, RFC 9112 section 7.1.1). Trimming
            // more (`trim_ascii_end` also strips CR and form feed) would read `1\r;a` as size 1
            // where a parser that ends the line at the CR reads something else.
            let digits = &line[..semicolon];
            let end = digits
                .iter()
                .rposition(|&b| !is_ows(b))
                .map_or(0, |i| i + 1);
            &digits[..end]
        }
        None => line,
    };
    if digits.is_empty() {
        return Err(ParseError::Chunk);
    }
    digits.iter().try_fold(0usize, |n, &b| {
        let digit = char::from(b).to_digit(16).ok_or(ParseError::Chunk)?;
        let digit = usize::try_from(digit).map_err(|_| ParseError::Chunk)?;
        n.checked_mul(16)
            .and_then(|n| n.checked_add(digit))
            .ok_or(ParseError::Chunk)
    })
}
// ANCHOR_END: framing

/// Optional whitespace (OWS, BWS): SP and HTAB, nothing else (RFC 9110 section 5.6.3).
fn is_ows(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// Trims OWS from both ends. `str::trim` would also strip Unicode spaces such as U+00A0, which
/// turns `chunked\u{a0}` into `chunked` where another parser sees an unknown coding.
fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// RFC 9110 `token`: the characters allowed in methods and header names.
fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Origin-form (`/path?query`) or `*`, visible ASCII only.
fn is_target(bytes: &[u8]) -> bool {
    (bytes.first() == Some(&b'/') || bytes == b"*")
        && bytes.iter().all(|&b| (0x21..0x7f).contains(&b))
}

fn ascii(bytes: &[u8]) -> Result<String, ParseError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| ParseError::RequestLine)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8]) -> Result<Status, ParseError> {
        Parser::new(Limits::default()).feed(bytes)
    }

    #[test]
    fn a_simple_get() {
        let Ok(Status::Complete(request)) = parse_all(b"GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n")
        else {
            panic!("expected a complete request");
        };
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("GET", "/a?b=c")
        );
        assert_eq!(request.header("HOST"), Some("x"));
        assert!(request.keep_alive());
    }

    #[test]
    fn pipelined_requests_come_out_one_at_a_time() {
        let mut parser = Parser::new(Limits::default());
        let two = b"POST /e HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET / HTTP/1.0\r\n\r\n";
        let Ok(Status::Complete(first)) = parser.feed(two) else {
            panic!("first")
        };
        assert_eq!(first.body, b"hi");
        let Ok(Status::Complete(second)) = parser.feed(&[]) else {
            panic!("second")
        };
        assert_eq!(second.version, Version::Http10);
        assert!(!second.keep_alive());
        assert_eq!(parser.feed(&[]), Ok(Status::Partial));
        assert!(!parser.has_buffered());
    }

    #[test]
    fn a_chunked_body_with_extensions_and_trailers() {
        let request = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\
            3;name=value\r\nabc\r\n0\r\nDigest: x\r\n\r\n";
        let Ok(Status::Complete(request)) = parse_all(request) else {
            panic!("chunked")
        };
        assert_eq!(request.body, b"abc");
    }

    #[test]
    fn spaces_and_tabs_before_a_chunk_extension_are_allowed_and_nothing_else() {
        let with = |size_line: &str| {
            let request = format!(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{size_line}\r\nabc\r\n0\r\n\r\n"
            );
            parse_all(request.as_bytes())
        };
        let Ok(Status::Complete(request)) = with("3 \t;name=value") else {
            panic!("BWS before the semicolon is allowed");
        };
        assert_eq!(request.body, b"abc");
        assert_eq!(with("3\r;a"), Err(ParseError::Chunk));
        assert_eq!(with("3\x0b;a"), Err(ParseError::Chunk));
        assert_eq!(
            with("3 "),
            Err(ParseError::Chunk),
            "BWS only before a semicolon"
        );
    }

    #[test]
    fn transfer_codings_get_501_only_when_chunked_is_last() {
        let with = |codings: &str| {
            let request = format!("POST / HTTP/1.1\r\nTransfer-Encoding: {codings}\r\n\r\n");
            parse_all(request.as_bytes()).map_err(|error| error.status())
        };
        assert_eq!(with("gzip, chunked"), Err(501));
        assert_eq!(with("gzip"), Err(400));
        assert_eq!(with("chunked, gzip"), Err(400));
        assert_eq!(with("chunked, chunked"), Err(400));
        // Empty list elements are ignored, wherever they are.
        assert_eq!(with("chunked,"), Ok(Status::Partial));
        assert_eq!(with(", chunked"), Ok(Status::Partial));
        assert_eq!(with(" , ,chunked ,"), Ok(Status::Partial));
        assert_eq!(with("gzip,, chunked"), Err(501));
        assert_eq!(with("chunked,, chunked"), Err(400));
        assert_eq!(with(","), Err(400), "no coding at all");
        assert_eq!(
            with(" Chunked\t"),
            Ok(Status::Partial),
            "case and OWS do not matter"
        );
    }

    #[test]
    fn a_crlf_split_across_reads_before_the_request_line_is_skipped() {
        let mut parser = Parser::new(Limits::default());
        assert_eq!(parser.feed(b"\r"), Ok(Status::Partial));
        assert_eq!(parser.feed(b"\n"), Ok(Status::Partial));
        assert_eq!(parser.feed(b"\r"), Ok(Status::Partial));
        let Ok(Status::Complete(request)) = parser.feed(b"\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        else {
            panic!("expected a complete request after the leading CRLFs");
        };
        assert_eq!(request.target, "/");
    }

    #[test]
    fn only_spaces_and_tabs_count_as_optional_whitespace() {
        let Ok(Status::Complete(request)) = parse_all(b"GET / HTTP/1.1\r\nX-A: \t v \t\r\n\r\n")
        else {
            panic!("expected a complete request");
        };
        assert_eq!(request.header("x-a"), Some("v"));
        let form_feed = b"POST / HTTP/1.1\r\nContent-Length: \x0c1\r\n\r\na";
        assert_eq!(parse_all(form_feed), Err(ParseError::HeaderField));
    }

    #[test]
    fn errors_map_to_status_codes() {
        assert_eq!(ParseError::HeadTooLarge(1).status(), 431);
        assert_eq!(ParseError::BodyTooLarge(1).status(), 413);
        assert_eq!(ParseError::AmbiguousFraming.status(), 400);
    }
}
