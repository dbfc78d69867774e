//! Black-box test of the `kv` binary: a signal from outside starts the same graceful shutdown
//! that the token does in `tests/server.rs`.
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

/// Kills the server if a test fails before it has exited, so no process outlives the test.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    fn wait_with_deadline(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.0.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "kv did not exit within {WAIT:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn ends_gracefully_on(signal: Signal) {
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_kv"))
            .arg("127.0.0.1:0")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start kv"),
    );
    let mut stdout = BufReader::new(server.0.stdout.take().expect("piped stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read the first line");
    // The handlers are installed before this line is printed, so the signal cannot come early.
    let addr = first
        .trim()
        .strip_prefix("kv listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();

    let mut client = TcpStream::connect(&addr).expect("connect");
    client.set_read_timeout(Some(WAIT)).expect("read timeout");
    client.write_all(b"SET colour blue\n").expect("send");
    let mut reader = BufReader::new(client.try_clone().expect("clone"));
    let mut reply = String::new();
    reader.read_line(&mut reply).expect("reply");
    assert_eq!(reply, "OK\n");

    let pid = Pid::from_raw(i32::try_from(server.0.id()).expect("pid fits in i32"));
    kill(pid, signal).expect("send the signal");

    // The open connection is told and closed: drained, not cut.
    let mut rest = String::new();
    reader
        .read_to_string(&mut rest)
        .expect("read to end of file");
    assert_eq!(rest, "ERR shutting down\n");

    let status = server.wait_with_deadline();
    assert_eq!(status.code(), Some(0), "{signal}: exit status {status}");
    let mut output = String::new();
    stdout
        .read_to_string(&mut output)
        .expect("the rest of stdout");
    assert!(
        output.contains(&format!("kv: {signal} received, shutting down")),
        "{output}"
    );
    assert!(
        output.contains("kv stopped: Report { accepted: 1, failed: 0, abandoned: 0 }"),
        "{output}"
    );
    assert!(
        TcpStream::connect(&addr).is_err(),
        "nothing listens after exit"
    );
}

#[test]
fn sigterm_drains_connections_and_exits_with_status_0() {
    ends_gracefully_on(Signal::SIGTERM);
}

#[test]
fn sigint_does_the_same() {
    ends_gracefully_on(Signal::SIGINT);
}
