//! What "done" means for Exercise 1.2.6-2.
use exercise_1_2_6_02::{Failure, in_process, in_thread};
use std::io::ErrorKind;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

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

/// Set in the copy of this test binary that `a_child_cannot_read_our_stdin` starts.
const INNER_RUN: &str = "EXERCISE_1_2_12_INNER_RUN";

#[test]
fn a_child_cannot_read_our_stdin() {
    if std::env::var_os(INNER_RUN).is_some() {
        // The inner run: our stdin is a pipe that the outer run holds open and never writes.
        // A child that inherited it would wait in `cat` forever; with stdin closed, `cat` sees
        // end of file at once.
        assert_eq!(
            in_process(&mut sh("cat; echo done")).unwrap(),
            Ok(b"done\n".to_vec())
        );
        return;
    }
    // The outer run starts this same test again, in a copy of the test binary whose stdin
    // never ends, and gives it ten seconds instead of letting a mistake hang the suite.
    let test_binary = std::env::current_exe().expect("path of the test binary");
    let mut inner = Command::new(test_binary)
        .args([
            "--exact",
            "a_child_cannot_read_our_stdin",
            "--test-threads=1",
        ])
        .env(INNER_RUN, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the inner test run");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = inner.try_wait().expect("wait for the inner test run") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let Some(status) = status else {
        inner.kill().expect("kill the inner test run");
        inner.wait().expect("reap the inner test run");
        // Closing the pipe lets the `cat` that inherited it see end of file and exit.
        drop(inner.stdin.take());
        panic!(
            "`cat` in the child was still waiting for input after 10 s: in_process must give \
             the child a closed stdin (Stdio::null()), not the harness's own"
        );
    };
    assert!(
        status.success(),
        "the inner run failed ({status}); run it alone with \
         {INNER_RUN}=1 cargo test --test isolation -- --exact a_child_cannot_read_our_stdin"
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
