//! Properties of the parser, checked on random input.
use listing_2_1_7_01::parser::{Limits, ParseError, Parser, Request, Status, Version};
use proptest::prelude::*;

const TOKEN_CHARS: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

fn token() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKEN_CHARS), 1..12)
        .prop_map(|bytes| String::from_utf8(bytes).unwrap_or_default())
}

/// Visible ASCII with single inner spaces: what survives the trimming of optional whitespace.
fn field_value() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(0x21u8..0x7f, 1..8), 0..4).prop_map(|words| {
        let words: Vec<String> = words
            .into_iter()
            .map(|w| String::from_utf8(w).unwrap_or_default())
            .collect();
        words.join(" ")
    })
}

// ANCHOR: strategy
/// A valid request, and how to frame its body: `None` for Content-Length, or chunk sizes.
fn request() -> impl Strategy<Value = (Request, Option<Vec<usize>>)> {
    let framing_header = |name: &str| {
        ["content-length", "transfer-encoding"].contains(&name.to_ascii_lowercase().as_str())
    };
    (
        token(),
        prop::collection::vec(prop::sample::select(b"abcxyz019/-._~?=&".as_slice()), 0..20),
        prop::bool::ANY,
        prop::collection::vec((token(), field_value()), 0..6),
        prop::collection::vec(any::<u8>(), 0..64),
        prop::option::of(prop::collection::vec(1usize..16, 0..6)),
    )
        .prop_map(move |(method, path, http11, headers, body, chunks)| {
            let headers = headers
                .into_iter()
                .filter(|(name, _)| !framing_header(name))
                .collect();
            let version = if http11 {
                Version::Http11
            } else {
                Version::Http10
            };
            let target = format!("/{}", String::from_utf8(path).unwrap_or_default());
            // Chunked framing needs HTTP/1.1; keep the chunk sizes only there.
            let chunks = chunks.filter(|_| http11);
            (
                Request {
                    method,
                    target,
                    version,
                    headers,
                    body,
                },
                chunks,
            )
        })
}

/// Serialises `request` the way a client would, adding the framing header it needs.
fn to_wire(request: &Request, chunks: &Option<Vec<usize>>) -> (Vec<u8>, Request) {
    let mut expected = request.clone();
    let version = if request.version == Version::Http11 {
        "HTTP/1.1"
    } else {
        "HTTP/1.0"
    };
    let mut wire = format!("{} {} {version}\r\n", request.method, request.target).into_bytes();
    let framing = match chunks {
        None => ("Content-Length".to_string(), request.body.len().to_string()),
        Some(_) => ("Transfer-Encoding".to_string(), "chunked".to_string()),
    };
    expected.headers.push(framing.clone());
    for (name, value) in &expected.headers {
        wire.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    wire.extend_from_slice(b"\r\n");
    match chunks {
        None => wire.extend_from_slice(&request.body),
        Some(sizes) => {
            let mut rest = request.body.as_slice();
            for size in sizes.iter().chain(std::iter::repeat(&7)) {
                if rest.is_empty() {
                    break;
                }
                let (chunk, tail) = rest.split_at((*size).min(rest.len()));
                wire.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                wire.extend_from_slice(chunk);
                wire.extend_from_slice(b"\r\n");
                rest = tail;
            }
            wire.extend_from_slice(b"0\r\n\r\n");
        }
    }
    (wire, expected)
}
// ANCHOR_END: strategy

/// Feeds `wire` in two parts split at `at`, then asks for a pipelined request.
fn feed_split(wire: &[u8], at: usize) -> Result<Status, ParseError> {
    let mut parser = Parser::new(Limits::default());
    match parser.feed(&wire[..at])? {
        Status::Partial => parser.feed(&wire[at..]),
        complete => Ok(complete),
    }
}

// ANCHOR: properties
proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn round_trips_split_at_every_byte((request, chunks) in request()) {
        let (wire, expected) = to_wire(&request, &chunks);
        for at in 0..=wire.len() {
            prop_assert_eq!(feed_split(&wire, at), Ok(Status::Complete(expected.clone())), "split at {}", at);
        }
    }

    #[test]
    fn round_trips_one_byte_at_a_time((request, chunks) in request()) {
        let (wire, expected) = to_wire(&request, &chunks);
        let mut parser = Parser::new(Limits::default());
        let (last, rest) = wire.split_last().expect("a request is never empty");
        for byte in rest {
            prop_assert_eq!(parser.feed(std::slice::from_ref(byte)), Ok(Status::Partial));
        }
        prop_assert_eq!(parser.feed(std::slice::from_ref(last)), Ok(Status::Complete(expected)));
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_splitting_changes_nothing(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        at in any::<prop::sample::Index>(),
    ) {
        let whole = Parser::new(Limits::default()).feed(&bytes);
        let split = feed_split(&bytes, at.index(bytes.len() + 1));
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn mangled_requests_never_panic((request, chunks) in request(), flip in any::<prop::sample::Index>(), to in any::<u8>()) {
        let (mut wire, _) = to_wire(&request, &chunks);
        let index = flip.index(wire.len());
        wire[index] = to;
        let _ = Parser::new(Limits::default()).feed(&wire);
    }
}
// ANCHOR_END: properties
