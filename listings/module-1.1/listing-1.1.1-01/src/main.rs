//! Listing 1.1.1-1: start several child processes, let them run side by side, then wait for each
//! and report how it ended.
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus};

// ANCHOR: commands
/// The programs the parent starts: each ends in a different way.
fn commands() -> Vec<(String, Command)> {
    let mut commands = Vec::new();
    commands.push(("true".to_owned(), Command::new("true")));
    for script in ["exit 3", "kill -TERM $$", "sleep 0.2"] {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        commands.push((format!("sh -c '{script}'"), command));
    }
    commands.push((
        "no-such-program".to_owned(),
        Command::new("no-such-program"),
    ));
    commands
}
// ANCHOR_END: commands

// ANCHOR: describe
/// Puts an exit status into words. On Unix a process either exits with a code it chose,
/// or is ended by a signal and has no exit code at all.
fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => "ended in a way this platform cannot describe".to_owned(),
    }
}
// ANCHOR_END: describe

// ANCHOR: main
fn main() -> io::Result<()> {
    println!("parent pid {} starting children", std::process::id());

    // Start every child before waiting for any: they all run at the same time.
    let mut running: Vec<(String, Child)> = Vec::new();
    for (label, mut command) in commands() {
        match command.spawn() {
            Ok(child) => running.push((label, child)),
            // A program that cannot start is an error to report, not a reason to stop.
            Err(error) => println!("could not start {label}: {error}"),
        }
    }

    // Wait for each child in turn. `wait` blocks until that child ends and lets the
    // kernel free the bookkeeping it kept for it.
    for (label, mut child) in running {
        let pid = child.id();
        let status = child.wait()?;
        println!("pid {pid:<7} {label:<22} {}", describe(status));
    }
    Ok(())
}
// ANCHOR_END: main
