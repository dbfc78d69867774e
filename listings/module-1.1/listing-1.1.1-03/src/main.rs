//! Builds the pipeline `seq 1 100000 | grep 7 | wc -l` the way a shell does: three processes,
//! each one's standard output connected to the next one's standard input by a pipe.
use std::io;
use std::process::{Command, ExitStatus, Stdio};

fn check(name: &str, status: ExitStatus) -> io::Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("{name} failed: {status}")))
    }
}

// ANCHOR: main
fn main() -> io::Result<()> {
    let mut seq = Command::new("seq")
        .args(["1", "100000"])
        .stdout(Stdio::piped())
        .spawn()?;
    // Hand seq's reading end to grep as its stdin. The parent keeps no copy of it, so when
    // seq exits, grep sees end of file.
    let seq_out = seq.stdout.take().expect("stdout was set to piped");
    let mut grep = Command::new("grep")
        .arg("7")
        .stdin(Stdio::from(seq_out))
        .stdout(Stdio::piped())
        .spawn()?;
    let grep_out = grep.stdout.take().expect("stdout was set to piped");
    // `output` starts wc, reads everything it prints, and waits for it.
    let wc = Command::new("wc")
        .arg("-l")
        .stdin(Stdio::from(grep_out))
        .output()?;

    check("seq", seq.wait()?)?;
    check("grep", grep.wait()?)?;
    check("wc", wc.status)?;
    let count = String::from_utf8_lossy(&wc.stdout);
    println!(
        "numbers from 1 to 100000 that contain a 7: {}",
        count.trim()
    );
    println!(
        "bytes the parent read from the pipeline: {}",
        wc.stdout.len()
    );
    Ok(())
}
// ANCHOR_END: main
