//! What "done" means for Exercise 1.1-1.
use exercise_1_1_1::{Outcome, run_with_timeout};
use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

#[test]
fn reports_the_exit_code() {
    let outcome = run_with_timeout(&mut sh("exit 7"), Duration::from_secs(5)).unwrap();
    assert_eq!(outcome, Outcome::Exited(7));
    let outcome = run_with_timeout(&mut Command::new("true"), Duration::from_secs(5)).unwrap();
    assert_eq!(outcome, Outcome::Exited(0));
}

#[test]
fn reports_a_signal_that_ended_the_process() {
    let outcome = run_with_timeout(&mut sh("kill -KILL $$"), Duration::from_secs(5)).unwrap();
    assert_eq!(outcome, Outcome::Signaled(9));
}

#[test]
fn returns_soon_after_a_quick_command_ends() {
    let started = Instant::now();
    run_with_timeout(&mut Command::new("true"), Duration::from_secs(10)).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a command that ends at once must not keep the caller waiting for the timeout"
    );
}

#[test]
fn a_command_that_cannot_start_is_an_error() {
    let error = run_with_timeout(
        &mut Command::new("no-such-program-xyz"),
        Duration::from_secs(1),
    )
    .expect_err("spawning a missing program must fail");
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn kills_and_reaps_a_command_that_outlives_the_deadline() {
    let pid_file = std::env::temp_dir().join(format!("exercise-1-1-1-{}", std::process::id()));
    // `exec` makes the shell become `sleep`, so the PID written is the process to be killed.
    let script = format!("echo $$ > {}; exec sleep 30", pid_file.display());
    let started = Instant::now();
    let outcome = run_with_timeout(&mut sh(&script), Duration::from_millis(300)).unwrap();
    assert_eq!(outcome, Outcome::TimedOut);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the deadline was not kept"
    );

    let pid = std::fs::read_to_string(&pid_file).unwrap();
    std::fs::remove_file(&pid_file).unwrap();
    // A killed child that nobody waited for stays in /proc as a zombie; a reaped one is gone.
    let proc_entry = Path::new("/proc").join(pid.trim());
    assert!(
        !proc_entry.exists(),
        "process {} is still in /proc: it was not killed, or not reaped",
        pid.trim()
    );
}
