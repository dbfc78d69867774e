//! Creates processes with the system calls that `std::process::Command` wraps: `fork` to copy
//! this process, `exec` to replace the copy's program, `waitpid` to reap it, `kill` to signal it.
use nix::sys::prctl;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};
use std::error::Error;
use std::ffi::{CString, c_char};
use std::io::{self, Write};
use std::ptr;
use std::thread;
use std::time::Duration;

// ANCHOR: fork_exec
/// Forks; the child replaces itself with `/bin/sh -c script`. Returns the child's PID to the parent.
fn spawn_shell(script: &str) -> Result<Pid, Box<dyn Error>> {
    // Everything the child needs is built before `fork`: between `fork` and `exec` the child may
    // only make async-signal-safe calls, and allocating memory is not one of them.
    let program = CString::new("/bin/sh")?;
    let args = [
        CString::new("sh")?,
        CString::new("-c")?,
        CString::new(script)?,
    ];
    let mut argv: Vec<*const c_char> = args.iter().map(|arg| arg.as_ptr()).collect();
    argv.push(ptr::null());
    // Anything still buffered would be copied into the child and printed twice.
    io::stdout().flush()?;
    // SAFETY: the child calls only `execv`, `write` and `_exit`, which are async-signal-safe, and
    // reads only memory prepared above, so it is correct even if other threads existed.
    match unsafe { fork() }? {
        ForkResult::Parent { child } => Ok(child),
        ForkResult::Child => unsafe {
            // On success, execv does not return: this process now runs `sh`.
            libc::execv(program.as_ptr(), argv.as_ptr());
            let message = b"exec failed\n";
            libc::write(libc::STDERR_FILENO, message.as_ptr().cast(), message.len());
            // `_exit`, not `exit` or a return from main: those are not async-signal-safe, since
            // they run the exit handlers inherited from the parent and take C library locks.
            libc::_exit(127)
        },
    }
}
// ANCHOR_END: fork_exec

fn describe(status: WaitStatus) -> String {
    match status {
        WaitStatus::Exited(pid, code) => format!("pid {pid} exited with status {code}"),
        WaitStatus::Signaled(pid, signal, _) => format!("pid {pid} was killed by {signal}"),
        other => format!("{other:?}"),
    }
}

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
