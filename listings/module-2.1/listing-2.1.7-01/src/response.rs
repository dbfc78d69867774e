//! Responses and their serialisation. Every response that may have a body carries a
//! Content-Length, so the client always knows where it ends and the connection can be reused.

// ANCHOR: response
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A plain-text response.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        let body: String = body.into();
        Response::new(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .body(body.into_bytes())
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// The bytes on the wire. `close` adds `Connection: close`, which tells the client that
    /// this is the last response on the connection.
    pub fn to_bytes(&self, close: bool) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status)).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        // 1xx, 204 and 304 responses end at their empty line (RFC 9112 section 6.3), and a
        // server must not send Content-Length in a 1xx or 204 (RFC 9110 section 8.6): a client
        // could otherwise wait for a body that never comes, or take the next response for one.
        let has_body = !never_has_body(self.status);
        if has_body {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        if close {
            out.extend_from_slice(b"Connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if has_body {
            out.extend_from_slice(&self.body);
        }
        out
    }
}

/// Statuses whose responses have no body, whatever their headers say.
fn never_has_body(status: u16) -> bool {
    (100..200).contains(&status) || status == 204 || status == 304
}
// ANCHOR_END: response

/// The reason phrase. Clients ignore it, but people reading `curl -v` do not.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_a_length_and_optional_close() {
        let bytes = Response::text(200, "hi").to_bytes(true);
        let expected = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
            Content-Length: 2\r\nConnection: close\r\n\r\nhi";
        assert_eq!(String::from_utf8_lossy(&bytes), expected);
    }

    #[test]
    fn no_content_length_and_no_body_where_http_forbids_a_body() {
        for status in [100, 204, 304] {
            let bytes = Response::new(status)
                .body(b"ignored".to_vec())
                .to_bytes(false);
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("Content-Length"), "{status}: {text:?}");
            assert!(
                text.ends_with("\r\n\r\n"),
                "{status}: no body after the head"
            );
        }
    }
}
