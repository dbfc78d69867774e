use crate::Session;

// ANCHOR: solution
/// Removes every session with `expires_at <= now` from `sessions` and returns them.
pub fn expire(sessions: &mut Vec<Session>, now: u64) -> Vec<Session> {
    // Take the whole vector (leaving an empty one), then move each session to one side.
    // No element is cloned and nothing is mutated while it is being iterated.
    let (expired, kept): (Vec<Session>, Vec<Session>) = std::mem::take(sessions)
        .into_iter()
        .partition(|session| session.expires_at <= now);
    *sessions = kept;
    expired
}

/// Pushes back the expiry of every session whose token is in `active` by `by` seconds.
pub fn extend(sessions: &mut [Session], active: &[&str], by: u64) -> usize {
    let mut extended = 0;
    for session in sessions.iter_mut() {
        if active.contains(&session.token.as_str()) {
            session.expires_at += by;
            extended += 1;
        }
    }
    extended
}
// ANCHOR_END: solution
