//! What "done" means for Exercise 1.2-12.
use exercise_1_2_12::{Failure, in_process, in_thread};
use std::io::ErrorKind;
use std::process::Command;

fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

#[test]
fn a_thread_returns_its_value() {
    assert_eq!(in_thread(|| 6 * 7), Ok(42));
}

#[test]
fn a_panic_becomes_a_failure_with_its_message() {
    assert_eq!(
        in_thread(|| -> u8 { panic!("static message") }),
        Err(Failure::Panicked("static message".into()))
    );
    let record = 42;
    assert_eq!(
        in_thread(move || -> u8 { panic!("bad record {record}") }),
        Err(Failure::Panicked("bad record 42".into()))
    );
    assert_eq!(
        in_thread(|| -> u8 { std::panic::panic_any(7_u32) }),
        Err(Failure::Panicked("<non-string panic payload>".into()))
    );
}

#[test]
fn a_process_returns_its_stdout() {
    let result = in_process(&mut sh("echo hello; echo noise >&2")).unwrap();
    assert_eq!(result, Ok(b"hello\n".to_vec()));
}

#[test]
fn exits_and_signals_are_told_apart() {
    assert_eq!(
        in_process(&mut sh("exit 3")).unwrap(),
        Err(Failure::Exited(3))
    );
    assert_eq!(
        in_process(&mut sh("kill -SEGV $$")).unwrap(),
        Err(Failure::Signaled(11))
    );
    assert_eq!(
        in_process(&mut sh("kill -ABRT $$")).unwrap(),
        Err(Failure::Signaled(6))
    );
}

#[test]
fn a_child_cannot_read_our_stdin() {
    // With stdin closed, `cat` sees end of file at once instead of waiting for a terminal.
    assert_eq!(
        in_process(&mut sh("cat; echo done")).unwrap(),
        Ok(b"done\n".to_vec())
    );
}

#[test]
fn a_program_that_cannot_start_is_an_error() {
    let error = in_process(&mut Command::new("/no/such/program")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn the_harness_survives_many_crashes() {
    for round in 0..20 {
        assert!(in_thread(move || -> u8 { panic!("round {round}") }).is_err());
        assert!(in_process(&mut sh("kill -KILL $$")).unwrap().is_err());
    }
    assert_eq!(in_thread(|| "still here"), Ok("still here"));
}
