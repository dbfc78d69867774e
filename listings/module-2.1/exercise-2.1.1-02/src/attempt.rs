// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.1-2`.
#![allow(unused_variables, unused_imports)]

use crate::Queued;

// ANCHOR: starter
/// Moves the body out of `request`, leaving an empty body behind, and returns it.
///
/// `request.body` on its own would be a move out of a borrow (E0507): find a way to
/// put something in its place. The returned vector must be the original allocation.
pub fn take_body(request: &mut Queued) -> Vec<u8> {
    todo!("move the body out and leave an empty Vec in its place")
}

/// Takes every non-empty body out of `queue`, with its request id, in queue order.
///
/// Requests with an empty body are skipped. The requests stay in the queue (with empty
/// bodies), because the caller still needs their ids.
pub fn drain_bodies(queue: &mut [Queued]) -> Vec<(u64, Vec<u8>)> {
    todo!("iterate mutably and take each body")
}
// ANCHOR_END: starter
