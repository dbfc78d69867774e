//! Listing 1.2.6-5: a panic stays inside its thread, but an abort or a stack overflow in any
//! thread ends the whole process. Running the risky job in a child process contains it.
use std::env;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;

// ANCHOR: jobs
/// Jobs that fail in different ways; the child process runs one of them by name.
fn run_job(name: &str) {
    match name {
        "panic" => panic!("bad input in record 42"),
        "abort" => std::process::abort(),
        "overflow" => {
            fn recurse(depth: u64) -> u64 {
                if depth == u64::MAX {
                    return 0; // never reached: the stack runs out long before
                }
                let frame = [depth; 64];
                std::hint::black_box(&frame);
                recurse(depth + 1) + frame[0]
            }
            recurse(0);
        }
        _ => println!("job {name} finished"),
    }
}
// ANCHOR_END: jobs

/// Runs the job in a thread of a child process (this same program, started again with
/// `--child`), and reports how the child ended. The parent shares nothing with it but a pipe.
fn in_child_process(job: &str) -> io::Result<String> {
    let output = Command::new(env::current_exe()?)
        .args(["--child", job])
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The runtime's own lines name the thread and its id; keep the message that follows.
    let last_words = stderr
        .lines()
        .find(|line| {
            !line.is_empty() && !line.starts_with("thread '") && !line.starts_with("note:")
        })
        .unwrap_or("");
    Ok(format!(
        "{}; it said: {last_words:?}",
        describe(output.status)
    ))
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("child exited with status {code}"),
        (None, Some(6)) => "child killed by signal 6 (SIGABRT)".to_owned(),
        (None, Some(signal)) => format!("child killed by signal {signal}"),
        (None, None) => "child ended in an unknown way".to_owned(),
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = env::args().collect();
    if let [_, flag, job] = args.as_slice()
        && flag == "--child"
    {
        // In the child: run the job on a worker thread, as a server would.
        let worker = thread::Builder::new().name("worker".into()).spawn({
            let job = job.clone();
            move || run_job(&job)
        })?;
        let outcome = worker.join();
        println!("child's main thread survived: {}", outcome.is_ok());
        std::process::exit(if outcome.is_ok() { 0 } else { 101 });
    }

    // In this process, a panic is caught at the thread boundary.
    std::panic::set_hook(Box::new(|_| {})); // keep the demo's output quiet
    let joined = thread::spawn(|| run_job("panic")).join();
    let message = joined
        .err()
        .and_then(|payload| payload.downcast_ref::<&str>().map(|s| s.to_string()));
    println!("thread that panicked: join returned Err({message:?}); this process goes on");
    let _ = std::panic::take_hook();

    for job in ["ok", "panic", "abort", "overflow"] {
        println!("{job:>8} in a child process: {}", in_child_process(job)?);
    }
    println!("parent still running after four jobs");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_exits_and_signals() {
        assert_eq!(
            describe(ExitStatus::from_raw(3 << 8)),
            "child exited with status 3"
        );
        assert_eq!(
            describe(ExitStatus::from_raw(6)),
            "child killed by signal 6 (SIGABRT)"
        );
        assert_eq!(
            describe(ExitStatus::from_raw(9)),
            "child killed by signal 9"
        );
    }
}
