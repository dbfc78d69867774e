//! The one error type of the library.
//!
//! Every way a request can be wrong has its own variant, so that the CLI prints a precise one-line
//! message and a test can match on the kind of mistake instead of on the wording. Nothing in the
//! library panics on user input: a bad job list, a quantum of zero or an address past the end of the
//! address space all come back as one of these.

use std::path::PathBuf;

// ANCHOR: error
/// Everything that can go wrong while reading a problem or simulating it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One job of a workload cannot run as given (for example a run time of zero).
    #[error("job {job}: {reason}")]
    InvalidJob { job: usize, reason: String },

    /// A setting is out of its range (a quantum of 0, a cache of no pages, ...).
    #[error("{name}: {reason}")]
    InvalidArgument { name: &'static str, reason: String },

    /// A comma- or colon-separated list on the command line does not parse.
    #[error("malformed {what} `{input}`: {reason}")]
    MalformedList {
        what: &'static str,
        input: String,
        reason: String,
    },

    /// A policy name that this tool does not implement.
    #[error("unknown {kind} policy `{name}` (expected one of {expected})")]
    UnknownPolicy {
        kind: &'static str,
        name: String,
        expected: &'static str,
    },

    /// A job file that could not be read at all.
    // The cause is printed after this message, as the next link of the error chain.
    #[error("cannot read {path}")]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A job file that was read but does not describe a workload.
    #[error("{path}: {reason}")]
    JobFile { path: PathBuf, reason: String },

    /// A run that replays a given list of random numbers needed more of them.
    #[error(
        "the list of random numbers ran out after {used} draws; give more numbers or use a seed"
    )]
    RandomExhausted { used: usize },

    /// A virtual address that does not belong to the address space.
    #[error("virtual address {va} is outside the address space of {size} bytes")]
    AddressOutOfRange { va: u64, size: u64 },

    /// A simulation that would take more steps than this tool allows itself.
    #[error("{0}")]
    TooLarge(String),

    /// A state the simulators should never reach; reported rather than panicking.
    #[error("internal error: {0}")]
    Internal(String),
}
// ANCHOR_END: error

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn argument(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }

    pub(crate) fn list(what: &'static str, input: &str, reason: impl Into<String>) -> Self {
        Error::MalformedList {
            what,
            input: input.to_string(),
            reason: reason.into(),
        }
    }
}
