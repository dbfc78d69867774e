//! Listing 1.2.6-1: the median cost of starting something and waiting for it to end: a thread,
//! a forked copy of this process, and a new program started with `posix_spawn` or `Command`.
use std::ffi::CString;
use std::io;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

const ROUNDS: usize = 300;

/// A way of starting something and waiting for it to end.
type StartAndWait<'a> = Box<dyn FnMut() -> io::Result<()> + 'a>;

// ANCHOR: fork
/// Forks a copy of this process that exits at once, and waits for it.
fn fork_and_wait() -> io::Result<()> {
    // SAFETY: this program has no other threads when it forks (every measured thread has been
    // joined), and the child only calls `_exit`, which is async-signal-safe.
    let pid = unsafe { libc::fork() };
    match pid {
        -1 => Err(io::Error::last_os_error()),
        0 => unsafe { libc::_exit(0) },
        child => wait_for(child),
    }
}
// ANCHOR_END: fork

/// Starts `/bin/true` with `posix_spawn`, which on Linux uses `clone(CLONE_VM | CLONE_VFORK)`:
/// the child borrows the parent's memory until it calls `exec`, so no page tables are copied.
fn posix_spawn_true(program: &CString) -> io::Result<()> {
    let argv = [program.as_ptr(), std::ptr::null()];
    let envp: [*const libc::c_char; 1] = [std::ptr::null()];
    let mut pid: libc::pid_t = 0;
    // SAFETY: `program`, `argv` and `envp` are valid, NUL-terminated and outlive the call.
    let rc = unsafe {
        libc::posix_spawn(
            &mut pid,
            program.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            argv.as_ptr().cast(),
            envp.as_ptr().cast(),
        )
    };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    wait_for(pid)
}

fn wait_for(pid: libc::pid_t) -> io::Result<()> {
    let mut status = 0;
    // SAFETY: `pid` is our own child and `status` is a valid place to write to.
    if unsafe { libc::waitpid(pid, &mut status, 0) } == -1 {
        return Err(io::Error::last_os_error());
    }
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "child ended with status {status:#x}"
        )))
    }
}

fn command_true() -> io::Result<()> {
    let status = Command::new("/bin/true").status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("/bin/true ended with {status}")))
    }
}

fn thread_spawn_join() -> io::Result<()> {
    thread::spawn(|| ())
        .join()
        .map_err(|_| io::Error::other("thread panicked"))
}

/// Runs `start_and_wait` `ROUNDS` times (after a few warm-up rounds) and returns the median.
fn median_of(mut start_and_wait: impl FnMut() -> io::Result<()>) -> io::Result<Duration> {
    for _ in 0..10 {
        start_and_wait()?;
    }
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        start_and_wait()?;
        samples.push(started.elapsed());
    }
    samples.sort_unstable();
    Ok(samples[ROUNDS / 2])
}

// ANCHOR: main
fn main() -> io::Result<()> {
    let true_program = CString::new("/bin/true").map_err(io::Error::other)?;
    let cases: [(&str, StartAndWait); 4] = [
        ("thread: spawn + join", Box::new(thread_spawn_join)),
        ("process: fork + wait", Box::new(fork_and_wait)),
        (
            "program: posix_spawn /bin/true",
            Box::new(|| posix_spawn_true(&true_program)),
        ),
        ("program: Command /bin/true", Box::new(command_true)),
    ];
    println!("median of {ROUNDS} rounds, start and wait for:");
    let mut thread_cost = None;
    for (name, mut case) in cases {
        let median = median_of(&mut case)?;
        let base = *thread_cost.get_or_insert(median);
        let ratio = median.as_secs_f64() / base.as_secs_f64();
        println!(
            "  {name:<32} {:>8.1} µs  ({ratio:>5.1}x a thread)",
            micros(median)
        );
    }
    Ok(())
}
// ANCHOR_END: main

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_starting_succeeds() {
        let program = CString::new("/bin/true").unwrap();
        thread_spawn_join().unwrap();
        fork_and_wait().unwrap();
        posix_spawn_true(&program).unwrap();
        command_true().unwrap();
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let program = CString::new("/no/such/program").unwrap();
        assert!(posix_spawn_true(&program).is_err());
    }
}
