use crate::Queued;

// ANCHOR: solution
/// Moves the body out of `request`, leaving an empty body behind, and returns it.
pub fn take_body(request: &mut Queued) -> Vec<u8> {
    // `mem::take` swaps in `Vec::default()` (which does not allocate) and hands back the
    // old value: the borrow is never left pointing at a moved-out field.
    std::mem::take(&mut request.body)
}

/// Takes every non-empty body out of `queue`, with its request id, in queue order.
pub fn drain_bodies(queue: &mut [Queued]) -> Vec<(u64, Vec<u8>)> {
    queue
        .iter_mut()
        .filter(|request| !request.body.is_empty())
        .map(|request| (request.id, take_body(request)))
        .collect()
}
// ANCHOR_END: solution
