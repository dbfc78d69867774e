use crate::LineError;
use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::Instant;

// ANCHOR: solution
pub fn read_line_before(
    stream: &mut TcpStream,
    deadline: Instant,
    max_len: usize,
) -> Result<Vec<u8>, LineError> {
    let mut line = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        // The time left shrinks with every read: one deadline for the whole line.
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(LineError::TimedOut);
        }
        stream.set_read_timeout(Some(left))?;
        let n = match stream.read(&mut buffer) {
            Ok(0) => return Err(LineError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // Linux reports an expired read timeout as WouldBlock, other systems as TimedOut.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(LineError::TimedOut);
            }
            Err(e) => return Err(e.into()),
        };
        line.extend_from_slice(&buffer[..n]);
        if line.contains(&b'\n') {
            return Ok(line);
        }
        if line.len() > max_len {
            return Err(LineError::TooLong(max_len));
        }
    }
}
// ANCHOR_END: solution
