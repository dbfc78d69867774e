//! The open-files limit (RLIMIT_NOFILE): every socket is a file descriptor.
use nix::sys::resource::{Resource, getrlimit, setrlimit};
use std::io;

// ANCHOR: raise
/// Raises the soft limit on open files to the hard limit, which an unprivileged process may
/// do, and returns the new soft limit.
pub fn raise_open_files_limit() -> io::Result<u64> {
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).map_err(io::Error::from)?;
    if soft < hard {
        setrlimit(Resource::RLIMIT_NOFILE, hard, hard).map_err(io::Error::from)?;
    }
    Ok(hard)
}
// ANCHOR_END: raise
