use crate::Failure;
use std::any::Any;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::thread;

// ANCHOR: solution
pub fn in_thread<T, F>(job: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    thread::spawn(job)
        .join()
        .map_err(|payload| Failure::Panicked(panic_message(payload.as_ref())))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&'static str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

pub fn in_process(command: &mut Command) -> io::Result<Result<Vec<u8>, Failure>> {
    // `output` waits for the child and reads stdout and stderr together, so a chatty child
    // cannot fill one pipe and block while we wait on the other. It also gives the child an
    // empty stdin unless told otherwise, but `spawn` would let it inherit ours: saying
    // `Stdio::null()` keeps the promise whichever of the two the code uses later.
    let output = command.stdin(Stdio::null()).output()?;
    let status = output.status;
    Ok(match (status.code(), status.signal()) {
        (Some(0), _) => Ok(output.stdout),
        (Some(code), _) => Err(Failure::Exited(code)),
        (None, Some(signal)) => Err(Failure::Signaled(signal)),
        (None, None) => Err(Failure::Exited(-1)), // not reachable on Unix
    })
}
// ANCHOR_END: solution
