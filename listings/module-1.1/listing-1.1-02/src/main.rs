//! Creates processes with the system calls that `std::process::Command` wraps: `fork` to copy
//! this process, `exec` to replace the copy's program, `waitpid` to reap it, `kill` to signal it.
use nix::sys::prctl;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, execvp, fork, getpid};
use std::error::Error;
use std::ffi::CString;
use std::io::{self, Write};
use std::process::exit;
use std::thread;
use std::time::Duration;

// ANCHOR: fork_exec
/// Forks; the child replaces itself with `sh -c script`. Returns the child's PID to the parent.
fn spawn_shell(script: &str) -> Result<Pid, Box<dyn Error>> {
    // Anything still buffered would be copied into the child and printed twice.
    io::stdout().flush()?;
    // SAFETY: this program has one thread, so the child is a complete copy of a consistent
    // process. (After fork in a multi-threaded program, only async-signal-safe calls are allowed.)
    match unsafe { fork() }? {
        ForkResult::Parent { child } => Ok(child),
        ForkResult::Child => {
            let program = CString::new("sh")?;
            let args = [program.clone(), CString::new("-c")?, CString::new(script)?];
            // On success, exec does not return: this process now runs `sh`.
            let error = execvp(&program, &args).unwrap_err();
            eprintln!("exec failed: {error}");
            exit(127);
        }
    }
}
// ANCHOR_END: fork_exec

// ANCHOR: describe
fn describe(status: WaitStatus) -> String {
    match status {
        WaitStatus::Exited(pid, code) => format!("pid {pid} exited with status {code}"),
        WaitStatus::Signaled(pid, signal, _) => format!("pid {pid} was killed by {signal}"),
        other => format!("{other:?}"),
    }
}
// ANCHOR_END: describe

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    println!("parent pid {}", getpid());

    // 1. A child that exits by itself: waitpid returns its exit status.
    let child = spawn_shell("exit 7")?;
    println!("forked pid {child}; waiting");
    println!("{}", describe(waitpid(child, None)?));

    // 2. A child that would run for a minute: a signal ends it sooner.
    let sleeper = spawn_shell("exec sleep 60")?;
    thread::sleep(Duration::from_millis(100));
    kill(sleeper, Signal::SIGTERM)?;
    println!("{}", describe(waitpid(sleeper, None)?));

    // 3. An orphan. Declaring this process a subreaper makes the kernel hand it any orphaned
    //    descendant, instead of PID 1. The middle process exits at once; its child outlives it.
    prctl::set_child_subreaper(true)?;
    let middle = spawn_shell("sleep 0.2 & exit 0")?;
    println!("{}", describe(waitpid(middle, None)?));
    // The orphaned `sleep` is now our child: reap it like any other.
    let orphan_status = waitpid(None, None)?;
    println!("adopted orphan: {}", describe(orphan_status));
    Ok(())
}
// ANCHOR_END: main
