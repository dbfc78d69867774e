//! netscan, the Mini Network Scanner: a TCP connect scanner built on Tokio and socket2.
//!
//! The library holds every part the command line uses, one job per module, so that each part can
//! be tested on its own and reused: `targets` and `ports` turn what the user typed into the work,
//! `limits` sizes the concurrency from the open-files limit, `scan` does the connecting and the
//! classification, `probe` asks open ports what they are, and `report` prints the result.

pub mod error;
pub mod ports;
pub mod services;
pub mod targets;

pub use error::{Error, Result};
pub mod limits;
pub mod probe;
pub mod progress;
pub mod report;
pub mod scan;
