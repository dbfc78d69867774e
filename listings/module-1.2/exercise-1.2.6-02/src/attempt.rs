// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.6-2`.
#![allow(unused_variables, unused_imports)]

use crate::Failure;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::thread;

// ANCHOR: starter
/// Runs `job` on a new thread and returns its result, or `Failure::Panicked` with the panic's
/// message. A panic payload is usually a `&'static str` (`panic!("literal")`) or a `String`
/// (`panic!("{x}")`); anything else becomes `"<non-string panic payload>"`.
pub fn in_thread<T, F>(job: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    todo!("spawn, join, and turn the Err payload into a message")
}

/// Runs `command` as a child process with stdin closed, and returns what it wrote to stdout if
/// it exited with status 0. A non-zero exit is `Failure::Exited`, a death by signal is
/// `Failure::Signaled`. A command that cannot be started at all is the outer `Err`.
pub fn in_process(command: &mut Command) -> io::Result<Result<Vec<u8>, Failure>> {
    todo!("run the command, capture stdout, and classify its ExitStatus")
}
// ANCHOR_END: starter
