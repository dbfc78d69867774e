// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.2-2`.
#![allow(unused_variables, unused_imports, clippy::ptr_arg)]

use crate::Session;

// ANCHOR: starter
/// Removes every session with `expires_at <= now` from `sessions` and returns them.
///
/// Both the kept and the returned sessions stay in their original order. Calling
/// `sessions.remove(i)` inside `for s in sessions.iter()` is what the borrow checker refuses
/// (E0502): find a way that does not mutate the vector while it is being iterated.
pub fn expire(sessions: &mut Vec<Session>, now: u64) -> Vec<Session> {
    todo!("split the vector into kept and expired sessions")
}

/// Pushes back the expiry of every session whose token is in `active` by `by` seconds.
/// Returns how many sessions were extended.
pub fn extend(sessions: &mut [Session], active: &[&str], by: u64) -> usize {
    todo!("iterate mutably")
}
// ANCHOR_END: starter
