// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1-1`.
#![allow(unused_variables, unused_imports)]

use crate::Outcome;
use std::io;
use std::process::Command;
use std::time::{Duration, Instant};

// ANCHOR: starter
/// Starts `command`, waits at most `timeout` for it to end, and reports how it ended.
///
/// - A command that cannot start is an `Err`, not a panic.
/// - When the deadline passes, kill the process *and* wait for it, so that it does not linger
///   as a zombie, then return `Outcome::TimedOut`.
/// - Return soon after the process ends: do not sleep for the whole timeout.
pub fn run_with_timeout(command: &mut Command, timeout: Duration) -> io::Result<Outcome> {
    todo!("start the command, poll it until the deadline, and kill it if it is still running")
}
// ANCHOR_END: starter
