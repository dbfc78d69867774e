use crate::Outcome;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

/// How often to ask the kernel whether the child has ended. Short enough that the caller hears
/// about the exit promptly, long enough that polling costs nothing measurable.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

// ANCHOR: solution
pub fn run_with_timeout(command: &mut Command, timeout: Duration) -> io::Result<Outcome> {
    let mut child = command.spawn()?;
    let deadline = Instant::now() + timeout;
    loop {
        // `try_wait` reaps the child if it has ended, and returns at once if it has not.
        if let Some(status) = child.try_wait()? {
            return Ok(outcome(status));
        }
        let now = Instant::now();
        if now >= deadline {
            // SIGKILL cannot be caught or ignored, so the child will end; `wait` then reaps it.
            child.kill()?;
            child.wait()?;
            return Ok(Outcome::TimedOut);
        }
        thread::sleep(POLL_INTERVAL.min(deadline - now));
    }
}

fn outcome(status: ExitStatus) -> Outcome {
    match (status.code(), status.signal()) {
        (Some(code), _) => Outcome::Exited(code),
        (None, Some(signal)) => Outcome::Signaled(signal),
        // Unix reports one or the other; keep the compiler and any odd platform honest.
        (None, None) => Outcome::Exited(-1),
    }
}
// ANCHOR_END: solution
