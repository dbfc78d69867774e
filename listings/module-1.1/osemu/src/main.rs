//! The `osemu` command: parse the flags, run one subcommand, print its result.
//!
//! Errors become one line on standard error and a non-zero exit status: 1 when the request was
//! understood but cannot be answered (a zero run time, an unknown policy, an address outside the
//! address space), 2 when the command line itself does not parse. Nothing the user types makes it
//! panic.

mod cli;

use clap::Parser;
use std::process::ExitCode;

// ANCHOR: main
fn main() -> ExitCode {
    let arguments = match cli::Cli::try_parse() {
        Ok(arguments) => arguments,
        Err(error) => return cli::usage_error(&error),
    };
    match cli::run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("osemu: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
// ANCHOR_END: main
