//! What a server should do when `accept` fails. Neither answer is "stop serving": an error
//! from `accept` concerns one waiting connection or a passing shortage, never the connections
//! already open.
use nix::errno::Errno;
use std::io::{self, ErrorKind};

// ANCHOR: classify
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAcceptError {
    /// That one connection failed: accept the next at once.
    AcceptAgain,
    /// The process or the system is short of something (descriptors, memory), or the error is
    /// not one we know: keep serving, and try accepting again after a pause, since retrying at
    /// once would spin on an error that cannot clear yet.
    BackOff,
}

pub fn after_accept_error(error: &io::Error) -> AfterAcceptError {
    if matches!(
        error.kind(),
        ErrorKind::Interrupted | ErrorKind::ConnectionAborted
    ) {
        // A signal arrived, or the client gave up before it was accepted.
        return AfterAcceptError::AcceptAgain;
    }
    // Linux's accept(2) can also return a network error already pending on the new connection,
    // and asks programs to treat these like EAGAIN, by accepting again.
    let pending_network_error = matches!(
        error.raw_os_error().map(Errno::from_raw),
        Some(
            Errno::ENETDOWN
                | Errno::EPROTO
                | Errno::ENOPROTOOPT
                | Errno::EHOSTDOWN
                | Errno::ENONET
                | Errno::EHOSTUNREACH
                | Errno::EOPNOTSUPP
                | Errno::ENETUNREACH
        )
    );
    if pending_network_error {
        AfterAcceptError::AcceptAgain
    } else {
        // EMFILE, ENFILE, ENOBUFS, ENOMEM, and anything else.
        AfterAcceptError::BackOff
    }
}
// ANCHOR_END: classify

#[cfg(test)]
mod tests {
    use super::*;

    fn os(errno: Errno) -> io::Error {
        io::Error::from_raw_os_error(errno as i32)
    }

    #[test]
    fn one_failed_connection_means_accept_again() {
        for errno in [
            Errno::EINTR,
            Errno::ECONNABORTED,
            Errno::ENETDOWN,
            Errno::EPROTO,
            Errno::ENOPROTOOPT,
            Errno::EHOSTDOWN,
            Errno::ENONET,
            Errno::EHOSTUNREACH,
            Errno::EOPNOTSUPP,
            Errno::ENETUNREACH,
        ] {
            assert_eq!(
                after_accept_error(&os(errno)),
                AfterAcceptError::AcceptAgain,
                "{errno}"
            );
        }
    }

    #[test]
    fn shortages_and_unknown_errors_mean_back_off() {
        for errno in [
            Errno::EMFILE,
            Errno::ENFILE,
            Errno::ENOBUFS,
            Errno::ENOMEM,
            Errno::EPERM,
            Errno::EINVAL,
        ] {
            assert_eq!(
                after_accept_error(&os(errno)),
                AfterAcceptError::BackOff,
                "{errno}"
            );
        }
        assert_eq!(
            after_accept_error(&io::Error::other("not from the kernel")),
            AfterAcceptError::BackOff
        );
    }
}
