//! The wire protocol: one request per line, one response per line.
//!
//! ```text
//! SET <key> <value>   ->  OK
//! GET <key>           ->  VALUE <value> | NOT_FOUND
//! DEL <key>           ->  OK | NOT_FOUND
//! anything else       ->  ERR <reason>
//! ```

use std::fmt;
// tokio-util re-exports the `bytes` crate its codecs are written against.
use tokio_util::bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder, LinesCodec, LinesCodecError};

// ANCHOR: types
/// A request the server understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Set { key: String, value: String },
    Get { key: String },
    Del { key: String },
}

/// What the server answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    Ok,
    Value(String),
    NotFound,
    Error(String),
}

/// A line that arrived whole but does not parse. The connection survives it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

/// A failure that ends the connection.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("line longer than {0} bytes")]
    LineTooLong(usize),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
// ANCHOR_END: types

// ANCHOR: codec
/// Frames with `LinesCodec` (which enforces the length limit), then parses each line.
#[derive(Debug)]
pub struct KvCodec {
    lines: LinesCodec,
    max_line: usize,
}

impl KvCodec {
    pub fn new(max_line: usize) -> Self {
        KvCodec {
            lines: LinesCodec::new_with_max_length(max_line),
            max_line,
        }
    }
}

impl Decoder for KvCodec {
    type Item = Result<Request, BadRequest>;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, CodecError> {
        match self.lines.decode(src) {
            Ok(Some(line)) => Ok(Some(parse(&line))),
            Ok(None) => Ok(None), // not a whole line yet: wait for more bytes
            Err(LinesCodecError::MaxLineLengthExceeded) => {
                Err(CodecError::LineTooLong(self.max_line))
            }
            Err(LinesCodecError::Io(error)) => Err(error.into()),
        }
    }
}

impl Encoder<Response> for KvCodec {
    type Error = CodecError;

    fn encode(&mut self, response: Response, dst: &mut BytesMut) -> Result<(), CodecError> {
        let line = response.to_string();
        dst.reserve(line.len() + 1);
        dst.extend_from_slice(line.as_bytes());
        dst.extend_from_slice(b"\n");
        Ok(())
    }
}
// ANCHOR_END: codec

/// Parses one line (without its newline) into a request.
pub fn parse(line: &str) -> Result<Request, BadRequest> {
    let line = line.trim_end_matches('\r');
    let (command, rest) = line.split_once(' ').unwrap_or((line, ""));
    let bad = |why: &str| Err(BadRequest(why.to_string()));
    match command {
        "SET" => match rest.split_once(' ') {
            Some((key, value)) if is_key(key) => Ok(Request::Set {
                key: key.to_string(),
                value: value.to_string(),
            }),
            _ => bad("usage: SET <key> <value>"),
        },
        "GET" if is_key(rest) => Ok(Request::Get {
            key: rest.to_string(),
        }),
        "DEL" if is_key(rest) => Ok(Request::Del {
            key: rest.to_string(),
        }),
        "GET" | "DEL" => bad("usage: GET|DEL <key>"),
        _ => bad("unknown command"),
    }
}

fn is_key(key: &str) -> bool {
    !key.is_empty() && !key.contains(' ')
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Response::Ok => write!(f, "OK"),
            Response::Value(value) => write!(f, "VALUE {value}"),
            Response::NotFound => write!(f, "NOT_FOUND"),
            Response::Error(reason) => write!(f, "ERR {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_across_partial_reads() {
        let mut codec = KvCodec::new(64);
        let mut buffer = BytesMut::from(&b"SET colour bl"[..]);
        assert!(matches!(codec.decode(&mut buffer), Ok(None)));
        buffer.extend_from_slice(b"ue\nGET colour\n");
        let first = codec.decode(&mut buffer).ok().flatten();
        assert_eq!(
            first,
            Some(Ok(Request::Set {
                key: "colour".into(),
                value: "blue".into()
            }))
        );
        let second = codec.decode(&mut buffer).ok().flatten();
        assert_eq!(
            second,
            Some(Ok(Request::Get {
                key: "colour".into()
            }))
        );
    }

    #[test]
    fn rejects_bad_lines_without_failing_the_stream() {
        assert!(parse("FLY away").is_err());
        assert!(parse("SET onlykey").is_err());
        assert!(parse("GET").is_err());
        assert_eq!(parse("DEL k\r"), Ok(Request::Del { key: "k".into() }));
    }

    #[test]
    fn a_line_over_the_limit_is_fatal() {
        let mut codec = KvCodec::new(8);
        let mut buffer = BytesMut::from(&b"SET a 0123456789\n"[..]);
        assert!(matches!(
            codec.decode(&mut buffer),
            Err(CodecError::LineTooLong(8))
        ));
    }

    #[test]
    fn encodes_one_line_per_response() {
        let mut codec = KvCodec::new(64);
        let mut buffer = BytesMut::new();
        for response in [
            Response::Ok,
            Response::Value("v".into()),
            Response::NotFound,
        ] {
            assert!(codec.encode(response, &mut buffer).is_ok());
        }
        assert_eq!(&buffer[..], b"OK\nVALUE v\nNOT_FOUND\n");
    }
}
