//! Parses the request lines of a captured buffer and shows where each slice points.

use listing_2_1_2_01::parse_request_line;

// ANCHOR: main
fn main() {
    // One buffer, as a server would read it from a socket: several requests, CRLF-separated.
    let buffer = String::from(
        "GET /products?page=2 HTTP/1.1\r\n\
         DELETE /products/17 HTTP/1.1\r\n\
         get /lowercase HTTP/1.1\r\n\
         POST /orders HTTP/1.0\r\n",
    );
    let base = buffer.as_ptr() as usize;

    for raw in buffer.split_terminator("\r\n") {
        match parse_request_line(raw) {
            Ok(line) => {
                // Offsets of the slices inside `buffer`: proof that nothing was copied.
                let at = |part: &str| part.as_ptr() as usize - base;
                println!(
                    "{:<7} path {:<13} version {}  (method at byte {}, path at byte {})",
                    line.method,
                    line.path(),
                    line.version,
                    at(line.method),
                    at(line.path()),
                );
            }
            Err(error) => println!("rejected {raw:?}: {error}"),
        }
    }
}
// ANCHOR_END: main
