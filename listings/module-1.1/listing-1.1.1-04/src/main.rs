//! Listing 1.1.1-4: measures how long it takes to start something and wait for it to finish:
//! a thread, a process running `true`, a shell that runs its own built-in `true`, and a shell
//! that runs the program `/bin/true`.
use std::io;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Each measurement is repeated this many times and the median is kept, so one slow run
/// (another program taking the CPU, say) does not decide the result.
const ROUNDS: usize = 200;

// ANCHOR: measure
/// Runs `start_and_wait` `ROUNDS` times and returns the median duration.
fn median_of(mut start_and_wait: impl FnMut() -> io::Result<()>) -> io::Result<Duration> {
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        start_and_wait()?;
        samples.push(started.elapsed());
    }
    samples.sort_unstable();
    Ok(samples[ROUNDS / 2])
}
// ANCHOR_END: measure

fn run(command: &mut Command) -> io::Result<()> {
    let status = command.stdin(Stdio::null()).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("{command:?} failed: {status}")))
    }
}

fn main() -> io::Result<()> {
    let thread = median_of(|| {
        thread::spawn(|| ())
            .join()
            .map_err(|_| io::Error::other("thread panicked"))
    })?;
    let process = median_of(|| run(&mut Command::new("true")))?;
    // `true` is built into the shell: one process, one `exec` (of the shell itself).
    let shell_builtin = median_of(|| run(Command::new("sh").args(["-c", "true"])))?;
    // A path is never a built-in: the shell starts a second process and `exec`s `/bin/true` in it.
    let shell_program = median_of(|| run(Command::new("sh").args(["-c", "/bin/true"])))?;

    println!("median of {ROUNDS} rounds, start and wait for:");
    for (what, took) in [
        ("a thread", thread),
        ("a process (true)", process),
        ("sh -c true (built-in)", shell_builtin),
        ("sh -c /bin/true", shell_program),
    ] {
        let ratio = took.as_secs_f64() / thread.as_secs_f64();
        println!(
            "  {what:<22} {:>8.1} µs  ({ratio:>5.1}x a thread)",
            micros(took)
        );
    }
    Ok(())
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
