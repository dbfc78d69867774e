//! What "done" means for Exercise 1.1.1-1.
use exercise_1_1_1_01::{Outcome, run_with_timeout};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
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

/// What one run of a script under `run_with_timeout` left behind.
struct TimedOutRun {
    /// The PIDs the script wrote into its files before it was killed, one per file.
    pids: Vec<String>,
}

/// Runs `script` with a deadline and expects it to time out. The script must write a PID into
/// each of `files` (given to it as `$1`, `$2`, ...) and then wait for longer than any deadline.
///
/// On a loaded machine the shell may still be starting when a short deadline passes, and is killed
/// before it writes anything. That says nothing about `run_with_timeout`, so the run is repeated
/// with a longer deadline, up to ten seconds, instead of failing.
fn run_until_killed(test: &str, script: &str, files: usize) -> TimedOutRun {
    let paths: Vec<PathBuf> = (0..files)
        .map(|n| {
            std::env::temp_dir().join(format!(
                "exercise-1-1-1-01-{}-{test}-{n}",
                std::process::id()
            ))
        })
        .collect();
    for timeout_ms in [300, 1_000, 3_000, 10_000] {
        for path in &paths {
            let _ = fs::remove_file(path);
        }
        let mut command = Command::new("sh");
        command.args(["-c", script, "sh"]).args(&paths);
        let timeout = Duration::from_millis(timeout_ms);
        let started = Instant::now();
        let outcome = run_with_timeout(&mut command, timeout).unwrap();
        assert_eq!(outcome, Outcome::TimedOut);
        assert!(
            started.elapsed() < timeout + Duration::from_secs(5),
            "the deadline of {timeout:?} was not kept: returned after {:?}",
            started.elapsed()
        );
        let pids: Vec<String> = paths
            .iter()
            .filter_map(|path| fs::read_to_string(path).ok())
            .map(|pid| pid.trim().to_owned())
            .filter(|pid| !pid.is_empty())
            .collect();
        for path in &paths {
            let _ = fs::remove_file(path);
        }
        if pids.len() == files {
            return TimedOutRun { pids };
        }
    }
    panic!("the script never got as far as writing its PIDs, even with a 10 s deadline");
}

/// The state letter of a process from `/proc/<pid>/stat` (`Z` for a zombie), or `None` once the
/// process is gone.
fn state_of(pid: &str) -> Option<char> {
    let stat = fs::read_to_string(Path::new("/proc").join(pid).join("stat")).ok()?;
    let (_, after_name) = stat.rsplit_once(") ")?;
    after_name.chars().next()
}

#[test]
fn kills_and_reaps_a_command_that_outlives_the_deadline() {
    // `exec` makes the shell become `sleep`, so the PID written is the process to be killed.
    let run = run_until_killed("reap", r#"echo $$ > "$1"; exec sleep 30"#, 1);
    let pid = &run.pids[0];
    // A killed child that nobody waited for stays in /proc as a zombie; a reaped one is gone.
    // `run_with_timeout` has returned, so by now the child must be reaped: no waiting here.
    assert_eq!(
        state_of(pid),
        None,
        "process {pid} is still in /proc: it was not killed, or not reaped"
    );
}

#[test]
fn kills_what_the_command_started_too() {
    // The shell starts a helper in the background and waits for it. Killing only the shell would
    // leave the helper running for 30 seconds, adopted by some other process.
    let run = run_until_killed(
        "group",
        r#"sleep 30 & echo $! > "$2"; echo $$ > "$1"; wait"#,
        2,
    );
    let helper = &run.pids[1];
    // The helper is not our child: whoever adopted it reaps it in its own time. Until then it is
    // a zombie, which is dead enough. SIGKILL takes effect at once, but give a loaded machine a
    // generous while to show it.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut state = state_of(helper);
    while matches!(state, Some(letter) if letter != 'Z') && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
        state = state_of(helper);
    }
    if matches!(state, Some(letter) if letter != 'Z') {
        // Do not leave the helper behind when the test fails.
        let _ = Command::new("kill").args(["-KILL", helper]).status();
        panic!(
            "helper {helper} started by the command is still running (state {state:?}): \
             kill the child's whole process group, not only the child"
        );
    }
}
