//! How many connections may be in flight at once, from the open-files limit.
//!
//! Every connection attempt holds a file descriptor until it ends, so the open-files limit
//! (`ulimit -n`) is the ceiling on concurrency: past it `socket()` fails with EMFILE and the scan
//! would report local failures as if they were the target's. The soft limit is often 1024 while
//! the hard limit is far higher, and an unprivileged process may raise its soft limit up to the
//! hard one, so we do that first and then keep a reserve for everything else the process opens.

/// Descriptors kept back for standard streams, the runtime's own (epoll, eventfd) and the resolver.
const RESERVE: u64 = 64;

// ANCHOR: limits
/// The soft open-files limit after trying to raise it to the hard limit. Raising can fail (a
/// sandbox, an OS without the call); then the current limit is used as it is.
pub fn raise_open_files_limit() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(_) => rlimit::getrlimit(rlimit::Resource::NOFILE)
            .map(|(soft, _hard)| soft)
            .unwrap_or(1024),
    }
}

/// How many sockets the scan may hold open at once: the limit less the reserve, at least one.
pub fn socket_budget(open_files_limit: u64) -> usize {
    let available = open_files_limit.saturating_sub(RESERVE).max(1);
    usize::try_from(available).unwrap_or(usize::MAX)
}
// ANCHOR_END: limits

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_keeps_a_reserve() {
        assert_eq!(socket_budget(1024), 960);
        assert_eq!(socket_budget(10), 1);
    }

    #[test]
    fn the_raised_limit_is_at_least_the_current_one() {
        let (soft_before, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).expect("getrlimit");
        assert!(raise_open_files_limit() >= soft_before);
    }
}
