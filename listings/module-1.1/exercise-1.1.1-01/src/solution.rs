use crate::Outcome;
use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

/// How often to ask the kernel whether the child has ended. Short enough that the caller hears
/// about the exit promptly, long enough that polling costs nothing measurable.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

// ANCHOR: solution
pub fn run_with_timeout(command: &mut Command, timeout: Duration) -> io::Result<Outcome> {
    // The child leads a new process group, and everything it starts joins that group unless it
    // asks otherwise, so one signal to the group reaches the whole tree.
    command.process_group(0);
    let mut child = command.spawn()?;
    let group =
        Pid::from_raw(i32::try_from(child.id()).map_err(|_| io::Error::other("PID out of range"))?);
    let deadline = Instant::now() + timeout;
    loop {
        // `try_wait` reaps the child if it has ended, and returns at once if it has not.
        if let Some(status) = child.try_wait()? {
            return Ok(outcome(status));
        }
        let now = Instant::now();
        if now >= deadline {
            // SIGKILL cannot be caught or ignored. The group ID is the child's PID, which stays
            // taken until `wait` below reaps the child, so the signal cannot hit a stranger.
            match killpg(group, Signal::SIGKILL) {
                // ESRCH: the group is already gone, which is what we wanted.
                Ok(()) | Err(Errno::ESRCH) => {}
                Err(error) => return Err(error.into()),
            }
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
