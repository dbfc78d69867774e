//! Writing requests and reading responses in the HTTP/1.1 message format.
use crate::HttpError;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Limits on what the server may send: input from the network is never trusted to be small.
pub const MAX_HEAD: usize = 64 * 1024;
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// How the body of a response is delimited (RFC 9112, section 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// No body at all: a response to HEAD, a 204 or a 304.
    Empty,
    /// Exactly this many bytes follow the head.
    ContentLength(usize),
    /// A sequence of chunks, each preceded by its size in hex, ended by a chunk of size 0.
    Chunked,
    /// Everything until the server closes the connection.
    UntilClose,
}

/// A response, read in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub version: String,
    pub status: u16,
    pub reason: String,
    /// In the order received, names as sent (compare them without regard to case).
    pub headers: Vec<(String, String)>,
    pub framing: BodyFraming,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header, found without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the connection can carry another request after this response.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |token: &str| connection.split(',').any(|t| t.trim() == token);
        let persistent = match self.version.as_str() {
            "HTTP/1.1" => !has("close"),
            _ => has("keep-alive"),
        };
        persistent && self.framing != BodyFraming::UntilClose
    }
}

// ANCHOR: write_request
/// Writes a request with the headers HTTP/1.1 requires. The whole request goes out in one
/// write, so that Nagle's algorithm never holds back its second half.
pub fn write_request(
    writer: &mut impl Write,
    method: &str,
    host: &str,
    path: &str,
    body: &[u8],
) -> Result<(), HttpError> {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    if !body.is_empty() || method == "POST" || method == "PUT" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n"); // the empty line that ends the head
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    writer.write_all(&bytes)?;
    writer.flush()?;
    Ok(())
}
// ANCHOR_END: write_request

// ANCHOR: read_response
/// Reads one response to a request made with `method`.
pub fn read_response(reader: &mut impl BufRead, method: &str) -> Result<Response, HttpError> {
    loop {
        let mut head_left = MAX_HEAD;
        let status_line = read_line(reader, &mut head_left)?;
        let (version, status, reason) = parse_status_line(&status_line)?;
        let mut headers = Vec::new();
        loop {
            let line = read_line(reader, &mut head_left)?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .filter(|(name, _)| !name.is_empty() && !name.contains([' ', '\t']))
                .ok_or_else(|| HttpError::Malformed(format!("bad header line {line:?}")))?;
            headers.push((name.to_string(), value.trim().to_string()));
        }
        // 1xx responses are interim ("100 Continue"): the real response follows.
        if (100..200).contains(&status) && status != 101 {
            continue;
        }
        let mut response = Response {
            version,
            status,
            reason,
            headers,
            framing: BodyFraming::Empty,
            body: Vec::new(),
        };
        response.framing = framing(&response, method)?;
        response.body = match response.framing {
            BodyFraming::Empty => Vec::new(),
            BodyFraming::ContentLength(length) => read_exact(reader, length)?,
            BodyFraming::Chunked => read_chunked(reader)?,
            BodyFraming::UntilClose => read_until_close(reader)?,
        };
        return Ok(response);
    }
}
// ANCHOR_END: read_response

// ANCHOR: framing
/// Decides where the body ends, in the order RFC 9112 gives.
fn framing(response: &Response, method: &str) -> Result<BodyFraming, HttpError> {
    if method == "HEAD" || response.status == 204 || response.status == 304 {
        return Ok(BodyFraming::Empty);
    }
    if let Some(encoding) = response.header("transfer-encoding") {
        let last = encoding.rsplit(',').next().unwrap_or("").trim();
        return Ok(if last.eq_ignore_ascii_case("chunked") {
            BodyFraming::Chunked
        } else {
            BodyFraming::UntilClose
        });
    }
    let mut lengths = response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.as_str());
    match (lengths.next(), lengths.next()) {
        (None, _) => Ok(BodyFraming::UntilClose),
        (Some(length), None) => Ok(BodyFraming::ContentLength(parse_length(length)?)),
        // Two lengths are how request smuggling starts: refuse rather than pick one.
        (Some(_), Some(_)) => Err(HttpError::Malformed("more than one Content-Length".into())),
    }
}
// ANCHOR_END: framing

fn parse_length(text: &str) -> Result<usize, HttpError> {
    let malformed = || HttpError::Malformed(format!("bad Content-Length {text:?}"));
    // Digits only: `usize::from_str` would also accept a leading `+`.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let length: usize = text.parse().map_err(|_| malformed())?;
    if length > MAX_BODY {
        return Err(HttpError::BodyTooLong(MAX_BODY));
    }
    Ok(length)
}

/// `HTTP/1.1 200 OK` into its three parts. The reason phrase may be empty.
fn parse_status_line(line: &str) -> Result<(String, u16, String), HttpError> {
    let malformed = || HttpError::Malformed(format!("bad status line {line:?}"));
    let (version, rest) = line.split_once(' ').ok_or_else(malformed)?;
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if !version.starts_with("HTTP/1.") || code.len() != 3 {
        return Err(malformed());
    }
    let status = code.parse().map_err(|_| malformed())?;
    Ok((version.to_string(), status, reason.to_string()))
}

/// One line of the head, without its line ending, charged against what is left of the limit.
fn read_line(reader: &mut impl BufRead, left: &mut usize) -> Result<String, HttpError> {
    let mut line = Vec::new();
    let limit = u64::try_from(*left).unwrap_or(u64::MAX) + 1;
    reader.take(limit).read_until(b'\n', &mut line)?;
    if line.len() > *left {
        return Err(HttpError::HeadTooLong(MAX_HEAD));
    }
    *left -= line.len();
    if line.pop() != Some(b'\n') {
        return Err(HttpError::ClosedEarly);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| HttpError::Malformed("a head line is not UTF-8".into()))
}

fn read_exact(reader: &mut impl Read, length: usize) -> Result<Vec<u8>, HttpError> {
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(body)
}

// ANCHOR: chunked
/// Reads `size-in-hex CRLF bytes CRLF` until a chunk of size 0, then the trailer section.
fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, HttpError> {
    let mut body = Vec::new();
    let mut head_left = MAX_HEAD;
    loop {
        let line = read_line(reader, &mut head_left)?;
        // A chunk size may be followed by extensions after a `;`, which nobody uses.
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| HttpError::Malformed(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            break;
        }
        if body.len() + size > MAX_BODY {
            return Err(HttpError::BodyTooLong(MAX_BODY));
        }
        body.extend_from_slice(&read_exact(reader, size)?);
        if !read_line(reader, &mut head_left)?.is_empty() {
            return Err(HttpError::Malformed("no CRLF after a chunk".into()));
        }
    }
    // Trailer fields, rarely sent, end with an empty line like the head.
    while !read_line(reader, &mut head_left)?.is_empty() {}
    Ok(body)
}
// ANCHOR_END: chunked

fn read_until_close(reader: &mut impl Read) -> Result<Vec<u8>, HttpError> {
    let mut body = Vec::new();
    let limit = u64::try_from(MAX_BODY).unwrap_or(u64::MAX) + 1;
    reader.take(limit).read_to_end(&mut body)?;
    if body.len() > MAX_BODY {
        return Err(HttpError::BodyTooLong(MAX_BODY));
    }
    Ok(body)
}

// ANCHOR: connection
/// A connection that carries one request after another, as long as the server keeps it open.
pub struct Connection {
    reader: BufReader<DeadlineStream>,
    host: String,
    timeout: Duration,
}

impl Connection {
    /// Connects within `timeout`, and gives every later request the same `timeout` for the
    /// whole exchange: writing the request and reading all of the response.
    pub fn open(address: SocketAddr, timeout: Duration) -> Result<Self, HttpError> {
        let stream = TcpStream::connect_timeout(&address, timeout)?;
        stream.set_nodelay(true)?;
        Ok(Self {
            reader: BufReader::new(DeadlineStream {
                stream,
                deadline: Instant::now() + timeout,
            }),
            host: address.to_string(),
            timeout,
        })
    }

    /// Sends one request and reads its response, all before one deadline.
    pub fn send(&mut self, method: &str, path: &str, body: &[u8]) -> Result<Response, HttpError> {
        self.reader.get_mut().deadline = Instant::now() + self.timeout;
        write_request(self.reader.get_mut(), method, &self.host, path, body)?;
        read_response(&mut self.reader, method)
    }

    /// The local address: the same one for every request means the same connection.
    pub fn local_addr(&self) -> Result<SocketAddr, HttpError> {
        Ok(self.reader.get_ref().stream.local_addr()?)
    }
}

/// A `TcpStream` whose reads and writes all share one deadline. A timeout on each call is not
/// enough: a server that sends one byte just before every read would time out would keep the
/// client forever. Here each call may wait only for what is left of the time.
struct DeadlineStream {
    stream: TcpStream,
    deadline: Instant,
}

impl DeadlineStream {
    /// What is left before the deadline, or a `TimedOut` error once it has passed.
    fn time_left(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            // `set_read_timeout(Some(ZERO))` is an error, so a spent deadline is caught here.
            return Err(io::Error::new(io::ErrorKind::TimedOut, "deadline passed"));
        }
        Ok(left)
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.time_left()?;
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buffer)
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let left = self.time_left()?;
        self.stream.set_write_timeout(Some(left))?;
        self.stream.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}
// ANCHOR_END: connection

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn parse(bytes: &[u8]) -> Result<Response, HttpError> {
        read_response(&mut Cursor::new(bytes), "GET")
    }

    #[test]
    fn content_length_ends_the_body_and_leaves_the_rest() {
        let mut input = Cursor::new(
            &b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 204 No Content\r\n\r\n"[..],
        );
        let first = read_response(&mut input, "GET").unwrap();
        assert_eq!((first.status, first.body.as_slice()), (200, &b"hello"[..]));
        assert!(first.keep_alive());
        let second = read_response(&mut input, "GET").unwrap();
        assert_eq!((second.status, second.framing), (204, BodyFraming::Empty));
    }

    #[test]
    fn chunks_are_joined_and_extensions_and_trailers_skipped() {
        let response = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n").unwrap();
        assert_eq!(response.body, b"Wikipedia in\r\n\r\nchunks.");
        assert_eq!(response.framing, BodyFraming::Chunked);
    }

    #[test]
    fn without_a_length_the_body_runs_to_the_close() {
        let response = parse(b"HTTP/1.0 200 OK\r\n\r\nall of it").unwrap();
        assert_eq!(response.body, b"all of it");
        assert!(!response.keep_alive());
    }

    #[test]
    fn a_head_response_has_no_body_whatever_its_length_says() {
        let input = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        let response = read_response(&mut Cursor::new(&input[..]), "HEAD").unwrap();
        assert!(response.body.is_empty());
    }

    #[test]
    fn interim_responses_are_skipped() {
        let response = parse(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(response.status, 201);
    }

    #[test]
    fn connection_close_ends_keep_alive() {
        let response =
            parse(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(!response.keep_alive());
    }

    #[test]
    fn bad_framing_is_refused() {
        for input in [
            &b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"[..],
            b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
            b"HTTP/2 200\r\n\r\n",
        ] {
            assert!(
                matches!(parse(input), Err(HttpError::Malformed(_))),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn a_connection_closed_early_is_an_error() {
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"),
            Err(HttpError::ClosedEarly)
        ));
        assert!(matches!(
            parse(b"HTTP/1.1 200 OK\r\nContent-Le"),
            Err(HttpError::ClosedEarly)
        ));
    }

    #[test]
    fn an_endless_head_is_cut_off() {
        let mut input = b"HTTP/1.1 200 OK\r\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_HEAD + 10));
        assert!(matches!(parse(&input), Err(HttpError::HeadTooLong(_))));
    }

    #[test]
    fn a_request_is_one_write_with_host_and_length() {
        let mut written = Vec::new();
        write_request(&mut written, "POST", "127.0.0.1:8080", "/echo", b"hi").unwrap();
        assert_eq!(
            written,
            b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 2\r\n\r\nhi"
        );
    }
}
