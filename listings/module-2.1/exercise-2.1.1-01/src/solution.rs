use crate::{Method, Request, Routed};

// ANCHOR: solution
/// Splits `batch` into reads (`GET`, `HEAD`) and writes (everything else), keeping the order.
pub fn route(batch: Vec<Request>) -> Routed {
    let mut routed = Routed::default();
    // `into_iter` on an owned Vec yields owned `Request`s: each one is moved, never copied.
    for request in batch {
        match request.method {
            Method::Get | Method::Head => routed.reads.push(request),
            Method::Post | Method::Put | Method::Delete => routed.writes.push(request),
        }
    }
    routed
}
// ANCHOR_END: solution
