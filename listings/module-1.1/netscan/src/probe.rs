//! Service detection on an open port: listen for a banner, and if the service says nothing, ask
//! it something.
//!
//! Many protocols (SSH, SMTP, FTP, Redis with an error, MySQL) speak first, so a short read
//! right after connecting identifies them. HTTP and most databases wait for the client, so a
//! silent service gets one HTTP request: it is the most common protocol on a backend, and a
//! non-HTTP service usually closes or ignores it. Every read and write has a timeout: a service
//! that accepts and never answers must cost the scan one timeout, not a stuck task.

use crate::services;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest banner kept: the first line is what identifies a service.
const MAX_BANNER: usize = 120;

/// What the probe learnt about an open port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub service: String,
    pub banner: Option<String>,
}

// ANCHOR: identify
/// Reads a banner, or sends an HTTP request to a silent service, each step within `timeout`.
pub async fn identify(stream: &mut TcpStream, port: u16, timeout: Duration) -> Identity {
    let mut buffer = [0u8; 1024];
    let banner = match read_some(stream, &mut buffer, timeout).await {
        Some(read) => first_line(&buffer[..read]),
        None => http_probe(stream, &mut buffer, timeout).await,
    };
    Identity {
        service: service_name(port, banner.as_deref()),
        banner,
    }
}
// ANCHOR_END: identify

/// `None` on timeout, end of stream or error: all mean "no banner".
async fn read_some(stream: &mut TcpStream, buffer: &mut [u8], timeout: Duration) -> Option<usize> {
    match tokio::time::timeout(timeout, stream.read(buffer)).await {
        Ok(Ok(read)) if read > 0 => Some(read),
        _ => None,
    }
}

async fn http_probe(
    stream: &mut TcpStream,
    buffer: &mut [u8],
    timeout: Duration,
) -> Option<String> {
    let request = b"GET / HTTP/1.0\r\nUser-Agent: netscan\r\nAccept: */*\r\n\r\n";
    tokio::time::timeout(timeout, stream.write_all(request))
        .await
        .ok()?
        .ok()?;
    let read = read_some(stream, buffer, timeout).await?;
    let response = &buffer[..read];
    let status = first_line(response)?;
    // The Server header names the software, which says more than "HTTP/1.1 200 OK".
    let server = String::from_utf8_lossy(response).lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("server")
            .then(|| value.trim().to_owned())
    });
    Some(match server {
        Some(server) => truncate(&format!("{status} ({server})")),
        None => status,
    })
}

/// The first line, with control characters replaced, so that a hostile banner cannot move the
/// cursor or clear the terminal when printed.
pub fn first_line(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().next()?.trim();
    if line.is_empty() {
        return None;
    }
    let clean: String = line
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    Some(truncate(&clean))
}

fn truncate(text: &str) -> String {
    text.chars().take(MAX_BANNER).collect()
}

/// The protocol the banner shows, else the port's registered name, else "unknown".
pub fn service_name(port: u16, banner: Option<&str>) -> String {
    let spoken = banner.and_then(|banner| {
        if banner.starts_with("SSH-") {
            Some("ssh")
        } else if banner.starts_with("HTTP/") {
            Some("http")
        } else {
            None
        }
    });
    spoken
        .or_else(|| services::name_of(port))
        .unwrap_or("unknown")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_are_one_clean_line() {
        assert_eq!(
            first_line(b"SSH-2.0-OpenSSH_9.2\r\nmore").as_deref(),
            Some("SSH-2.0-OpenSSH_9.2")
        );
        assert_eq!(
            first_line(b"evil\x1b[2Jbanner").as_deref(),
            Some("evil.[2Jbanner")
        );
        assert_eq!(first_line(b"\r\n"), None);
        assert_eq!(first_line(&[b'x'; 500]).map(|b| b.len()), Some(MAX_BANNER));
    }

    #[test]
    fn the_banner_beats_the_registry() {
        assert_eq!(service_name(2222, Some("SSH-2.0-x")), "ssh");
        assert_eq!(service_name(9200, Some("HTTP/1.1 200 OK")), "http");
        assert_eq!(service_name(9200, None), "wap-wsp");
        assert_eq!(service_name(1, None), "unknown");
    }
}
