// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.1-1`.
#![allow(unused_variables, unused_imports)]

use crate::Outcome;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::{Duration, Instant};

// ANCHOR: starter
/// Starts `command`, waits at most `timeout` for it to end, and reports how it ended.
///
/// - A command that cannot start is an `Err`, not a panic.
/// - When the deadline passes, kill the process *and every process it started* (put the child in
///   a process group of its own before spawning it, and signal the group), then wait for the
///   child, so that it does not linger as a zombie, and return `Outcome::TimedOut`.
/// - Return soon after the process ends: do not sleep for the whole timeout.
pub fn run_with_timeout(command: &mut Command, timeout: Duration) -> io::Result<Outcome> {
    todo!(
        "start the command in its own group, poll it until the deadline, kill the group if needed"
    )
}
// ANCHOR_END: starter
